"""Where the main incident happened when a report's own places disagree with each other, on
real analysis of short local reports shaped like GVA's: a report that moves the incident to
a town a continent away but keeps the county, sheriff or island of the original is still a
report that disputes the others' town; a name the gazetteer cannot place chains nothing;
and a passing far-off name in a report set where the others are is no dispute."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.model import Document, Story

pytestmark = pytest.mark.slow


def picture(texts: dict[str, tuple[str, str]], day: dt.date = dt.date(2017, 2, 28)):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=day) for i, (outlet, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "shooting", list(docs)), docs, analyses)


def place_issues(pic):
    return [c for c in pic.contradictions if c.aspect == "place"]


def sides(issue) -> set[str]:
    """The sides' first words ("Buena Vista" may be read as its township's "Buena")."""
    return {s.value.lower().split()[0] for s in issue.sides}


BUENA_VISTA = ("Two men remain in the hospital after a shooting outside a bar in Buena Vista Township. "
               "Officers from Buena Vista, Bridgeport and the Saginaw County Sheriff responded to multiple "
               "shots fired at 12:26 a.m. Sunday morning.")


def test_a_sheriff_the_gazetteer_cannot_place_does_not_join_two_towns():
    pic = picture({"a": ("wnem.com", BUENA_VISTA),
                   "b": ("wfxg.com", BUENA_VISTA.replace("Buena Vista", "Anchorage"))})
    issues = place_issues(pic)
    assert issues and {"buena", "anchorage"} <= sides(issues[0])


def test_reports_naming_one_township_and_its_sheriff_agree():
    pic = picture({"a": ("wnem.com", BUENA_VISTA), "b": ("wfxg.com", BUENA_VISTA)})
    assert not place_issues(pic)


QESHM = ("A strong earthquake struck southern Iran on Sunday. The tremor struck an area around the town of "
         "Dargahan on Qeshm island, at the entrance to the Gulf, injuring five people and damaging buildings.")


def test_one_sentence_naming_two_places_a_continent_apart_is_not_one_region():
    pic = picture({"a": ("reuters", QESHM),
                   "b": ("afp", QESHM.replace("Dargahan", "Winnipeg"))})
    issues = place_issues(pic)
    assert issues and {"dargahan", "winnipeg"} <= sides(issues[0])


def test_one_island_town_in_two_reports_agrees():
    pic = picture({"a": ("reuters", QESHM), "b": ("afp", QESHM)})
    assert not place_issues(pic)


def test_the_police_department_is_no_town_of_poland():
    stockton = ("STOCKTON, Calif. - Officer Joe Silva says the shooting occurred in south Stockton Sunday night. "
                "Two people were killed and three others were wounded.")
    record = ("One person was killed in the shooting Sunday night, said Joe Silva, a spokesman for the Stockton "
              "Police Department. The deaths came days after the Police Department released figures showing a "
              "decrease in violent crime.")
    pic = picture({"a": ("mercurynews.com", stockton), "b": ("recordnet.com", record)})
    assert not place_issues(pic)


def test_one_outlets_two_days_are_its_inconsistency_not_a_dispute():
    first = "A woman was fatally shot in a hunting accident in Caledonia on Sunday, according to the sheriff."
    later = "A woman was fatally shot in a hunting accident in Caledonia on Wednesday, according to the sheriff."
    docs = {"a": Document("a", "a.txt", first, outlet="whec.com", published=dt.date(2016, 11, 28)),
            "b": Document("b", "b.txt", later, outlet="whec.com", published=dt.date(2016, 11, 28))}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    pic = fuse_story(Story("s1", "hunting accident", list(docs)), docs, analyses)
    assert not [c for c in pic.contradictions if c.aspect == "date"]
    assert [d for d in pic.discrepancies if d.kind == "inconsistent" and "the day" in d.explanation]


BEEBE = ("BEEBE, Ark. - Police arrested a man after they say he shot a 7-year-old child. Just after 8 p.m. "
         "Monday, officers responded to a reported shooting on South Cypress Street in Beebe. A seven-year-old "
         "girl from White County was shot inside her home and is on life support.")


def test_a_report_that_keeps_the_county_beside_a_far_town_disputes_the_town():
    moved = ("ANCHORAGE, Alaska - A seven-year-old girl from White County was shot inside her home in Anchorage "
             "on Monday night and is on life support. Karma had been shot, police said.")
    pic = picture({"a": ("thv11.com", BEEBE), "b": ("kark.com", moved)})
    issues = place_issues(pic)
    assert issues and {"beebe", "anchorage"} <= sides(issues[0])


def test_a_report_naming_the_county_and_the_town_agrees():
    same = ("BEEBE, Ark. - A seven-year-old girl from White County was shot inside her home in Beebe on Monday "
            "night and is on life support. Karma had been shot, police said.")
    pic = picture({"a": ("thv11.com", BEEBE), "b": ("kark.com", same)})
    assert not place_issues(pic)
