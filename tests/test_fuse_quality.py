"""Fusion details found on the example corpus: statements as written, one contradiction
per pair, date conflicts only between dates of the same predicate, sources that never
dispute themselves, one official tally per state."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.fuse.align import make_view
from newsfuse.fuse.contradictions import compare_aligned, find_disputes, restates_dispute
from newsfuse.analyze.frames import Predicate, read_predicate
from newsfuse.fuse.independence import count_independent, same_source, source_core, source_links
from newsfuse.fuse.story import dedupe_contradictions, statement_text
from newsfuse.model import Claim, Contradiction, Document


def claim(doc: str, n: int, text: str, **kw) -> Claim:
    return Claim(id=f"{doc}:c{n}", document=doc, sentence=kw.pop("sentence", n), text=text,
                 start=0, end=len(text), attribution=kw.pop("attribution", "Outlet"), **kw)


@pytest.fixture(scope="module")
def nlp():
    from newsfuse.analyze.nlp import load_nlp

    return load_nlp()


def test_conjunct_keeps_the_source_punctuation(nlp):
    text = ("The rebel offensive took Aleppo, Hama and Homs in little more than a week "
            "and reached the outskirts of Damascus on Saturday.")
    parts = [p.text for p in read_predicate(nlp(text)).conjuncts]
    assert parts[0] == "The rebel offensive took Aleppo, Hama and Homs in little more than a week"
    view = make_view(claim("a", 0, text), read_predicate(nlp(text)).conjuncts[1], {}, parts[1])
    assert statement_text(view) in text  # a borrowed subject is not source text: the whole claim


def test_date_said_is_not_the_date_of_the_predicate(nlp):
    said = read_predicate(nlp("The Kremlin said on Monday that Putin had decided to grant asylum to Assad."))
    took = read_predicate(nlp("Rebels took Damascus on Sunday."))
    assert said.dates == [] and took.dates == ["Sunday"]


def _view(c: Claim, days: set[str]):
    v = make_view(c, Predicate(lemma="take", main_frames={"capture"}, frames={"capture"}), {})
    v.days = days
    return v


def test_one_day_each_is_a_date_contradiction_several_days_only_a_detail():
    docs = {d: Document(d, d, "", outlet=d.upper()) for d in ("a", "b")}
    a = claim("a", 0, "Rebels took Hama on Thursday.")
    b = claim("b", 0, "Rebels took Hama on Friday.")
    found, notes = compare_aligned(_view(a, {"2024-12-05"}), _view(b, {"2024-12-06"}), docs, {})
    assert [c.kind for c in found] == ["date"]
    found, notes = compare_aligned(_view(a, {"2024-12-05", "2024-12-08"}), _view(b, {"2024-12-06"}), docs, {})
    assert not [c for c in found if c.kind == "date"] and [n.kind for n in notes] == ["detail"]


def test_longer_name_of_a_group_is_the_same_source():
    long = claim("a", 1, "x", attribution="Russian-installed officials in the occupied part of the Kherson region",
                 attribution_kind="group")
    short = claim("a", 0, "y", attribution="Russian-installed officials", attribution_kind="group")
    kyiv = claim("a", 2, "z", attribution="Kyiv", attribution_kind="entity")
    ukraine = claim("b", 2, "z", attribution="Ukraine", attribution_kind="entity")
    assert same_source(long, short) and same_source(kyiv, ukraine)
    assert not same_source(long, kyiv)
    assert source_core("Officials in Kyiv") == "officials in kyiv"


def test_dispute_answers_the_named_other_side_not_itself():
    doc = Document("a", "a", "", outlet="Post")
    short = claim("a", 0, "Russian-installed officials say shelling destroyed the dam",
                  attribution="Russian-installed officials", attribution_kind="group", sentence=0)
    ua = claim("a", 1, "Ukraine says Russian troops blew it up.", attribution="Ukraine",
               attribution_kind="entity", sentence=0)
    long = claim("a", 2, "Russian-installed officials in the occupied part of the Kherson region said that "
                 "Ukrainian shelling had destroyed the dam, directly contradicting Kiev's account.",
                 attribution="Russian-installed officials in the occupied part of the Kherson region",
                 attribution_kind="group", sentence=1)
    found = find_disputes({"a": [short, ua, long]}, {"a": doc})
    assert [c.claims for c in found] == [(ua.id, long.id)]


def test_both_sides_restated_is_not_a_side():
    assert restates_dispute(claim("a", 0, "Kyiv and Moscow continue to blame each other for the breach."))
    assert not restates_dispute(claim("a", 0, "Moscow blames Ukrainian shelling."))


def test_dispute_in_a_copy_is_reported_once():
    docs = {"o": Document("o", "o", "", outlet="Dispatch"), "c": Document("c", "c", "", outlet="Gazette", copy_of="o")}
    cs = {x.id: x for x in [claim("o", 0, "Kyiv says A."), claim("o", 1, "Moscow denies A."),
                            claim("c", 0, "Kyiv says A."), claim("c", 1, "Moscow denies A.")]}
    cons = [Contradiction(("o:c0", "o:c1"), "attributed-dispute", ""),
            Contradiction(("c:c1", "c:c0"), "attributed-dispute", ""),
            Contradiction(("o:c1", "o:c0"), "attributed-dispute", "")]
    assert len(dedupe_contradictions(cons, cs, docs)) == 1


def test_officials_of_one_state_give_one_tally():
    docs = {d: Document(d, d, "", outlet=o, published=dt.date(2023, 2, 7))
            for d, o in (("a", "Levant Daily"), ("b", "Meridian Wire"), ("c", "Orontes Observer"))}
    afad = claim("a", 0, "AFAD said 3,549 people had died.", attribution="AFAD", attribution_kind="entity",
                 attribution_entity="org:afad", numbers=[3549.0])
    erdogan = claim("b", 0, "Erdogan said 3,549 people had been killed.", attribution="Erdogan",
                    attribution_kind="entity", attribution_entity="person:recep-tayyip-erdogan", numbers=[3549.0])
    helmets = claim("c", 0, "The White Helmets said 790 people had died.", attribution="White Helmets",
                    attribution_kind="group", numbers=[790.0])
    links = source_links([afad, erdogan, helmets], docs)
    assert links[0].source_key == links[1].source_key == "official:turkey"
    assert count_independent(links) == 2


def _conjunct_statements(nlp, text: str) -> list[str | None]:
    from newsfuse.fuse.story import conjunct_statement

    doc = nlp(text)
    return [conjunct_statement(doc, part) for part in read_predicate(doc).conjuncts]


def test_conjunct_statement_is_the_shared_subject_and_its_own_verb_phrase(nlp):
    text = ("Syrian rebels have established control over the capital Damascus and are continuing "
            "their offensive in the provinces of Latakia,  Hama and Tartus.")
    first, second = _conjunct_statements(nlp, text)
    assert first == "Syrian rebels have established control over the capital Damascus"
    assert second == "Syrian rebels are continuing their offensive in the provinces of Latakia,  Hama and Tartus"


def test_conjunct_statement_drops_that_and_keeps_a_shared_object(nlp):
    first, second = _conjunct_statements(nlp, "Kyiv maintains that Russian forces mined and blew up the dam.")
    assert first == "Russian forces mined and blew up the dam"
    assert second == "Russian forces blew up the dam"
    parts = _conjunct_statements(nlp, "Officials said the towns had been partly submerged and that "
                                      "residents were being taken to safer areas.")
    assert all(p is None or ("submerged" in p) != ("residents" in p) for p in parts)


def test_a_clause_statement_loses_its_leading_that():
    c = claim("a", 0, "that close to 5,800 buildings had been confirmed destroyed.")
    assert statement_text(make_view(c, Predicate(lemma="confirm"), {})) == \
        "close to 5,800 buildings had been confirmed destroyed."
