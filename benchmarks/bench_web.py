"""Web app response times on a store of 10,000 documents (issue 5: "fast on a store of
10k documents").

Builds a store once: the seed reports run through the real pipeline, then their fused
story is cloned into N/5 stories of 5 synthetic documents each (different ids, outlets,
places and dates), so pages and filters work over realistic pictures. Then times each
page and API call over loopback-free in-process requests (FastAPI TestClient).

    .venv/bin/python benchmarks/bench_web.py --docs 10000
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newsfuse import pipeline
from newsfuse.model import Document, Story
from newsfuse.store import Store
from newsfuse.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
OUTLETS = ["Levant Daily", "Black Sea Monitor", "Meridian Wire", "Capital Courier", "Harbour Gazette"]


def build(db: Path, n_docs: int) -> str:
    store = Store(db)
    pipeline.run([str(p) for p in SEEDS], store)
    template = store.pictures()[0]
    base_text = store.documents(template.story.documents)[0].text
    per_story = 5
    for s in range(n_docs // per_story):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=s % 700)
        docs = [Document(f"b{s:05d}{k}", f"bench/{s}/{k}.txt", f"{base_text}\nReport {s}-{k} from desk {k}.",
                         title=f"Story {s} report {k}", outlet=OUTLETS[(s + k) % len(OUTLETS)], published=day,
                         content_hash=f"h{s}-{k}") for k in range(per_story)]
        store.add_documents(docs)
        story = Story(f"sb{s:05d}", f"Story {s}: {template.story.title}", [d.id for d in docs], day, day)
        store.assign({d.id: story.id for d in docs}, [story])
        store.save_pictures([dataclasses.replace(template, story=story)])
    store.close()
    return f"sb{(n_docs // per_story) // 2:05d}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        story_id = build(db, args.docs)
        print(f"built a store of {Store(db).count_documents()} documents in {time.perf_counter() - t0:.0f} s")
        client = TestClient(create_app(db), base_url="http://127.0.0.1")  # the app refuses other Host names
        requests = [
            ("story list", "/"), ("story list, full-text search", "/?q=Tartus"),
            ("story list, place filter", "/?place=damascus"), ("story list, outlet filter", "/?outlet=levant"),
            ("story page", f"/stories/{story_id}"), ("API stories page", "/api/stories?limit=50&offset=500"),
            ("API documents page", "/api/documents?limit=50&offset=9000"), ("API search", "/api/search?q=Khmeimim"),
            ("API story facts", f"/api/stories/{story_id}/facts"),
        ]
        print(f"{'request':32} {'median ms':>10} {'max ms':>8}")
        for label, url in requests:
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                resp = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                assert resp.status_code == 200, (url, resp.status_code)
            print(f"{label:32} {statistics.median(times):10.1f} {max(times):8.1f}")


if __name__ == "__main__":
    main()
