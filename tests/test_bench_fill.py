"""The scale benchmark's bulk fill (benchmarks/bench_incremental.py) writes the rows the
store's own methods write: a store filled in bulk equals one filled report by report
through ``add_documents``, ``save_analyses``, ``StoryClusterer.place`` and ``assign``,
table by table (documents, full-text rows, duplicate keys, analyses and name rows, story
memberships, titles and spans, the clusterer's counts, postings and story summaries)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from newsfuse import pipeline
from newsfuse.store import Store

from .conftest import ROOT, seed_paths


def _bench():
    spec = importlib.util.spec_from_file_location("bench_incremental", ROOT / "benchmarks" / "bench_incremental.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bulk_fill_writes_what_the_store_api_writes(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    store = Store(base)
    summary = pipeline.ingest([str(p) for p in seed_paths()[:8]], store)
    pipeline.analyze_pending(store, workers=1, summary=summary)
    pipeline.cluster_pending(store)
    held = store.count_documents()
    store.close()
    compared = _bench().check_fill(base, held + 150, tmp_path)  # raises on the first differing table
    assert compared > 1000
    filled = Store(tmp_path / "check-bulk.db")
    assert filled.count_documents() == held + 150
    memberships = filled.memberships()
    # variations of one base report, 3 to a story, as the fill promises
    stories = [s for s in set(memberships.values()) if s.startswith("syn-")]
    assert max(sum(1 for v in memberships.values() if v == s) for s in stories) == 3
    assert not filled.unclustered() and not filled.unanalyzed()
    filled.close()


def test_fill_check_sees_a_difference(tmp_path: Path) -> None:
    """The comparison is not blind: one changed row makes it fail."""
    import shutil
    import sqlite3

    bench = _bench()
    base = tmp_path / "base.db"
    Store(base).close()
    other = tmp_path / "other.db"
    shutil.copy(base, other)
    db = sqlite3.connect(other)
    db.execute("INSERT INTO cluster_df (term, n) VALUES ('police', 3)")
    db.commit()
    db.close()
    assert bench.store_rows(base) != bench.store_rows(other)
