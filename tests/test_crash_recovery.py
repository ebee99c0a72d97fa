"""A run killed at any point heals on the next run (issue 13): the rerun's report has the
same stories, members, facts and claims as an uninterrupted run's.

Real ``newsfuse analyze`` processes are killed with SIGKILL at deterministic points
(``NEWSFUSE_TEST_KILL_AT``, read by ``pipeline.checkpoint``), one after another on one
database, each run continuing what the one before left, and the state after each kill is
checked; a final run must then converge. (One chain rather than one fresh database per
point: each killed run loads the models, and the chain analyses the corpus only once.)"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse import pipeline
from newsfuse.report import render_json
from newsfuse.store import Store

from .conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

# several sources, so ingest commits several times (once per source)
SOURCES = [str(EXAMPLES / "reports"), str(EXAMPLES / "feeds"), str(EXAMPLES / "bulk")]


def _shape(report_json: str) -> dict[tuple[str, ...], tuple[int, int, int]]:
    """{sorted member paths: (facts, claims, contradictions)}: what must converge
    (ids of stories and timestamps may differ)."""
    report = json.loads(report_json)
    paths = {d["id"]: d["path"] for d in report["documents"]}
    return {tuple(sorted(paths[d] for d in s["documents"])): (len(s["facts"]), len(s["claims"]),
                                                               len(s["contradictions"]))
            for s in report["stories"]}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict:
    store = Store(tmp_path_factory.mktemp("reference") / "ref.db")
    report, summary = pipeline.run(SOURCES, store)
    store.close()
    assert summary.ok, summary.failures
    shape = _shape(render_json(report))
    assert len(shape) >= 3 and sum(len(k) for k in shape) >= 12
    return shape


def _rerun(db: Path) -> dict:
    store = Store(db)
    try:
        report, summary = pipeline.run(SOURCES, store)
        assert summary.ok, summary.failures
        assert not store.dirty_stories() and not store.unanalyzed() and not store.unclustered()
        return _shape(render_json(report))
    finally:
        store.close()


def _killed_cli_run(db: Path, point: str) -> None:
    env = {**os.environ, "NEWSFUSE_TEST_KILL_AT": point, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "newsfuse.cli", "analyze", *SOURCES, "--db", str(db), "-q",
                           "-o", os.devnull], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL, f"{point}: not killed (rc {proc.returncode}): {proc.stderr[-2000:]}"


def test_real_processes_killed_at_every_stage_heal_on_the_next_run(tmp_path, uninterrupted):
    db = tmp_path / "crashy.db"
    _killed_cli_run(db, "ingest-flush:2")  # mid-ingest: the first source is committed, not the rest
    store = Store(db)
    assert 0 < store.count_documents() and not store.memberships()
    store.close()
    _killed_cli_run(db, "analysis-batch:2")  # mid-analysis: ingest done, two analysis batches kept
    store = Store(db)
    assert store.unanalyzed() and not store.memberships()
    store.close()
    _killed_cli_run(db, "after-cluster")  # memberships and clusterer state committed, nothing fused
    store = Store(db)
    assert store.cluster_count() and store.memberships() and not store.unanalyzed()  # clusterer rows committed
    assert set(store.dirty_stories()) == {s.id for s in store.stories()} and not store.pictures()
    store.close()
    _killed_cli_run(db, "fuse-batch:1")  # mid-fusion: some stories fused, the others still dirty
    store = Store(db)
    fused, dirty = len(store.pictures()), len(store.dirty_stories())
    store.close()
    assert fused and dirty
    assert _rerun(db) == uninterrupted


def test_a_story_changed_while_it_was_fused_stays_dirty(store):
    from newsfuse.model import Story, StoryPicture

    store.add_documents([_doc("d1"), _doc("d2")])
    rows = {"n_docs": 1, "df": [("port", 1)], "postings": [], "stories": []}
    store.assign({"d1": "s1"}, [Story("s1", "A", ["d1"])], rows)
    assert store.dirty_stories() == ["s1"] and store.cluster_count() == 1 and store.cluster_df(["port"]) == {"port": 1}
    picture = StoryPicture(Story("s1", "A", ["d1"]))
    store.assign({"d2": "s1"}, [Story("s1", "A", ["d1", "d2"])])  # another process added d2 meanwhile
    store.save_pictures([picture])
    assert store.dirty_stories() == ["s1"]
    store.save_pictures([StoryPicture(Story("s1", "A", ["d1", "d2"]))])
    assert store.dirty_stories() == []


def _doc(doc_id: str):
    from newsfuse.model import Document

    return Document(id=doc_id, path=f"{doc_id}.txt", text=f"Report {doc_id} on the port.", content_hash=doc_id)


def test_a_document_that_cannot_be_clustered_fails_alone_and_waits_for_the_next_run(store, monkeypatch):
    import newsfuse.cluster as cluster
    from newsfuse.model import DocumentAnalysis

    store.add_documents([_doc("d1"), _doc("d2"), _doc("d3")])
    store.save_analyses([DocumentAnalysis(document=d) for d in ("d1", "d2", "d3")])
    real = cluster.features_from

    def features_from(document, *args):
        if document.id == "d2":
            raise ValueError("no features")
        return real(document, *args)

    monkeypatch.setattr(cluster, "features_from", features_from)
    summary = pipeline.RunSummary()
    changed = pipeline.cluster_pending(store, summary=summary)
    assert changed and set(store.memberships()) == {"d1", "d3"}
    assert summary.failures == [("d2.txt", "clustering failed: ValueError: no features")]
    assert store.unclustered() == ["d2"]
    monkeypatch.setattr(cluster, "features_from", real)
    pipeline.cluster_pending(store)
    assert set(store.memberships()) == {"d1", "d2", "d3"}
