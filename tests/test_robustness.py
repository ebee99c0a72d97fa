"""Never lose a document: a failing step fails alone, the date grammar cannot crash a
document, and a spread sample of every real corpus in ../shared/bench analyses cleanly
(the full run is benchmarks/bench_robustness.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from benchmarks import corpora
from newsfuse.analyze import analyze_document
from newsfuse.model import Document

REPORT = ("Reuters - Exports fell in the first half of 2019, the ministry said on Tuesday. "
          "Police arrested two men in Lagos after a shooting near the port on Monday.")


def test_the_first_half_of_a_year_no_longer_loses_the_document():
    result = analyze_document(Document(id="r1", path="reuters.txt", text=REPORT, published=dt.date(2019, 7, 10)))
    assert result.error is None and not result.warnings
    half = next(t for t in result.times if "2019" in t.text)
    assert (half.date, half.end_date) == (dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    assert result.entities and result.claims


def test_a_failing_step_keeps_the_other_steps(monkeypatch):
    from newsfuse.analyze import places

    def broken(*args, **kwargs):
        raise ValueError("day is out of range for month")

    monkeypatch.setattr(places, "find_places", broken)
    result = analyze_document(Document(id="r2", path="reuters.txt", text=REPORT, published=dt.date(2019, 7, 10)))
    assert result.error is None
    assert result.places == []
    assert result.entities and result.claims and result.times  # the other steps kept theirs
    (warning,) = result.warnings
    assert warning.startswith("step 'places' failed on reuters.txt")
    assert "Exports fell" in warning and "ValueError" in warning


def test_a_failing_claims_step_leaves_no_events_but_keeps_entities(monkeypatch):
    from newsfuse.analyze import claims

    monkeypatch.setattr(claims, "extract_claims", lambda *a, **k: 1 / 0)
    result = analyze_document(Document(id="r3", path="r3.txt", text=REPORT, published=dt.date(2019, 7, 10)))
    assert result.error is None and result.claims == [] and result.events == []
    assert result.entities and result.places
    assert [w.split(" failed")[0] for w in result.warnings] == ["step 'claims'"]


def _sample() -> list[Document]:
    if not corpora.available():
        pytest.skip(f"benchmark data not found at {corpora.BENCH}")
    out = []
    for name, every in (("ecbplus", 240), ("meantime", 40), ("lgl", 150), ("geovirus", 80),
                        ("timebank", 90), ("polnear", 300), ("uci", 1500), ("gva", 1400)):
        out += [d for d in corpora.documents(name, every=every) if len(d.text) < 6000][:4]
    return out


@pytest.mark.slow
def test_a_sample_of_every_real_corpus_analyses_without_loss():
    docs = _sample()
    assert len(docs) >= 24
    lost, warned = [], []
    for doc in docs:
        result = analyze_document(doc)
        if result.error:
            lost.append((doc.id, result.error))
        warned += [(doc.id, w) for w in result.warnings if w.startswith("step ")]
    assert lost == [] and warned == []
