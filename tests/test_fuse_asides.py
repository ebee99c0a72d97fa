"""A non-restrictive relative clause inside a quoted statement ("Biden has said the
government will pay for rebuilding the bridge, which opened in 1977") is the writer's
description: what it tells is the outlet's, not the quoted speaker's."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.analyze.nlp import load_nlp
from newsfuse.analyze.propositions import read_propositions
from newsfuse.fuse import fuse_story
from newsfuse.model import Claim, Document, Story

pytestmark = pytest.mark.slow


def told(text: str):
    doc = load_nlp()(text)
    claim = Claim("d:c0", "d", 0, text, 0, len(text), "outlet")
    return [p for p in read_propositions(doc[:], claim, [], [], [], set_somewhere=True) if p.secondary]


@pytest.mark.parametrize("text, aside", [
    ("Biden said the government would pay for rebuilding the bridge, which opened in 1977.", True),
    ("Biden said the government would pay for rebuilding the bridge, which opened in 1977 and carried "
     "Interstate 695 around the city.", True),
    ("Police said the man who shot two people on Sunday was arrested.", False)])
def test_non_restrictive_relative_clauses_are_asides(text, aside):
    props = told(text)
    assert props and all(p.aside is aside for p in props)


def test_what_an_aside_tells_is_the_outlets_not_the_quoted_speakers():
    texts = {"a": ("Chesapeake Tribune", "The bridge, which carries Interstate 695 across the mouth of the harbour, "
                                         "opened in 1977 and is used by tens of thousands of vehicles a day."),
             "b": ("Midland Commerce Review", "BALTIMORE — President Joe Biden has said the federal government intends to pay the "
                                              "full cost of rebuilding the bridge, which opened in 1977 and carried "
                                              "Interstate 695 around the city.")}
    docs = {i: Document(i, f"{i}.txt", t, outlet=o, published=dt.date(2024, 3, 27)) for i, (o, t) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    pic = fuse_story(Story("s1", "bridge", list(docs)), docs, analyses)
    opened = next(f for f in pic.facts if f.aspect == "occurrence" and "1977" in f.statement)
    assert sorted(opened.documents) == ["a", "b"] and opened.independent_sources == 2
    assert all(not s.cited_source or "Biden" not in s.cited_source for s in opened.sources)
    pays = next(f for f in pic.facts if "rebuilding" in f.statement)
    assert any(s.cited_source and "Biden" in s.cited_source for s in pays.sources)
