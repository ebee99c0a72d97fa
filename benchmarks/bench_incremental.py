"""Cost of one new report when the store already holds 1k, 10k and 100k reports.

Default (``--pipeline``): the whole pipeline (ingest, analyse, cluster, fuse) per new
real report, in batches of 1, 50 and 500, on a store filled first with real GVA reports
(run through the real pipeline) and then with synthetic variations of them (each a real
report with about a third of its words swapped for other words of the same length, so
the analysis offsets stay true and the variation is no near-copy; its stored analysis
is the real report's under the new id; dates moved by up to a year), three to a
synthetic story. The fill is written in bulk, not clustered (``fill``: the rows the
store's own methods write, checked by ``--check`` and tests/test_bench_fill.py). Each
size's filled store is kept in ``--keep`` and reused; the timed runs write to a copy.
New reports are GVA reports not in the fill, through the real pipeline. Prints ms per
new report per stage (wall), the clustering stage's CPU, and this process's peak RSS.

    nice -n 10 .venv/bin/python benchmarks/bench_incremental.py --base 40 --sizes 1000 10000 100000 \
        --batches 1 50 500 --keep /tmp/newsfuse-scale
    .venv/bin/python benchmarks/bench_incremental.py --base 10 --check 400

``--clusterer``: only the clusterer (in memory), on synthetic features: reports around N_STORIES story centroids (embedding = centroid +
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


class Variations:
    """The fill's synthetic reports, the same ones whichever fill writes them: variation
    ``n`` is base report ``n % len(base)`` with about a third of its words swapped (same
    lengths, so the analysis offsets stay true), its date moved by up to a year, and the
    base report's stored analysis under its new id; it belongs to synthetic story
    ``story(n)`` of STORY_SIZE variations of one base report."""

    def __init__(self, store, base_ids: list[str]) -> None:
        from newsfuse.model import to_json

        self.docs = store.documents(base_ids)
        self.analyses = store.analyses(base_ids)
        self.json = {i: to_json(a) for i, a in self.analyses.items()}
        self.by_length: dict[int, list[str]] = {}
        for d in self.docs:
            for w in sorted(set(_WORD.findall(d.text))):
                self.by_length.setdefault(len(w), []).append(w)

    def base(self, n: int):
        return self.docs[n % len(self.docs)]

    def make(self, n: int, rng: random.Random):
        """(document, analysis as stored JSON) of variation ``n``."""
        import dataclasses

        b = self.base(n)
        new_id = f"v{n:012d}"
        shift = dt.timedelta(days=rng.randint(-365, 365))
        doc = dataclasses.replace(b, id=new_id, path=f"synthetic/{new_id}.txt", text=_vary(b.text, rng, self.by_length),
                                  content_hash=f"synthetic{n}", copy_of=None,
                                  published=b.published + shift if b.published else None)
        return doc, self.json[b.id].replace(b.id, new_id)

    def story(self, n: int) -> str:
        return f"syn-{n % len(self.docs)}-{n // (len(self.docs) * STORY_SIZE)}"


def fill(store, base_ids: list[str], target: int, rng: random.Random, chunk: int = 5000) -> float:
    """Add variations of the stored base reports (``Variations``) until the store holds
    ``target`` reports, in bulk. Returns seconds.

    Not run through the pipeline (clustering each variation for real took about 0.2 s a
    report here: 100k would take over 5 hours) but written as the pipeline's store code
    writes it, one transaction and one ``executemany`` per table per ``chunk`` rows:
    documents, full-text rows, duplicate keys (``DuplicateIndex.fingerprint``), analyses
    and their name rows (``Store._term_rows``), story memberships, and the clusterer's rows
    from ``StoryClusterer.place`` (each variation put in its synthetic story without
    scoring, so document frequencies, index postings and story summaries are the rows
    real clustering would have written for that grouping); each story's title and span
    as ``cluster_pending`` chooses them. Synthetic stories get no fused picture and are
    marked clean (nothing of the fill is fused by the timed runs; a new report joining
    one is fused from its members). ``fill_through_api`` writes the same rows through
    the store's methods, report by report; ``check_fill`` compares the two."""
    from newsfuse.cluster import StoryClusterer, features_from, story_title
    from newsfuse.ingest import DuplicateIndex
    from newsfuse.model import iso_date
    from newsfuse.store.sqlite import _DOC_COLUMNS

    t = time.perf_counter()
    var = Variations(store, base_ids)
    index = DuplicateIndex()
    n = store.count_documents()
    while n < target:
        rows: dict[str, list] = {k: [] for k in ("docs", "fts", "dedup", "analyses", "terms")}
        docs, memberships = [], {}
        for _ in range(min(chunk, target - n)):
            d, analysis_json = var.make(n, rng)
            base_analysis = var.analyses[var.base(n).id]
            sig, keys = index.fingerprint(d)
            rows["docs"].append((d.id, d.path, d.url, d.outlet, d.title, iso_date(d.published), d.language,
                                 d.content_hash, int(d.partial), d.copy_of, json.dumps(d.warnings), d.text, sig))
            rows["fts"].append((d.id, d.title or "", d.text))
            rows["dedup"] += [(k, d.id) for k in keys]
            rows["analyses"].append((d.id, analysis_json, base_analysis.error))
            rows["terms"] += [(d.id, *r[1:]) for r in store._term_rows(base_analysis)]
            docs.append((d, features_from(d, base_analysis)))
            memberships[d.id] = var.story(n)
            n += 1
        clusterer = StoryClusterer.backed_by(store)
        clusterer.df.prefetch(t for _, f in docs for t in [*f.terms, *f.names])  # one query per 500 words
        clusterer.stories.prefetch(memberships.values())
        members: dict[str, list] = {}  # story -> its documents, earlier ones first (as cluster_pending)
        for sid in dict.fromkeys(memberships.values()):
            earlier = store.story_document_ids(sid) if sid in clusterer.stories else []
            members[sid] = store.documents(earlier)
        for d, f in docs:
            clusterer.place(f, memberships[d.id])
            members[memberships[d.id]].append(d)
        stories = []
        for sid, ds in members.items():
            days = [x.published for x in ds if x.published]
            stories.append((sid, story_title(ds[:TITLE_SAMPLE]), iso_date(min(days)) if days else None,
                            iso_date(max(days)) if days else None))
        with store.transaction() as db:
            db.executemany(f"INSERT INTO documents ({_DOC_COLUMNS}, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           rows["docs"])
            db.executemany("INSERT INTO documents_fts (id, title, text) VALUES (?,?,?)", rows["fts"])
            db.executemany("INSERT INTO dedup_keys (key, document) VALUES (?,?)", rows["dedup"])
            db.executemany("INSERT INTO analyses (document, data, embedding, error) VALUES (?,?,NULL,?)", rows["analyses"])
            db.executemany("INSERT INTO document_terms (document, kind, key, name, norm, display) VALUES (?,?,?,?,?,?)",
                           rows["terms"])
            db.executemany(
                "INSERT INTO stories (id, title, start, end, dirty) VALUES (?,?,?,?,0) ON CONFLICT(id) DO UPDATE SET "
                "title=excluded.title, start=excluded.start, end=excluded.end, dirty=0, updated_at=datetime('now')",
                stories)
            db.executemany("INSERT INTO story_documents (document, story) VALUES (?,?)", list(memberships.items()))
            store._write_cluster_rows(db, clusterer.changes())
    return time.perf_counter() - t


TITLE_SAMPLE = 40  # = pipeline.TITLE_SAMPLE (synthetic stories hold STORY_SIZE)


def fill_through_api(store, base_ids: list[str], target: int, rng: random.Random, chunk: int = 1000) -> float:
    """``fill``'s rows written through the store's own methods (``add_documents``,
    ``save_analyses``, ``assign``) and the pipeline's title and span code, report by report:
    the reference ``check_fill`` compares ``fill`` with (about 55 ms a report here)."""
    from newsfuse.cluster import StoryClusterer, features_from
    from newsfuse.ingest import DuplicateIndex
    from newsfuse.model import DocumentAnalysis, from_jsonable
    from newsfuse.pipeline import joined_stories

    t = time.perf_counter()
    var = Variations(store, base_ids)
    index = DuplicateIndex()
    n = store.count_documents()
    while n < target:
        docs, analyses, sigs, keys, memberships = [], [], {}, {}, {}
        for _ in range(min(chunk, target - n)):
            doc, raw = var.make(n, rng)
            docs.append(doc)
            sigs[doc.id], keys[doc.id] = index.signature(doc), index.keys(doc)
            analyses.append(from_jsonable(DocumentAnalysis, json.loads(raw)))
            memberships[doc.id] = var.story(n)
            n += 1
        store.add_documents(docs, sigs, keys)
        store.save_analyses(analyses)
        clusterer = StoryClusterer.backed_by(store)
        for doc, a in zip(docs, analyses):
            clusterer.place(features_from(doc, a), memberships[doc.id])
        stories = joined_stories(store, memberships)
        store.assign(memberships, stories, clusterer.changes())
        with store.transaction() as db:  # the fill's stories are not fused (see fill)
            db.executemany("UPDATE stories SET dirty = 0 WHERE id = ?", [(s.id,) for s in stories])
    return time.perf_counter() - t


# columns written with the time of writing, not compared
_CLOCK = {"ingested_at", "analyzed_at", "updated_at", "created_at", "at"}


def store_rows(path) -> dict[str, list]:
    """Every table's rows in a comparable form (clock columns and the revision token left
    out; JSON values decoded, so key order does not matter)."""
    import sqlite3

    db = sqlite3.connect(path)
    out = {}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts_%' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] not in _CLOCK]
        rows = db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        if table == "meta":
            rows = [r for r in rows if r[0] != "revision"]
        if table in ("cluster_stories", "cluster_postings", "analyses"):
            rows = [tuple(json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for v in r) for r in rows]
        out[table] = sorted(rows, key=repr)
    out["indexes"] = sorted(db.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'").fetchall(), key=repr)
    db.close()
    return out


def check_fill(base_db: Path, target: int, work: Path) -> int:
    """Fill two copies of ``base_db`` to ``target`` reports, one with ``fill`` (chunks of
    97 rows, so stories straddle chunks) and one with ``fill_through_api`` (chunks of 40),
    and raise unless every table holds the same rows. Returns the rows compared."""
    import shutil

    from newsfuse.store import Store

    paths = []
    for name, how, chunk in (("bulk", fill, 97), ("api", fill_through_api, 40)):
        path = work / f"check-{name}.db"
        shutil.copy(base_db, path)
        store = Store(path)
        how(store, [d.id for d in store.documents()], target, random.Random(1), chunk=chunk)
        store.close()
        paths.append(path)
    bulk, api = (store_rows(p) for p in paths)
    for table in sorted(set(bulk) | set(api)):
        if bulk.get(table) != api.get(table):
            a, b = bulk.get(table) or [], api.get(table) or []
            diff = next((x, y) for x, y in zip(a + [None], b + [None]) if x != y)
            raise AssertionError(f"fill check: table {table} differs ({len(a)} vs {len(b)} rows), first: {diff}")
    return sum(len(v) for v in bulk.values())


def _saved_fills(keep: Path, base: int, sizes: list[int], build_base) -> dict[int, Path]:
    """A filled store per size in ``keep`` (made once, then reused: the 100k fill takes
    minutes): ``base<B>.db`` holds the real reports through the pipeline, ``fill-<B>-<N>.db``
    that plus variations up to N reports, each made from the next smaller one."""
    import shutil

    from newsfuse.store import Store

    base_db = keep / f"base{base}.db"
    if not base_db.exists():
        build_base(base_db)
    out, previous = {}, base_db
    for size in sorted(sizes):
        path = keep / f"fill-{base}-{size}.db"
        if not path.exists():
            shutil.copy(previous, path.with_suffix(".tmp"))
            store = Store(path.with_suffix(".tmp"))
            secs = fill(store, [d.id for d in Store(base_db).documents()], size, random.Random(size))
            store.close()
            path.with_suffix(".tmp").rename(path)
            print(f"fill to {size:,} reports: {secs:.0f} s", flush=True)
        out[size], previous = path, path
    return out


def _gva_files(args) -> tuple[list[Path], list[Path]]:
    """(the base reports, the new reports of the timed runs): GVA's, in name order."""
    files = sorted((BENCH / "gva" / "docs").glob("*.txt"))
    need = sum(args.batches) * len(args.sizes)
    base_files, probe_files = files[: args.base], files[args.base : args.base + need]
    if len(probe_files) < need:
        raise SystemExit(f"need {need} GVA reports beyond the {args.base} of the fill; lower --batches")
    return base_files, probe_files


def pipeline_base(path: Path, args) -> None:
    """The store of ``args.base`` real GVA reports through the pipeline (the fill's bases)."""
    from newsfuse import pipeline
    from newsfuse.store import Store

    store = Store(path)
    t = time.perf_counter()
    summary = pipeline.ingest([str(p) for p in _gva_files(args)[0]], store)
    pipeline.analyze_pending(store, workers=args.workers, summary=summary)
    pipeline.fuse_stories(store, pipeline.cluster_pending(store))
    store.close()
    print(f"base: {args.base} real GVA reports through the pipeline in {time.perf_counter() - t:.0f} s", flush=True)


def pipeline_bench(args) -> None:
    import shutil

    from newsfuse import pipeline
    from newsfuse.store import Store

    probe_files = _gva_files(args)[1]
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        fills = _saved_fills(args.keep or Path(tmp), args.base, args.sizes, lambda path: pipeline_base(path, args))
        # the timed runs analyse small batches in this process (fewer than four documents
        # go to no pool): load the models here once, as a long-lived `watch` would have
        from newsfuse.analyze import analyze_document
        from newsfuse.model import Document

        analyze_document(Document("warm", "warm.txt", "Police said two men were shot on Main Street on Friday."))
        print(f"{'held':>8} | {'batch':>5} | {'ms/report':>9} | {'ingest':>7} {'analyse':>7} {'cluster':>7} {'fuse':>7} | "
              f"{'cluster CPU':>11} | {'peak RSS MB':>11}", flush=True)
        probe = iter(probe_files)
        for size in sorted(args.sizes):
            work = Path(tmp) / "timed.db"  # the timed runs write to a copy: the saved fill stays as filled
            shutil.copy(fills[size], work)
            store = Store(work)
            for batch in args.batches:
                paths = [str(next(probe)) for _ in range(batch)]
                stages = {}
                t0 = t = time.perf_counter()
                summary = pipeline.ingest(paths, store)
                stages["ingest"] = time.perf_counter() - t
                t = time.perf_counter()
                pipeline.analyze_pending(store, workers=args.workers, summary=summary)
                stages["analyse"] = time.perf_counter() - t
                t, cpu = time.perf_counter(), time.process_time()
                changed = pipeline.cluster_pending(store)
                stages["cluster"] = time.perf_counter() - t
                cluster_cpu = time.process_time() - cpu
                t = time.perf_counter()
                pipeline.fuse_stories(store, changed)
                stages["fuse"] = time.perf_counter() - t
                total = time.perf_counter() - t0
                per = {k: 1000 * v / batch for k, v in stages.items()}
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{store.count_documents() - batch:>8,} | {batch:>5} | {1000 * total / batch:9.0f} | "
                      f"{per['ingest']:7.0f} {per['analyse']:7.0f} {per['cluster']:7.0f} {per['fuse']:7.0f} | "
                      f"{1000 * cluster_cpu / batch:11.1f} | {rss:11.0f}", flush=True)
            store.close()
            work.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusterer", action="store_true", help="only the in-memory clusterer, synthetic features")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--probe", type=int, default=300, help="--clusterer: reports timed at each size")
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 50, 500], help="new reports per run")
    ap.add_argument("--base", type=int, default=300, help="real reports run through the pipeline for the fill")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None,
                    help="directory for the base and filled stores, made once and reused by later runs")
    ap.add_argument("--check", type=int, default=0, metavar="N",
                    help="only check that the bulk fill writes what the store API writes, on N reports")
    args = ap.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp) / "base.db"
            pipeline_base(base, args)
            print(f"fill check: {check_fill(base, args.check, Path(tmp)):,} rows equal")
    elif args.clusterer:
        clusterer_only(args)
    else:
        pipeline_bench(args)


if __name__ == "__main__":
    main()
