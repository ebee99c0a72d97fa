"""Cost of adding one report to a StoryClusterer holding 1k, 10k and 100k reports.

Synthetic features: reports around N_STORIES story centroids (embedding = centroid +
noise; 64 dimensions instead of the encoder's 512, which only changes the constant of
the per-candidate dot product), each story with its own people, places, country and
topic words drawn from large vocabularies plus Zipf-distributed common words, dates
spread over two years. The clusterer keeps per-story summaries, not per-report vectors.

Usage: .venv/bin/python benchmarks/bench_incremental.py [--sizes 1000 10000 100000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import time

import numpy as np

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--probe", type=int, default=300, help="reports timed at each size")
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
