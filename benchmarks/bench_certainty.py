"""Certainty and polarity on MEANTIME event factuality (English, 120 Wikinews articles,
4 topics, ../shared/bench/meantime intra-doc annotation).

Every annotated event mention carries certainty (CERTAIN / PROBABLE / POSSIBLE /
UNDERSPECIFIED), polarity (POS / NEG / UNDERSPECIFIED) and time (FUTURE / NON_FUTURE).
Scored, with precision AND recall:
- uncertain: predicted hedged or speculative vs gold PROBABLE or POSSIBLE (events whose
  certainty is UNDERSPECIFIED or empty are left out);
- negative: predicted negated or denied vs gold polarity NEG (UNDERSPECIFIED left out);
- future: predicted plan/prediction vs gold time FUTURE (UNDERSPECIFIED left out).

Predictions:
- ``scope``: analyze.certainty.read_scope on the event's own token (cues in its
  dependency scope, the inventory in data/certainty_cues.yaml);
- ``claim``: the certainty / negated / planned of the newsfuse claim (clause) that
  contains the event, from the real per-document analysis;
- ``baseline``: a fixed cue list anywhere in the sentence (may, might, could, possibly,
  probably, likely, reportedly, allegedly / not, n't, never, no / will, plan, expect).

Per topic and overall; topics airbus and apple are the tuning half, gm and stock the
held-out half (reported separately).

Run: nice -n 10 .venv/bin/python benchmarks/bench_certainty.py [--limit N]
"""
from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from newsfuse.analyze import analyze_document
from newsfuse.analyze.certainty import read_scope
from newsfuse.analyze.nlp import load_nlp
from newsfuse.model import Document

ROOT = Path(__file__).resolve().parents[1].parent / "shared/bench/meantime/meantime_newsreader_english_oct15/intra-doc_annotation"
TOPICS = ("airbus", "apple", "gm", "stock")
TUNE = ("airbus", "apple")
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "'", "n't", "%", "''", "'re", "'ve", "'ll", "'d", "'m", "’s"}
NO_SPACE_AFTER = {"(", "[", "$", "``"}
BASE_UNCERTAIN = {"may", "might", "could", "possibly", "probably", "likely", "reportedly", "allegedly", "perhaps"}
BASE_NEG = {"not", "n't", "never", "no"}
BASE_FUTURE = {"will", "plan", "plans", "planned", "expect", "expects", "expected", "'ll"}


def read_document(path: Path):
    """(text, events): text rebuilt from the tokens, one sentence per line; each event is
    (start, end, certainty, polarity, time) over its first anchor token."""
    root = ET.parse(path).getroot()
    pieces, offsets, pos, last_sentence = [], {}, 0, None
    for tok in root.iter("token"):
        word, sentence = tok.text or "", tok.get("sentence")
        if last_sentence is not None and sentence != last_sentence:
            pieces.append("\n")
            pos += 1
        elif pieces and pieces[-1] != "\n" and word not in NO_SPACE_BEFORE and pieces[-1] not in NO_SPACE_AFTER:
            pieces.append(" ")
            pos += 1
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        pieces.append(word)
        pos += len(word)
        last_sentence = sentence
    events = []
    for m in root.iter("EVENT_MENTION"):
        anchors = [a.get("t_id") for a in m.iter("token_anchor")]
        if not anchors or anchors[0] not in offsets:
            continue
        s, e = offsets[anchors[0]]
        events.append((s, e, m.get("certainty", ""), m.get("polarity", ""), m.get("time", "")))
    return "".join(pieces), events


class Counts:
    def __init__(self):
        self.c = {k: [0, 0, 0] for k in ("uncertain", "negative", "future")}  # tp, pred, gold

    def add(self, kind: str, gold: bool | None, pred: bool) -> None:
        if gold is None:
            return
        row = self.c[kind]
        row[0] += gold and pred
        row[1] += pred
        row[2] += gold

    def line(self, kind: str) -> str:
        tp, pred, gold = self.c[kind]
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp}/{pred} pred, {gold} gold)"


def gold_values(certainty: str, polarity: str, time_: str):
    unc = None if certainty in ("", "UNDERSPECIFIED") else certainty in ("PROBABLE", "POSSIBLE")
    neg = None if polarity in ("", "UNDERSPECIFIED") else polarity == "NEG"
    fut = None if time_ in ("", "UNDERSPECIFIED") else time_ == "FUTURE"
    return unc, neg, fut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N documents per topic")
    parser.add_argument("--modes", default="scope,claim,baseline")
    args = parser.parse_args()
    modes = args.modes.split(",")
    nlp = load_nlp()
    results = {(m, half): Counts() for m in modes for half in ("tune", "held-out", "all")}
    timings = {m: 0.0 for m in modes}
    n_docs = 0
    for topic in TOPICS:
        paths = sorted((ROOT / f"corpus_{topic}").glob("*.xml"))[: args.limit]
        half = "tune" if topic in TUNE else "held-out"
        for path in paths:
            text, events = read_document(path)
            doc = nlp(text)
            n_docs += 1
            claims = []
            if "claim" in modes:
                t = time.perf_counter()
                analysis = analyze_document(Document(id=path.stem, path=str(path), text=text, outlet="Wikinews"), doc)
                timings["claim"] += time.perf_counter() - t
                claims = analysis.claims
            for s, e, cert, pol, tim in events:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                tok = span.root
                unc, neg, fut = gold_values(cert, pol, tim)
                for mode in modes:
                    t = time.perf_counter()
                    if mode == "scope":
                        r = read_scope(tok)
                        pu, pn, pf = r.certainty in ("hedged", "speculative"), r.negated or r.denied, r.planned
                    elif mode == "claim":
                        c = next((c for c in claims if c.start <= s < c.end), None)
                        pu = c is not None and c.certainty in ("hedged", "speculative")
                        pn = c is not None and (c.negated or c.certainty == "denied")
                        pf = c is not None and getattr(c, "planned", False)
                    else:
                        words = {w.lower_ for w in tok.sent}
                        pu, pn, pf = bool(words & BASE_UNCERTAIN), bool(words & BASE_NEG), bool(words & BASE_FUTURE)
                    if mode != "claim":
                        timings[mode] += time.perf_counter() - t
                    for h in (half, "all"):
                        res = results[(mode, h)]
                        res.add("uncertain", unc, pu)
                        res.add("negative", neg, pn)
                        res.add("future", fut, pf)
    print(f"MEANTIME: {n_docs} documents")
    for mode in modes:
        print(f"\n{mode}  ({timings[mode] / max(1, n_docs) * 1000:.1f} ms per document)")
        for half in ("tune", "held-out", "all"):
            res = results[(mode, half)]
            for kind in ("uncertain", "negative", "future"):
                print(f"  {half:9} {kind:10} {res.line(kind)}")


if __name__ == "__main__":
    main()
