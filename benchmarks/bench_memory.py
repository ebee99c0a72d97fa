"""Peak memory of analysing one long document (issue 11: bounded by design, <= 1 GB).

Each size runs in a fresh process: load the models on a short real report, store one
document of N MB made by joining real GVA reports (each keeps its paragraphs; reports are
separated by a blank line, so the text reads like a long dossier) in a fresh store (the
baseline: what the process holds before analysing), then analyse it as the pipeline does
(``pipeline.analyze_pending``: section by section, each section stored as it is made)
and cluster it. Prints the peak RSS of the child, its growth over the baseline, seconds,
sentences and claims (read back from the store) and whether it failed. ``--in-memory``
measures ``analyze_document`` joining every section in memory instead (what the pipeline
did before: it grows with the document).

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


def _child(megabytes: float, in_memory: bool, out, progress: int = 0) -> None:
    import tempfile

    from newsfuse import pipeline
    from newsfuse.analyze import analyze_document
    from newsfuse.model import Document
    from newsfuse.store import Store

    analyze_document(Document("dwarm", "warm.txt", long_text(0.003)))
    text = long_text(megabytes)
    if progress:  # a line every `progress` sections: the trend of a run too long to wait for
        t_start = time.perf_counter()
        save = Store.save_analysis_section

        def logged(self, doc_id, n, part):
            save(self, doc_id, n, part)
            if n % progress == 0:
                now = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"  section {n}: about {n * 25_000 / 1e6:5.2f}M of {len(text) / 1e6:.2f}M characters in "
                      f"{time.perf_counter() - t_start:6.0f} s, peak RSS so far {now:.0f} MB", flush=True)

        Store.save_analysis_section = logged
    doc = Document("dlong", "long.txt", text, language="en")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "memory.db")
        if not in_memory:
            store.add_documents([doc])
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        if in_memory:
            result = analyze_document(doc)
            error = result.error
        else:
            pipeline.analyze_pending(store, workers=1)
            pipeline.cluster_pending(store)
        secs = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not in_memory:  # read back whole after the peak was taken (fusion's read, not analysis)
            error = (store.analysis_failures() or [(None, None)])[0][1]
            result = store.analyses(["dlong"])["dlong"]
        store.close()
    out.send({"mb": megabytes, "chars": len(text), "base": base, "peak": peak, "secs": secs,
              "sentences": len(result.sentences), "claims": len(result.claims), "error": error})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="document sizes in MB")
    ap.add_argument("--in-memory", action="store_true", help="analyze_document joining the sections in memory")
    ap.add_argument("--progress", type=int, default=0, help="print peak RSS every N sections (25k characters each)")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    print(f"{'MB':>5} {'chars':>10} {'baseline MB':>11} {'peak RSS MB':>11} {'growth MB':>9} {'seconds':>8} "
          f"{'sentences':>9} {'claims':>7}  failed")
    for mb in args.sizes:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(mb, args.in_memory, send, args.progress))
        proc.start()
        r = recv.recv()
        proc.join()
        print(f"{mb:5.1f} {r['chars']:>10,} {r['base']:11.0f} {r['peak']:11.0f} {r['peak'] - r['base']:9.0f} "
              f"{r['secs']:8.0f} {r['sentences']:>9,} {r['claims']:>7,}  {json.dumps(r['error'])}", flush=True)


if __name__ == "__main__":
    main()
