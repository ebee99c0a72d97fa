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


def dated_picture(texts: dict[str, tuple[str, dt.date, str]]):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=day)
            for i, (outlet, day, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "shooting", list(docs)), docs, analyses)


def _main(pic):
    return next(e for e in pic.story_events if e.main)


def test_a_weekday_in_a_later_report_is_the_first_reports_day():
    # The second page is dated eight days later and still says "Sunday": read against its
    # own date that is 2016-09-25, but the one Sunday both can mean is the 18th.
    pic = dated_picture({
        "a": ("kcbd.com", dt.date(2016, 9, 19), LUBBOCK),
        "b": ("kgns.tv", dt.date(2016, 9, 27), "LUBBOCK — Police are still searching for the gunmen who shot six "
                                              "people during a robbery on Sunday, Lubbock police said.")})
    assert not [c for c in pic.contradictions if c.aspect == "date"]
    assert _main(pic).date == dt.date(2016, 9, 18)


def test_two_explicit_days_of_one_shooting_still_contradict():
    pic = dated_picture({
        "a": ("kcbd.com", dt.date(2016, 9, 19), "Six people were shot during a robbery on Sept. 18 in Lubbock, "
                                               "police said."),
        "b": ("kgns.tv", dt.date(2016, 9, 27), "Six people were shot during a robbery on Sept. 4 in Lubbock, "
                                              "police said.")})
    assert [c for c in pic.contradictions if c.aspect == "date"]


def test_a_later_reports_day_is_not_the_incidents():
    # The follow-up's "Thursday" is the day of the arrest; the shooting is the first report's Sunday.
    pic = dated_picture({
        "a": ("kcbd.com", dt.date(2016, 9, 19), LUBBOCK),
        "b": ("kgns.tv", dt.date(2016, 10, 14), "A man was arrested Thursday in the shooting of six people in "
                                               "Lubbock last month. He was shot by officers on Thursday during "
                                               "the arrest, police said.")})
    assert _main(pic).date == dt.date(2016, 9, 18)


def test_a_town_is_read_in_the_state_the_story_names():
    # Alone, "York" is the English city; the other report says "YORK, Pa.", so the story's
    # York is the one in Pennsylvania, and so is the incident's place.
    pic = dated_picture({
        "a": ("local21news.com", dt.date(2016, 8, 6), "A 10-year-old boy was shot during a family dispute at a "
                                                     "York home on Saturday, police said."),
        "b": ("fox43.com", dt.date(2016, 8, 12), "YORK, Pa. - A York man wanted in the shooting of an 11-year-old "
                                                "child was captured by U.S. Marshals.")})
    york = [p for p in pic.places if p.name.lower() == "york"]
    assert york and all(p.country == "US" for p in york)
    assert _main(pic).place == york[0].key


def test_a_far_homonym_of_a_named_state_keeps_its_sense_when_big():
    from newsfuse.fuse.where import story_senses
    from newsfuse.model import DocumentAnalysis, Place

    texas = Place("geonames:4736286", "Texas", lat=31.25, lon=-99.25, country="US", feature="admin1", mentions=2)
    # Portland, Texas exists, but a story in Texas naming "Portland" may well mean Oregon's big city;
    # Portland, Maine (67,000) is a small town here and takes the named state's Portland.
    oregon = Place("geonames:5746545", "Portland", lat=45.52, lon=-122.68, country="US", feature="city", mentions=1)
    maine = Place("geonames:4975802", "Portland", lat=43.66, lon=-70.26, country="US", feature="city", mentions=1)
    assert {p.key for p in story_senses([DocumentAnalysis("a", places=[texas, oregon])])[0].places} \
        == {texas.key, oregon.key}
    assert {p.key for p in story_senses([DocumentAnalysis("a", places=[texas, maine])])[0].places} \
        == {texas.key, "geonames:4720131"}


def test_not_yet_then_done_is_news_but_a_denial_stays_a_dispute():
    """"The bridge has not reopened" in the first report and "the bridge reopened" in a
    later one is an update over time; a party's denial before the report stays a conflict."""
    import datetime as dt
    from newsfuse.fuse.aspects import Aspect, AspectValue, not_yet
    from newsfuse.model import Claim, Document
    docs = {"a": Document(id="a", path="a.txt", text="", published=dt.date(2024, 3, 27)),
            "b": Document(id="b", path="b.txt", text="", published=dt.date(2024, 4, 2))}
    no = Claim("a:c0", "a", 0, "The channel has not reopened to ships.", 0, 10, "a")
    yes = Claim("b:c0", "b", 0, "The channel reopened to ships on Monday.", 0, 10, "b")
    by_id = {no.id: no, yes.id: yes}
    def conflict():
        return Aspect("occurrence", "negation", [AspectValue("happened", [yes.id]),
                                                 AspectValue("did not happen", [no.id])], "conflict")
    news = not_yet(conflict(), by_id, docs)
    assert news.relation == "update" and [v.label for v in news.values] == ["did not happen", "happened"]
    no.certainty = "denied"
    assert not_yet(conflict(), by_id, docs).relation == "conflict"


def test_the_hurt_who_died_since_are_counted_killed_not_injured():
    """Monday: shot, in critical condition (injured); Wednesday: has died. The injured
    figure is the victim's earlier state, shown as a note, not a count of its own."""
    pic = dated_picture({
        "a": ("nbc12.com", dt.date(2016, 3, 14), "A 2-year-old boy is in critical condition after accidentally "
                                                 "shooting himself at a home in Lunenburg County on Monday morning."),
        "b": ("wric.com", dt.date(2016, 3, 16), "The sheriff's office said a 2-year-old boy who accidentally shot "
                                                "himself at a home in Lunenburg County on Monday has died.")})
    aspects = {f.aspect for f in pic.facts}
    assert "killed" in aspects and "injured" not in aspects
    assert any(d.kind == "update" and "injured" in d.explanation for d in pic.discrepancies)
    assert not [c for c in pic.contradictions if c.aspect in ("killed", "injured")]


def test_the_injured_and_the_killed_of_one_report_are_both_counts():
    pic = dated_picture({
        "a": ("kcbd.com", dt.date(2016, 3, 14), "One man was killed and a woman was wounded in a shooting on "
                                                "Main Street in Lubbock on Sunday, police said."),
        "b": ("kgns.tv", dt.date(2016, 3, 16), "Police said one man died in the shooting on Main Street in "
                                               "Lubbock on Sunday.")})
    aspects = {f.aspect for f in pic.facts}
    assert {"killed", "injured"} <= aspects


def test_a_local_stations_dateline_sets_the_report_and_a_wires_does_not():
    # "(WAVE)" is a Louisville station's own mark: its dateline is where it reports. A wire
    # agency's mark is where its reporter files from, which may be far from the event.
    station = picture({"a": ("kcbd.com", LUBBOCK),
                       "b": ("wave3.com", "ANCHORAGE, Alaska (WAVE) - Six people were hurt after being shot during "
                                          "a robbery on Sunday.")})
    assert [c for c in station.contradictions if c.aspect == "place"]
    wire = picture({"a": ("kcbd.com", LUBBOCK),
                    "b": ("apnews.com", "ANCHORAGE, Alaska (AP) - Six people were hurt after being shot during "
                                        "a robbery on Sunday.")})
    assert not [c for c in wire.contradictions if c.aspect == "place"]


def test_a_datelines_state_only_tells_which_town():
    # "MOBILE, AL": the setting is Mobile; "AL" read alone is a Norwegian district.
    pic = picture({"a": ("wkrg.com", "MOBILE, AL (WKRG) - A 15-year-old girl was shot and killed inside a home on "
                                     "Crenshaw Street on Sunday, Mobile police said."),
                   "b": ("fox10tv.com", "Mobile police said a 15-year-old girl was shot and killed inside a home on "
                                        "Crenshaw Street on Sunday.")})
    assert not [c for c in pic.contradictions if c.aspect == "place"]


def test_an_event_told_as_a_noun_inside_another_claim_supports_its_occurrence():
    """A report that tells the arrest only as "hours after his arrest", inside the claim
    that he was found dead, tells that the arrest happened: its claim is one of the
    arrest's tellings (Fact.told_in), not a fact apart, and the death stays its own event."""
    pic = picture({"a": ("ansa.it", "Italian police arrested the Mafia boss Gaetano Lo Presti in Palermo."),
                   "b": ("reuters.com", "Police in Palermo arrested the suspected Mafia boss Gaetano Lo Presti "
                                        "in a major raid."),
                   "c": ("bbc.co.uk", "Gaetano Lo Presti was found dead in his prison cell only hours after "
                                      "his arrest.")})
    arrest = next(f for f in pic.facts if f.aspect == "occurrence" and "arrest" in f.statement.lower())
    dead = next(c.id for c in pic.claims if c.document == "c" and "found dead" in c.text)
    assert dead in arrest.told_in
    assert {pic_claim.document for pic_claim in pic.claims if pic_claim.id in arrest.claims} == {"a", "b", "c"}


def test_an_earlier_incident_far_away_is_not_the_incidents_day():
    """A San Diego shooting's reports recall the Dallas ambush of three weeks before, with
    its own day: that day is the earlier incident's, neither the event's date nor a side
    of when it happened."""
    pic = dated_picture({
        "a": ("fox61.com", dt.date(2016, 7, 29), "SAN DIEGO — One San Diego police officer was shot and killed "
                                                 "and another was injured on Thursday night during a traffic stop "
                                                 "in San Diego, police said. Among the officer deaths this summer "
                                                 "was a July 7 attack in Dallas that killed five officers."),
        "b": ("nbcsandiego.com", dt.date(2016, 7, 29), "SAN DIEGO — A San Diego police officer was shot and killed "
                                                       "on Thursday night in San Diego, police said. The shooting "
                                                       "came weeks after a gunman killed five officers in Dallas on "
                                                       "July 7.")})
    assert _main(pic).date == dt.date(2016, 7, 28)
    assert not [c for c in pic.contradictions if c.aspect == "date"]
