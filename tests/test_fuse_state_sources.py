"""Who speaks for whom and of what: organs of one state are one source (a government's
president, forces and capital repeat one line; an opposition group of that country is no
organ of its state), and a blame is about the act it names."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.fuse.independence import official_state
from newsfuse.model import Claim, Document, Story

pytestmark = pytest.mark.slow


def picture(texts: dict[str, tuple[str, str]]):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=dt.date(2023, 6, 6))
            for i, (outlet, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "dam", list(docs)), docs, analyses)


def occurrence_of(pic, word: str):
    return next(f for f in pic.facts if f.aspect == "occurrence" and word in f.statement.lower())


def test_one_governments_organs_count_once():
    pic = picture({
        "a": ("Harbour Gazette", "The Kakhovka dam was destroyed overnight, Ukraine's military said."),
        "b": ("Black Sea Monitor", "The Kakhovka dam was destroyed overnight, President Volodymyr Zelensky said."),
        "c": ("Continental Post", "Kyiv said the Kakhovka dam was destroyed overnight."),
    })
    assert occurrence_of(pic, "destroyed").independent_sources == 1


def test_two_governments_are_two_sources():
    pic = picture({
        "a": ("Harbour Gazette", "The Kakhovka dam was destroyed overnight, Ukraine's military said."),
        "b": ("Continental Post", "The Kakhovka dam was destroyed overnight, Moscow said."),
    })
    assert occurrence_of(pic, "destroyed").independent_sources == 2


def _claim(source: str, entity: str | None = None, kind: str = "group") -> Claim:
    return Claim(id="d:c1", document="d", sentence=0, text="x", start=0, end=1, attribution=source,
                 attribution_entity=entity, attribution_kind=kind)


def test_which_sources_are_organs_of_a_state():
    assert official_state(_claim("Kyiv", "gpe:kyiv", "entity")) == "ukraine"  # a capital speaks for it
    assert official_state(_claim("Moscow", "gpe:moscow", "entity")) == "russia"
    assert official_state(_claim("Kharkiv", "gpe:kharkiv", "entity")) is None  # another city does not
    assert official_state(_claim("Turkish officials")) == "turkey"
    assert official_state(_claim("Russian-installed officials in the occupied part of the Kherson region")) == "russia"
    assert official_state(_claim("Syrian rebels", "org:syrian-opposition")) is None  # no organ of Syria's state
    assert official_state(_claim("Chesapeake police")) is None


def test_a_reciprocal_blame_is_about_the_act_it_names_not_the_last_one_told():
    pic = picture({"a": ("Meridian Wire", "Floodwater covered Kherson on Wednesday. Russian-installed officials on "
                                          "the occupied left bank reported deaths in flooded towns. Kyiv and Moscow "
                                          "continue to blame each other for the breach.")})
    blame = next(f for f in pic.facts if "blame each other" in f.statement)
    assert not any("reported deaths" in c.text for c in pic.claims if c.id in blame.claims)


def test_state_media_and_ministries_named_by_their_capital_are_organs():
    assert official_state(_claim("Russian state news agencies")) == "russia"
    assert official_state(_claim("Syrian state media")) == "syria"
    assert official_state(_claim("the health ministry in Damascus")) == "syria"
    assert official_state(_claim("officials in Kyiv")) == "ukraine"
    assert official_state(_claim("Turkish media")) is None  # the press of a country is not its state
    assert official_state(_claim("Police in Chesapeake")) is None
    assert official_state(_claim("—")) is None  # a source of no words
