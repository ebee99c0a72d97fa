"""Never lose a document: every real text in ../shared/bench through per-document analysis.

Runs ECB+, MEANTIME, LGL, GeoVirus, TimeBank+AQUAINT, PolNeAR, the UCI headlines and
GVA's local reports through ``analyze_document`` (the same function the pipeline uses)
and prints, per corpus and in total: documents, failures (an ``error`` recorded: the
document lost; target 0), warnings per step (a step that failed alone, the others kept)
and the slowest documents.

    nice -n 10 .venv/bin/python benchmarks/bench_robustness.py              # every text
    nice -n 10 .venv/bin/python benchmarks/bench_robustness.py --limit 100  # first 100 per corpus
    nice -n 10 .venv/bin/python benchmarks/bench_robustness.py --every 20 --corpus gva uci
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import corpora  # noqa: E402
from newsfuse.analyze import analyze_document  # noqa: E402

_STEP = re.compile(r"^step '(\w+)' failed")


def run(names: list[str], limit: int | None, every: int, show: int) -> int:
    timings: list[tuple[float, str, int]] = []
    total_docs = total_fail = 0
    total_steps: Counter = Counter()
    failures: list[tuple[str, str]] = []
    print(f"{'corpus':10} {'docs':>6} {'failed':>6} {'step warnings':40} {'docs/s':>7}")
    for name in names:
        docs = corpora.documents(name, limit=limit, every=every)
        failed, steps = 0, Counter()
        t0 = time.perf_counter()
        for doc in docs:
            s = time.perf_counter()
            result = analyze_document(doc)
            timings.append((time.perf_counter() - s, doc.id, len(doc.text)))
            if result.error:
                failed += 1
                failures.append((doc.id, result.error))
            for w in result.warnings:
                m = _STEP.match(w)
                if m:
                    steps[m.group(1)] += 1
                    failures.append((doc.id, w[:200]))
        elapsed = time.perf_counter() - t0
        total_docs += len(docs)
        total_fail += failed
        total_steps += steps
        shown = ", ".join(f"{k} {v}" for k, v in sorted(steps.items())) or "none"
        print(f"{name:10} {len(docs):6d} {failed:6d} {shown:40} {len(docs) / elapsed if elapsed else 0:7.1f}",
              flush=True)
    shown = ", ".join(f"{k} {v}" for k, v in sorted(total_steps.items())) or "none"
    print(f"{'total':10} {total_docs:6d} {total_fail:6d} {shown:40}")
    if failures:
        print("\nfailures and step warnings:")
        for doc_id, message in failures[:40]:
            print(f"  {doc_id}: {message}")
    print(f"\nslowest {show} documents (seconds, id, characters):")
    for seconds, doc_id, chars in sorted(timings, reverse=True)[:show]:
        print(f"  {seconds:6.2f}  {doc_id}  {chars}")
    return 1 if total_fail else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", choices=corpora.CORPORA, default=list(corpora.CORPORA))
    ap.add_argument("--limit", type=int, default=None, help="at most this many documents per corpus")
    ap.add_argument("--every", type=int, default=1, help="keep every n-th document of each corpus")
    ap.add_argument("--slowest", type=int, default=10)
    args = ap.parse_args(argv)
    if not corpora.available():
        print(f"benchmark data not found at {corpora.BENCH}", file=sys.stderr)
        return 2
    return run(args.corpus, args.limit, args.every, args.slowest)


if __name__ == "__main__":
    sys.exit(main())
