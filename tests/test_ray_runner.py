"""``--runner ray``: per-document analysis as Ray Data map_batches on a local 2-worker
cluster started here gives the analyses (claims, entities, places) and the stories of
the local run, written by the workers themselves into the same kind of store."""
from __future__ import annotations

import os

import pytest

from newsfuse import pipeline
from newsfuse.store import Store

from .conftest import EXAMPLES

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray cluster of 2 worker CPUs for this module; shut down after it."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(address="local", num_cpus=2, include_dashboard=False, object_store_memory=128 * 1024 * 1024,
             logging_level="WARNING")
    yield
    ray.shutdown()


def _analysed(store, runner: str) -> dict:
    pipeline.ingest([str(EXAMPLES / "reports")], store)
    summary = pipeline.analyze_pending(store, workers=2, runner=runner)
    assert summary.analyzed == store.count_documents() and not summary.failures
    pipeline.cluster_pending(store)
    ids = [d.id for d in store.documents()]
    analyses = store.analyses(ids)
    return {
        "analyses": {i: (analyses[i].claims, analyses[i].entities, analyses[i].places) for i in ids},
        "stories": sorted(sorted(s.documents) for s in store.stories()),
        "embeddings": store.embeddings(ids),
    }


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> dict:
    """The reference: the example reports analysed in this process."""
    return _analysed(Store(tmp_path_factory.mktemp("local") / "local.db"), "local")


def test_ray_run_stores_the_local_runs_analyses_and_stories(ray_cluster, local_run, store_address):
    local = local_run
    distributed = Store(store_address)
    on_ray = _analysed(distributed, "ray")
    assert len(local["analyses"]) == 9 and any(claims for claims, _, _ in local["analyses"].values())
    for doc_id, (claims, entities, places) in local["analyses"].items():
        ray_claims, ray_entities, ray_places = on_ray["analyses"][doc_id]
        assert ray_claims == claims, doc_id
        assert ray_entities == entities, doc_id
        assert ray_places == places, doc_id
    # the encoder pads each batch to its longest text, so vectors differ in the last digits
    assert on_ray["embeddings"].keys() == local["embeddings"].keys()
    for doc_id, vector in local["embeddings"].items():
        assert float(vector @ on_ray["embeddings"][doc_id]) > 0.9999, doc_id
    assert on_ray["stories"] == local["stories"]
    # a second run finds nothing left to analyse
    assert pipeline.analyze_pending(distributed, runner="ray").analyzed == 0


def test_ray_runner_refuses_a_store_its_workers_cannot_open(ray_cluster):
    from newsfuse.errors import StoreError
    from newsfuse.model import Document

    store = Store(":memory:")
    store.add_documents([Document("d1", "a.txt", "Rain fell in Odesa.")])
    with pytest.raises(StoreError, match="workers can open"):
        pipeline.analyze_pending(store, runner="ray")
