"""Who a fact's sources are, for counting them: a phrase the attribution reader took for
the sayer is no source; a person and their titled names are one, and speak for the
institution their title names; a story's generic officials are one upstream source; a
claim that only presupposes the event is no witness that it happened; and what labels
the bottom line is a sentence saying what happened."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.fuse.independence import countable, merge_institutions
from newsfuse.fuse.labels import label_problem
from newsfuse.model import Claim, Document, Story


def _claim(n: int, source: str, kind: str = "group", entity: str | None = None, doc: str = "a") -> Claim:
    return Claim(f"{doc}:c{n}", doc, n, "Two people were shot outside the bar on Friday night.", 0, 10,
                 source, attribution_entity=entity, attribution_kind=kind)


def _keys(claims: list[Claim]) -> list[str | None]:
    return [c.attribution_entity if c.attribution_kind != "outlet" else "outlet" for c in claims]


@pytest.mark.parametrize("source, kind", [
    ("the shooting", "group"), ("call", "group"), ("investigation", "group"), ("Documents", "group"),
    ("Sources", "group"), ("he", "group"),
    ("at Benny's Carwash directly behind the B Quik convenience store on Airline Highway where the shooting began", "group"),
    ("three officers Sunday during a rampage suffered from post traumatic stress disorder", "group")])
def test_phrases_taken_for_the_sayer_are_the_outlets_report(source, kind):
    assert not countable(_claim(0, source, kind))


@pytest.mark.parametrize("source, kind", [
    ("witnesses", "group"), ("a neighbor", "group"),
    ("Russian-installed officials in the occupied part of the Kherson region", "group"), ("the victim's family", "group"), ("police", "group"),
    ("the sheriff's office spokeswoman", "group"), ("Hudec", "entity"), ("Associated Press", "media")])
def test_people_and_institutions_are_sources(source, kind):
    assert countable(_claim(0, source, kind))


def test_a_sheriff_and_his_titled_names_are_one_source():
    people = {"person:sid-gautreaux": "Sid J. Gautreaux"}
    claims = [_claim(0, "East Baton Rouge Parish Sheriff Sid J. Gautreaux", "entity", "person:sid-gautreaux"),
              _claim(1, "Gautreaux", "entity"),
              _claim(2, "Sheriff Sid J. Gautreaux", "group", doc="b"),
              _claim(3, "sheriff's office spokeswoman", doc="b"),
              _claim(4, "the Sheriff's Office", doc="c")]
    assert set(_keys(merge_institutions(claims, people))) == {"institution:sheriff"}


def test_a_spokesman_named_with_his_title_speaks_for_the_institution():
    people = {"person:jim-amormino": "Jim Amormino"}
    claims = [_claim(0, "Orange County sheriff's spokesman Jim Amormino"), _claim(1, "Amormino", "entity", "person:jim-amormino"),
              _claim(2, "Deputies", doc="b")]
    assert set(_keys(merge_institutions(claims, people))) == {"institution:sheriff"}


def test_generic_officials_are_the_storys_one_institution():
    claims = [_claim(0, "Baton Rouge police"), _claim(1, "police", doc="b"), _claim(2, "Authorities", doc="b"),
              _claim(3, "law enforcement officials", doc="c"), _claim(4, "State Police Col.", doc="c")]
    assert set(_keys(merge_institutions(claims))) == {"institution:police"}


def test_generic_officials_of_a_story_with_two_institutions_are_one_source_together():
    claims = [_claim(0, "Baton Rouge police"), _claim(1, "the sheriff's office", doc="b"),
              _claim(2, "Authorities in Baton Rouge", doc="b"), _claim(3, "Louisiana authorities", doc="c"),
              _claim(4, "officials", doc="c")]
    keys = _keys(merge_institutions(claims))
    assert keys[0] == "institution:police" and keys[1] == "institution:sheriff"
    assert set(keys[2:]) == {"institution:authorities"}


def test_two_towns_police_stay_apart_and_unnamed_police_are_not_a_third():
    claims = [_claim(0, "Chesapeake police"), _claim(1, "Police in Norfolk", doc="b"), _claim(2, "police", doc="c"),
              _claim(3, "police Chief Douglas Sam", doc="c")]
    keys = _keys(merge_institutions(claims, {"person:douglas-sam": "Douglas Sam"}))
    assert keys[0] != keys[1] and keys[2] == keys[3] == "institution:authorities"


def test_a_surname_that_is_also_a_country_is_the_storys_person():
    claims = [_claim(0, "Jordan", "entity", "gpe:jordan"), _claim(1, "Santa Ana police Cpl. Anthony Jordan", doc="b")]
    keys = _keys(merge_institutions(claims, {"person:anthony-jordan": "Anthony Jordan"}))
    assert keys[0] == keys[1] == "institution:police"


@pytest.mark.parametrize("text, problem", [
    ("Police officers killed in Baton Rouge | 1:53 Three officers are confirmed dead", "heading"),
    ("Share A Baton Rouge resident described hearing gunfire for several minutes", "heading"),
    ("READ MORE: Identity released in Smith County truck stop homicide", "heading"),
    ("IDENTIFIED BY POLICE AS PERSONS OF INTEREST IN SHOOTING", "heading"),
    ("Shooting at Mr. G's Record Release Party Leaves Seven Wounded", "heading"),
    ("I condemn, in the strongest sense of the word, the attack on our police officers", "reaction"),
    ("uniformed officers often stop there for coffee before their shifts", "generic"),
    ("Three Baton Rouge police officers were killed Sunday by a gunman.", None),
    ("More than 20 people were injured when a gunman opened fire at the party.", None),
    ("Tyshawn Lee, 9, was shot and killed in a South Side alley Monday afternoon.", None)])
def test_what_may_label_a_fact(text, problem):
    assert label_problem(text) == problem


@pytest.mark.slow
def test_reactions_and_headings_do_not_count_or_lead():
    from newsfuse.analyze import analyze_documents
    from newsfuse.fuse import fuse_story

    texts = {
        "a": ("Capitol Ledger", "Three police officers were killed Sunday morning by a gunman near a convenience store "
                                "on Airline Highway, police said. The gunman was killed by officers."),
        "b": ("River Parish News", "Share Police officers killed in Baton Rouge | 1:53 Three officers are confirmed dead. "
                                   "A gunman killed three police officers Sunday near a convenience store on Airline "
                                   "Highway. The governor said he condemned the shooting of the officers."),
        "c": ("Delta Evening Post", "Mayor Kip Holden said the city mourned the officers killed in Sunday's shooting. "
                                    "Senator Bill Cassidy said the shooting of the officers was an attack on everyone."),
    }
    docs = {i: Document(i, f"{i}.txt", t, outlet=o, published=dt.date(2016, 7, 17)) for i, (o, t) in texts.items()}
    analyses = {a.document: a for a in analyze_documents(list(docs.values()))}
    pic = fuse_story(Story("s1", "ambush", list(docs)), docs, analyses)
    facts = {f.id: f for f in pic.facts}
    first = facts[pic.bottom_line.established[0]]
    assert first.aspect == "occurrence" and label_problem(first.statement) is None, first.statement
    # the mayor mourning the officers killed presupposes the shooting: Delta Evening Post reports it
    assert sorted({s.source_key for s in first.sources}) == [
        "entity:institution:police", "outlet:delta evening post", "outlet:river parish news"]
    assert all(label_problem(facts[f].statement) is None for f in pic.bottom_line.single_source)


def test_a_person_the_text_titles_speaks_for_the_institution_when_cited_by_surname():
    people = {"person:david-brown": "David Brown", "person:greg-abbott": "Greg Abbott"}
    text = Claim("a:c9", "a", 9, "Dallas Police Chief David Brown said the suspect was cornered in a garage.", 0, 70,
                 "Dallas Morning Star")
    claims = [text, _claim(0, "Brown", "entity", "person:david-brown", doc="b"), _claim(1, "Dallas police", doc="c"),
              _claim(2, "Texas Gov. Greg Abbott", "entity", "person:greg-abbott", doc="c")]
    keys = _keys(merge_institutions(claims, people))
    assert keys[1] == keys[2] == "institution:police" and keys[3] == "person:greg-abbott"


def test_one_witness_and_several_witnesses_are_the_storys_witnesses():
    from newsfuse.fuse.independence import upstream_key

    keys = {upstream_key(_claim(n, name)) for n, name in enumerate(["one witness", "Witnesses", "several witnesses"])}
    assert keys == {"group:witness"}
    assert upstream_key(_claim(0, "Russian officials")) != upstream_key(_claim(1, "Ukrainian officials"))


@pytest.mark.parametrize("text", ["Call 407-228-1448 for info.", "Read or Share this story: http://detne.ws/2diRHyp"])
def test_notices_and_links_are_no_label(text):
    assert label_problem(text) == "heading"


def test_a_titled_person_is_found_by_surname_whatever_given_name_the_text_uses():
    people = {"person:michael-edmonson": "Michael Edmonson"}
    text = Claim("a:c9", "a", 9, "Louisiana State Police Col. Mike Edmonson says the gunman who shot six police "
                                 "officers clearly targeted them.", 0, 90, "Capitol Ledger")
    claims = [text, _claim(0, "Edmonson", "entity", "person:michael-edmonson", doc="b"), _claim(1, "State Police", doc="c")]
    keys = _keys(merge_institutions(claims, people))
    assert keys[1] == keys[2] == "institution:police"
