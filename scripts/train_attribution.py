"""Train the attribution extractor (src/newsfuse/analyze/attribution.py) on PolNeAR.

Reads ../shared/bench/polnear: ``train/`` (840 articles, every annotator's file) to fit the
cue tagger and the role classifier (multinomial logistic regression, L2, L-BFGS), then
scores the result on ``dev/`` (84 articles, first annotator) and writes both models and
the dev score to src/newsfuse/data/attribution_model.npz.

    nice -n 10 .venv/bin/python scripts/train_attribution.py [--cache /tmp/attr] [--c 1.0]

``--cache DIR`` keeps the spaCy parses (DocBin) between runs: parsing train takes minutes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import polnear  # noqa: E402

from newsfuse.analyze import attribution as A  # noqa: E402
from newsfuse.analyze.nlp import load_nlp  # noqa: E402


def parsed(split: str, arts, cache: Path | None):
    from spacy.tokens import DocBin

    nlp = load_nlp()
    texts = []
    for a in arts:
        if not texts or texts[-1] != a.text:
            texts.append(a.text)
    path = cache / f"{split}.spacy" if cache else None
    if path and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts)):
            return {d.text: d for d in docs}
    docs = list(nlp.pipe(texts, batch_size=16))
    if path:
        db = DocBin()
        for d in docs:
            db.add(d)
        path.parent.mkdir(parents=True, exist_ok=True)
        db.to_disk(path)
    return {d.text: d for d in docs}


def _token_chars(doc, ranges) -> set[int]:
    chars = {i for s, e in ranges for i in range(s, e)}
    return {t.i for t in doc if not t.is_space and any(c in chars for c in range(t.idx, t.idx + len(t.text)))}


def cue_lemma_set(arts, docs, min_count: int = 2) -> set[str]:
    """Lemmas seen inside a gold cue at least ``min_count`` times: only these are tagged."""
    counts: dict[str, int] = {}
    for art in arts:
        doc = docs[art.text]
        for at in art.attributions:
            if at.cue:
                for i in _token_chars(doc, at.cue):
                    lemma = doc[i].lemma_.lower()
                    counts[lemma] = counts.get(lemma, 0) + 1
    return {w for w, n in counts.items() if n >= min_count}


def cue_rates(arts, docs, cue_lemmas) -> dict[str, float]:
    """Per cue lemma, the share of its train occurrences inside a gold cue: how much a
    word alone says that it attributes ("say" nearly always, "withdraw" rarely)."""
    seen: dict[str, int] = {}
    cued: dict[str, int] = {}
    for art in arts:
        doc = docs[art.text]
        inside = {i for at in art.attributions if at.cue for i in _token_chars(doc, at.cue)}
        for tok in doc:
            if A.cue_candidate(tok, cue_lemmas):
                lemma = tok.lemma_.lower()
                seen[lemma] = seen.get(lemma, 0) + 1
                cued[lemma] = cued.get(lemma, 0) + (tok.i in inside)
    return {w: round(cued.get(w, 0) / n, 3) for w, n in sorted(seen.items())}


def examples(arts, docs, cue_lemmas):
    cue_x, cue_y, role_x, role_y = [], [], [], []
    for art in arts:
        doc = docs[art.text]
        table = A.Tokens(doc)  # the features read this, built once per document
        quotes = A.quote_ids(table)
        cue_label = {}
        cue_ranges = []
        for at in art.attributions:
            if not at.cue:
                continue
            toks = sorted(_token_chars(doc, at.cue))
            if not toks:
                continue
            for k, t in enumerate(toks):
                cue_label[t] = "B" if k == 0 else "I"
            cue_ranges.append((toks[0], toks[-1] + 1, at))
        for tok in doc:
            if not A.cue_candidate(tok, cue_lemmas):
                continue
            cue_x.append(A.cue_features(table, tok.i, quotes))
            cue_y.append(A.CUE_CLASSES.index(cue_label.get(tok.i, "O")))
        ranges = [(a, b) for a, b, _ in cue_ranges]
        for a, b, at in cue_ranges:
            span = [doc[k] for k in range(a, b)]
            tops = [t for t in span if not (a <= t.head.i < b) or t.head.i == t.i]
            head = ([t for t in tops if t.pos_ in ("VERB", "AUX")] or tops or span)[0]
            src = _token_chars(doc, at.source) if at.source else set()
            con = {i for c in at.content for i in _token_chars(doc, c)}
            chain = table.ancestors(head.i)
            others = [r for r in ranges if r != (a, b)]
            sent = head.sent
            for j in range(sent.start, sent.end):
                if a <= j < b or doc[j].is_space or any(x <= j < y for x, y in others):
                    continue
                role_x.append(A.role_features(table, (a, b), head.i, j, quotes, chain, others))
                role_y.append(2 if j in con else (1 if j in src else 0))
    return cue_x, cue_y, role_x, role_y


def fit(xs: list[list[str]], ys: list[int], k: int, c: float, min_count: int = 2) -> tuple[dict, list]:
    counts: dict[str, int] = {}
    for f in xs:
        for x in f:
            counts[x] = counts.get(x, 0) + 1
    vocab = {x: n for n, x in enumerate(sorted(x for x, v in counts.items() if v >= min_count))}
    rows, cols = [], []
    for r, f in enumerate(xs):
        for x in set(f):
            n = vocab.get(x)
            if n is not None:
                rows.append(r)
                cols.append(n)
    X = sparse.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(xs), len(vocab)))
    Y = np.asarray(ys)
    onehot = np.zeros((len(ys), k))
    onehot[np.arange(len(ys)), Y] = 1.0
    d = len(vocab)
    lam = 1.0 / c

    def loss(theta):
        W = theta[: d * k].reshape(d, k)
        b = theta[d * k:]
        S = X @ W + b
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        Z = P.sum(axis=1, keepdims=True)
        P /= Z
        nll = -(S[np.arange(len(ys)), Y] - np.log(Z[:, 0])).sum()
        G = P - onehot
        gW = X.T @ G + lam * W
        gb = G.sum(axis=0)
        return nll + 0.5 * lam * (W * W).sum(), np.concatenate([gW.ravel(), gb])

    res = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    W = res.x[: d * k].reshape(d, k)
    b = res.x[d * k:]
    weights = {}
    names = sorted(vocab, key=vocab.get)
    for n, name in enumerate(names):
        row = W[n]
        if np.abs(row).max() >= 0.01:
            weights[name] = [round(float(v), 3) for v in row]
    print(f"  {len(xs)} examples, {d} features, {len(weights)} kept, loss {res.fun:.0f}, {res.nit} iterations", flush=True)
    return weights, [round(float(v), 4) for v in b]


def evaluate(arts, docs, model) -> dict:
    scorer = polnear.Scorer()
    t = time.perf_counter()
    for art in arts:
        doc = docs[art.text]
        pred = {"source": [], "cue": [], "content": []}
        for f in A.find_attributions(doc, model=model):
            pred["cue"].append((f.cue,))
            if f.source:
                pred["source"].append((f.source,))
            if f.content:
                pred["content"].append(tuple(f.content))
        scorer.add(art, pred)
    ms = (time.perf_counter() - t) / max(1, len(arts)) * 1000
    scorer.print(f"dev, extractor alone ({ms:.1f} ms per article after the parse)")
    table = scorer.table()
    return {k: {m: [round(x, 3) for x in v] for m, v in table[k].items()} for k in table} | {"ms_per_article": round(ms, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    parser.add_argument("--out", type=Path, default=A.MODEL_PATH)
    parser.add_argument("--limit", type=int, default=None, help="first N train articles (a quick check)")
    args = parser.parse_args()
    train = polnear.articles("train", all_annotators=True, limit=args.limit)
    dev = polnear.articles("dev")
    t = time.perf_counter()
    train_docs = parsed("train", train, args.cache if not args.limit else None)
    dev_docs = parsed("dev", dev, args.cache)
    print(f"parsed {len(train_docs)} train + {len(dev_docs)} dev texts in {time.perf_counter() - t:.0f} s", flush=True)
    cue_lemmas = cue_lemma_set(train, train_docs)
    cue_x, cue_y, role_x, role_y = examples(train, train_docs, cue_lemmas)
    print("cue tagger", flush=True)
    cue_w, cue_b = fit(cue_x, cue_y, 3, args.c)
    print("role classifier", flush=True)
    role_w, role_b = fit(role_x, role_y, 3, args.c)
    data = {
        "trained_on": f"PolNeAR v1.0.0 train/ ({len(train_docs)} articles, {len(train)} annotation files"
                      f"{f', --limit {args.limit}' if args.limit else ''}), networkdynamics/PolNeAR",
        "made_by": "scripts/train_attribution.py",
        "date": dt.date.today().isoformat(),
        "c": args.c,
        "cue": {"classes": list(A.CUE_CLASSES), "weights": cue_w, "bias": cue_b, "lemmas": sorted(cue_lemmas),
                "rates": cue_rates(train, train_docs, cue_lemmas)},
        "role": {"classes": list(A.ROLE_CLASSES), "weights": role_w, "bias": role_b},
    }
    model = {"cue": A.LinearModel(A.CUE_CLASSES, cue_w, cue_b), "cue_lemmas": cue_lemmas, "role": A.LinearModel(A.ROLE_CLASSES, role_w, role_b)}
    data["dev"] = evaluate(dev, dev_docs, model)
    A.save_model_file(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
