"""Acts on things of different kinds are different events: a quake's damaged church and
its damaged roads are two facts, not one corroborated damage; what a bridge did in 1977
is not what its story reports now."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.fuse.events import other_things
from newsfuse.model import Document, Proposition, Story


def picture(texts: dict[str, tuple[str, str]], published: dt.date):
    """The fused picture of one story of short reports ({id: (outlet, text)})."""
    docs = {i: Document(i, f"{i}.txt", t, outlet=o, published=published) for i, (o, t) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "story", list(docs)), docs, analyses)


def _on(noun: str, key: str | None = None) -> Proposition:
    return Proposition(text=f"the {noun} was damaged", lemma="damage", frame="destroy", patient=noun, patient_key=key)


@pytest.mark.parametrize("a, b, apart", [
    ("church", "road", True), ("bridge", "road", True), ("hospital", "truck", True),
    ("dam", "plant", False), ("building", "mosque", False), ("ship", "vessel", False),
    ("road", "road", False), ("church", "victim", False),  # a person is no thing: left to the weights
    ("search", "traffic", False)])  # act nouns are left to the weights (see other_things)
def test_things_of_different_kinds(a, b, apart):
    assert other_things(_on(a), _on(b)) is apart


def test_one_named_thing_under_two_nouns_is_not_kept_apart():
    assert not other_things(_on("bridge", "fac:key-bridge"), _on("road", "fac:key-bridge"))


@pytest.mark.slow
def test_a_damaged_church_and_damaged_roads_are_two_facts():
    texts = {"a": ("Levant Daily", "Officials said roads into the province had been badly damaged."),
             "b": ("Overland Times", "Residents said the city's Greek Orthodox church had been badly damaged.")}
    pic = picture(texts, dt.date(2023, 2, 7))
    damage = [f for f in pic.facts if f.aspect == "occurrence" and "damaged" in f.statement]
    assert len(damage) == 2 and all(f.independent_sources == 1 for f in damage)


@pytest.mark.slow
def test_history_told_as_background_is_no_event_of_the_story():
    texts = {"a": ("Chesapeake Tribune", "The National Transportation Safety Board has opened an investigation."),
             "b": ("Midland Commerce", "The bridge, which carries Interstate 695 across the harbour, opened in 1977.")}
    pic = picture(texts, dt.date(2024, 3, 26))
    probe = next(f for f in pic.facts if "investigation" in f.statement)
    assert probe.documents == ["a"]
