"""Where the main incident happened, on real analysis of reports shaped like GVA's big
stories: a gunman's home town, the town an out-of-state paper writes from and another
incident days before are no rival answer to where this one happened; a report that names
no other town than its dateline's still disputes the others' town, and says so once, not
once per sentence."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.test_fuse_incident_places import picture, place_issues  # one way to fuse a story of texts

pytestmark = pytest.mark.slow


def sides(issue) -> set[str]:
    return {s.value.lower() for s in issue.sides}


AIRPORT = ("FORT LAUDERDALE, Fla. - A gunman opened fire in the baggage claim area of the Fort Lauderdale "
           "airport on Friday, killing five people and wounding six others, the Broward County sheriff said. "
           "Esteban Santiago, 26, of Anchorage, Alaska, was taken into custody.")
FROM_ALASKA = ("ANCHORAGE, Alaska - Anchorage police said Friday that Esteban Santiago had walked into the FBI "
               "office in November. Santiago opened fire at the Fort Lauderdale airport on Friday, killing five "
               "people, the FBI said. A victim, Michael Oehme of Council Bluffs, Iowa, was killed.")


def test_the_gunmans_home_town_and_the_papers_town_are_no_rival_place():
    pic = picture({"a": ("sun-sentinel.com", AIRPORT), "b": ("adn.com", FROM_ALASKA)}, dt.date(2017, 1, 7))
    assert not place_issues(pic)


def test_an_incident_days_before_elsewhere_is_no_rival_place():
    here = ("SAN DIEGO - A San Diego police officer was shot and killed and another was wounded during a "
            "traffic stop in Southcrest on Thursday night, police said.")
    recalled = ("A San Diego police officer was killed Thursday night during a traffic stop in Southcrest. "
                "Sniper attacks killed five officers on July 7 in Dallas and three more on July 17 in Baton Rouge.")
    pic = picture({"a": ("nbcsandiego.com", here), "b": ("latimes.com", recalled)}, dt.date(2016, 7, 29))
    assert not place_issues(pic)


BUENA_VISTA = ("Two men remain in the hospital after a shooting outside a bar in Buena Vista Township. "
               "Officers from Buena Vista, Bridgeport and the Saginaw County Sheriff responded to multiple "
               "shots fired at 12:26 a.m. Sunday morning.")
FROM_ANCHORAGE = ("ANCHORAGE, Alaska - Two men remain in the hospital after a shooting outside a bar early Sunday. "
                  "Anchorage police officers responded to multiple shots fired at 12:26 a.m. Sunday morning. "
                  "Both men were taken to the hospital.")


def test_a_dateline_alone_disputes_a_town_its_report_never_names():
    pic = picture({"a": ("wnem.com", BUENA_VISTA), "b": ("ktuu.com", FROM_ANCHORAGE)}, dt.date(2017, 2, 28))
    issues = place_issues(pic)
    assert issues and {"buena", "anchorage"} <= sides(issues[0])
    # the Anchorage report is set there once, not once per sentence that tells the shooting
    anchorage = next(s for s in issues[0].sides if s.value.lower() == "anchorage")
    assert anchorage.documents == ["b"] and len(anchorage.claims) == 1
