"""Event typing on real reports: the typed dev set benchmarks/data/events_dev.tsv.

Each real report (ECB+ sub-topics mapped to ACLED / Disaster / Accident types, GVA
shooting reports; see make_events_dev.py) goes through the full per-document analysis.
Its *main event* is the first typed event of the document. Printed per half (even =
tuning, odd = held out) and beside a trivial baseline (every document gets the most
frequent type of the even half):

* type accuracy: event reports whose main event has an acceptable type (and sub-type);
* found: event reports with an event of an acceptable type anywhere;
* no event: event reports that yield no event at all;
* false event: "none" reports (rehab, sports, nominations) with an event in their lead
  (first three sentences);
* precision / recall of the main type over all reports (a "none" report with a main
  event counts against precision).

    nice -n 10 .venv/bin/python benchmarks/bench_events.py [--cache /tmp/events.pkl] [--half odd]

``--cache`` keeps the analyses up to claims (events are re-typed each run), so rule
changes can be measured in seconds.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpora  # noqa: E402

DEV = ROOT / "benchmarks" / "data" / "events_dev.tsv"
LEAD_SENTENCES = 3


def read_dev() -> list[dict]:
    rows = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("half\t") or not line.strip():
            continue
        half, corpus, doc, expected, label = line.split("\t")
        accept = [] if expected == "none" else [tuple(x.strip() for x in e.split(":", 1)) for e in expected.split("|")]
        rows.append({"half": half, "corpus": corpus, "doc": doc, "accept": accept, "label": label})
    return rows


def load_documents(rows: list[dict]) -> dict:
    wanted = {r["doc"] for r in rows}
    out = {}
    for name in ("ecbplus", "gva"):
        for d in corpora.READERS[name]():
            if d.id in wanted:
                out[d.id] = d
    return out


def analyses(rows: list[dict], cache: Path | None):
    """(document, analysis, spaCy doc) per row; the analysis up to claims, cached."""
    from spacy.tokens import Doc

    from newsfuse.analyze import analyze_document, nlp

    vocab = nlp.load_nlp().vocab
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        return {k: (d, a, Doc(vocab).from_bytes(b)) for k, (d, a, b) in stored.items()}
    docs = load_documents(rows)
    out = {}
    for r in rows:
        document = docs[r["doc"]]
        parsed = nlp.parse(document.text)
        out[r["doc"]] = (document, analyze_document(document, parsed), parsed)
    if cache:
        cache.write_bytes(pickle.dumps({k: (d, a, p.to_bytes()) for k, (d, a, p) in out.items()}))
    return out


def typed(analysed) -> dict:
    """Events re-extracted with the current events module (timed)."""
    from newsfuse.analyze import events

    out, t0 = {}, time.perf_counter()
    for key, (document, a, parsed) in analysed.items():
        out[key] = (a, events.extract_events(document, a.claims, a.sentences, parsed, a.entities, a.places, a.times))
    return out, time.perf_counter() - t0


def ok(event_type: str, sub_type: str | None, accept, level: str) -> bool:
    for t, s in accept:
        if t == event_type and (level == "type" or s == "*" or s == sub_type):
            return True
    return False


def score(rows, predicted, level: str, baseline: tuple[str, str] | None = None) -> dict:
    n_event = n_none = correct = found = empty = false_ev = predicted_main = 0
    for r in rows:
        a, evs = predicted[r["doc"]]
        if baseline is not None:
            main = baseline
            evs_types = [baseline]
            lead_event = True
        else:
            main = (evs[0].type, evs[0].sub_type) if evs else None
            evs_types = [(e.type, e.sub_type) for e in evs]
            lead_claims = {c.id for c in a.claims if c.sentence < LEAD_SENTENCES}
            lead_event = any(set(e.claims) & lead_claims for e in evs)
        if main is not None:
            predicted_main += 1
        if r["accept"]:
            n_event += 1
            if main is None:
                empty += 1
            elif ok(*main, r["accept"], level):
                correct += 1
            if any(ok(t, s, r["accept"], level) for t, s in evs_types):
                found += 1
        else:
            n_none += 1
            false_ev += lead_event
    p = correct / predicted_main if predicted_main else 0.0
    rec = correct / n_event if n_event else 0.0
    return {"n_event": n_event, "n_none": n_none, "acc": rec, "found": found / max(n_event, 1),
            "no_event": empty / max(n_event, 1), "false_event": false_ev / max(n_none, 1),
            "P": p, "R": rec, "F1": 2 * p * rec / (p + rec) if p + rec else 0.0}


def line(name: str, s: dict) -> str:
    return (f"{name:34} {s['n_event']:4d}/{s['n_none']:<4d} {s['acc']:6.3f} {s['found']:6.3f} {s['no_event']:8.3f} "
            f"{s['false_event']:7.3f}   {s['P']:.3f} {s['R']:.3f} {s['F1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--half", choices=("even", "odd", "all"), default="all")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrongly typed reports")
    args = ap.parse_args(argv)
    if not corpora.available():
        print(f"benchmark data not found at {corpora.BENCH}", file=sys.stderr)
        return 2
    rows = read_dev()
    analysed = analyses(rows, args.cache)
    predicted, seconds = typed(analysed)
    even = [r for r in rows if r["half"] == "even"]
    freq = Counter(r["accept"][0] for r in even if r["accept"]).most_common(1)[0][0]
    halves = {"even": even, "odd": [r for r in rows if r["half"] == "odd"], "all": rows}
    print(f"event typing on {len(rows)} real reports ({DEV.name}); events typed in {seconds:.1f}s "
          f"({1000 * seconds / len(rows):.1f} ms/report)")
    print(f"{'':34} {'ev/none':9} {'acc':>6} {'found':>6} {'no event':>8} {'false ev':>7}   {'P':5} {'R':5} {'F1':5}")
    for half in ("even", "odd", "all"):
        if args.half not in ("all", half):
            continue
        for level in ("type", "sub-type"):
            print(line(f"{half} {level}", score(halves[half], predicted, level)))
        print(line(f"{half} type, baseline {freq[0][:14]}", score(halves[half], predicted, "type", freq)))
    if args.errors:
        shown = 0
        for r in halves["even"]:
            a, evs = predicted[r["doc"]]
            main = (evs[0].type, evs[0].sub_type) if evs else None
            wrong = (r["accept"] and (main is None or not ok(*main, r["accept"], "sub-type"))) or (
                not r["accept"] and evs and any(c.sentence < LEAD_SENTENCES for c in a.claims if c.id in evs[0].claims))
            if not wrong:
                continue
            claims = {c.id: c for c in a.claims}
            got = f"{main} via {evs[0].trigger!r}: {claims[evs[0].claims[0]].text[:140]!r}" if evs else "no event"
            print(f"- {r['doc']} want {r['accept'] or 'none'}\n    got {got}")
            shown += 1
            if shown >= args.errors:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
