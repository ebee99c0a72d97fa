"""Cost of one new report when the store already holds 1k, 10k and 100k reports.

Default (``--pipeline``): the whole pipeline (ingest, analyse, cluster, fuse) per new
real report, in batches of 1, 50 and 500, on a store filled first with real GVA reports
(run through the real pipeline) and then with synthetic variations of them (each a real
report with about a third of its words swapped for other words of the same length, so
the analysis offsets stay true and the variation is no near-copy; its stored analysis
is the real report's under the new id; dates moved by up to a year). The fill is written
directly through the store's API, not clustered: see ``fill``. New reports are GVA
reports not in the fill, through the real pipeline. Prints ms per new report per stage
and peak RSS at each size (of this process, which also made the fill).

    nice -n 10 .venv/bin/python benchmarks/bench_incremental.py --sizes 1000 10000 100000 --batches 1 50 500

``--clusterer``: only the clusterer (in memory), on synthetic features: : reports around N_STORIES story centroids (embedding = centroid +
noise; 64 dimensions instead of the encoder's 512, which only changes the constant of
the per-candidate dot product), each story with its own people, places, country and
topic words drawn from large vocabularies plus Zipf-distributed common words, dates
spread over two years. The clusterer keeps per-story summaries, not per-report vectors.

    .venv/bin/python benchmarks/bench_incremental.py --clusterer [--sizes 1000 10000 100000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import time

import numpy as np

import json
import random
import re
import tempfile
from pathlib import Path

from newsfuse.cluster import StoryClusterer, StoryFeatures

N_STORIES = 3000
DIM = 64
START = dt.date(2023, 1, 1)


class Synth:
    """Reproducible stream of synthetic reports."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        r = self.rng
        self.centroids = r.normal(size=(N_STORIES, DIM)).astype(np.float32)
        self.centroids /= np.linalg.norm(self.centroids, axis=1, keepdims=True)
        self.people = r.integers(0, 20_000, size=(N_STORIES, 3))
        self.places = r.integers(0, 5_000, size=(N_STORIES, 2))
        self.country = r.integers(0, 200, size=N_STORIES)
        self.topic_words = r.integers(0, 50_000, size=(N_STORIES, 15))
        self.day = r.integers(0, 730, size=N_STORIES)
        self.count = 0

    def next(self) -> StoryFeatures:
        r = self.rng
        k = int(r.integers(0, N_STORIES))
        emb = self.centroids[k] + r.normal(scale=0.08, size=DIM).astype(np.float32)
        words = list(r.choice(self.topic_words[k], size=10, replace=False)) + list(50_000 + r.zipf(1.3, size=20) % 20_000)
        terms = {f"w{w}": 1.0 + float(r.random()) for w in words}
        self.count += 1
        return StoryFeatures(
            document=f"doc{self.count}",
            terms=terms,
            embedding=emb / np.linalg.norm(emb),
            people={f"person:{p}": int(r.integers(1, 4)) for p in self.people[k]},
            places={f"geonames:{p}": 1 for p in self.places[k]},
            countries={f"C{self.country[k]}": 1},
            published=START + dt.timedelta(days=int(self.day[k] + r.integers(-3, 4))),
            years={int((START + dt.timedelta(days=int(self.day[k]))).year)},
        )


def clusterer_only(args) -> None:
    synth = Synth()
    clusterer = StoryClusterer()
    print(f"{'held reports':>12} | {'stories':>7} | {'ms/report (probe)':>17} | {'fill ms/report':>14} | {'max RSS MB':>10}")
    for size in sorted(args.sizes):
        t = time.perf_counter()
        filled = 0
        while clusterer.n_docs < size:
            clusterer.add(synth.next())
            filled += 1
        fill_ms = (time.perf_counter() - t) * 1000 / max(1, filled)
        probe = [synth.next() for _ in range(args.probe)]
        t = time.perf_counter()
        for f in probe:
            clusterer.add(f)
        ms = (time.perf_counter() - t) * 1000 / len(probe)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>12,} | {len(clusterer.stories):>7,} | {ms:17.2f} | {fill_ms:14.2f} | {rss:10.0f}")


BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
if not BENCH.exists():
    BENCH = Path("/work/shared/bench")
_WORD = re.compile(r"[A-Za-z]+")


def _vary(text: str, rng: random.Random, by_length: dict[int, list[str]]) -> str:
    """``text`` with about a third of its words replaced by words of the same length."""
    def swap(m: re.Match) -> str:
        w = m.group(0)
        pool = by_length.get(len(w))
        return rng.choice(pool) if pool and rng.random() < 0.35 else w

    return _WORD.sub(swap, text)


STORY_SIZE = 3  # reports per synthetic story (GVA's incidents hold 2.2 reports on average)


def fill(store, base_ids: list[str], target: int, rng: random.Random, chunk: int = 1000) -> float:
    """Add variations of the stored base reports until the store holds ``target``
    reports. Returns seconds.

    Written directly through the store's API, not run through the pipeline: each
    variation is stored with the real report's analysis under its new id
    (``save_analyses``) and placed, without scoring, in a synthetic story of
    STORY_SIZE variations of one base report (``StoryClusterer.place`` over the store's
    clusterer tables, so document frequencies, index postings and story summaries are the
    rows real clustering would have written for that grouping; ``Store.assign`` writes
    them with the memberships). Synthetic stories get no fused picture and are marked
    clean (nothing of the fill is fused by the timed runs; a new report joining one is
    fused from its members). Clustering each variation for real took about 0.2 s a
    report here, which put 100k out of reach (over 5 hours)."""
    import dataclasses

    from newsfuse.cluster import StoryClusterer, features_from
    from newsfuse.ingest import DuplicateIndex
    from newsfuse.model import DocumentAnalysis, Story, from_jsonable, to_json

    t = time.perf_counter()
    base_docs = store.documents(base_ids)
    base_an = store.analyses(base_ids)
    by_length: dict[int, list[str]] = {}
    for d in base_docs:
        for w in set(_WORD.findall(d.text)):
            by_length.setdefault(len(w), []).append(w)
    index = DuplicateIndex()
    n = store.count_documents()
    while n < target:
        docs, analyses, sigs, keys = [], [], {}, {}
        for _ in range(min(chunk, target - n)):
            b = base_docs[n % len(base_docs)]
            new_id = f"v{n:012d}"
            shift = dt.timedelta(days=rng.randint(-365, 365))
            doc = dataclasses.replace(b, id=new_id, path=f"synthetic/{new_id}.txt", text=_vary(b.text, rng, by_length),
                                      content_hash=f"synthetic{n}", copy_of=None,
                                      published=b.published + shift if b.published else None)
            docs.append(doc)
            sigs[new_id], keys[new_id] = index.signature(doc), index.keys(doc)
            raw = to_json(base_an[b.id]).replace(b.id, new_id)
            analyses.append(from_jsonable(DocumentAnalysis, json.loads(raw)))
            n += 1
        store.add_documents(docs, sigs, keys)
        store.save_analyses(analyses)
        clusterer = StoryClusterer.backed_by(store)
        memberships: dict[str, str] = {}
        stories: dict[str, Story] = {}
        for doc, a in zip(docs, analyses):
            k = int(doc.id[1:])
            sid = f"syn-{k % len(base_docs)}-{k // (len(base_docs) * STORY_SIZE)}"
            memberships[doc.id] = clusterer.place(features_from(doc, a), sid)
            st = stories.setdefault(sid, Story(sid, doc.title or sid, [], doc.published, doc.published))
            if doc.published:
                st.start = min(filter(None, [st.start, doc.published]))
                st.end = max(filter(None, [st.end, doc.published]))
        store.assign(memberships, list(stories.values()), clusterer.changes())
        with store.transaction() as db:  # the fill's stories are not fused (see above)
            db.execute("UPDATE stories SET dirty = 0 WHERE id LIKE 'syn-%'")
    return time.perf_counter() - t


def pipeline_bench(args) -> None:
    from newsfuse import pipeline
    from newsfuse.store import Store

    rng = random.Random(0)
    files = sorted((BENCH / "gva" / "docs").glob("*.txt"))
    need = sum(args.batches) * len(args.sizes)
    base_files, probe_files = files[: args.base], files[args.base : args.base + need]
    if len(probe_files) < need:
        raise SystemExit(f"need {need} GVA reports beyond the {args.base} of the fill; lower --batches")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or Path(tmp) / "incremental.db")
        t = time.perf_counter()
        summary = pipeline.ingest([str(p) for p in base_files], store)
        pipeline.analyze_pending(store, workers=args.workers, summary=summary)
        pipeline.fuse_stories(store, pipeline.cluster_pending(store))
        print(f"base: {len(base_files)} real GVA reports through the pipeline in {time.perf_counter() - t:.0f} s", flush=True)
        base_ids = [d.id for d in store.documents()]
        # the timed runs analyse small batches in this process (fewer than four documents
        # go to no pool): load the models here once, as a long-lived `watch` would have
        from newsfuse.analyze import analyze_document
        from newsfuse.model import Document

        analyze_document(Document("warm", "warm.txt", "Police said two men were shot on Main Street on Friday."))
        print(f"{'held':>8} | {'batch':>5} | {'ms/report':>9} | {'ingest':>7} {'analyse':>7} {'cluster':>7} {'fuse':>7} | "
              f"{'fill s':>6} | {'peak RSS MB':>11}", flush=True)
        probe = iter(probe_files)
        for size in sorted(args.sizes):
            fill_secs = fill(store, base_ids, size, rng)
            for batch in args.batches:
                paths = [str(next(probe)) for _ in range(batch)]
                stages = {}
                t0 = t = time.perf_counter()
                summary = pipeline.ingest(paths, store)
                stages["ingest"] = time.perf_counter() - t
                t = time.perf_counter()
                pipeline.analyze_pending(store, workers=args.workers, summary=summary)
                stages["analyse"] = time.perf_counter() - t
                t = time.perf_counter()
                changed = pipeline.cluster_pending(store)
                stages["cluster"] = time.perf_counter() - t
                t = time.perf_counter()
                pipeline.fuse_stories(store, changed)
                stages["fuse"] = time.perf_counter() - t
                total = time.perf_counter() - t0
                per = {k: 1000 * v / batch for k, v in stages.items()}
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{store.count_documents() - batch:>8,} | {batch:>5} | {1000 * total / batch:9.0f} | "
                      f"{per['ingest']:7.0f} {per['analyse']:7.0f} {per['cluster']:7.0f} {per['fuse']:7.0f} | "
                      f"{fill_secs:6.0f} | {rss:11.0f}", flush=True)
                fill_secs = 0.0
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusterer", action="store_true", help="only the in-memory clusterer, synthetic features")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--probe", type=int, default=300, help="--clusterer: reports timed at each size")
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 50, 500], help="new reports per run")
    ap.add_argument("--base", type=int, default=300, help="real reports run through the pipeline for the fill")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    if args.clusterer:
        clusterer_only(args)
    else:
        pipeline_bench(args)


if __name__ == "__main__":
    main()
