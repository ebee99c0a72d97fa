"""Story clustering on ECB+ (gold story = topic + sub-topic) and UCI News headlines.

ECB+: all 772 documents are clustered together. Thresholds are tuned on the
even-numbered topics and reported on the odd-numbered ones (held out) and on all.
Each configuration adds one signal: words only (the TF-IDF + average-linkage baseline),
+ embedding of title and lead, + who/where/when from a quick spaCy NER pass.

--shipped measures what the pipeline ships instead: the full per-document analysis
(analyze_documents, pickled per document in --cache), the story_text embedding and
incremental StoryClusterer.add with default ClusterSettings.

Usage: .venv/bin/python benchmarks/bench_clustering.py [--bench ../shared/bench] [--skip-uci] [--shipped]
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import pickle
import datetime as dt
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from newsfuse.analyze.embed import embed
from newsfuse.cluster import ClusterSettings, StoryClusterer, features_from, lead_text
from newsfuse.cluster.quick import quick_analyses
from newsfuse.model import Document

from corpora import detokenize  # noqa: E402  (benchmarks/ is on the path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = [round(0.1 + 0.01 * i, 2) for i in range(51)]


# -- scoring -------------------------------------------------------------------------
def bcubed(clusters: list[list[str]], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 over the documents in ``clusters``."""
    gold_size = Counter(gold[d] for c in clusters for d in c)
    p = r = 0.0
    n = 0
    for c in clusters:
        labels = Counter(gold[d] for d in c)
        for d in c:
            same = labels[gold[d]]
            p += same / len(c)
            r += same / gold_size[gold[d]]
            n += 1
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise_f1(clusters: list[list[str]], gold: dict[str, str]) -> tuple[float, float, float]:
    pred_pairs = sum(len(c) * (len(c) - 1) // 2 for c in clusters)
    gold_size = Counter(gold[d] for c in clusters for d in c)
    gold_pairs = sum(n * (n - 1) // 2 for n in gold_size.values())
    tp = sum(n * (n - 1) // 2 for c in clusters for n in Counter(gold[d] for d in c).values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# -- ECB+ loading --------------------------------------------------------------------

def parse_date(line: str) -> dt.date | None:
    """A dateline such as "First Published: June 13, 2013 4:59 PM EDT" or "11/30/09"."""
    import dateparser

    if len(line) > 80 or not re.search(r"\d", line):
        return None
    line = re.sub(r"^(first published|published|posted|updated|last updated|date)\s*:?\s*", "", line, flags=re.I)
    line = re.sub(r"\b\d{1,2}\s*:\s*\d{2}\s*([ap]\.?\s*m\.?)?", " ", line, flags=re.I)
    line = re.sub(r"\s*/\s*", "/", line)
    line = re.sub(r"(\d)\s*:\s*(\d)", r"\1:\2", line)
    try:
        parsed = dateparser.parse(line, settings={"REQUIRE_PARTS": ["year"], "PREFER_DATES_FROM": "past"})
    except Exception:
        return None
    return parsed.date() if parsed and 1990 <= parsed.year <= 2025 else None


def load_ecbplus(folder: Path) -> tuple[list[Document], dict[str, str]]:
    """Documents with title/url/date lines split off as metadata, and gold stories."""
    docs, gold = [], {}
    for path in sorted(folder.glob("ECB+/*/*.xml")):
        root = ET.parse(path).getroot()
        sents: dict[int, list[str]] = defaultdict(list)
        for tok in root.iter("token"):
            sents[int(tok.get("sentence"))].append(tok.text or "")
        lines = [detokenize(sents[k]) for k in sorted(sents)]
        url = title = None
        published = None
        if lines and lines[0].startswith("http"):
            url = lines.pop(0).replace(" ", "")
            if lines and not lines[0].rstrip().endswith(".") and not parse_date(lines[0]):
                title = lines.pop(0)
        for i, line in enumerate(lines[:3]):
            published = parse_date(line)
            if published:
                lines.pop(i)
                break
        name = path.name
        topic = name.split("_")[0]
        gold[name] = f"{topic}_{'ecbplus' if name.endswith('ecbplus.xml') else 'ecb'}"
        docs.append(Document(id=name, path=str(path), text="\n".join(lines), title=title, url=url, published=published))
    return docs, gold


def load_uci(path: Path) -> tuple[list[Document], dict[str, str]]:
    import csv

    docs, gold = [], {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row.get("TITLE") or not row.get("STORY"):
                continue  # a truncated row: nothing to cluster or no gold label
            try:
                day = dt.datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, dt.timezone.utc).date()
            except (ValueError, TypeError, KeyError, OverflowError):
                day = None
            doc_id = f"uci{row['ID']}"
            docs.append(Document(id=doc_id, path=str(path), text=row["TITLE"], title=row["TITLE"], outlet=row["PUBLISHER"], published=day))
            gold[doc_id] = row["STORY"]
    return docs, gold


# -- the shipped path: full analysis + story_text embedding ------------------------------
def real_analyses(docs: list[Document], cache_path: Path) -> list:
    """The pipeline's full per-document analysis (analyze_documents), pickled per document
    id and text hash in ``cache_path`` so later runs only analyse what changed."""
    from newsfuse.analyze import analyze_documents

    cache: dict = {}
    if cache_path.exists():
        try:
            cache = pickle.loads(cache_path.read_bytes())
        except Exception:
            cache = {}

    def key(d: Document) -> str:
        return d.id + ":" + hashlib.sha1(f"{d.title}\n{d.text}\n{d.published}".encode()).hexdigest()[:12]

    todo = [d for d in docs if key(d) not in cache]
    t = time.time()
    for start in range(0, len(todo), 50):
        batch = todo[start : start + 50]
        for d, a in zip(batch, analyze_documents(batch)):
            cache[key(d)] = a
        cache_path.write_bytes(pickle.dumps(cache))
        print(f"  full analysis: {start + len(batch)}/{len(todo)} docs, {time.time() - t:.0f}s", file=sys.stderr)
    return [cache[key(d)] for d in docs]


def real_features(docs: list[Document], cache_path: Path) -> list:
    """Features exactly as newsfuse.pipeline.cluster_pending builds them."""
    from newsfuse.analyze import story_text

    analyses = real_analyses(docs, cache_path)
    emb_path = cache_path.with_suffix(".emb.pkl")
    texts = [story_text(d, a) for d, a in zip(docs, analyses)]
    digest = hashlib.sha1("\x00".join(texts).encode()).hexdigest()
    vectors = None
    if emb_path.exists():
        stored = pickle.loads(emb_path.read_bytes())
        if stored.get("digest") == digest:
            vectors = stored["vectors"]
    if vectors is None:
        vectors = embed(texts)
        emb_path.write_bytes(pickle.dumps({"digest": digest, "vectors": vectors}))
    return [features_from(d, a, v) for d, a, v in zip(docs, analyses, vectors)], analyses


# -- experiments -------------------------------------------------------------------------
def build_features(docs, with_embedding: bool, with_analysis: bool, cache: dict):
    if with_analysis and "analysis" not in cache:
        t = time.time()
        cache["analysis"] = quick_analyses(docs)
        print(f"  quick NER analysis of {len(docs)} docs: {time.time() - t:.1f}s", file=sys.stderr)
    if with_embedding and "embedding" not in cache:
        t = time.time()
        analyses = cache.get("analysis") or [None] * len(docs)
        cache["embedding"] = embed([lead_text(d, a) for d, a in zip(docs, analyses)])
        print(f"  embeddings of {len(docs)} docs: {time.time() - t:.1f}s", file=sys.stderr)
    analyses = cache["analysis"] if with_analysis else [None] * len(docs)
    embs = cache["embedding"] if with_embedding else [None] * len(docs)
    return [features_from(d, a, e) for d, a, e in zip(docs, analyses, embs)]


def run(feats, settings: ClusterSettings, mode: str, seed: int = 0) -> list[list[str]]:
    clusterer = StoryClusterer(settings)
    if mode == "recluster":
        return clusterer.recluster(feats)
    order = list(feats)
    random.Random(seed).shuffle(order)
    for f in order:
        clusterer.add(f)
    return clusterer.clusters()


def tune(feats, gold, settings, mode) -> float:
    """Threshold with the best BCubed F1 on ``feats`` (the tuning half)."""
    best = max(THRESHOLDS, key=lambda t: bcubed(run(feats, dataclasses.replace(settings, threshold=t), mode), gold)[2])
    return best


def no_who_where(settings: ClusterSettings) -> ClusterSettings:
    return dataclasses.replace(settings, people_bonus=0, org_bonus=0, place_bonus=0, people_conflict=0,
                               country_conflict=0, year_conflict=0, date_conflict=0)


def ecb_table(folder: Path) -> None:
    docs, gold = load_ecbplus(folder)
    topics = sorted({int(gold[d.id].split("_")[0]) for d in docs})
    tune_topics = {t for t in topics if t % 2 == 0}
    print(f"\nECB+: {len(docs)} documents, {len(set(gold.values()))} gold stories, "
          f"{sum(1 for d in docs if d.published)} with a dateline; tune on even topics, held out = odd")
    cache: dict = {}
    configs = [
        ("words (TF-IDF baseline)", False, False),
        ("words + embedding", True, False),
        ("words + who/where/when", False, True),
        ("words + emb + who/where/when", True, True),
    ]
    print(f"{'configuration':32} {'mode':12} {'thr':>5} | {'held-out B3 P/R/F1':>20} | {'all B3 P/R/F1':>20} | {'all pair F1':>11}")
    for label, with_emb, with_an in configs:
        feats = build_features(docs, with_emb, with_an, cache)
        settings = ClusterSettings() if with_an else no_who_where(ClusterSettings())
        tune_f = [f for f in feats if int(gold[f.document].split("_")[0]) in tune_topics]
        held_f = [f for f in feats if int(gold[f.document].split("_")[0]) not in tune_topics]
        for mode in ("recluster", "incremental"):
            thr = tune(tune_f, gold, settings, mode)
            s = dataclasses.replace(settings, threshold=thr)
            seeds = [0] if mode == "recluster" else [0, 1, 2]
            held = np.mean([bcubed(run(held_f, s, mode, k), gold) for k in seeds], axis=0)
            allc = [run(feats, s, mode, k) for k in seeds]
            full = np.mean([bcubed(c, gold) for c in allc], axis=0)
            pair = np.mean([pairwise_f1(c, gold)[2] for c in allc])
            print(f"{label:32} {mode:12} {thr:5.2f} | {held[0]:.3f}/{held[1]:.3f}/{held[2]:.3f} | "
                  f"{full[0]:.3f}/{full[1]:.3f}/{full[2]:.3f} | {pair:11.3f}")


def shipped_table(folder: Path, cache_path: Path) -> None:
    """The configuration the pipeline ships: full per-document analysis, incremental add
    with default ClusterSettings (nothing tuned here); with and without the story_text
    embedding (the pipeline stores none unless ``$NEWSFUSE_STORY_EMBEDDING=1``), and,
    without it, the offset a text-only score gets tuned on the even topics."""
    docs, gold = load_ecbplus(folder)
    with_emb, _ = real_features(docs, cache_path)
    without = [dataclasses.replace(f, embedding=None) for f in with_emb]

    def odd(f) -> bool:
        return bool(int(gold[f.document].split("_")[0]) % 2)

    def score(part, settings, mode):
        seeds = [0, 1, 2] if mode == "incremental" else [0]
        runs = [run(part, settings, mode, k) for k in seeds]
        return np.mean([bcubed(c, gold) for c in runs], axis=0), np.mean([pairwise_f1(c, gold)[2] for c in runs])

    tuned = {}
    for mode in ("incremental", "recluster"):
        even = [f for f in without if not odd(f)]
        offsets = [round(0.02 * i, 2) for i in range(-5, 16)]
        tuned[mode] = max(offsets, key=lambda o: score(even, dataclasses.replace(
            ClusterSettings(), lexical_offset=o), mode)[0][2])
    print(f"\nECB+ shipped path (full analysis cached in {cache_path}, incremental: mean of 3 arrival orders); "
          f"default lexical_offset {ClusterSettings().lexical_offset}, tuned on even topics: {tuned}")
    print(f"{'features':26} {'documents':24} {'mode':12} | {'B3 P/R/F1':>17} | {'pair F1':>7}")
    configs = [("words + embedding", with_emb, None), ("words, no embedding", without, None),
               ("words, no emb, offset tuned", without, tuned)]
    for name, feats, offsets in configs:
        parts = {"held-out (odd topics)": [f for f in feats if odd(f)],
                 "tuning (even topics)": [f for f in feats if not odd(f)], "all": feats}
        for label, part in parts.items():
            for mode in ("incremental", "recluster"):
                settings = ClusterSettings()
                if offsets:
                    settings = dataclasses.replace(settings, lexical_offset=offsets[mode])
                (p, r, f1), pair = score(part, settings, mode)
                print(f"{name:26} {label:24} {mode:12} | {p:.3f}/{r:.3f}/{f1:.3f} | {pair:7.3f}")


def uci_table(path: Path) -> None:
    docs, gold = load_uci(path)
    print(f"\nUCI headlines: {len(docs)} headlines, {len(set(gold.values()))} gold stories; "
          "threshold tuned on ECB+ (even topics) is not transferable to one-line texts, so "
          "it is tuned on the first half of the stories and reported on the second")
    cache: dict = {}
    stories = sorted(set(gold.values()))
    tune_stories = set(stories[::2])
    configs = [("words (TF-IDF baseline)", False, False), ("words + embedding", True, False),
               ("words + emb + who/where/when", True, True)]
    print(f"{'configuration':32} {'mode':12} {'thr':>5} | {'held-out B3 P/R/F1':>20} | {'all B3 F1':>9} | {'ms/doc':>6}")
    for label, with_emb, with_an in configs:
        feats = build_features(docs, with_emb, with_an, cache)
        settings = ClusterSettings() if with_an else no_who_where(ClusterSettings())
        tune_f = [f for f in feats if gold[f.document] in tune_stories]
        held_f = [f for f in feats if gold[f.document] not in tune_stories]
        for mode in ("incremental", "recluster"):
            thr = max(THRESHOLDS[::3], key=lambda t: bcubed(run(tune_f, dataclasses.replace(settings, threshold=t), mode), gold)[2])
            s = dataclasses.replace(settings, threshold=thr)
            held = bcubed(run(held_f, s, mode), gold)
            t = time.time()
            full = bcubed(run(feats, s, mode), gold)
            ms = (time.time() - t) * 1000 / len(feats)
            print(f"{label:32} {mode:12} {thr:5.2f} | {held[0]:.3f}/{held[1]:.3f}/{held[2]:.3f} | {full[2]:9.3f} | {ms:6.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--skip-uci", action="store_true")
    ap.add_argument("--skip-ecb", action="store_true")
    ap.add_argument("--shipped", action="store_true",
                    help="only the shipped path: full analysis (slow the first time, ~6 min; cached) + defaults")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newsfuse_ecbplus_analysis.pkl"))
    args = ap.parse_args()
    if args.shipped:
        shipped_table(args.bench / "ecbplus", args.cache)
        return
    if not args.skip_ecb:
        ecb_table(args.bench / "ecbplus")
    if not args.skip_uci:
        uci_table(args.bench / "uci_news_stories" / "uci-news-aggregator_first6367.csv")


if __name__ == "__main__":
    main()
