"""Speed and memory of the per-document analysis (issue 3).

Analyses N documents made by varying the example corpus (each copy gets a different
outlet line and a numbered closing sentence, so nothing is cached), once in this process
and once with a process pool, and prints documents/s, sentences/s and peak RSS.

    .venv/bin/python benchmarks/bench_analysis.py --docs 2000 --workers 2
"""
from __future__ import annotations

import argparse
import dataclasses
import resource
import time
from pathlib import Path

from newsfuse.analyze import analyze_document, analyze_documents
from newsfuse.ingest import read_sources
from newsfuse.model import Document

ROOT = Path(__file__).resolve().parents[1]


def corpus(n: int) -> list[Document]:
    base = [d for d in read_sources([str(ROOT / "examples")]) if isinstance(d, Document)]
    docs = []
    for i in range(n):
        d = base[i % len(base)]
        text = f"{d.text}\nUpdate {i}: correspondents in the region filed report number {i}."
        docs.append(dataclasses.replace(d, id=f"bench{i:06d}", text=text))
    return docs


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    docs = corpus(args.docs)
    analyze_document(docs[0])  # load models outside the timing
    rows = []
    for workers in sorted({1, args.workers}):
        t0 = time.perf_counter()
        results = analyze_documents(docs, workers=workers)
        secs = time.perf_counter() - t0
        sentences = sum(len(r.sentences) for r in results)
        failed = sum(1 for r in results if r.error)
        rows.append((workers, len(docs), sentences, secs, failed))
    print(f"{'workers':>7} {'docs':>6} {'sentences':>9} {'seconds':>8} {'docs/s':>7} {'sent/s':>7} {'failed':>6}")
    for workers, n, sentences, secs, failed in rows:
        print(f"{workers:>7} {n:>6} {sentences:>9} {secs:>8.1f} {n / secs:>7.1f} {sentences / secs:>7.1f} {failed:>6}")
    print(f"peak RSS: main process {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
