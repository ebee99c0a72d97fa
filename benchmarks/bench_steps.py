"""CPU per report of each analysis step after the spaCy parse, on real GVA reports (issue 11).

The reports are parsed once (``nlp.pipe``, timed: the parse is the baseline), then every
report is analysed twice over its parse with each step (times, entities, places, claims,
propositions, events) timed in CPU seconds (``time.process_time``: on a shared machine the
wall clock counts the other sessions' load). Prints ms per report per step, their total
and its ratio to the parse.

    nice -n 10 .venv/bin/python benchmarks/bench_steps.py --docs 100
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import real_reports  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    import newsfuse.analyze as analyze
    from newsfuse.analyze import nlp
    from newsfuse.ingest import read_sources
    from newsfuse.model import Document

    with tempfile.TemporaryDirectory() as tmp:
        paths = real_reports(args.docs, Path(tmp))
        docs = [d for p in paths for d in read_sources([str(p)]) if isinstance(d, Document)]
    model = nlp.load_nlp()
    c = time.process_time()
    parsed = list(model.pipe([d.text for d in docs], batch_size=32))
    parse_ms = 1000 * (time.process_time() - c) / len(docs)
    analyze.analyze_document(docs[0], parsed[0])  # every table loaded before timing
    spent: dict[str, float] = {}
    step = analyze._step

    def timed(result, document, name, run):
        c = time.process_time()
        try:
            return step(result, document, name, run)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - c

    analyze._step = timed
    homes = analyze._outlet_homes(docs, parsed)
    for _ in range(args.rounds):
        for d, p, h in zip(docs, parsed, homes):
            analyze.analyze_document(d, p, h)
    n = len(docs) * args.rounds
    total = 1000 * sum(spent.values()) / n
    print(f"{len(docs)} real reports; spaCy parse {parse_ms:.1f} ms CPU per report")
    print("  ".join(f"{k} {1000 * v / n:.1f}" for k, v in spent.items()) + f"  | after the parse {total:.1f} ms "
          f"= {total / parse_ms:.2f}x the parse")


if __name__ == "__main__":
    main()
