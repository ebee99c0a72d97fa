"""The store keeps what was committed, never half a batch, and migrates in order."""
from __future__ import annotations

import datetime as dt
import pytest

from newsfuse.errors import StoreError
from newsfuse.model import Claim, Document, DocumentAnalysis, Story, StoryPicture, TimeExpr
from newsfuse.store import Store
from newsfuse.store.schema import MIGRATIONS


def _doc(i: int, text: str = "Russian warships left the naval base in Tartus.") -> Document:
    return Document(f"d{i:012d}", f"r{i}.txt", f"{text} ({i})", title=f"Report {i}", outlet="Wire",
                    published=dt.date(2024, 12, 8), content_hash=f"h{i}")


def test_documents_round_trip_and_ingest_is_idempotent(store):
    docs = [_doc(1), _doc(2)]
    assert len(store.add_documents(docs)) == 2
    assert store.add_documents(docs) == []
    assert store.documents() == docs
    assert store.documents(d.id for d in reversed(docs)) == docs[::-1]
    assert store.count_documents() == 2
    assert store.has_document("d000000000001") and not store.has_document("d000000000009")


def test_full_text_search_finds_words_and_marks_them(store):
    store.add_documents([_doc(1), _doc(2, "An earthquake struck Hatay province.")])
    hits = store.search("earthquake Hatay")
    assert [h[0] for h in hits] == ["d000000000002"]
    assert "[earthquake]" in hits[0][1]
    assert store.search('"unbalanced quote') == []


def test_failed_batch_leaves_earlier_commits_intact(store):
    store.add_documents([_doc(1)])
    broken = _doc(2)
    broken.path = None  # NOT NULL column: the insert fails mid-batch
    with pytest.raises(store.IntegrityError):
        store.add_documents([_doc(3), broken])
    assert [d.id for d in store.documents()] == ["d000000000001"]


def test_analysis_and_story_picture_round_trip(store):
    store.add_documents([_doc(1)])
    analysis = DocumentAnalysis(
        "d000000000001",
        times=[TimeExpr("On December 8", 0, 13, 0, dt.date(2024, 12, 8))],
        claims=[Claim("d000000000001:c0", "d000000000001", 0, "Ships left Tartus.", 0, 18, "HUR")],
    )
    store.save_analyses([analysis])
    assert store.analyses(["d000000000001"])["d000000000001"] == analysis
    assert store.unclustered() == ["d000000000001"]
    story = Story("s1", "Ships leave Tartus", ["d000000000001"], dt.date(2024, 12, 8), dt.date(2024, 12, 8))
    store.assign({"d000000000001": "s1"}, [story])
    store.save_pictures([StoryPicture(story, claims=analysis.claims)])
    assert store.picture("s1").claims == analysis.claims
    assert [p.story.id for p in store.pictures(["unknown", "s1"])] == ["s1"]
    assert store.unclustered() == []


def test_reopening_keeps_data_and_schema_version(store_address):
    first = Store(store_address)
    first.add_documents([_doc(1)])
    first.close()
    again = Store(store_address)
    assert again.count_documents() == 1
    assert again.schema_version() == len(MIGRATIONS)
    again.close()


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(bogus)


def test_pages_of_documents_and_outlet_lookups_are_queries(store):
    docs = [_doc(i) for i in range(1, 6)]
    docs[2].outlet = "Levant Daily"
    store.add_documents(docs)
    total, page = store.page_documents(2, offset=1)
    assert total == 5 and [d.id for d in page] == [docs[1].id, docs[2].id]
    assert store.page_documents(10, outlet="levant")[0] == 1
    store.assign({docs[2].id: "s1", docs[0].id: "s2"}, [Story("s1", "A", [docs[2].id]), Story("s2", "B", [docs[0].id])])
    assert store.stories_with_outlet("LEVANT") == {"s1"}
    assert store.story("s2").documents == [docs[0].id] and store.story("nope") is None


def test_a_story_emptied_by_reclustering_is_removed_with_its_filter_terms(store):
    store.add_documents([_doc(1), _doc(2)])
    a, b = "d000000000001", "d000000000002"
    store.assign({a: "s1", b: "s2"}, [Story("s1", "A", [a]), Story("s2", "B", [b])])
    store.save_pictures([StoryPicture(Story("s2", "B", [b]))])
    store.db.execute("INSERT INTO story_terms (story, kind, value) VALUES ('s2', 'place', 'tartus')")
    store.assign({b: "s1"}, [Story("s1", "A", [a, b])])
    assert [s.id for s in store.stories()] == ["s1"]
    assert store.stories_matching("place", "tartus") == set()


def test_story_overviews_carry_counts_and_summary_without_the_picture(store):
    from newsfuse.model import Contradiction, Fact

    store.add_documents([_doc(1)])
    story = Story("s1", "Ships leave Tartus", ["d000000000001"])
    store.assign({"d000000000001": "s1"}, [story])
    assert store.overviews(["s1"]) == {}
    fact = Fact("f1", "Ships left Tartus.", ["c1"], ["d000000000001"], 1, "single-source")
    store.save_pictures([StoryPicture(story, facts=[fact], contradictions=[Contradiction(("c1", "c2"), "number", "x")],
                                      summary="Ships left.")])
    assert store.overviews(["s1"]) == {"s1": {"summary": "Ships left.", "facts": 1, "contradictions": 1}}


def test_a_document_whose_analysis_kills_the_process_is_failed_with_a_reason_not_retried(store, monkeypatch):
    """A process that dies mid-batch leaves its documents marked; the next run analyses
    each suspect alone, a second death stores it as failed, and later runs skip it until
    ``requeue_failed`` (analyze --retry-failed)."""
    from newsfuse import pipeline

    store.add_documents([_doc(1), _doc(2, "POISON: this report takes the analyser down."), _doc(3)])
    monkeypatch.setattr(pipeline, "_embeddings", lambda docs, analyses: {})

    def analyse(docs, workers=1, progress=None, pool=None):
        if any("POISON" in d.text for d in docs):
            raise SystemExit("killed")  # what an out-of-memory kill looks like from here: no cleanup
        return [DocumentAnalysis(d.id) for d in docs]

    monkeypatch.setattr(pipeline, "analyze_documents", analyse)
    with pytest.raises(SystemExit):  # batches of one here (at least four commits per run)
        pipeline.analyze_pending(store)
    assert list(store.analyses(["d000000000001"])) == ["d000000000001"]
    assert store.interrupted_analyses() == [("d000000000002", 1)] and store.unanalyzed() == ["d000000000003"]
    with pytest.raises(SystemExit):  # the suspect alone, first
        pipeline.analyze_pending(store)
    assert store.interrupted_analyses() == [("d000000000002", 2)]
    summary = pipeline.analyze_pending(store)
    assert [p for p, _ in summary.failures] == ["r2.txt"] and "did not finish" in summary.failures[0][1]
    assert "d000000000003" in store.analyses(["d000000000003"])
    assert [d for d, _ in store.analysis_failures()] == ["d000000000002"]
    assert pipeline.analyze_pending(store).analyzed == 0  # never retried silently
    assert store.requeue_failed() == ["d000000000002"] and store.unanalyzed() == ["d000000000002"]


def test_interrupting_an_analysis_on_purpose_leaves_no_suspects(store, monkeypatch):
    from newsfuse import pipeline

    store.add_documents([_doc(1)])

    def stop(docs, workers=1, progress=None, pool=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyze_documents", stop)
    with pytest.raises(KeyboardInterrupt):
        pipeline.analyze_pending(store)
    assert store.unanalyzed() == ["d000000000001"] and store.interrupted_analyses() == []


def test_work_queues_follow_the_documents(store):
    store.add_documents([_doc(1), _doc(2)])
    assert store.unanalyzed() == ["d000000000001", "d000000000002"]
    store.save_analyses([DocumentAnalysis("d000000000002")])
    assert store.unanalyzed() == ["d000000000001"] and store.unclustered() == ["d000000000002"]
    story = Story("s1", "Ships", ["d000000000002"])
    store.assign({"d000000000002": "s1"}, [story])
    assert store.unclustered() == []
    store.clear_stories()
    assert store.unclustered() == ["d000000000002"]


def test_migration_fills_the_queues_of_an_older_store(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("PRAGMA user_version=2")
    for i in (1, 2):
        d = _doc(i)
        db.execute("INSERT INTO documents (id, path, content_hash, text) VALUES (?,?,?,?)", (d.id, d.path, d.content_hash, d.text))
    db.execute("INSERT INTO analyses (document, data) VALUES ('d000000000002', '{\"document\": \"d000000000002\"}')")
    db.commit()
    db.close()
    store = Store(path)
    assert store.unanalyzed() == ["d000000000001"] and store.unclustered() == ["d000000000002"]


def test_a_page_of_stories_is_read_alone_newest_first(store):
    store.add_documents([_doc(i) for i in range(1, 6)])
    stories = [Story(f"s{i}", f"Story {i}", [f"d{i:012d}"], dt.date(2024, 1, i), dt.date(2024, 1, i)) for i in range(1, 6)]
    store.assign({f"d{i:012d}": f"s{i}" for i in range(1, 6)}, stories)
    total, page = store.stories_page(2, 1)
    assert total == 5 and [s.id for s in page] == ["s4", "s3"]
    assert [s.id for s in store.stories()][1:3] == ["s4", "s3"]
    assert store.story_of(["d000000000002", "nope"]) == {"d000000000002": "s2"}


def test_published_span_reads_a_storys_first_and_last_day_without_loading_documents(store):
    import dataclasses

    docs = [dataclasses.replace(_doc(i), published=dt.date(2024, 12, 8) + dt.timedelta(days=(i * 7) % 11))
            for i in range(1, 8)]
    undated = dataclasses.replace(_doc(9), published=None)
    store.add_documents([*docs, undated])
    ids = [d.id for d in docs] + [undated.id]
    days = sorted(d.published for d in docs)
    assert store.published_span(ids) == (days[0], days[-1])
    assert store.published_span([undated.id]) == (None, None) and store.published_span([]) == (None, None)


def test_a_batch_is_clustered_in_the_order_it_was_published(store):
    """A folder read at once arrives in file order; its reports meet their stories as they
    were published, undated ones last."""
    days = [dt.date(2016, 7, 29), None, dt.date(2016, 7, 17), dt.date(2016, 7, 18)]
    docs = [_doc(i) for i in range(4)]
    for d, day in zip(docs, days):
        d.published = day
    store.add_documents(docs)
    store.save_analyses([DocumentAnalysis(d.id) for d in docs])
    assert store.unclustered() == [docs[2].id, docs[3].id, docs[0].id, docs[1].id]
