"""Per-document analysis on a Ray cluster (``--runner ray``; ``pip install newsfuse[ray]``).

The documents still to analyse become a Ray Dataset of ids, cut into blocks of a few
documents each so that even a few documents spread over every worker; ``map_batches`` runs ``pipeline.analyze_and_store``
(the same function the local path runs) in a pool of Ray actors, one per worker, each
with its models loaded once and its own connection to the store, where it writes the
analyses itself. Clustering and fusion then run in this process as usual.

Where: ``$RAY_ADDRESS`` (``ray://...`` or ``host:port`` of a running cluster, whose nodes
need newsfuse installed and must reach the store: use a PostgreSQL store there), else a
local cluster of ``workers`` CPUs started for the run. A SQLite file works only on a local
cluster (all workers on this machine); ``:memory:`` cannot be shared at all."""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable

import numpy as np

from .errors import StoreError
from .store import Store

#: documents per map_batches call: small, so work spreads evenly over the actors
BATCH_SIZE = 8


class AnalyzeAndStore:
    """The Ray actor: open the store once, then analyse and store each batch of ids."""

    def __init__(self, address: str) -> None:
        self.store = Store(address)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from .pipeline import analyze_and_store

        docs = self.store.documents([str(i) for i in batch["id"]])
        analyses = analyze_and_store(self.store, docs)
        return {
            "id": np.array([d.id for d in docs], dtype=object),
            "path": np.array([d.path for d in docs], dtype=object),
            "analysis": np.array(
                [json.dumps({"error": a.error, "warnings": a.warnings}) for a in analyses], dtype=object
            ),
        }


def start(workers: int | None = None) -> int:
    """Connect to ``$RAY_ADDRESS`` or start a local cluster of ``workers`` CPUs (all of
    this machine's by default) unless Ray is already initialised; return the CPUs the
    cluster offers. No usage statistics are sent."""
    try:
        import ray
    except ImportError as exc:
        raise StoreError("--runner ray needs Ray: pip install 'newsfuse[ray]'") from exc
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            ray.init(address="local", num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     logging_level=logging.WARNING, object_store_memory=256 * 1024 * 1024)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def analyze_pending_on_ray(store: Store, workers: int | None = None,
                           progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
                           summary=None):
    """``pipeline.analyze_pending`` on Ray: the same analyses, written to the same store."""
    from .pipeline import RunSummary, record_analyses

    summary = summary or RunSummary()
    pending = store.unanalyzed()
    tick = progress("analysing", len(pending)) if progress else (lambda n: None)
    if not pending:
        return summary
    if store.path == ":memory:":
        raise StoreError("--runner ray needs a store the workers can open: a SQLite file or a PostgreSQL URL")
    import ray

    cpus = start(workers)
    actors = max(1, min(workers or cpus, cpus))
    blocks = max(1, min(len(pending), -(-len(pending) // BATCH_SIZE)))
    # blocks made here, not by repartition(): an all-to-all repartition needs a free CPU
    # while the actor pool holds every CPU of a small cluster, and would wait forever
    dataset = ray.data.from_items([{"id": i} for i in pending], override_num_blocks=blocks)
    analysed = dataset.map_batches(
        AnalyzeAndStore, fn_constructor_args=(store.path,), batch_size=BATCH_SIZE, batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1,
    )
    for batch in analysed.iter_batches(batch_size=None, batch_format="numpy"):
        results = [json.loads(s) for s in batch["analysis"]]
        record_analyses(summary, list(batch["path"]), [_Result(**r) for r in results])
        tick(len(results))
    return summary


class _Result:
    """What the driver needs of an analysis a worker stored: its error and warnings."""

    def __init__(self, error: str | None, warnings: list[str]) -> None:
        self.error = error
        self.warnings = warnings
