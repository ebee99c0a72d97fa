"""Score the situation picture of examples/ and the seeds against the analyst's gold
(tests/data/expected_picture.yaml): facts found (in one fact, with the expected number of
independent sources and status), contested issues found (as one item, with their sides),
and the MUST-NOT items: false merges, false contradictions, non-facts listed as facts.

The trivial baselines beside the numbers: a picture with no facts and no contradictions
(no false merges or false contradictions, nothing found) and one that puts every claim of
a story into one fact and flags every pair (everything "found", every MUST-NOT violated).

Usage: nice -n 10 .venv/bin/python benchmarks/bench_picture.py [--gold tests/data/expected_picture.yaml] [-v]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import fusionkit as kit

GOLD = kit.ROOT / "tests" / "data" / "expected_picture.yaml"
RUN_INPUTS = {"examples": kit.EXAMPLES, "seeds": kit.SEEDS}


def load_gold(path: Path = GOLD) -> dict:
    return yaml.safe_load(path.read_text())


def run_all(gold: dict) -> dict[str, tuple[dict, dict[str, str]]]:
    """{run name: (JSON report, {doc id: path})} for each run the gold names."""
    out = {}
    for name, inputs in gold["runs"].items():
        sources = []
        for x in inputs:
            sources += sorted(RUN_INPUTS[x].glob("*.txt")) if x == "seeds" else [RUN_INPUTS[x]]
        report, docs = kit.run_pipeline(sources)
        out[name] = (report, {d.id: d.path for d in docs})
    return out


@dataclass
class StoryView:
    """A picture story with the lookups the scorer needs."""

    story: dict
    paths: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.texts = kit.claim_texts(self.story)

    def claims(self, ev: dict) -> set[str]:
        """Claim ids of the story that match one evidence item."""
        rx = re.compile(ev["text"], re.I)
        return {cid for cid, t in self.texts.items()
                if ev["doc"] in self.paths.get(kit.doc_of(cid), "") and rx.search(t)}

    @staticmethod
    def fact_claims(f: dict, told_in: bool = False) -> set[str]:
        """The claims behind a fact; with ``told_in``, also those that tell its event
        inside another statement ("the earthquake that struck before dawn on Monday"): they
        are evidence that it happened, but a sentence told inside one fact and stated in
        another merges nothing."""
        out = set(f.get("claims", []))
        for v in f.get("values", []) or []:
            out.update(v.get("claims", []))
        return out if told_in else out - set(f.get("told_in", []))

    @staticmethod
    def contra_claims(c: dict) -> set[str]:
        out = set(c.get("claims", []))
        for s in c.get("sides", []) or []:
            out.update(s.get("claims", []))
        return out


def find_story(report: dict, paths: dict[str, str], wanted: list[str]) -> dict | None:
    def hits(s: dict) -> int:
        return sum(any(w in paths.get(d, "") for w in wanted) for d in s["documents"])
    best = max(report["stories"], key=hits, default=None)
    return best if best and hits(best) else None


# -- the items ----------------------------------------------------------------------------
def score_fact(v: StoryView, g: dict) -> dict:
    evidence = [v.claims(e) for e in g["evidence"]]
    need = g.get("together", len(g["evidence"]))
    centred = kit.event_centred(v.story)
    best, best_n, best_key = None, 0, (0, 0)
    holders = set()
    for f in v.story.get("facts", []):
        fc = v.fact_claims(f, told_in=True)
        n = sum(bool(e & fc) for e in evidence)
        if n:
            holders.add(f["id"])
        if centred and g.get("aspect") and (f.get("aspect") or "").split(" in ")[0] != g["aspect"]:
            # "killed in turkey" is the killed aspect with its scope
            continue
        own = v.fact_claims(f)
        key = (n, sum(bool(e & own) for e in evidence))  # a fact stating it before one telling it inside another
        if n and key > best_key:
            best, best_n, best_key = f, n, key
    out = {"id": g["id"], "found": best_n >= need, "covered": best_n, "need": need,
           "missing_evidence": [e["text"] for e, c in zip(g["evidence"], evidence) if not c],
           "facts_holding_it": len(holders)}
    if best is not None:
        lo, hi = g.get("sources", [0, 99])
        out["sources"] = best.get("independent_sources")
        out["sources_ok"] = lo <= (best.get("independent_sources") or 0) <= hi
        out["status"] = best.get("status")
        out["status_ok"] = "status" not in g or best.get("status") == g["status"]
        out["credibility"] = best.get("credibility")
        out["credibility_ok"] = "max_credibility" not in g or (best.get("credibility") or 6) <= g["max_credibility"]
        out["statement"] = best.get("statement", "")[:140]
    return out


def score_contested(v: StoryView, g: dict) -> dict:
    sides = [set().union(*(v.claims(e) for e in s["evidence"])) for s in g["sides"]]
    items = [c for c in v.story.get("contradictions", []) if all(s & v.contra_claims(c) for s in sides)]
    found = bool(items)
    how = "contradiction" if found else None
    if not found and g.get("or_discrepancy"):
        for d in v.story.get("discrepancies", []):
            if all(s & set(d.get("claims", [])) for s in sides):
                found, how = True, "discrepancy"
    if not found and g.get("or_update"):
        for f in v.story.get("facts", []):
            fc = v.fact_claims(f)
            if all(s & fc for s in sides) and len(f.get("values", [])) >= 2:
                found, how = True, "update"
    holders_ok = None
    if items and kit.event_centred(v.story) and items[0].get("sides"):
        got = [" ".join(s.get("holders", [])) for s in items[0]["sides"]]
        holders_ok = all(any(re.search(s["holders"][0], h, re.I) for h in got) for s in g["sides"])
    return {"id": g["id"], "found": found, "how": how, "items": len(items), "one_item": len(items) == 1,
            "holders_ok": holders_ok, "optional": bool(g.get("optional")),
            "missing_evidence": [e["text"] for s in g["sides"] for e in s["evidence"] if not v.claims(e)]}


def not_merged_violations(v: StoryView, g: dict) -> list[str]:
    a, b = v.claims(g["a"]), v.claims(g["b"])
    a, b = a - b, b - a
    return [f.get("statement", "")[:120] for f in v.story.get("facts", [])
            if a & v.fact_claims(f) and b & v.fact_claims(f)]


def not_contradiction_violations(v: StoryView, g: dict) -> list[str]:
    a, b = v.claims(g["a"]), v.claims(g["b"])
    a, b = a - b, b - a
    return [c.get("explanation", "")[:160] for c in v.story.get("contradictions", [])
            if a & v.contra_claims(c) and b & v.contra_claims(c)
            and (not g.get("aspect") or kit.contradiction_aspect(c) == g["aspect"])]


def non_fact_violations(v: StoryView, g: dict) -> list[str]:
    cs = v.claims(g)
    return [f.get("statement", "")[:120] for f in v.story.get("facts", []) if cs & v.fact_claims(f)]


def must_not_items(gold: dict) -> list[tuple[str, str, dict]]:
    """(test id, kind, item) for every MUST-NOT item of the gold."""
    out = []
    for s in gold["stories"]:
        for kind in ("not_merged", "not_contradictions"):
            for g in s.get(kind) or []:
                out.append((f"{s['id']}/{kind}/{g['id']}", kind, g))
        for n, g in enumerate(s.get("non_facts") or []):
            out.append((f"{s['id']}/non_facts/{g['doc']}:{g['text'][:30]}", "non_facts", g))
    return out


def check_must_not(view: StoryView, kind: str, g: dict) -> tuple[list[str], bool]:
    """(violations, evidence found): the evidence must exist for the check to mean anything."""
    if kind == "non_facts":
        return non_fact_violations(view, g), bool(view.claims(g))
    present = bool(view.claims(g["a"])) and bool(view.claims(g["b"]))
    fn = not_merged_violations if kind == "not_merged" else not_contradiction_violations
    return fn(view, g), present


def views(gold: dict, runs: dict) -> dict[str, StoryView | None]:
    out = {}
    for s in gold["stories"]:
        report, paths = runs[s["run"]]
        story = find_story(report, paths, s["documents"])
        out[s["id"]] = StoryView(story, paths) if story else None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    gold = load_gold(args.gold)
    runs = run_all(gold)
    vs = views(gold, runs)
    totals = defaultdict(int)
    failures = []
    centred = any(kit.event_centred(v.story) for v in vs.values() if v)
    print(f"\n## Situation picture vs the analyst's gold ({'event-centred' if centred else 'older'} picture)\n")
    rows = []
    for s in gold["stories"]:
        v = vs[s["id"]]
        if v is None:
            failures.append(f"{s['id']}: story not found")
            continue
        members = sum(any(w in v.paths.get(d, "") for w in s["documents"]) for d in v.story["documents"])
        c = defaultdict(int)
        for g in s.get("facts") or []:
            r = score_fact(v, g)
            c["facts"] += 1
            c["found"] += r["found"]
            c["sources_ok"] += r["found"] and r.get("sources_ok", False)
            c["status_ok"] += r["found"] and r.get("status_ok", False) and r.get("credibility_ok", True)
            if not (r["found"] and r.get("sources_ok") and r.get("status_ok") and r.get("credibility_ok", True)):
                failures.append(f"{s['id']} fact {g['id']}: covered {r['covered']}/{r['need']} in one fact "
                                f"(spread over {r['facts_holding_it']}); sources {r.get('sources')} (want {g.get('sources')}); "
                                f"status {r.get('status')}; credibility {r.get('credibility')}; "
                                f"statement {r.get('statement')!r}; evidence not found {r['missing_evidence']}")
        for g in s.get("contested") or []:
            r = score_contested(v, g)
            if r["optional"]:
                failures.append(f"{s['id']} optional issue {g['id']}: found {r['found']} ({r['how']}, {r['items']} items)")
                continue
            c["contested"] += 1
            c["contested_found"] += r["found"]
            c["one_item"] += r["one_item"] or r["how"] in ("update", "discrepancy")
            if not r["found"] or not (r["one_item"] or r["how"] != "contradiction") or r["holders_ok"] is False:
                failures.append(f"{s['id']} issue {g['id']}: found {r['found']} as {r['how']}, {r['items']} items "
                                f"(want 1), holders ok {r['holders_ok']}; evidence not found {r['missing_evidence']}")
        for tid, kind, g in must_not_items({"stories": [s]}):
            bad, present = check_must_not(v, kind, g)
            c[kind] += 1
            c[kind + "_bad"] += bool(bad)
            if not present:
                failures.append(f"{tid}: evidence not among the story's claims")
            if bad:
                failures.append(f"{tid}: VIOLATED: {bad[0]!r}" + (f" (+{len(bad) - 1} more)" if len(bad) > 1 else ""))
        for k, x in c.items():
            totals[k] += x
        rows.append([s["id"], f"{members}/{len(v.story['documents'])}",
                     f"{c['found']}/{c['facts']}", f"{c['sources_ok']}/{c['facts']}", f"{c['status_ok']}/{c['facts']}",
                     f"{c['contested_found']}/{c['contested']}", f"{c['one_item']}/{c['contested']}",
                     f"{c['not_merged_bad']}/{c['not_merged']}", f"{c['not_contradictions_bad']}/{c['not_contradictions']}",
                     f"{c['non_facts_bad']}/{c['non_facts']}", str(len(v.story.get('contradictions', []))),
                     str(len(v.story.get('facts', [])))])
    t = totals
    rows.append(["all", "-", f"{t['found']}/{t['facts']}", f"{t['sources_ok']}/{t['facts']}", f"{t['status_ok']}/{t['facts']}",
                 f"{t['contested_found']}/{t['contested']}", f"{t['one_item']}/{t['contested']}",
                 f"{t['not_merged_bad']}/{t['not_merged']}", f"{t['not_contradictions_bad']}/{t['not_contradictions']}",
                 f"{t['non_facts_bad']}/{t['non_facts']}", "-", "-"])
    print(kit.table(rows, ["story", "gold docs in story", "facts found", "+ sources right", "+ status right",
                           "issues found", "as one item", "false merges", "false contradictions", "non-facts as facts",
                           "contradictions", "facts"]))
    n_bad = t["not_merged_bad"] + t["not_contradictions_bad"] + t["non_facts_bad"]
    n_all = t["not_merged"] + t["not_contradictions"] + t["non_facts"]
    print(f"\nrecall: facts {t['found'] / max(1, t['facts']):.2f}, issues {t['contested_found'] / max(1, t['contested']):.2f} "
          f"(empty picture 0.00; everything-in-one-fact/flag-every-pair 1.00); "
          f"MUST-NOT items violated {n_bad}/{n_all} (empty picture 0; everything-in-one/flag-all: all but the non-facts' "
          f"absence {n_all})")
    print(f"\n### failures ({len(failures)})")
    for f in failures:
        print("- " + f)


if __name__ == "__main__":
    sys.exit(main())
