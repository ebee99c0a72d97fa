"""Fit the geocoding ranker (``data/geocoding_ranker.json``): which reading of a name.

For every candidate place span that newsfuse itself finds (``places.collect_spans``) over
a gold toponym of LGL or GeoVirus (../shared/bench/geoparsing), the name's candidates
after the first, agreement-seeking pass (``places._first_pass``) are described by
``places._rerank_features``; the readings within 161 km of the gold point are the right
ones. The outlet home of each article (``places.outlet_homes``) is computed as in the
running system: from the outlet's other articles of the same half, read by newsfuse, never
from their gold. A conditional logit (softmax over a name's candidates, the right ones'
probability summed; L2; Adam in numpy) is fitted on the even-indexed articles, starting
from the first-pass score alone; the odd half is scored before and after and recorded.

    python scripts/train_geocoding_ranker.py [--limit N] [--parse-cache DIR] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_geocoding import read_corpus  # noqa: E402
from train_place_recognition import parses  # noqa: E402

from newsfuse.analyze import places  # noqa: E402

L2 = 0.01
STEPS = 600
RATE = 0.05
KM = 161.0


def groups_of(half: str, limit: int | None, cache: str | None, both: bool = False) -> dict[str, list]:
    """Per corpus, one (features [n_cands x n_feats], right [n_cands]) per name over a gold
    toponym with coordinates, and the count of such toponyms (for Acc@161). ``both``
    (training) adds each article with an outlet home again without it, so the ranker also
    holds for a document whose outlet is unknown."""
    out: dict[str, list] = {}
    for corpus in ("lgl", "geovirus"):
        outlets: list = []
        articles = read_corpus(corpus, limit, half, outlets)
        docs = parses(corpus, half, limit, cache)
        spans = [places.collect_spans(text, doc) for (text, _), doc in zip(articles, docs)]
        homes = places.outlet_homes(outlets, spans)
        # found again with the home, as find_places does (the home is a recognition feature too)
        items = [(text, gold, places.collect_spans(text, doc, home), home)
                 for (text, gold), doc, home in zip(articles, docs, homes)]
        if both:
            items += [(text, gold, places.collect_spans(text, doc), None)
                      for (text, gold), doc, home in zip(articles, docs, homes) if home is not None]
        rows, toponyms = [], 0
        for text, gold, found, home in items:
            located = [g for g in gold if g[3] == g[3]]
            toponyms += len(located)
            names = [(sp.text, sp.hint) for sp in found]
            groups, hints, weights, index = places._name_groups(names, loose=False)
            trimmed, scores = places._first_pass(groups, hints, weights, {}, [], home)
            feats = places._rerank_features(trimmed, scores, weights, home)
            taken: set[int] = set()
            for sp, g in zip(found, index):
                for n, (s, e, _, lat, lon) in enumerate(located):
                    if n not in taken and sp.start < e and s < sp.end:
                        taken.add(n)
                        right = [places.haversine_km((lat, lon), (c.lat, c.lon)) <= KM for c in trimmed[g]]
                        x = np.array(feats[g], dtype=float).reshape(len(trimmed[g]), len(places.RANKER_FEATURES))
                        rows.append((x, np.array(right, dtype=float)))
                        break
        out[corpus] = [rows, toponyms]
    return out


def accuracy(rows: list, toponyms: int, w: np.ndarray) -> float:
    """End-to-end Acc@161 over all gold toponyms: a name not found, or with no
    candidates, is a miss."""
    hits = 0
    for x, right in rows:
        if len(right):
            hits += bool(right[int(np.argmax(x @ w))])
    return hits / max(1, toponyms)


def fit(rows: list, w0: np.ndarray) -> np.ndarray:
    data = [(x, r) for x, r in rows if 0 < r.sum() < len(r)]  # only names with a choice to learn
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, STEPS + 1):
        grad = L2 * (w - w0)
        for x, r in data:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            q = p * r / max(1e-12, (p * r).sum())  # posterior over the right readings
            grad += x.T @ (p - q) / len(data)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus (default all)")
    ap.add_argument("--parse-cache", default=None, help="folder to keep spaCy parses in between runs")
    ap.add_argument("--out", default=str(ROOT / "src/newsfuse/data/geocoding_ranker.json"))
    args = ap.parse_args()
    nfeat = len(places.RANKER_FEATURES)
    w0 = np.zeros(nfeat)
    w0[0] = 1.0  # the first pass alone
    previous = np.array(places.ranker_weights())  # the weights in use before this fit
    w = fit([r for c, (rows, _) in groups_of("even", args.limit, args.parse_cache, both=True).items() for r in rows], w0)
    even = groups_of("even", args.limit, args.parse_cache)
    odd = groups_of("odd", args.limit, args.parse_cache)
    held = {c: {"toponyms": odd[c][1], "acc161_first_pass_only": round(accuracy(*odd[c], w0), 4),
                "acc161_previous_weights": round(accuracy(*odd[c], previous), 4),
                "acc161": round(accuracy(*odd[c], w), 4)} for c in odd}
    train = {c: {"names": len(even[c][0]), "acc161_first_pass_only": round(accuracy(*even[c], w0), 4),
                 "acc161_previous_weights": round(accuracy(*even[c], previous), 4),
                 "acc161": round(accuracy(*even[c], w), 4)} for c in even}
    out = {
        "about": "Geocoding ranker: linear weights over places.RANKER_FEATURES, a conditional logit over each "
                 "name's candidates (right = within 161 km of the gold point) fitted by "
                 "scripts/train_geocoding_ranker.py on the system's own spans over gold toponyms in the "
                 "even-indexed articles of LGL and GeoVirus; outlet homes from the outlet's other articles. "
                 "Accuracies are end to end (a gold toponym not found is a miss).",
        "train_even": train,
        "held_out_odd": held,
        "weights": {name: round(float(x), 4) for name, x in zip(places.RANKER_FEATURES, w)},
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "about"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
