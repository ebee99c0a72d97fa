"""Web app response times on a store of 10,000 documents (issue 5: "fast on a store of
10k documents").

Builds a store once: the seed reports run through the real pipeline, then their fused
story is cloned into N/5 stories of 5 synthetic documents each (different ids, outlets,
places and dates), so pages and filters work over realistic pictures. Then times each
page and API call over loopback-free in-process requests (FastAPI TestClient).

``--clients 50``: throughput instead. ``newsfuse serve --workers N`` runs as a real server
on loopback, and 50 concurrent clients (asyncio, keep-alive HTTP/1.1 connections) request
the story list and a story page for ``--seconds`` each; prints requests/s, p50 and p99
latency and errors, per worker count (issue 11 targets: p50 < 50 ms, >= 300 requests/s).

    .venv/bin/python benchmarks/bench_web.py --docs 10000
    nice -n 10 .venv/bin/python benchmarks/bench_web.py --docs 10000 --clients 50 --workers 1 2 --db /tmp/web10k.db
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
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


async def _client(port: int, path: str, until: float, latencies: list[float], errors: list[str]) -> None:
    """One keep-alive connection requesting ``path`` until ``until`` (perf_counter)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    try:
        while time.perf_counter() < until:
            t = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            if length is None:
                errors.append("no content-length")
                break
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t)
            if status != b"200":
                errors.append(status.decode())
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def _load(port: int, path: str, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    t = time.perf_counter()
    await asyncio.gather(*(_client(port, path, t + seconds, latencies, errors) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - t


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(db: Path, story_id: str, clients: int, seconds: float, worker_counts: list[int]) -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    print(f"\n{clients} concurrent clients, {seconds:.0f} s per page, real HTTP on loopback (newsfuse serve)")
    print(f"{'workers':>7} {'page':12} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for workers in worker_counts:
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--port", str(port),
                                   "--workers", str(workers)], env=env)
        try:
            deadline = time.time() + 120
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start")
                    time.sleep(0.5)
            asyncio.run(_load(port, "/", 4, 3))  # warm every worker up
            for label, path in (("story list", "/"), ("story page", f"/stories/{story_id}")):
                lat, errors, secs = asyncio.run(_load(port, path, clients, seconds))
                lat.sort()
                p50 = 1000 * lat[len(lat) // 2] if lat else float("nan")
                p99 = 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan")
                print(f"{workers:>7} {label:12} {len(lat):>8} {len(lat) / secs:7.0f} {p50:7.1f} {p99:7.1f} {len(errors):>6}",
                      flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--clients", type=int, default=0, help="measure throughput with this many concurrent clients")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="server processes to try (with --clients)")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--db", type=Path, default=None, help="keep (and reuse) the built store here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if db.exists() and Store(db).count_documents() >= args.docs:
            story_id = f"sb{(args.docs // 5) // 2:05d}"
            print(f"reusing {db}: {Store(db).count_documents()} documents")
        else:
            story_id = build(db, args.docs)
            print(f"built a store of {Store(db).count_documents()} documents in {time.perf_counter() - t0:.0f} s")
        if args.clients:
            throughput(db, story_id, args.clients, args.seconds, args.workers)
            return
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
