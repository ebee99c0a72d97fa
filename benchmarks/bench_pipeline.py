"""The whole pipeline on real reports, beside a bare spaCy pass over the same texts (issue 11).

Real reports from ../shared/bench: GVA's local news reports first (docs/*.txt, title/date/url
header), then PolNeAR's articles, then LGL's. In one run, on the same texts:

1. a bare spaCy pass: ``nlp.pipe`` of the same model, n_process=2 and n_process=1 (the
   trivial baseline: what parsing alone costs, cold start of the worker processes included);
2. the newsfuse pipeline into a fresh store: ingest, analyse (``--workers`` processes),
   cluster, fuse, report (JSON), each stage timed.

Prints reports/s end to end, the ratio newsfuse seconds / fastest bare spaCy seconds (the
number that counts: it cancels most of the machine's noise), time per stage and peak RSS
of this process and of its largest child, and the same ratio in CPU seconds (this process and
its ended children, user + system: on a shared machine far less sensitive to the other load).

    nice -n 10 .venv/bin/python benchmarks/bench_pipeline.py --docs 600 --workers 2
"""
from __future__ import annotations

import argparse
import gc
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
if not BENCH.exists():  # worktrees live beside main, the data beside main
    BENCH = Path("/work/shared/bench")


def real_reports(n: int, tmp: Path) -> list[Path]:
    """Paths of ``n`` real report files: GVA's as they are; PolNeAR and LGL written out as
    plain .txt (LGL's articles live in one XML file)."""
    paths = sorted((BENCH / "gva" / "docs").glob("*.txt"))[:n]
    if len(paths) < n:
        paths += sorted((BENCH / "polnear").glob("*/text/*.txt"))[: n - len(paths)]
    if len(paths) < n:
        xml = (BENCH / "geoparsing" / "lgl.xml").read_text(encoding="utf-8")
        import html

        for i, m in enumerate(re.finditer(r"<text>(.*?)</text>", xml, re.S)):
            if len(paths) >= n:
                break
            p = tmp / f"lgl_{i:04d}.txt"
            p.write_text(html.unescape(m.group(1)), encoding="utf-8")
            paths.append(p)
    return paths


def body(path: Path) -> str:
    """The text newsfuse analyses: GVA's header lines dropped (ingest does the same)."""
    from newsfuse.ingest import read_sources
    from newsfuse.model import Document

    docs = [d for d in read_sources([str(path)]) if isinstance(d, Document)]
    return docs[0].text if docs else ""


def bare_spacy(texts: list[str], n_process: int) -> float:
    """Seconds for spaCy alone: load the model, pipe every text (same model as newsfuse)."""
    import spacy

    from newsfuse.analyze.nlp import MODEL_NAMES

    t = time.perf_counter()
    c = cpu_secs()
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    secs = time.perf_counter() - t
    del nlp
    gc.collect()
    return secs, cpu_secs() - c


def cpu_secs() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended:
    on a shared machine the wall clock counts the other sessions' load, CPU time much less."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-spacy", action="store_true", help="no bare spaCy pass (profiling)")
    ap.add_argument("--db", type=Path, default=None, help="store path (default: a temporary file)")
    args = ap.parse_args()

    from newsfuse import pipeline
    from newsfuse.report import render_json

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        paths = real_reports(args.docs, tmp)
        texts = [body(p) for p in paths]
        words = sum(len(t.split()) for t in texts)
        print(f"{len(paths)} real reports, {words / max(1, len(texts)):.0f} words on average", flush=True)
        spacy_secs, spacy_cpu = {}, {}
        if not args.skip_spacy:
            for n_process in (2, 1):
                spacy_secs[n_process], spacy_cpu[n_process] = bare_spacy(texts, n_process)
                print(f"bare spaCy nlp.pipe n_process={n_process}: {spacy_secs[n_process]:.1f} s "
                      f"= {len(texts) / spacy_secs[n_process]:.1f} reports/s; CPU {spacy_cpu[n_process]:.1f} s", flush=True)
        del texts

        from newsfuse.store import Store

        store = Store(args.db or tmp / "bench.db")
        stages: dict[str, float] = {}
        t0 = time.perf_counter()
        c0 = cpu_secs()
        t = t0
        summary = pipeline.ingest([str(p) for p in paths], store)
        stages["ingest"] = time.perf_counter() - t
        t = time.perf_counter()
        c = cpu_secs()
        pipeline.analyze_pending(store, workers=args.workers, summary=summary)
        stages["analyse"] = time.perf_counter() - t
        analyse_cpu = cpu_secs() - c  # the pool's workers have ended: their CPU is counted
        t = time.perf_counter()
        changed = pipeline.cluster_pending(store)
        stages["cluster"] = time.perf_counter() - t
        t = time.perf_counter()
        pipeline.fuse_stories(store, changed)
        stages["fuse"] = time.perf_counter() - t
        t = time.perf_counter()
        report_text = render_json(pipeline.build_report(store))
        stages["report"] = time.perf_counter() - t
        total = time.perf_counter() - t0
        total_cpu = cpu_secs() - c0
        n = summary.added
        print(f"newsfuse pipeline (--workers {args.workers}): {n} reports in {total:.1f} s = {n / total:.1f} reports/s; "
              f"{len(changed)} stories, {len(summary.failures)} failures, report {len(report_text) // 1024} KB")
        for stage, secs in stages.items():
            print(f"  {stage:8} {secs:7.1f} s  {100 * secs / total:5.1f}%  {1000 * secs / max(1, n):7.1f} ms/report")
        if spacy_secs:
            best = min(spacy_secs.values())
            print(f"ratio newsfuse / bare spaCy (fastest, n_process={min(spacy_secs, key=spacy_secs.get)}): "
                  f"{total / best:.2f}   (analyse stage alone: {stages['analyse'] / best:.2f})")
            cheapest = min(spacy_cpu, key=spacy_cpu.get)  # the fewest CPU seconds (no worker start-up)
            best_cpu = spacy_cpu[cheapest]
            print(f"CPU seconds: newsfuse {total_cpu:.1f} (analyse {analyse_cpu:.1f}), bare spaCy {best_cpu:.1f} "
                  f"(n_process={cheapest}); CPU ratio {total_cpu / best_cpu:.2f} "
                  f"(analyse stage alone {analyse_cpu / best_cpu:.2f})")
        print(f"peak RSS: this process {rss_mb(resource.RUSAGE_SELF):.0f} MB, "
              f"largest child {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        store.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
