"""Acts on things of different kinds are different events: a quake's damaged church and
its damaged roads are two facts, not one corroborated damage (and "heavy damage" told
without its object is neither); a suspended search and suspended ship traffic are two
happenings; what a bridge did in 1977 is not what its story reports now."""
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


@pytest.mark.slow
def test_a_damage_told_without_its_object_is_none_of_the_damaged_things():
    """Told without its object, an act the story tells of things of different kinds (a
    church, roads) corroborates neither; told in a story of one damaged thing it does."""
    quake = "A powerful earthquake struck southern Turkey and northern Syria on Monday. "
    texts = {"a": ("Overland Times", quake + "Residents said the city's Greek Orthodox church had been badly damaged."),
             "b": ("Levant Daily", quake + "Officials said roads into the province had been badly damaged."),
             "c": ("Meridian Wire", quake + "Syria's health ministry reported heavy damage in government-held and "
                                            "rebel-held areas.")}
    pic = picture(texts, dt.date(2023, 2, 7))
    church = next(f for f in pic.facts if f.aspect == "occurrence" and "church" in f.statement)
    assert church.documents == ["a"] and church.independent_sources == 1


@pytest.mark.parametrize("a, b, apart", [
    ("search", "traffic", True),  # the Coast Guard's search and the port's ship traffic
    ("search", "search", False), ("traffic", "traffic", False),
    ("search", "car", False)])  # a thing stopped is left to the weights
def test_phases_of_different_happenings(a, b, apart):
    from newsfuse.fuse.events import other_phases

    def stop(noun: str) -> Proposition:
        return Proposition(text=f"the {noun} was suspended", lemma="suspend", frame="stop", patient=noun)
    assert other_phases(stop(a), stop(b)) is apart
    # not for verbs that are no phase of another happening
    assert not other_phases(_on(a), _on(b))


@pytest.mark.slow
def test_a_suspended_search_and_suspended_ship_traffic_are_two_facts():
    crash = "A container ship struck the Francis Scott Key Bridge in Baltimore early on Tuesday. "
    texts = {"a": ("Chesapeake Tribune", crash + "Ship traffic into and out of the port was suspended until further notice."),
             "b": ("Midland Commerce Review", crash + "Vessel traffic in and out of the Port of Baltimore has been "
                                                     "suspended since the ship struck the bridge."),
             "c": ("Atlantic Evening Star", crash + "The Coast Guard suspended its search on Tuesday evening for six "
                                                   "people missing after the collapse.")}
    pic = picture(texts, dt.date(2024, 3, 27))
    port = next(f for f in pic.facts if f.aspect == "occurrence" and "traffic" in f.statement)
    assert sorted(port.documents) == ["a", "b"] and port.independent_sources == 2
