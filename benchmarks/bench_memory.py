"""Peak memory of analysing one long document (issue 11: bounded by design, <= 1 GB).

Each size runs in a fresh process: load the models on a short real report (the baseline:
what the process holds before any long text), then ``analyze_document`` of one document
of N MB made by joining real GVA reports (each keeps its paragraphs; reports are
separated by a blank line, so the text reads like a long dossier). Prints the peak RSS
of the child, its growth over the baseline, seconds, sentences and whether it failed.

    nice -n 10 .venv/bin/python benchmarks/bench_memory.py --sizes 1 5 20
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
if not BENCH.exists():
    BENCH = Path("/work/shared/bench")


def long_text(megabytes: float) -> str:
    """Real report bodies (header lines dropped) joined up to ``megabytes`` MB of UTF-8."""
    target = int(megabytes * 1024 * 1024)
    parts, size = [], 0
    files = sorted((BENCH / "gva" / "docs").glob("*.txt"))
    i = 0
    while size < target:
        raw = files[i % len(files)].read_text(encoding="utf-8")
        body = raw.split("\n\n", 1)[-1].strip()
        parts.append(body)
        size += len(body.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)[:target]


def _child(megabytes: float, out) -> None:
    from newsfuse.analyze import analyze_document
    from newsfuse.model import Document

    analyze_document(Document("dwarm", "warm.txt", long_text(0.003)))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = long_text(megabytes)
    t = time.perf_counter()
    result = analyze_document(Document("dlong", "long.txt", text))
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.send({"mb": megabytes, "chars": len(text), "base": base, "peak": peak, "secs": secs,
              "sentences": len(result.sentences), "claims": len(result.claims), "error": result.error})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="document sizes in MB")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    print(f"{'MB':>5} {'chars':>10} {'baseline MB':>11} {'peak RSS MB':>11} {'growth MB':>9} {'seconds':>8} "
          f"{'sentences':>9} {'claims':>7}  failed")
    for mb in args.sizes:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(mb, send))
        proc.start()
        r = recv.recv()
        proc.join()
        print(f"{mb:5.1f} {r['chars']:>10,} {r['base']:11.0f} {r['peak']:11.0f} {r['peak'] - r['base']:9.0f} "
              f"{r['secs']:8.0f} {r['sentences']:>9,} {r['claims']:>7,}  {json.dumps(r['error'])}", flush=True)


if __name__ == "__main__":
    main()
