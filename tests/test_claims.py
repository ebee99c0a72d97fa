"""Claims: attribution, reporting verb, certainty, kind and slots, on the seed reports and
on short realistic reports, through the real per-document analysis."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze.claims import extract_claims
from newsfuse.analyze.nlp import parse, split_sentences
from newsfuse.model import Claim, Document
from tests.conftest import analyse, analyse_checked, seed_documents, seed_key


def claim_with(claims: list[Claim], fragment: str) -> Claim:
    found = [c for c in claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}: {[c.text for c in claims]}"
    return found[0]


@pytest.fixture(scope="module")
def seed_results():
    return {seed_key(d): (d, analyse_checked(d)) for d in seed_documents()}


def test_this_was_reported_by_attributes_the_sentence_before(seed_results):
    _, result = seed_results["000"]
    first = claim_with(result.claims, "Russia is withdrawing its contingent")
    assert first.attribution_kind == "entity"
    assert first.attribution_entity == "org:ukraine-defence-intelligence"
    assert "Intelligence" in first.attribution
    assert first.reporting_verb == "report"
    # the note itself makes no claim
    assert not [c for c in result.claims if c.text.startswith("This was reported by")]


def test_damascus_capture_is_not_attributed_to_intelligence(seed_results):
    _, result = seed_results["000"]
    capture = claim_with(result.claims, "Syrian rebels have established control")
    assert capture.attribution_kind == "outlet"
    assert capture.attribution_entity is None


def test_gur_attribution_with_alias_in_parentheses_and_by_name(seed_results):
    _, result = seed_results["000"]
    says = claim_with(result.claims, "Russian troops are suffering losses")
    assert says.attribution_entity == "org:ukraine-defence-intelligence"
    assert says.reporting_verb == "say"
    noted = claim_with(result.claims, "GUR noted")
    assert noted.attribution_entity == "org:ukraine-defence-intelligence"
    assert noted.reporting_verb == "note"
    # vague "hundreds" is not turned into a figure
    assert noted.numbers == []


def test_according_to_hur_on_withdrawal(seed_results):
    _, result = seed_results["001"]
    claim = claim_with(result.claims, "has evacuated combat ships")
    assert claim.attribution_entity == "org:ukraine-defence-intelligence"
    assert claim.attribution_kind == "entity"
    assert claim.attribution == "Ukraine’s Defence Intelligence Directorate"


def test_reports_indicate_and_speculation_become_two_claims(seed_results):
    _, result = seed_results["001"]
    fled = claim_with(result.claims, "Assad fled Damascus")
    assert fled.attribution_kind == "media"
    assert fled.reporting_verb == "indicate"
    assert fled.certainty == "asserted"
    assert "speculation" not in fled.text
    speculation = claim_with(result.claims, "may have perished in an air incident")
    assert speculation.certainty == "speculative"
    assert speculation is not fled
    assert result_text(seed_results["001"], speculation) == speculation.text


def result_text(pair, claim: Claim) -> str:
    document, _ = pair
    return document.text[claim.start : claim.end]


def test_russian_officials_are_a_group_and_dispute_the_reports(seed_results):
    _, result = seed_results["001"]
    claim = claim_with(result.claims, "Russian officials claim Assad voluntarily resigned")
    assert claim.attribution == "Russian officials"
    assert claim.attribution_kind == "group"
    assert claim.reporting_verb == "claim"
    assert claim.disputes is True
    # "They assert ..." continues the same source
    follow = claim_with(result.claims, "They assert that he has instructed loyalists")
    assert follow.attribution == "Russian officials"
    assert follow.reporting_verb == "assert"


def test_hedges_opinions_and_quotes_in_the_analysis_paragraphs(seed_results):
    _, r0 = seed_results["000"]
    assert claim_with(r0.claims, "Russia may lose military bases there").certainty == "hedged"
    assert "Opposition forces are moving" not in claim_with(r0.claims, "Russia may lose").text
    _, r1 = seed_results["001"]
    assert claim_with(r1.claims, "reportedly advancing").certainty == "hedged"
    defeat = claim_with(r1.claims, "would mark a significant defeat")
    assert (defeat.kind, defeat.certainty) == ("opinion", "hedged")
    assert claim_with(r1.claims, "signal a turning point").kind == "opinion"
    assert claim_with(r1.claims, "raises questions").kind == "opinion"
    quote = claim_with(r1.claims, "finalises the Kremlin’s defeat")
    assert quote.kind == "quote"
    assert quote.attribution_entity == "org:ukraine-defence-intelligence"
    assert quote.reporting_verb == "note"


def test_background_section_and_headings(seed_results):
    _, result = seed_results["000"]
    assert all(c.text != "What preceded" for c in result.claims)
    clashes = claim_with(result.claims, "Active clashes between the rebels")
    assert clashes.kind == "background"
    assert clashes.times == ["2024-11-27"]
    assert claim_with(result.claims, "As of December 8, the Syrian opposition").kind == "report"


def test_claim_offsets_and_ids_are_exact(seed_results):
    for document, result in seed_results.values():
        ids = [c.id for c in result.claims]
        assert ids == [f"{document.id}:c{n}" for n in range(len(ids))]
        for claim in result.claims:
            assert document.text[claim.start : claim.end] == claim.text


def test_denial_is_denied_and_disputes():
    result = analyse(
        "The defence ministry denied that its aircraft struck the market in Idlib on Monday. "
        "Local residents said at least 12 people were killed."
    )
    denial = claim_with(result.claims, "denied that its aircraft struck")
    assert denial.certainty == "denied"
    assert denial.disputes is True
    assert denial.reporting_verb == "deny"
    residents = claim_with(result.claims, "Local residents said")
    assert residents.attribution_kind == "group"
    assert residents.attribution == "Local residents"
    assert residents.numbers == [12.0]


def test_quote_attributed_to_its_speaker():
    result = analyse(
        "“We will not leave the city until every family is safe,” Mayor Anna Kovalenko told reporters on Tuesday."
    )
    quote = claim_with(result.claims, "We will not leave the city")
    assert quote.kind == "quote"
    assert "Kovalenko" in quote.attribution
    assert quote.attribution_kind == "entity"
    assert quote.reporting_verb == "tell"


def test_according_to_in_mid_sentence():
    result = analyse(
        "Two bridges over the river were damaged overnight, according to the regional governor, "
        "and traffic was diverted."
    )
    claim = claim_with(result.claims, "Two bridges over the river were damaged")
    assert claim.attribution == "regional governor"
    assert claim.reporting_verb == "accord"
    assert claim.numbers == [2.0]


def test_hedge_words_and_negation():
    result = analyse(
        "The convoy was possibly hit by a drone near the border. "
        "The commander is said to have been wounded. "
        "Officials did not confirm the number of casualties. "
        "The army did not withdraw from the town."
    )
    assert claim_with(result.claims, "possibly hit").certainty == "hedged"
    assert claim_with(result.claims, "is said to have been wounded").certainty == "hedged"
    withdraw = claim_with(result.claims, "did not withdraw")
    assert withdraw.negated is True
    assert withdraw.certainty == "asserted"


def test_unconfirmed_and_unclear_are_speculative():
    result = analyse(
        "Unconfirmed reports on social media suggested the minister had resigned. "
        "It is unclear whether the talks will resume next week."
    )
    assert claim_with(result.claims, "the minister had resigned").certainty == "speculative"
    assert claim_with(result.claims, "It is unclear whether").certainty == "speculative"


def test_outlet_is_the_default_source_and_numbers_are_parsed():
    result = analyse("Heavy rain forced 1,200 residents and two hospitals to evacuate.", outlet="Harbour Gazette")
    claim = result.claims[0]
    assert (claim.attribution, claim.attribution_kind) == ("Harbour Gazette", "outlet")
    assert claim.numbers == [1200.0, 2.0]


def test_headings_questions_and_empty_text_make_no_claims():
    assert analyse("").claims == []
    result = analyse("Background of the Withdrawal\nWhat happens next?\nTroops left the base on Monday.")
    assert [c.text for c in result.claims] == ["Troops left the base on Monday."]


def test_extract_claims_works_without_mentions():
    text = "Witnesses said the building collapsed after the blast."
    document = Document(id="dx", path="x", text=text)
    doc = parse(text)
    sentences = split_sentences(text, doc)
    claims = extract_claims(document, doc, sentences, [], [], [], [], [])
    assert len(claims) == 1
    assert (claims[0].attribution, claims[0].attribution_kind) == ("Witnesses", "group")
    assert claims[0].attribution_entity is None


def test_wire_dateline_is_not_a_source():
    claims = analyse(
        "ANKARA, Feb 7 (Meridian Wire) - Turkish President Tayyip Erdogan on Tuesday declared a "
        "three-month state of emergency in the ten provinces hit by the earthquakes.",
        published=dt.date(2023, 2, 7))
    claim = claim_with(claims.claims, "declared a three-month state of emergency")
    assert claim.attribution != "ANKARA"
    assert not claim.text.startswith("ANKARA")


def test_claim_times_are_written_at_their_own_precision():
    """A week or part of a month is not written as its first day."""
    result = analyse("Shelling damaged the hospital in Kherson last week. "
                     "The clinic in Mykolaiv closed late last month. "
                     "The bridge reopened on Monday.", published=dt.date(2024, 12, 11))
    assert claim_with(result.claims, "last week").times == ["2024-12"]
    assert claim_with(result.claims, "late last month").times == ["2024-11"]
    assert claim_with(result.claims, "on Monday").times == ["2024-12-09"]


def test_a_caption_the_page_repeats_is_one_claim_without_its_gallery_marker():
    """A photo gallery repeats its caption with "Image N of M": one claim, in the caption's words."""
    import datetime as dt
    from newsfuse.analyze import analyze_document
    from newsfuse.model import Document
    caption = "Houston Police investigate a shooting that left three people dead on Friday."
    text = (f"Image 1 of 3 {caption} Image 2 of 3 {caption} {caption} "
            "Police said the woman then turned the gun on herself.")
    a = analyze_document(Document(id="d", path="d.txt", text=text, outlet="x.com", published=dt.date(2017, 4, 8)))
    texts = [c.text for c in a.claims]
    assert sum("three people dead" in t for t in texts) == 1
    assert not any(t.startswith("Image") for t in texts)


@pytest.mark.parametrize("text, planned", [
    ("President Joe Biden has said the federal government intends to pay the full cost of rebuilding the bridge.", True),
    ("The company said it aims to reopen the plant by June.", True),
    ("The federal government paid the full cost of rebuilding the bridge, officials said.", False),
])
def test_an_intention_is_a_plan_of_what_it_intends(text, planned):
    claim = analyse(text).claims[0]
    assert claim.planned is planned
