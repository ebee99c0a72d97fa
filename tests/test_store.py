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
