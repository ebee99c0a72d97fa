"""Per-document analysis on Ray (``--runner ray``) with 1 and 2 workers, beside the local
runner in this process, on real local-news reports (GVA, ../shared/bench/gva/docs).

For each configuration the same N reports are ingested into a fresh store and
``pipeline.analyze_pending`` analyses them. Two rates: end to end (N over that call's
wall time, which includes starting the Ray actors and loading the models in each; cluster
start is timed apart) and warm (reports stored after the first batch arrived, over the
time since: the rate a long run approaches). ``--db postgresql://...`` puts every store on one PostgreSQL server (each
configuration in its own database created there); by default they are SQLite files.

    .venv/bin/python benchmarks/bench_ray.py --docs 200
"""
from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from pathlib import Path

from newsfuse import pipeline
from newsfuse.store import Store

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "bench" / "gva" / "docs"


def fresh_store(base: str | None, name: str, tmp: Path) -> Store:
    if not base:
        return Store(tmp / f"{name}.db")
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "bench_ray_{name}"')
        conn.execute(f'CREATE DATABASE "bench_ray_{name}"')
    return Store(base.rsplit("/", 1)[0] + f"/bench_ray_{name}")


def run(paths: list[str], runner: str, workers: int, base: str | None, tmp: Path) -> dict:
    import ray

    started = time.perf_counter()
    if runner == "ray":
        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        ray.init(address="local", num_cpus=workers, include_dashboard=False, logging_level=logging.WARNING,
                 object_store_memory=256 * 1024 * 1024)
    startup = time.perf_counter() - started
    store = fresh_store(base, f"{runner}{workers}", tmp)
    pipeline.ingest(paths, store)
    arrivals: list[tuple[float, int]] = []

    def progress(label, total):
        done = [0]

        def tick(n):
            done[0] += n
            arrivals.append((time.perf_counter(), done[0]))

        return tick

    started = time.perf_counter()
    summary = pipeline.analyze_pending(store, workers=workers, runner=runner, progress=progress)
    seconds = time.perf_counter() - started
    first = next(((t, n) for t, n in arrivals if n >= 8), arrivals[0])  # a batch, as Ray delivers them
    warm = (arrivals[-1][1] - first[1]) / max(arrivals[-1][0] - first[0], 1e-9)
    store.close()
    if runner == "ray":
        ray.shutdown()
    return {"docs": summary.analyzed, "seconds": seconds, "startup": startup, "warm": warm,
            "failed": len(summary.failures)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--db", help="postgresql:// URL of a database on the server to create the stores on")
    ap.add_argument("--skip-local", action="store_true")
    args = ap.parse_args()
    paths = [str(p) for p in sorted(GVA.glob("*.txt"))[: args.docs]]
    if not paths:
        raise SystemExit(f"no GVA reports in {GVA}")
    words = sum(len(Path(p).read_text(encoding="utf-8", errors="replace").split()) for p in paths) / len(paths)
    print(f"{len(paths)} GVA reports, {words:.0f} words each on average; {os.cpu_count()} CPUs; "
          f"store: {'PostgreSQL' if args.db else 'SQLite'}")
    configs = ([] if args.skip_local else [("local", 1)]) + [("ray", 1), ("ray", 2)]
    with tempfile.TemporaryDirectory() as tmp:
        for runner, workers in configs:
            r = run(paths, runner, workers, args.db, Path(tmp))
            print(f"{runner:>5} {workers} worker(s): {r['docs'] / r['seconds']:6.2f} reports/s end to end, "
                  f"{r['warm']:6.2f} warm ({r['docs']} in {r['seconds']:.1f} s, {r['failed']} failed; "
                  f"cluster start {r['startup']:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
