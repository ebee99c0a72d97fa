"""The per-document step survives what real feeds throw at it."""
from __future__ import annotations

import datetime as dt

import pytest

import newsfuse.analyze.nlp as nlp
from newsfuse.analyze import analyze_document, analyze_documents
from newsfuse.model import Document

REPORT = ("Ukrainian forces shelled a Russian depot near Kherson on Monday, officials said. "
          "The regional governor said two people were injured.")


def _doc(doc_id: str, text: str, language: str | None = "en") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, outlet="Test Wire", published=dt.date(2024, 5, 6),
                    language=language)


def test_text_in_an_uncovered_language_is_tagged_and_dated_not_crashed():
    text = "Во вторник российские войска обстреляли Херсон. 12 мая 2024 года губернатор сообщил о раненых."
    result = analyze_document(_doc("ru1", text, language="ru"))
    assert result.error is None
    assert any("'ru'" in w for w in result.warnings)
    assert result.sentences and not result.claims


def test_a_long_document_is_parsed_in_chunks_with_true_offsets(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS_PER_CHUNK", 2_000)
    text = "\n".join(f"{REPORT} Update {i} came from the field office." for i in range(60))
    assert len(text) > 10_000
    result = analyze_document(_doc("long1", text))
    assert result.error is None
    assert len(result.sentences) >= 180
    for s in result.sentences:
        assert text[s.start : s.end] == s.text
    for c in result.claims:
        assert text[c.start : c.end] == c.text
    # analysed section by section, joined: indices run on, ids stay unique, links hold
    assert [s.index for s in result.sentences] == list(range(len(result.sentences)))
    for m in result.mentions + result.times:
        assert text[m.start : m.end] == m.text
        assert result.sentences[m.sentence].start <= m.start < result.sentences[m.sentence].end
    claim_ids = [c.id for c in result.claims]
    assert len(set(claim_ids)) == len(claim_ids) and len(claim_ids) >= 60
    assert all(c in claim_ids for e in result.events for c in e.claims)
    assert len({e.key for e in result.entities}) == len(result.entities)
    assert len({p.key for p in result.places}) == len(result.places)
    kherson = [p for p in result.places if p.name == "Kherson"]
    assert kherson and kherson[0].mentions >= 60  # merged across sections, counted once each


def test_one_failing_step_is_recorded_and_the_others_are_analysed(monkeypatch):
    from newsfuse.analyze import times

    real = times.find_times

    def flaky(text, published, *args, **kwargs):
        if "POISON" in text:
            raise RuntimeError("simulated analyser bug")
        return real(text, published, *args, **kwargs)

    monkeypatch.setattr(times, "find_times", flaky)
    docs = [_doc("a1", REPORT), _doc("bad", REPORT + " POISON"), _doc("a2", REPORT)]
    results = analyze_documents(docs)
    assert [r.document for r in results] == ["a1", "bad", "a2"]
    # The times step failed alone: the document keeps its entities and claims.
    assert results[1].error is None and results[1].times == [] and results[1].claims
    assert any(w.startswith("step 'times' failed") and "simulated analyser bug" in w for w in results[1].warnings)
    assert results[0].error is None and results[0].claims and results[2].claims and not results[0].warnings


def test_a_document_that_cannot_be_split_is_recorded_and_keeps_its_dates(monkeypatch):
    from newsfuse.analyze import nlp

    def broken(text, doc=None):
        raise RuntimeError("simulated parser bug")

    monkeypatch.setattr(nlp, "split_sentences", broken)
    result = analyze_document(_doc("bad", REPORT))
    assert result.error and "simulated parser bug" in result.error
    assert result.times  # dates need no parse


@pytest.mark.parametrize("text", ["   \n\n  ", "…", "12345"])
def test_contentless_text_gives_an_empty_analysis(text):
    result = analyze_document(_doc("empty", text))
    assert result.error is None
    assert result.claims == [] and result.events == []


def test_batched_analysis_equals_one_document_at_a_time():
    docs = [_doc("b1", REPORT), _doc("b2", "Protesters gathered in Tbilisi on Sunday, police said."), _doc("b3", REPORT)]
    batched = analyze_documents(docs)
    for d, r in zip(docs, batched):
        alone = analyze_document(d)
        assert (r.sentences, r.claims, r.places, r.times, r.events) == (
            alone.sentences, alone.claims, alone.places, alone.times, alone.events)


def test_a_document_beyond_the_memory_limit_is_stored_failed_with_the_reason_and_not_retried(tmp_path, monkeypatch):
    """The analysis of a long document checks its own growth after every section; past
    ``$NEWSFUSE_ANALYSIS_MEMORY_MB`` it stops, the document is stored as failed with the
    reason (no partial analysis), later runs skip it, ``requeue_failed`` brings it back.
    The growth is simulated here (100 MB per section read from /proc would need a
    document of hundreds of MB); benchmarks/bench_memory.py measures the real one."""
    import newsfuse.analyze as analyze
    from newsfuse import pipeline
    from newsfuse.store import Store

    monkeypatch.setattr(nlp, "MAX_CHARS_PER_CHUNK", 2_000)
    monkeypatch.setenv(analyze.MEMORY_ENV, "250")
    monkeypatch.setattr(pipeline, "_embeddings", lambda docs, analyses: {})
    grown = iter(range(0, 10_000, 100))
    monkeypatch.setattr(analyze, "_rss_mb", lambda: float(next(grown)))
    long_text = "\n".join(f"{REPORT} Update {i} came from the field office." for i in range(60))
    store = Store(tmp_path / "s.db")
    store.add_documents([_doc("long1", long_text), _doc("short1", REPORT)])
    summary = pipeline.analyze_pending(store)
    assert [p for p, _ in summary.failures] == ["long1.txt"]
    reason = summary.failures[0][1]
    assert "memory limit" in reason and "300 MB" in reason and "limit 250 MB" in reason and "--retry-failed" in reason
    stored = store.analyses(["long1", "short1"])
    assert stored["long1"].error and not stored["long1"].sentences and not stored["long1"].claims
    assert stored["short1"].error is None and stored["short1"].claims
    assert pipeline.analyze_pending(store).analyzed == 0  # never retried silently
    assert store.requeue_failed() == ["long1"]
    monkeypatch.setenv(analyze.MEMORY_ENV, "0")  # no limit: the same document analyses in full
    assert pipeline.analyze_pending(store).failures == []
    assert len(store.analyses(["long1"])["long1"].sentences) >= 180
    store.close()


def test_a_long_document_is_stored_section_by_section_and_read_back_whole(tmp_path, monkeypatch):
    """What analysing a long document holds does not grow with it: each section after the
    first goes to the store as it is made; the store joins them back into the same
    analysis the in-memory path makes, and clustering reads only the head."""
    from newsfuse import pipeline
    from newsfuse.store import Store

    monkeypatch.setattr(nlp, "MAX_CHARS_PER_CHUNK", 2_000)
    text = "\n".join(f"{REPORT} Update {i} came from the field office." for i in range(60))
    whole = analyze_document(_doc("long1", text))
    emitted = []
    head = analyze_document(_doc("long1", text), emit=lambda n, part: emitted.append((n, part)))
    assert [n for n, _ in emitted] == list(range(1, len(emitted) + 1)) and head.sections == len(emitted) >= 5
    assert len(head.sentences) * 4 < len(whole.sentences)  # held: the first section only
    assert all(not part.entities and not part.places for _, part in emitted)  # merged in the head
    assert head.entities == whole.entities and head.places == whole.places

    store = Store(tmp_path / "s.db")
    store.add_documents([_doc("long1", text), _doc("short1", REPORT)])
    assert pipeline.analyze_pending(store).failures == []
    stored = store.analyses(["long1", "short1"])
    got = stored["long1"]
    assert got.sections == 0 and got.error is None
    for name in ("sentences", "mentions", "times", "claims", "events", "entities", "places"):
        assert getattr(got, name) == getattr(whole, name), name
    assert stored["short1"].claims
    assert len(store.analyses(["long1"], sections=False)["long1"].sentences) == len(head.sentences)
    assert pipeline.cluster_pending(store)

    # analysed again as a shorter text, its earlier sections are gone
    short = _doc("long1", REPORT)
    store.save_analyses([analyze_document(short)])
    assert store.analyses(["long1"])["long1"].sentences == analyze_document(short).sentences
    store.close()
