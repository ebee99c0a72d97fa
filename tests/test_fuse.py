"""Fusion across sources, on hand-built claims: alignment, independence, contradictions,
discrepancies, credibility, borrowed dates."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.fuse import fuse_story, grade_fact, load_reliability, outlet_reliability
from newsfuse.errors import InputError
from newsfuse.model import (Claim, Document, DocumentAnalysis, Entity, Mention, Place, Story,
                            TimeExpr)

DAY = dt.date(2024, 12, 8)


def make_claim(doc: str, n: int, text: str, **kw) -> Claim:
    return Claim(id=f"{doc}:c{n}", document=doc, sentence=kw.pop("sentence", n), text=text,
                 start=0, end=len(text), attribution=kw.pop("attribution", "outlet"), **kw)


def fuse(specs: list[dict], story_id: str = "s1", reliability=None):
    """specs: one dict per document: id, outlet, published, claims, and optional
    entities, places, mentions, times, copy_of."""
    documents, analyses = {}, {}
    for s in specs:
        text = " ".join(c.text for c in s["claims"])
        documents[s["id"]] = Document(s["id"], f"{s['id']}.txt", text, outlet=s.get("outlet"),
                                      published=s.get("published", DAY), copy_of=s.get("copy_of"))
        analyses[s["id"]] = DocumentAnalysis(
            s["id"], claims=s["claims"], entities=s.get("entities", []), places=s.get("places", []),
            mentions=s.get("mentions", []), times=s.get("times", []))
    story = Story(story_id, "test story", [s["id"] for s in specs])
    return fuse_story(story, documents, analyses, reliability)


def fact_of(picture, claim_id: str):
    return next(f for f in picture.facts if claim_id in f.claims)


HUR = Entity("org:ukraine-defence-intelligence", "HUR", "ORG", ["GUR"])
TARTUS = Place("geonames:163345", "Tartus", feature="city", country="SY")
KHMEIMIM = Place("facility:khmeimim", "Khmeimim Air Base", feature="facility", country="SY")


def test_copied_text_counts_once():
    text = "Russian warships left the naval base in Tartus on Sunday, satellite images show."
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim("a", 1, text, places=[TARTUS.key])],
         "places": [TARTUS]},
        {"id": "b", "outlet": "Evening Star", "copy_of": "a",
         "claims": [make_claim("b", 1, text, places=[TARTUS.key])], "places": [TARTUS]},
    ])
    fact = fact_of(pic, "a:c1")
    assert fact.claims == ["a:c1", "b:c1"]
    assert fact.independent_sources == 1
    assert fact.status == "single-source"


def test_near_identical_text_without_copy_mark_counts_once():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim(
            "a", 1, "Protesters gathered outside parliament in Tbilisi on Monday evening to demand new elections.")]},
        {"id": "b", "outlet": "Evening Star", "claims": [make_claim(
            "b", 1, "Protesters gathered outside parliament in Tbilisi on Monday evening, to demand new elections.")]},
    ])
    assert fact_of(pic, "a:c1").independent_sources == 1


def test_shared_upstream_source_counts_once():
    pic = fuse([
        {"id": "a", "outlet": "Ukrainska Pravda", "entities": [HUR], "places": [TARTUS],
         "claims": [make_claim("a", 1, "The Russian army withdrew its warships from the naval base in Tartus.",
                               attribution="GUR", attribution_kind="entity", attribution_entity=HUR.key,
                               entities=[HUR.key], places=[TARTUS.key])]},
        {"id": "b", "outlet": "Kyiv Post", "entities": [HUR], "places": [TARTUS],
         "claims": [make_claim("b", 1, "The Russian military has evacuated combat ships from its naval base in Tartus.",
                               attribution="HUR", attribution_kind="entity", attribution_entity=HUR.key,
                               entities=[HUR.key], places=[TARTUS.key])]},
    ])
    fact = fact_of(pic, "a:c1")
    assert fact.claims == ["a:c1", "b:c1"]
    assert fact.independent_sources == 1
    assert fact.status == "single-source"
    assert {link.cited_source for link in fact.sources} == {"GUR", "HUR"}
    assert {link.outlet for link in fact.sources} == {"Ukrainska Pravda", "Kyiv Post"}


def test_outlet_relaying_a_source_cited_nearby_counts_as_that_source():
    pic = fuse([
        {"id": "a", "outlet": "Ukrainska Pravda", "entities": [HUR], "places": [KHMEIMIM],
         "claims": [make_claim("a", 1, "This was reported by HUR, the intelligence directorate.",
                               attribution="HUR", attribution_kind="entity", attribution_entity=HUR.key),
                    make_claim("a", 2, "The Russians are transferring military equipment by aircraft from the airbase in Khmeimim.",
                               places=[KHMEIMIM.key])]},
        {"id": "b", "outlet": "Kyiv Post", "entities": [HUR], "places": [KHMEIMIM],
         "claims": [make_claim("b", 1, "The Russian military has been airlifting military hardware from the Khmeimim Air Base.",
                               attribution="HUR", attribution_kind="entity", attribution_entity=HUR.key,
                               places=[KHMEIMIM.key])]},
    ])
    fact = fact_of(pic, "a:c2")
    assert fact.claims == ["a:c2", "b:c1"]
    assert fact.independent_sources == 1
    assert "HUR (relayed)" in {link.cited_source for link in fact.sources}


def test_different_outlets_asserting_corroborate():
    docs = [
        ("a", "Reuters", "Syrian rebels have established control over the capital Damascus."),
        ("b", "Al Jazeera", "Opposition fighters captured the Syrian capital Damascus earlier today."),
        ("c", "BBC", "Rebel forces seized control of Damascus, the capital of Syria."),
    ]
    damascus = Place("geonames:170654", "Damascus", feature="city", country="SY")
    pic = fuse([{"id": i, "outlet": o, "places": [damascus],
                 "claims": [make_claim(i, 1, t, places=[damascus.key])]} for i, o, t in docs[:2]])
    fact = fact_of(pic, "a:c1")
    assert fact.claims == ["a:c1", "b:c1"]
    assert (fact.independent_sources, fact.status, fact.credibility) == (2, "corroborated", 2)
    pic3 = fuse([{"id": i, "outlet": o, "places": [damascus],
                  "claims": [make_claim(i, 1, t, places=[damascus.key])]} for i, o, t in docs])
    fact3 = fact_of(pic3, "a:c1")
    assert (fact3.independent_sources, fact3.credibility) == (3, 1)
    assert fact3.statement in {t for _, _, t in docs}
    assert "Damascus" in pic3.summary


def test_withdrawing_and_sending_are_not_one_fact():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim("a", 1, "Russia is sending more troops to Syria.")]},
        {"id": "b", "outlet": "Evening Star", "claims": [make_claim("b", 1, "Russia is withdrawing its troops from Syria.")]},
    ])
    assert fact_of(pic, "a:c1").claims == ["a:c1"]
    assert fact_of(pic, "b:c1").claims == ["b:c1"]
    assert not pic.contradictions


def test_different_counts_for_one_toll_contradict():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim(
            "a", 1, "At least 5,000 people were killed in the earthquake in Herat province.", numbers=[5000])]},
        {"id": "b", "outlet": "Evening Star", "claims": [make_claim(
            "b", 1, "The earthquake in Herat province killed 3,400 people.", numbers=[3400])]},
    ])
    numbers = [c for c in pic.contradictions if c.kind == "number"]
    assert len(numbers) == 1
    assert "5,000" in numbers[0].explanation and "3,400" in numbers[0].explanation
    assert "Daily Post" in numbers[0].explanation and "Evening Star" in numbers[0].explanation
    assert [s.value for s in numbers[0].sides] == ["At least 5,000 people", "3,400 people"] or \
        sorted(s.value for s in numbers[0].sides) == ["3,400 people", "At least 5,000 people"]
    # The toll is contested; that the earthquake happened is not.
    assert next(f for f in pic.facts if f.aspect == "killed").status == "contested"
    assert next(f for f in pic.facts if f.aspect == "occurrence").status == "corroborated"


def test_later_higher_toll_is_an_update_not_a_contradiction():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "published": dt.date(2023, 10, 7), "claims": [make_claim(
            "a", 1, "The earthquake in Herat province killed 1,000 people.", numbers=[1000])]},
        {"id": "b", "outlet": "Evening Star", "published": dt.date(2023, 10, 9), "claims": [make_claim(
            "b", 1, "The earthquake in Herat province has killed 2,400 people.", numbers=[2400])]},
    ])
    assert not [c for c in pic.contradictions if c.kind == "number"]
    updates = [d for d in pic.discrepancies if d.kind == "update"]
    assert len(updates) == 1 and "2023-10-09" in updates[0].explanation
    assert fact_of(pic, "a:c1").status == "corroborated"


def test_rounded_figures_are_a_discrepancy():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim(
            "a", 1, "About 5,000 people fled the town of Bakhmut on Friday.", numbers=[5000])]},
        {"id": "b", "outlet": "Evening Star", "claims": [make_claim(
            "b", 1, "Some 4,870 people fled the town of Bakhmut on Friday.", numbers=[4870])]},
    ])
    assert not pic.contradictions
    assert [d.kind for d in pic.discrepancies if d.kind == "rounding"] == ["rounding"]


def test_who_blew_up_the_dam_is_an_actor_contradiction():
    dam = Place("facility:kakhovka-dam", "Kakhovka dam", feature="facility", country="UA")
    pic = fuse([
        {"id": "a", "outlet": "Kyiv Independent", "places": [dam], "claims": [make_claim(
            "a", 1, "Russia blew up the Kakhovka dam early on Tuesday.", places=[dam.key])]},
        {"id": "b", "outlet": "TASS", "places": [dam], "claims": [make_claim(
            "b", 1, "Ukrainian shelling destroyed the Kakhovka dam early on Tuesday.", places=[dam.key])]},
    ])
    actors = [c for c in pic.contradictions if c.kind == "actor"]
    assert len(actors) == 1
    assert "Russia" in actors[0].explanation and "Ukrainian shelling" in actors[0].explanation


def test_same_actor_named_two_ways_is_not_a_contradiction():
    dam = Place("facility:kakhovka-dam", "Kakhovka dam", feature="facility", country="UA")
    pic = fuse([
        {"id": "a", "outlet": "Kyiv Independent", "places": [dam], "claims": [make_claim(
            "a", 1, "Russia blew up the Kakhovka dam early on Tuesday.", places=[dam.key])]},
        {"id": "b", "outlet": "BBC", "places": [dam], "claims": [make_claim(
            "b", 1, "Russian forces destroyed the Kakhovka dam early on Tuesday.", places=[dam.key])]},
    ])
    assert not pic.contradictions


def test_negated_claim_contradicts():
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "claims": [make_claim(
            "a", 1, "The president signed the ceasefire agreement in Doha on Monday.")]},
        {"id": "b", "outlet": "Evening Star", "claims": [make_claim(
            "b", 1, "The president did not sign the ceasefire agreement in Doha on Monday.", negated=True)]},
    ])
    assert [c.kind for c in pic.contradictions] == ["negation"]
    assert fact_of(pic, "a:c1").status == "contested"


def test_contrary_to_these_reports_disputes_the_reports():
    pic = fuse([{"id": "a", "outlet": "Ukrainska Pravda", "claims": [
        make_claim("a", 1, "Reports indicate that Assad fled Damascus before the opposition's arrival.",
                   attribution="Reports", attribution_kind="media", reporting_verb="indicate"),
        make_claim("a", 2, "Contrary to these reports, Russian officials claim Assad voluntarily resigned "
                   "and left the country as part of a negotiated transfer of power.",
                   attribution="Russian officials", attribution_kind="group", reporting_verb="claim",
                   disputes=True),
        make_claim("a", 3, "They assert that he has instructed loyalists to ensure a peaceful transition.",
                   attribution="Russian officials", attribution_kind="group", reporting_verb="assert"),
    ]}])
    disputes = [c for c in pic.contradictions if c.kind == "attributed-dispute"]
    assert len(disputes) == 1
    assert [side.claims for side in disputes[0].sides] == [["a:c1"], ["a:c2"]]
    assert [side.holders for side in disputes[0].sides] == [["Reports"], ["Russian officials"]]
    assert "Russian officials" in disputes[0].explanation and "Reports" in disputes[0].explanation
    assert fact_of(pic, "a:c1").status == "contested"
    assert fact_of(pic, "a:c3").status == "single-source"
    assert "Disputed:" in pic.summary


def test_spelling_variants_across_documents_are_a_discrepancy():
    a_place = Place("facility:khmeimim", "Khmeimim", feature="facility")
    b_place = Place("facility:khmeimim", "Hmeimim", aliases=["Khmeimim Air Base"], feature="facility")
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "places": [a_place],
         "mentions": [Mention("Khmeimim", 40, 48, 1, "FAC", a_place.key)],
         "claims": [make_claim("a", 1, "Aircraft left the airbase in Khmeimim.", places=[a_place.key])]},
        {"id": "b", "outlet": "Evening Star", "places": [b_place],
         "mentions": [Mention("Hmeimim", 20, 27, 1, "FAC", b_place.key),
                      Mention("Khmeimim Air Base", 60, 77, 2, "FAC", b_place.key)],
         "claims": [make_claim("b", 1, "Bombers flew from Hmeimim overnight.", places=[b_place.key])]},
    ])
    spelling = [d for d in pic.discrepancies if d.kind == "spelling"]
    assert len(spelling) == 1
    assert set(spelling[0].values) == {"Khmeimim", "Hmeimim"}
    assert "a" in spelling[0].explanation and "b" in spelling[0].explanation
    assert not pic.contradictions
    assert len(pic.places) == 1 and pic.places[0].feature == "facility"


def test_places_merge_by_key_and_event_role_wins():
    p1 = Place("geonames:163345", "Tartus", mentions=2, role="mentioned")
    p2 = Place("geonames:163345", "Tartous", mentions=1, role="event", lat=34.9, lon=35.9)
    pic = fuse([
        {"id": "a", "outlet": "X", "places": [p1], "claims": [make_claim("a", 1, "Ships left Tartus.")]},
        {"id": "b", "outlet": "Y", "places": [p2], "claims": [make_claim("b", 1, "Ships sailed from Tartous.")]},
    ])
    [place] = pic.places
    assert (place.mentions, place.role, place.lat, place.aliases) == (3, "event", 34.9, ["Tartous"])


def test_credibility_grades():
    asserted = [make_claim("a", 1, "x happened.")]
    hedged = [make_claim("a", 1, "x may have happened.", certainty="hedged")]
    opinion = [make_claim("a", 1, "x is a disgrace.", kind="opinion")]
    assert grade_fact(asserted, 3, False, 0) == 1
    assert grade_fact(asserted, 2, False, 0) == 2
    assert grade_fact(asserted, 1, False, 0) == 3
    assert grade_fact(hedged, 1, False, 0) == 4
    assert grade_fact(asserted, 1, True, 2) == 5
    assert grade_fact(asserted, 1, True, 1) == 6
    assert grade_fact(opinion, 1, False, 0) == 6


def test_undated_document_borrows_the_story_date_marked_inferred():
    yesterday = TimeExpr("yesterday", 30, 39, 0, relative=True)
    pic = fuse([
        {"id": "a", "outlet": "Daily Post", "published": DAY,
         "claims": [make_claim("a", 0, "The bridge over the Dnipro collapsed on Saturday.")],
         "times": [TimeExpr("on Saturday", 35, 46, 0, date=dt.date(2024, 12, 7), relative=True)]},
        {"id": "b", "outlet": None, "published": None,
         "claims": [make_claim("b", 0, "The bridge over the Dnipro collapsed yesterday.")],
         "times": [yesterday]},
    ])
    refs = {(r.document, r.text): r for r in pic.times}
    assert refs[("b", "yesterday")].date == dt.date(2024, 12, 7)
    assert refs[("b", "yesterday")].inferred is True
    assert refs[("a", "on Saturday")].inferred is False
    claim_b = next(c for c in pic.claims if c.id == "b:c0")
    assert claim_b.times == ["2024-12-07"]


def test_a_bad_analysis_is_left_out_not_fatal():
    documents = {"a": Document("a", "a.txt", "t", outlet="X"), "b": Document("b", "b.txt", "t")}
    analyses = {"a": DocumentAnalysis("a", claims=[make_claim("a", 1, "Troops entered the town of Kupiansk.")]),
                "b": DocumentAnalysis("b", error="ValueError: broken")}
    pic = fuse_story(Story("s", "t", ["a", "b", "missing"]), documents, analyses)
    assert [f.documents for f in pic.facts] == [["a"]]


def test_reliability_is_shown_per_outlet_not_folded_into_credibility(tmp_path):
    yml = tmp_path / "rel.yaml"
    yml.write_text("reliability:\n  Reuters: a\n  The Daily Post: C\n  Bad Outlet: Z\n", encoding="utf-8")
    rel = load_reliability(yml)
    assert rel == {"Reuters": "A", "The Daily Post": "C"}
    csv_path = tmp_path / "rel.csv"
    csv_path.write_text("outlet,grade\nReuters,B\n", encoding="utf-8")
    assert load_reliability(csv_path) == {"Reuters": "B"}
    with pytest.raises(InputError, match="nope.yaml"):
        load_reliability(tmp_path / "nope.yaml")
    specs = [{"id": "a", "outlet": "Reuters", "claims": [make_claim("a", 1, "Troops entered the town of Kupiansk.")]},
             {"id": "b", "outlet": "Daily Post", "claims": [make_claim("b", 1, "The bridge in Odesa was closed for repairs.")]}]
    with_rel, without = fuse(specs, reliability=rel), fuse(specs)
    assert [f.credibility for f in with_rel.facts] == [f.credibility for f in without.facts]
    assert outlet_reliability(with_rel, rel) == {"Daily Post": "C", "Reuters": "A"}


def test_a_negation_of_something_else_denies_nothing():
    """"The teenagers were not involved in gang activity" denies the gang activity, not
    that four teenagers were involved in a shooting at the park."""
    pic = fuse([
        {"id": "a", "outlet": "Oceanside Police", "claims": [make_claim(
            "a", 1, "Four teenagers were involved in a shooting at an Oceanside park Wednesday.")]},
        {"id": "b", "outlet": "cbs8.com", "claims": [make_claim(
            "b", 1, "The teenagers were not involved in gang activity.", negated=True)]},
    ])
    assert not [c for c in pic.contradictions if c.kind == "negation"]
