"""Geocoding and toponym recognition on LGL and GeoVirus (../shared/bench/geoparsing).

(a) geocoding given the gold toponym spans (and the text around them): Acc@161 km, median and mean error;
(b) recognition: precision/recall/F1 of find_places' mention spans against gold spans
    (a predicted span counts when it overlaps a gold span).

    python benchmarks/bench_geocoding.py [--corpus lgl|geovirus|both] [--limit N] [--half even|odd]

``--half`` keeps articles with an even or odd index, so a tuning half and a held-out
half can be reported apart.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from newsfuse.analyze.nlp import load_nlp, split_sentences
from newsfuse.analyze.places import context_hint, find_places, haversine_km, resolve_spans

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "geoparsing"
FILES = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}


def read_corpus(name: str, limit: int | None,
                half: str | None = None) -> list[tuple[str, list[tuple[int, int, str, float, float]]]]:
    """Articles as (text, [(start, end, phrase, lat, lon)]); gold toponyms without
    coordinates are kept out of geocoding but still count for recognition (lat=nan)."""
    root = ET.parse(BENCH / FILES[name]).getroot()
    out = []
    for index, art in enumerate(root.iter("article")):
        if half is not None and index % 2 != (half == "odd"):
            continue
        text = art.findtext("text") or ""
        gold = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            start, end = int(t.findtext("start")), int(t.findtext("end"))
            g = t.find("gaztag")
            src = g if g is not None else t
            lat, lon = src.findtext("lat"), src.findtext("lon")
            phrase = t.findtext("phrase") or t.findtext("name") or text[start:end]
            if text[start:end] != phrase:  # GeoVirus offsets can be off by a character or two
                near = text.find(phrase, max(0, start - 5), end + 5)
                if near >= 0:
                    start, end = near, near + len(phrase)
            gold.append((start, end, phrase, float(lat) if lat else float("nan"),
                         float(lon) if lon else float("nan")))
        out.append((text, gold))
        if limit and len(out) >= limit:
            break
    return out


def evaluate(name: str, limit: int | None, half: str | None = None) -> dict:
    articles = read_corpus(name, limit, half)
    nlp = load_nlp()
    errors: list[float] = []
    tp = fp = fn = 0
    t_geo = t_find = 0.0
    for text, gold in articles:
        located = [g for g in gold if g[3] == g[3]]
        t0 = time.perf_counter()
        picks = resolve_spans([(text[s:e], context_hint(text, s, e)) for s, e, *_ in located])
        t_geo += time.perf_counter() - t0
        for (s, e, phrase, lat, lon), pick in zip(located, picks):
            errors.append(haversine_km((lat, lon), (pick.lat, pick.lon)) if pick else 20037.5)
        doc = nlp(text)
        t0 = time.perf_counter()
        mentions, _ = find_places(text, split_sentences(text), doc)
        t_find += time.perf_counter() - t0
        spans = [(g[0], g[1]) for g in gold]
        matched = set()
        for m in mentions:
            hit = next((i for i, (s, e) in enumerate(spans) if m.start < e and s < m.end and i not in matched), None)
            if hit is None:
                fp += 1
            else:
                tp += 1
                matched.add(hit)
        fn += len(spans) - len(matched)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"corpus": name, "articles": len(articles), "toponyms": len(errors),
            "acc161": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
            "median_km": statistics.median(errors) if errors else 0.0,
            "mean_km": statistics.fmean(errors) if errors else 0.0,
            "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "ms_geo_doc": 1000 * t_geo / max(1, len(articles)),
            "ms_find_doc": 1000 * t_find / max(1, len(articles))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["lgl", "geovirus", "both"], default="both")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    ap.add_argument("--half", choices=["even", "odd"], default=None,
                    help="only articles with an even or odd index (tuning vs held-out half)")
    args = ap.parse_args(argv)
    names = ["lgl", "geovirus"] if args.corpus == "both" else [args.corpus]
    rows = [evaluate(n, args.limit, args.half) for n in names]
    print(f"{'corpus':9} {'docs':>5} {'topo':>5} {'Acc@161':>8} {'median':>8} {'mean':>8} "
          f"{'P':>6} {'R':>6} {'F1':>6} {'geo ms/doc':>10} {'find ms/doc':>11}")
    for r in rows:
        print(f"{r['corpus']:9} {r['articles']:5d} {r['toponyms']:5d} {r['acc161']:8.3f} "
              f"{r['median_km']:8.1f} {r['mean_km']:8.1f} {r['P']:6.3f} {r['R']:6.3f} {r['F1']:6.3f} "
              f"{r['ms_geo_doc']:10.2f} {r['ms_find_doc']:11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
