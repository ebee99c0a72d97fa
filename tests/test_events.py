"""Typed events: ACLED-style rules on the seeds and on short reports, with dates, places
and actors never invented."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze.events import EventRulesError, load_rules
from newsfuse.model import Event
from tests.conftest import analyse, analyse_checked, seed_documents, seed_key


def event_for(result, fragment: str) -> Event:
    ids = {c.id for c in result.claims if fragment in c.text}
    assert ids, f"no claim contains {fragment!r}"
    found = [e for e in result.events if ids & set(e.claims)]
    assert found, f"no event for {fragment!r}: {[(e.type, e.claims) for e in result.events]}"
    return found[0]


@pytest.fixture(scope="module")
def seed_results():
    return {seed_key(d): analyse_checked(d) for d in seed_documents()}


def test_fighting_that_began_on_november_27_in_aleppo(seed_results):
    event = event_for(seed_results["000"], "Active clashes between the rebels")
    assert (event.type, event.sub_type) == ("Battles", "Armed clash")
    assert event.date == dt.date(2024, 11, 27)
    assert event.trigger == "clash"
    # "The offensive was launched ... in Aleppo province" is the same fighting
    offensive = event_for(seed_results["000"], "The offensive was launched")
    assert offensive is event
    assert len(event.claims) >= 2


def test_capture_of_damascus(seed_results):
    for key, fragment in (("000", "established control over the capital Damascus"),
                          ("001", "captured Damascus earlier today")):
        event = event_for(seed_results[key], fragment)
        assert event.type == "Battles"
        assert event.sub_type == "Non-state actor overtakes territory"
        assert event.place == "geonames:170654"  # Damascus


def test_warships_leave_tartus_on_december_8(seed_results):
    event = event_for(seed_results["000"], "left Tartus for the Mediterranean Sea")
    assert (event.type, event.sub_type) == ("Strategic developments", "Change to group/activity")
    assert event.date == dt.date(2024, 12, 8)
    assert event.trigger == "leave"
    assert "military:russia-black-sea-fleet" in event.actors
    assert event.place is not None and "region:" not in event.place  # Tartus, not the sea


def test_speculation_and_opinion_make_no_events(seed_results):
    result = seed_results["001"]
    claims = {c.id: c for c in result.claims}
    for event in result.events:
        for cid in event.claims:
            assert claims[cid].kind != "opinion"
            assert claims[cid].certainty != "speculative"
    perished = [c for c in result.claims if "perished" in c.text]
    assert perished and not any(perished[0].id in e.claims for e in result.events)


def test_government_losing_a_city_is_a_non_state_gain(seed_results):
    event = event_for(seed_results["000"], "had lost the city of Hama")
    assert event.sub_type == "Non-state actor overtakes territory"
    assert event.date is None  # pluperfect, no date given: none invented


def test_earthquake_report_is_a_disaster():
    result = analyse(
        "A magnitude 6.8 earthquake struck the Al Haouz province of Morocco late on Friday, "
        "killing more than 2,000 people and flattening villages in the High Atlas mountains.",
        published=dt.date(2023, 9, 9),
    )
    event = event_for(result, "earthquake struck")
    assert (event.type, event.sub_type) == ("Disaster", "Earthquake")
    assert event.trigger == "earthquake"
    assert event.date == dt.date(2023, 9, 8)


def test_protest_report_is_a_protest():
    result = analyse(
        "Thousands of people protested in Tbilisi on Sunday against the government's decision to suspend EU talks.",
        published=dt.date(2024, 12, 2),
    )
    event = event_for(result, "protested in Tbilisi")
    assert (event.type, event.sub_type) == ("Protests", "Peaceful protest")
    assert event.date == dt.date(2024, 12, 1)
    assert event.place is not None


def test_protest_dispersed_by_police_is_protest_with_intervention():
    result = analyse("Police fired tear gas to disperse demonstrators who rallied outside parliament in Belgrade.")
    event = result.events[0]
    assert event.type == "Protests"
    assert event.sub_type == "Protest with intervention"


def test_air_strike_and_shelling_are_remote_violence():
    result = analyse(
        "Russian drones struck an energy facility in Odesa overnight. "
        "Artillery shelled the centre of Kherson on Saturday, officials said."
    )
    drone = event_for(result, "drones struck")
    assert (drone.type, drone.sub_type) == ("Explosions/Remote violence", "Air/drone strike")
    shelling = event_for(result, "Artillery shelled")
    assert shelling.sub_type == "Shelling/artillery/missile attack"


def test_arrest_and_bridge_collapse():
    result = analyse(
        "Police arrested three men in connection with the attack. "
        "A road bridge collapsed in Genoa after heavy rain."
    )
    assert event_for(result, "Police arrested").sub_type == "Arrests"
    collapse = event_for(result, "bridge collapsed")
    assert (collapse.type, collapse.sub_type) == ("Accident", "Collapse")


def test_date_is_not_the_publication_date_for_simple_past_or_since():
    result = analyse("Government forces recaptured the town of Palmyra. The siege had lasted since March 2016.")
    event = event_for(result, "recaptured")
    assert event.sub_type == "Government regains territory"
    assert event.date is None  # simple past with no date: any day before publication
    present = analyse("Rebels have captured the town of Palmyra.")
    assert event_for(present, "Rebels have captured").date == dt.date(2024, 12, 8)


def test_plain_statements_make_no_event():
    result = analyse("The minister said the budget would be presented to parliament in the spring.")
    assert result.events == []


def test_event_ids_and_links_are_consistent(seed_results):
    for result in seed_results.values():
        claim_ids = {c.id for c in result.claims}
        for n, event in enumerate(result.events):
            assert event.id == f"{result.document}:e{n}"
            assert event.claims and set(event.claims) <= claim_ids


def test_rules_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - type: Battles\n", encoding="utf-8")
    with pytest.raises(EventRulesError, match="rules.yaml"):
        load_rules(str(bad))
    assert any(r.type == "Disaster" for r in load_rules())


def test_typing_never_embeds_and_a_derailment_is_read_from_its_frame(monkeypatch):
    from newsfuse.analyze import embed as embed_module

    def no_embedding(*args, **kwargs):
        raise AssertionError("event typing must not embed sentences")

    monkeypatch.setattr(embed_module, "embed", no_embedding)
    result = analyse(
        "A passenger train jumped the tracks near the station in Larissa. "
        "The central bank raised interest rates by half a point."
    )
    event = event_for(result, "train jumped the tracks")
    assert (event.type, event.sub_type) == ("Accident", "Derailment")
    assert not [e for e in result.events if any("interest rates" in c.text for c in result.claims if c.id in e.claims)]


def test_participants_decide_between_civilians_battle_and_arrest():
    result = analyse(
        "Gunmen shot and killed two villagers near Maiduguri on Sunday. "
        "Soldiers killed five militants in a firefight outside the town. "
        "Police captured the escaped inmate in Houston on Monday. "
        "Rebels captured the town of Saraqeb."
    )
    assert event_for(result, "villagers").type == "Violence against civilians"
    assert event_for(result, "five militants").type == "Battles"
    inmate = event_for(result, "escaped inmate")
    assert (inmate.type, inmate.sub_type) == ("Strategic developments", "Arrests")
    town = event_for(result, "Rebels captured")
    assert (town.type, town.sub_type) == ("Battles", "Non-state actor overtakes territory")


def test_a_shooting_report_without_a_named_attacker_is_an_attack_on_civilians():
    result = analyse(
        "One person was killed and another two, including a baby, were hospitalized after two masked men "
        "opened fire into a home on Northwest 4th Place, police said.",
        published=dt.date(2016, 7, 28),
    )
    assert result.events
    assert (result.events[0].type, result.events[0].sub_type) == ("Violence against civilians", "Attack")


def test_earthquake_damage_is_the_earthquake_not_looting():
    result = analyse(
        "A powerful earthquake struck southern Turkey and northern Syria before dawn on Monday. "
        "Rescuers said at least 790 people had been killed, with hundreds of buildings destroyed in towns such as Jindires. "
        "Entire buildings had collapsed in towns close to the frontier."
    )
    for fragment in ("hundreds of buildings destroyed", "Entire buildings had collapsed"):
        event = event_for(result, fragment)
        assert (event.type, event.sub_type) == ("Disaster", "Earthquake"), fragment
    assert not any(e.sub_type == "Looting/property destruction" for e in result.events)


def test_pictures_of_an_attack_helicopter_are_no_air_strike():
    result = analyse(
        "Satellite images taken on Friday appear to show two Russian An-124 heavy transport planes at the "
        "Hmeimim air base with their nose cones raised, and an attack helicopter being dismantled."
    )
    assert not any(e.sub_type == "Air/drone strike" for e in result.events)


def test_sports_and_celebrity_news_make_no_violent_event():
    result = analyse(
        "Klitschko stopped Rahman in the seventh round to retain his heavyweight title in a one-sided fight. "
        "The 76ers fired coach Maurice Cheeks on Saturday after a 9-14 start to the season."
    )
    assert not any(e.type in ("Battles", "Violence against civilians", "Accident") for e in result.events)


def test_unknown_participant_class_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - type: Battles\n    description: x\n    triggers: [fight]\n    context: ['@aliens']\n",
                   encoding="utf-8")
    with pytest.raises(EventRulesError, match="rules.yaml.*@aliens"):
        load_rules(str(bad))


def test_a_demonstration_that_turns_violent_is_a_riot():
    result = analyse("Demonstrations over the austerity measures turned violent in Athens on Wednesday.",
                     published=dt.date(2010, 5, 6))
    event = event_for(result, "turned violent")
    assert (event.type, event.sub_type) == ("Riots", "Violent demonstration")
