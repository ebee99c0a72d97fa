"""Attribution spans (learned on PolNeAR) and certainty scope, through the real analysis
of short realistic reports."""
from __future__ import annotations

import pytest

from newsfuse.analyze.attribution import load_model
from newsfuse.analyze.certainty import read_scope
from newsfuse.analyze.nlp import parse
from tests.conftest import analyse

needs_model = pytest.mark.skipif(load_model() is None, reason="attribution model file missing")


def claim_with(claims, fragment):
    found = [c for c in claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}: {[c.text for c in claims]}"
    return found[0]


@needs_model
def test_source_cue_and_content_spans_of_a_reported_statement():
    text = ("WASHINGTON — Senate Majority Leader Mitch McConnell told reporters on Tuesday that "
            "the chamber would vote on the spending bill before the end of the month.")
    result = analyse(text)
    claim = claim_with(result.claims, "spending bill")
    assert "McConnell" in claim.attribution
    assert claim.attribution_kind == "entity"
    assert claim.reporting_verb == "tell"
    assert "McConnell" in text[slice(*claim.source_span)]
    assert text[slice(*claim.cue_span)] == "told"
    content = " ".join(text[a:b] for a, b in claim.content_spans)
    assert "would vote on the spending bill" in content
    assert "McConnell" not in content


@needs_model
def test_according_to_and_a_description_that_stays_a_description():
    text = ("The talks in Geneva have stalled over the question of sanctions, according to a senior "
            "Western diplomat. The negotiators will meet again next week.")
    result = analyse(text)
    claim = claim_with(result.claims, "The talks in Geneva")
    assert claim.attribution_kind == "group"
    assert "diplomat" in claim.attribution
    assert claim.attribution_entity is None
    assert claim.reporting_verb == "accord"
    assert claim_with(result.claims, "negotiators will meet").attribution_kind == "outlet"


@needs_model
def test_a_description_with_a_name_in_apposition_resolves_to_the_name():
    text = ("A spokesman for the campaign, Jason Miller, said the candidate would release his "
            "tax returns after the audit.")
    claim = claim_with(analyse(text).claims, "tax returns")
    assert "Jason Miller" in claim.attribution
    assert claim.attribution_kind == "entity"


@needs_model
def test_quote_split_by_the_cue_keeps_both_fragments_as_content():
    text = ("“We are not going to back down,” Governor Maria Lopez said, “and we will take this "
            "fight to the courts.”")
    claim = claim_with(analyse(text).claims, "back down")
    assert "Lopez" in claim.attribution
    content = " ".join(text[a:b] for a, b in claim.content_spans)
    assert "back down" in content


@pytest.mark.parametrize("sentence, word, certainty, negated, planned", [
    ("The company may close the plant next year.", "close", "hedged", False, False),
    ("The minister is believed to have fled the capital.", "fled", "hedged", False, False),
    ("The airline plans to buy twenty new aircraft.", "buy", "hedged", False, True),
    ("The factory did not close on Monday.", "close", "asserted", True, False),
    ("The government denied that troops had entered the town.", "entered", "denied", False, False),
    ("There is speculation that the chief executive will resign.", "resign", "speculative", False, True),
    ("Officials said the bridge reopened on Friday.", "reopened", "asserted", False, False),
    ("The carrier will be allowed to bid for the launch contracts.", "bid", "hedged", False, True),
    ("It is expected that the new aircraft will enter service in May.", "enter", "hedged", False, True),
    ("The airline negotiated the purchase of twenty new jets.", "purchase", "hedged", False, False),
    ("We want to know what happened to the flight.", "happened", "asserted", False, False),
])
def test_certainty_reads_the_cues_in_the_scope_of_the_predicate(sentence, word, certainty, negated, planned):
    doc = parse(sentence)
    tok = next(t for t in doc if t.text == word)
    reading = read_scope(tok)
    assert (reading.certainty, reading.negated, reading.planned) == (certainty, negated, planned), reading.cues


def test_a_description_resolves_to_the_name_beside_it_and_stays_a_description_alone():
    named = claim_with(analyse("The influential daily, Kommersant, reported that the talks had collapsed.").claims,
                       "talks had collapsed")
    assert (named.attribution, named.attribution_kind) == ("Kommersant", "entity")
    alone = claim_with(analyse("The influential daily reported that the talks had collapsed.").claims,
                       "talks had collapsed")
    assert "daily" in alone.attribution and alone.attribution_kind != "outlet" and alone.attribution_entity is None
    official = claim_with(analyse("The talks had collapsed, a senior official told Reuters.").claims,
                          "talks had collapsed")
    assert (official.attribution, official.attribution_kind) == ("senior official", "group")


@needs_model
def test_a_second_attribution_in_the_same_clause_is_kept_beside_the_claims_own():
    text = ("Senator Elizabeth Warren said on Tuesday that the bank had misled regulators, "
            "while its chief executive John Stumpf insists the accounts were opened by mistake.")
    result = analyse(text)
    spans = []
    for c in result.claims:
        if c.attribution_kind != "outlet":
            spans.append((text[slice(*c.source_span)], text[slice(*c.cue_span)]))
        spans.extend((text[slice(*a.source_span)], text[slice(*a.cue_span)]) for a in c.attributions)
    assert any("Warren" in s and cue == "said" for s, cue in spans)
    assert any("Stumpf" in s and cue == "insists" for s, cue in spans)
    nested = ("Clinton had mocked the complaint, saying anybody who complains about a microphone "
              "is not having a good night.")
    claim = analyse(nested).claims[0]
    cues = [nested[slice(*claim.cue_span)]] + [nested[slice(*a.cue_span)] for a in claim.attributions]
    assert "Clinton" in claim.attribution
    assert len(cues) == len(set(cues))  # one cue, one attribution: no duplicates


@needs_model
def test_a_rare_cue_word_frames_a_claim_only_when_it_introduces_a_statement():
    ruled = analyse("Politifact then ruled that the statement about shootings in Chicago was true.")
    claim = claim_with(ruled.claims, "Chicago")
    assert claim.attribution_kind != "outlet" and "Politifact" in claim.attribution
    withdrew = analyse("The Russian army withdrew its warships from the naval base in Tartus.")
    claim = claim_with(withdrew.claims, "Tartus")
    assert claim.attribution_kind == "outlet" and not claim.attributions
