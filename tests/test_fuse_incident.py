"""The main incident read over all its tellings, on real analysis of short local reports:
a report's dateline and its police's town set where it happened, so a report that puts
the incident a continent away is a contradiction, and reports that agree are not."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.model import Document, Story

pytestmark = pytest.mark.slow

LUBBOCK = ("Lubbock police say six people were slightly hurt after being shot during a robbery on Sunday "
           "as they walked along a street. Officers said the gunmen fled in a white car.")


def picture(texts: dict[str, tuple[str, str]]):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=dt.date(2016, 9, 19))
            for i, (outlet, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "robbery", list(docs)), docs, analyses)


def test_a_report_set_in_another_city_contradicts_the_place():
    pic = picture({"a": ("kcbd.com", LUBBOCK),
                   "b": ("kgns.tv", "ANCHORAGE — Police are searching for gunmen in a robbery on Sunday that left "
                                    "six people injured, Anchorage police said.")})
    places = [c for c in pic.contradictions if c.aspect == "place"]
    assert places and {s.value.lower() for s in places[0].sides} >= {"lubbock", "anchorage"}


def test_reports_set_in_one_city_agree():
    pic = picture({"a": ("kcbd.com", LUBBOCK),
                   "b": ("kgns.tv", "LUBBOCK — Police are searching for gunmen in a robbery on Sunday that left "
                                    "six people injured, Lubbock police said.")})
    assert not [c for c in pic.contradictions if c.aspect in ("place", "date")]
    assert not [c for c in pic.contradictions if c.aspect == "injured"]


def test_a_quake_measured_differently_is_a_contested_magnitude():
    pic = picture({"a": ("ledger", "A magnitude 7.8 earthquake struck southern Turkey on Monday, the USGS said."),
                   "b": ("daily", "The disaster agency AFAD measured the earthquake that struck southern Turkey "
                                  "on Monday at 7.7.")})
    issue = next(c for c in pic.contradictions if c.aspect == "magnitude")
    assert {s.value for s in issue.sides} == {"7.8", "7.7"}
