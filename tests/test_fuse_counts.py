"""Casualty counts across reports of one incident, on real analysis of short local
reports: a report that counts the victims as one kind of person ("two teenagers") gives
its toll; a part cannot outnumber its whole (the killed the people shot, the injured in
a town all the injured); and figures that can all hold stay one fact."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.model import Document, Story

pytestmark = pytest.mark.slow


def picture(texts: dict[str, tuple[str, dt.date, str]]):
    docs = {i: Document(i, f"{i}.txt", text, outlet=outlet, published=day)
            for i, (outlet, day, text) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    return fuse_story(Story("s1", "shooting", list(docs)), docs, analyses)


DAY = dt.date(2016, 4, 14)


def count_issues(pic, role: str):
    return [c for c in pic.contradictions if (c.aspect or "").split(" in ")[0] == role]


def test_a_toll_of_one_kind_of_victim_is_the_reports_toll():
    pic = picture({
        "a": ("azcentral.com", DAY, "Six people were killed and four others were wounded after a drive-by shooting "
                                    "at a house party in Phoenix early Sunday, officials said."),
        "b": ("cbs5az.com", DAY, "Phoenix police have arrested a suspect in a drive-by shooting early Sunday that "
                                 "killed two teenagers and injured four other people at a house party.")})
    issue = count_issues(pic, "killed")
    assert issue and len(issue[0].sides) == 2


def test_kinds_of_victims_told_together_stay_parts_of_the_toll():
    pic = picture({
        "a": ("ktla.com", DAY, "Three people were killed in a shooting at a Compton home on Sunday, police said."),
        "b": ("latimes.com", DAY, "Two men were killed in a shooting at a Compton home on Sunday. A woman also died "
                                  "at the scene, police said.")})
    assert not count_issues(pic, "killed")


def test_more_killed_than_were_shot_is_a_contradiction():
    pic = picture({
        "a": ("wave3.com", DAY, "Two people were shot in the parking lot of a restaurant on Bardstown Road "
                                "just after 11 p.m. Friday, according to police."),
        "b": ("whas11.com", DAY, "Metro Police are searching for suspects after five people were fatally shot "
                                 "outside a restaurant on Bardstown Road late Friday.")})
    issue = count_issues(pic, "killed")
    assert issue
    assert any("shot" in s.value for s in issue[0].sides)


def test_the_killed_among_the_shot_agree():
    pic = picture({
        "a": ("wave3.com", DAY, "Four people were shot in the parking lot of a restaurant on Bardstown Road "
                                "late Friday, according to police. Two of them died at a hospital."),
        "b": ("whas11.com", DAY, "Two people were killed and two others were wounded in a shooting outside a "
                                 "restaurant on Bardstown Road late Friday, police said.")})
    assert not count_issues(pic, "killed") and not count_issues(pic, "injured")


def test_more_injured_in_the_town_than_in_all_is_a_contradiction():
    pic = picture({
        "a": ("kwwl.com", DAY, "Police are investigating a shooting on Main Street that left five people "
                               "injured in Dubuque on Monday."),
        "b": ("kcrg.com", dt.date(2016, 4, 16), "Police say a young boy was wounded when a handgun fired inside "
                                                "an apartment on Main Street in Dubuque on Monday.")})
    assert count_issues(pic, "injured")


def test_a_higher_toll_in_a_later_report_is_an_update_not_a_conflict():
    pic = picture({
        "a": ("wave3.com", dt.date(2016, 4, 14), "Two people were shot in the parking lot of a restaurant on "
                                                 "Bardstown Road on Thursday night, according to police."),
        "b": ("whas11.com", dt.date(2016, 4, 20), "Three people have now died after a shooting in the parking lot "
                                                  "of a restaurant on Bardstown Road on Thursday night.")})
    assert not count_issues(pic, "killed")


def test_at_least_a_figure_agrees_with_a_higher_one():
    pic = picture({
        "a": ("wave3.com", DAY, "At least five people were shot and wounded outside a nightclub on Friday."),
        "b": ("whas11.com", DAY, "Seven people were wounded in a shooting outside a nightclub on Friday.")})
    assert not count_issues(pic, "injured")


def test_one_victim_beside_others_of_another_role_is_exactly_one():
    pic = picture({
        "a": ("boston.cbslocal.com", DAY, "A 24-year-old man died and three others were hurt in a Taunton shooting "
                                          "on Saturday, authorities say."),
        "b": ("turnto10.com", DAY, "Five people are dead and three others were injured after a shooting in Taunton "
                                   "on Saturday evening, according to the district attorney's office.")})
    assert count_issues(pic, "killed")


def test_people_in_the_water_are_a_count_and_an_early_estimate_can_be_contested():
    pic = picture({
        "a": ("Chesapeake Tribune", dt.date(2024, 3, 26),
              "A fire department spokesman called it a developing mass casualty event and said as many as 20 "
              "people may have been in the water after the bridge collapsed into the river."),
        "b": ("Atlantic Evening", dt.date(2024, 3, 26),
              "Eight workers went into the river when the spans of the bridge gave way; two were rescued.")})
    issue = count_issues(pic, "in-water")
    assert issue and {len(s.claims) for s in issue[0].sides} == {1}
    assert any("as many as 20" in s.value for s in issue[0].sides)


def test_people_in_the_water_that_agree_are_one_fact():
    pic = picture({
        "a": ("Chesapeake Tribune", dt.date(2024, 3, 26),
              "As many as 10 people may have been in the water after the bridge collapsed into the river."),
        "b": ("Atlantic Evening", dt.date(2024, 3, 26),
              "Eight workers went into the river when the spans of the bridge gave way.")})
    assert not count_issues(pic, "in-water")
    assert any(f.aspect == "in-water" for f in pic.facts)



def test_a_count_value_is_labelled_with_the_figure_it_stands_for():
    from newsfuse.fuse.values import group_counts
    from newsfuse.model import Count
    two = Count("shot", 2, 2, "two", unit="people", noun="officer")  # "shot two officers"
    named = Count("shot", 1, None, "Obama", unit="people", one=True)  # a name read as one person shot
    (value,) = group_counts([(named, "b:c1"), (two, "a:c1")])
    assert value.best.text == "two" and value.low == 2
