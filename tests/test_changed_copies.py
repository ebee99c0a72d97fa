"""Days and places read where local reports tell them indirectly, so that a report
changed to give another day or town contradicts the reports it no longer agrees with
(benchmarks/bench_contradictions.py), and unchanged reports that agree stay quiet."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_document, analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.model import Document, Story

pytestmark = pytest.mark.slow

DAY = dt.date(2016, 3, 24)  # a Thursday: "Monday" is 2016-03-21, "Sunday" 2016-03-20


def propositions(text: str):
    a = analyze_document(Document("d000000000001", "x.txt", text, outlet="example.com", published=DAY))
    return [p for c in a.claims for p in c.propositions], {p.key: p.name for p in a.places}


def test_a_day_after_the_last_of_coordinated_acts_dates_them_all():
    props, _ = propositions("A Michigan man shot to death one person and injured two others Monday at the "
                            "accounting firm from which he was fired last week, police said.")
    by_lemma = {p.lemma: p.days for p in props if not p.secondary}
    assert by_lemma["shoot"] == ["2016-03-21"] and by_lemma["injure"] == ["2016-03-21"]


def test_a_later_death_day_does_not_date_the_act():
    props, _ = propositions("A man shot his wife and turned himself in to police Monday.")
    assert next(p for p in props if p.lemma == "shoot").days == []


def test_an_appeal_for_information_still_tells_the_shooting_it_asks_about():
    props, places = propositions("Dallas police are asking for the public's help after a 19-year-old man was "
                                 "fatally shot in northeast Dallas early Sunday morning.")
    appeal = next(p for p in props if not p.secondary)
    shot = next(p for p in props if p.secondary and p.lemma == "shoot")
    assert not appeal.checkable
    assert shot.checkable and shot.days == ["2016-03-20"] and [places[k] for k in shot.places] == ["Dallas"]


def test_a_wound_suffered_on_a_day_is_dealt_that_day():
    props, _ = propositions("A 7-year-old boy has died after he suffered a self-inflicted gunshot wound "
                            "Sunday in the city's Englewood neighborhood.")
    assert next(p for p in props if p.lemma == "wound").days == ["2016-03-20"]


def test_gunfire_that_erupted_is_a_shooting_with_its_day_and_place():
    props, places = propositions("Investigators are trying to figure out who is responsible for gunfire that "
                                 "erupted in a northwest Atlanta neighborhood Sunday, sending five men to the hospital.")
    gunfire = next(p for p in props if p.lemma == "gunfire")
    assert gunfire.frame == "attack" and gunfire.days == ["2016-03-20"]
    assert [places[k] for k in gunfire.places] == ["Atlanta"]


def test_the_collapse_of_a_bridge_in_a_city_happens_there():
    props, places = propositions("The Coast Guard suspended its search on Tuesday evening for six people missing "
                                 "after the collapse of the Francis Scott Key Bridge in Baltimore.")
    collapse = next(p for p in props if p.lemma == "collapse")
    assert "Baltimore" in {places[k] for k in collapse.places}


def test_a_home_town_in_an_of_phrase_is_no_scene():
    props, places = propositions("Police are investigating the death of a man from Dayton.")
    assert all(not p.places for p in props)


def picture(texts: dict[str, tuple[str, str]]):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=DAY) for i, (outlet, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "shooting", list(docs)), docs, analyses)


ATLANTA = ("Five people were injured Sunday afternoon in what neighbors described as a shootout in northwest "
           "Atlanta, police said.")


def test_gunfire_on_another_day_contradicts_the_day():
    pic = picture({"a": ("wsbtv.com", "Investigators are trying to figure out who is responsible for gunfire that "
                                      "erupted in a northwest Atlanta neighborhood Tuesday, sending five men to the "
                                      "hospital."),
                   "b": ("ajc.com", ATLANTA)})
    assert [c for c in pic.contradictions if c.aspect == "date"]


def test_gunfire_on_the_same_day_agrees():
    pic = picture({"a": ("wsbtv.com", "Investigators are trying to figure out who is responsible for gunfire that "
                                      "erupted in a northwest Atlanta neighborhood Sunday, sending five men to the "
                                      "hospital."),
                   "b": ("ajc.com", ATLANTA)})
    assert not [c for c in pic.contradictions if c.aspect in ("date", "place")]


def killed(text: str):
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.propositions import read_counts

    return [(c.low, c.high) for c in read_counts(list(load_nlp()(text))) if c.role == "killed"]


@pytest.mark.parametrize("text, expected", [
    ("Capt. Reda Bigler with the Phoenix Fire Department confirmed three people died at the scene.", [(3, None)]),
    ("Two people were pronounced dead at the scene.", [(2, None)]),
    ("Five people are dead after a shooting at a Phoenix home.", [(5, 5)]),
    ("Two men were killed in the shooting at the hospital.", [(2, 2)]),  # the shooting's place, not where they died
])
def test_the_dead_of_one_place_are_at_least_that_many(text, expected):
    assert killed(text) == expected


def test_the_dead_at_the_scene_are_part_of_all_the_dead():
    pic = picture({"a": ("cbs5az.com", "Five people are dead after a shooting and two fires at a Phoenix home "
                                       "Tuesday morning."),
                   "b": ("azfamily.com", "Capt. Reda Bigler with the Phoenix Fire Department confirmed three "
                                         "people died at the scene after a shooting at a Phoenix home Tuesday.")})
    assert not [c for c in pic.contradictions if c.aspect == "killed"]


def test_more_dead_at_the_scene_than_dead_in_all_is_a_conflict():
    pic = picture({"a": ("cbs5az.com", "Two people are dead after a shooting at a Phoenix home Tuesday morning."),
                   "b": ("azfamily.com", "Fire officials confirmed six people died at the scene after a shooting at "
                                         "a Phoenix home Tuesday.")})
    assert [c for c in pic.contradictions if c.aspect == "killed"]


@pytest.mark.parametrize("text", [
    "The suspect fired one shot into Niheen Donigan's head on the corner of 109th Avenue.",
    "Police said five shots were fired.",
])
def test_rounds_fired_are_no_people_shot(text):
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.propositions import read_counts

    assert read_counts(list(load_nlp()(text))) == []


@pytest.mark.parametrize("text, town", [
    ("The shooting happened overnight at an apartment complex near Northwest 10th and Rockwell in Oklahoma City.",
     ["Oklahoma City"]),
    ("A total of 5 people were shot around 8:30 p.m. Monday at the intersection of Fairfield and Hewitt avenues.", []),
    ("Four people were shot in Fairfield and Hamilton on Monday.", ["Fairfield", "Hamilton"]),
])
def test_crossing_streets_are_no_towns(text, town):
    props, places = propositions(text)
    assert [places[k] for p in props if p.lemma == "shoot" or p.lemma == "shooting" for k in p.places] == town


def test_a_man_told_by_his_home_town_is_not_the_town():
    props, _ = propositions("Police say a Salt Lake man shot an 8-year-old boy and then himself Tuesday.")
    assert next(p for p in props if p.lemma == "shoot").agent_key is None
    props, _ = propositions("A Hamas gunman shot two soldiers.")
    assert next(p for p in props if p.lemma == "shoot").agent_key == "org:hamas"


def test_an_event_that_left_people_wounded_is_told_by_leave():
    props, places = propositions("An overnight shooting in west Shreveport left eight people with wounds that "
                                 "required transport to University Health.")
    main = next(p for p in props if not p.secondary)
    assert (main.frame, main.lemma) == ("attack", "shooting") and [places[k] for k in main.places] == ["Shreveport"]
    props, _ = propositions("Russian troops left Kherson on Friday.")
    assert next(p for p in props if not p.secondary).frame == "withdraw"
    # what an event could do is no telling of it: the destruction stays told inside the warning
    props, _ = propositions("Martin Griffiths warned that the destruction of the dam could leave hundreds of "
                            "thousands of people without drinking water.")
    assert not any(p.frame == "destroy" and not p.secondary for p in props)
    assert any(p.frame == "destroy" and p.secondary for p in props)


def test_a_shooting_that_left_one_dead_keeps_its_own_place():
    props, places = propositions("Sheriff's deputies are investigating a shooting in northeast Houston that left "
                                 "one person dead and sent another person to the hospital Thursday night.")
    told = next(p for p in props if p.secondary and p.frame == "attack")
    assert [places[k] for k in told.places] == ["Houston"]


# "Friday's tragic incident": a generic happening noun tells the day of the incident its
# report is about, so a report dating it otherwise disagrees; an indefinite one may be any.
SALT_LAKE = ("An 8-year-old boy was fatally shot Sunday at his home in Salt Lake City, police said. "
             "His father was also wounded.")


def test_a_possessed_incident_tells_the_day_of_the_reported_incident():
    props, _ = propositions("On Wednesday, Salt Lake police identified those involved in Friday's tragic incident "
                            "as 8-year-old Xavier Lucero-Waters, and his father, Moses Waters, 46.")
    incident = next(p for p in props if p.lemma == "incident")
    assert incident.secondary and incident.frame is None and incident.days == ["2016-03-18"]
    assert incident.agent is None  # dated by "Friday's", not done by it


def test_an_indefinite_or_other_incident_tells_nothing():
    for text in ("He was arrested Friday in an incident in Ogden.",
                 "Police said a separate incident Friday in Ogden was not related."):
        props, _ = propositions(text)
        assert not [p for p in props if p.lemma == "incident"]


def test_the_incident_on_another_day_contradicts_the_day():
    pic = picture({"a": ("ksl.com", "On Wednesday, Salt Lake police identified those involved in Friday's tragic "
                                    "incident as 8-year-old Xavier Lucero-Waters, and his father, Moses Waters, 46."),
                   "b": ("fox13now.com", SALT_LAKE)})
    assert [c for c in pic.contradictions if c.aspect == "date"]


def test_the_incident_on_the_same_day_agrees():
    pic = picture({"a": ("ksl.com", "On Wednesday, Salt Lake police identified those involved in Sunday's tragic "
                                    "incident as 8-year-old Xavier Lucero-Waters, and his father, Moses Waters, 46."),
                   "b": ("fox13now.com", SALT_LAKE)})
    assert not [c for c in pic.contradictions if c.aspect in ("date", "place")]


def test_a_name_cut_from_its_suffix_by_a_curly_apostrophe_keeps_its_person_key():
    curly, _ = propositions("Kenneth Bacque’ Jr. shot a man on Friday, police said.")
    plain, _ = propositions("Kenneth Bacque Jr. shot a man on Friday, police said.")
    key = next(p.agent_key for p in plain if p.lemma == "shoot")
    assert key == "person:kenneth-bacque"
    assert next(p.agent_key for p in curly if p.lemma == "shoot") == key
    assert next(p.agent for p in curly if p.lemma == "shoot") == "Kenneth Bacque’ Jr."  # shown as written
