"""Fusion of the two seed reports, through the real per-document analysis."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.ingest.sources import read_sources
from newsfuse.model import Story

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def picture():
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS}")
    docs = [d for d in read_sources([str(SEEDS)]) if not isinstance(d, Exception)]
    assert len(docs) == 2
    analyses = {a.document: a for a in analyze_documents(docs)}
    assert all(a.error is None for a in analyses.values())
    return fuse_story(Story("seeds", "Russia withdraws from Syria", [d.id for d in docs]),
                      {d.id: d for d in docs}, analyses)


def _fact(picture, *words: str):
    texts = {c.id: c.text for c in picture.claims}
    for fact in picture.facts:
        if len(fact.documents) == 2 and all(any(w in texts[c] for c in fact.claims) for w in words):
            return fact
    raise AssertionError(f"no two-document fact mentions {words}")


def test_ships_leaving_tartus_rest_on_hur_alone(picture):
    fact = _fact(picture, "warships", "combat ships")
    assert (fact.independent_sources, fact.status) == (1, "single-source")
    assert len({link.source_key for link in fact.sources}) == 1
    assert all(link.source_key.startswith("entity:") for link in fact.sources)
    assert any("Directorate" in (link.cited_source or "") or "HUR" in (link.cited_source or "")
               for link in fact.sources)


def test_khmeimim_airlift_rests_on_hur_alone(picture):
    fact = _fact(picture, "transferring", "airlifting")
    assert (fact.independent_sources, fact.status) == (1, "single-source")


def test_capture_of_damascus_is_corroborated_by_both_outlets(picture):
    fact = _fact(picture, "established control", "captured Damascus")
    assert (fact.independent_sources, fact.status) == (2, "corroborated")
    assert all(link.cited_source is None for link in fact.sources)


def test_assad_fled_or_resigned_is_an_attributed_dispute(picture):
    texts = {c.id: c.text for c in picture.claims}
    disputes = [c for c in picture.contradictions if c.kind == "attributed-dispute"]
    assert len(disputes) == 1, [c.explanation for c in disputes]
    fled, resigned = disputes[0].sides
    assert any("fled" in texts[c] for c in fled.claims) and any("resigned" in texts[c] for c in resigned.claims)
    assert fled.holders == ["Reports"] and resigned.holders == ["Russian officials"]
    assert "Russian officials" in disputes[0].explanation and "eports" in disputes[0].explanation


def test_khmeimim_hmeimim_is_spelling_not_contradiction(picture):
    spelling = [d for d in picture.discrepancies if d.kind == "spelling"]
    assert any({"Khmeimim", "Hmeimim"} <= set(d.values) for d in spelling)
    assert not [c for c in picture.contradictions if "Hmeimim" in c.explanation]


def test_facts_only_one_report_carries_are_single_source(picture):
    texts = {c.id: c.text for c in picture.claims}
    for word in ("Chaiko", "hundreds"):
        fact = next(f for f in picture.facts if any(word in texts[c] for c in f.claims))
        assert fact.status == "single-source" and fact.independent_sources == 1


def test_every_checkable_claim_is_in_a_fact(picture):
    """Every claim but headings, opinions and statements of missing information."""
    in_facts = {c for f in picture.facts for c in f.claims}
    checkable = [c for c in picture.claims if c.kind != "opinion" and any(p.checkable for p in c.propositions)]
    assert {c.id for c in checkable} <= in_facts
    assert not {c.id for c in picture.claims if c.kind == "opinion"} & in_facts
    assert picture.summary and "Damascus" in picture.summary
