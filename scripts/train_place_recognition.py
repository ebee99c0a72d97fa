"""Fit the toponym recognition model (``data/place_recognition.json``).

Every candidate span that ``places._collect_spans`` scores is a sample; it is positive when
it overlaps a gold toponym of LGL or GeoVirus (../shared/bench/geoparsing). Training uses
the even-indexed articles only (each with its outlet home, ``places.outlet_homes``, from
the outlet's other articles of the half); the odd ones are the held-out half that
``benchmarks/bench_geocoding.py --half odd`` reports. Logistic regression (L2, full-batch
gradient descent in numpy); the threshold is the one that maximises F1 over the training
samples.

    python scripts/train_place_recognition.py [--limit N] [--parse-cache DIR] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_geocoding import read_corpus  # noqa: E402

from newsfuse.analyze import place_recognition as recognition  # noqa: E402
from newsfuse.analyze.nlp import load_nlp  # noqa: E402
from newsfuse.analyze.places import _collect_spans, outlet_homes  # noqa: E402

L2 = 1e-3
STEPS = 3000
RATE = 0.5


def parses(corpus: str, half: str, limit: int | None, cache: str | None) -> list:
    """spaCy parses of one half of a corpus, kept in ``cache`` (a DocBin file) when given."""
    from spacy.tokens import DocBin

    nlp = load_nlp()
    articles = read_corpus(corpus, limit, half)
    path = Path(cache) / f"{corpus}_{half}_{limit or 'all'}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe([t for t, _ in articles], batch_size=32))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def samples(half: str, limit: int | None, cache: str | None = None,
            both: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of every candidate span. ``both`` (training) adds each
    article with an outlet home a second time without it, so the model also holds for a
    document whose outlet is unknown (the home feature must not stand in for others)."""
    xs, ys = [], []
    for corpus in ("lgl", "geovirus"):
        outlets: list = []
        articles = read_corpus(corpus, limit, half, outlets)
        docs = parses(corpus, half, limit, cache)
        # Outlet homes as analyze_documents makes them: from the outlet's other articles'
        # own readings (spans found without a home), never from their gold.
        homes = outlet_homes(outlets, [_collect_spans(text, doc) for (text, _), doc in zip(articles, docs)])
        for (text, gold), doc, home in zip(articles, docs, homes):
            found: list = []
            _collect_spans(text, doc, samples=found, home=home)
            if both and home is not None:
                _collect_spans(text, doc, samples=found)
            for s, e, feats in found:
                xs.append(feats)
                ys.append(float(any(s < ge and gs < e for gs, ge, *_ in gold)))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + L2 * np.r_[0.0, w[1:]]
        w -= RATE * grad
    return w


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    for t in np.arange(0.2, 0.8, 0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        prec, rec = tp / max(1, pred.sum()), tp / max(1, y.sum())
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus (default all)")
    ap.add_argument("--parse-cache", default=None, help="folder to keep spaCy parses in between runs")
    ap.add_argument("--out", default=str(ROOT / "src/newsfuse/data/place_recognition.json"))
    args = ap.parse_args()
    x, y = samples("even", args.limit, args.parse_cache, both=True)
    w = fit(x, y)
    p = 1 / (1 + np.exp(-(x @ w)))
    t, f1 = best_threshold(p, y)
    xo, yo = samples("odd", args.limit, args.parse_cache)
    po = 1 / (1 + np.exp(-(xo @ w)))
    pred = po >= t
    tp = float((pred & (yo == 1)).sum())
    prec, rec = tp / max(1, pred.sum()), tp / max(1, yo.sum())
    base = xo[:, recognition.FEATURES.index("label_GPE")] + xo[:, recognition.FEATURES.index("label_LOC")] \
        + xo[:, recognition.FEATURES.index("label_FAC")] > 0
    btp = float((base & (yo == 1)).sum())
    bp, br = btp / max(1, base.sum()), btp / max(1, yo.sum())
    out = {
        "about": "Toponym recognition: logistic weights over place_recognition.FEATURES, fitted by "
                 "scripts/train_place_recognition.py on the even-indexed articles of LGL and GeoVirus "
                 "(a candidate span is positive when it overlaps a gold toponym).",
        "train": {"samples": int(len(y)), "positives": int(y.sum()), "f1_at_threshold": round(f1, 4)},
        "held_out_odd": {"samples": int(len(yo)), "precision": round(prec, 4), "recall": round(rec, 4),
                         "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
                         "baseline_spacy_place_label": {"precision": round(bp, 4), "recall": round(br, 4)}},
        "threshold": round(t, 3),
        "weights": {name: round(float(v), 4) for name, v in zip(recognition.FEATURES, w)},
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "weights"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
