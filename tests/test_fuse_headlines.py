"""A report's headline names the event its body tells, on real analysis: the occurrence
fact lists the report (``Fact.headlines``), but a headline is never a claim or a
source, so it makes no fact of its own and no fact corroborated."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.fuse.headlines import headline_words
from newsfuse.model import Document, Story

pytestmark = pytest.mark.slow


def picture(texts: dict[str, tuple[str, str, str]]):
    docs = {i: Document(i, f"{i}.txt", body, title=title, outlet=outlet, published=dt.date(2024, 3, 26))
            for i, (outlet, title, body) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "bridge", list(docs)), docs, analyses)


def test_headline_words_are_brought_to_their_base():
    words = headline_words("Baltimore bridge collapses after ship strikes it")
    assert {"collapse", "strike", "baltimore", "bridge"} <= words
    assert "after" not in words


def test_a_headline_names_its_reports_event_without_becoming_a_source():
    pic = picture({
        "a": ("wbal", "Key Bridge collapses after cargo ship strikes it",
              "The Francis Scott Key Bridge in Baltimore collapsed early Tuesday after a cargo ship struck "
              "one of its supports. Police stopped traffic onto the bridge."),
        "b": ("sun", "Ship hits Baltimore bridge",
              "Rescuers searched the Patapsco River on Tuesday for six workers. The governor declared a "
              "state of emergency."),
    })
    collapse = next(f for f in pic.facts if f.aspect == "occurrence" and "collapsed" in f.statement)
    assert "a" in collapse.headlines
    # b's headline names a strike its body never tells: it names nothing, and the
    # collapse stays what a's body alone says.
    assert "b" not in collapse.headlines
    assert collapse.documents == ["a"] and collapse.status == "single-source"
    assert not any(f.statement.startswith("Ship hits") for f in pic.facts)
