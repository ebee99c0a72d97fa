"""Fit fusion's event-pair weights on ECB+ even topics; write data/event_coref.json.

Pairs of gold event mentions within each even-topic sub-topic (their propositions read
by analysis code, features by fuse.events.PairScorer) train an L2-regularised logistic
regression; the merge threshold is then the one that gives the best CoNLL F1 of the
real clustering (fuse.events.cluster_events) on the even topics. The odd topics are
scored once at the end and written beside the weights, never used to choose them.

Usage: python scripts/train_event_coref.py [--bench ../shared/bench] [--topics N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_event_coref import DEFAULT_BENCH, conll, load, predict, read_mentions, split  # noqa: E402

from newsfuse.fuse import events  # noqa: E402

OUT = ROOT / "src" / "newsfuse" / "data" / "event_coref.json"
L2 = 1.0
THRESHOLDS = [round(-1.5 + 0.25 * k, 2) for k in range(13)]  # logits -1.5 .. 1.5


def pair_matrix(data, names):
    rows, labels = [], []
    for name in names:
        mentions, chains, places = data[name]
        scorer = events.PairScorer(mentions, places)
        for i in range(len(mentions)):
            for j in range(i + 1, len(mentions)):
                f = scorer.features(mentions[i], mentions[j])
                rows.append([f[k] for k in events.FEATURES])
                labels.append(float(chains[i] == chains[j]))
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    pos = y.mean()
    weight = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos))  # balanced classes

    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        ll = -(weight * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum() / len(y)
        reg = L2 * (w[1:] @ w[1:]) / len(y) * 100
        grad = x.T @ (weight * (p - y)) / len(y)
        grad[1:] += 2 * L2 * w[1:] / len(y) * 100
        return ll + reg, grad

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return res.x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--topics", type=int, default=None)
    args = ap.parse_args()
    data = read_mentions(load(args.bench, args.topics))
    even, odd = split(data)
    x, y = pair_matrix(data, even)
    print(f"{len(y)} even-topic pairs, {int(y.sum())} coreferent")
    w = fit(x, y)
    weights = {k: round(float(v), 4) for k, v in zip(events.FEATURES, w)}
    print(json.dumps(weights, indent=1))
    best = None
    for t in THRESHOLDS:
        events._model.cache_clear()
        events._model = _fixed(weights, t)
        score = conll(predict(data, even))["conll_f1"]
        print(f"threshold {t:+.2f}: even CoNLL F1 {score:.4f}")
        if best is None or score > best[1]:
            best = (t, score)
    events._model = _fixed(weights, best[0])
    held = conll(predict(data, odd))
    record = {
        "source": "scripts/train_event_coref.py: logistic regression on ECB+ even-topic gold event mention "
                  "pairs (within sub-topic), threshold by even-topic CoNLL F1",
        "threshold": best[0], "weights": weights,
        "even_conll_f1": round(best[1], 4), "odd_conll_f1": round(held["conll_f1"], 4),
        "odd_b3_f1": round(held["b3_f1"], 4), "odd_muc_f1": round(held["muc_f1"], 4),
    }
    from bench_event_coref import baselines, table  # noqa: E402

    for label, names in (("held-out odd topics", odd), ("tuning even topics", even)):
        rows = [("newsfuse (fitted weights)", conll(predict(data, names)))]
        rows += [(k, conll(v)) for k, v in baselines(data, names).items()]
        print(f"\n{label}: {len(names)} sub-topics, {sum(len(data[n][0]) for n in names)} mentions")
        print(table(rows))
    OUT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: threshold {best[0]}, even CoNLL {best[1]:.4f}, odd CoNLL {held['conll_f1']:.4f}")


def _fixed(weights, threshold):
    def model():
        return weights, threshold
    model.cache_clear = lambda: None
    return model


if __name__ == "__main__":
    main()
