"""Fusion cost for one large story: a full fusion of N reports, and one new report
joining the story fused before it.

Real local-news reports (GVA, ../shared/bench/gva/docs) are analysed once; the story is
made of N of them (repeated with new ids when N exceeds the sample: a synthetic
variation of real texts, which makes blocking harder, not easier: every repeat shares
all its anchors). Fusion reads the stored propositions; nothing is parsed again.
Prints wall and CPU seconds (the machine may be shared: CPU is the steadier figure),
and with ``--check`` whether the re-fused picture is the one fusing all N at once gives
(it must be: tests/test_refuse.py).

Usage: python benchmarks/bench_fusion_scale.py [--reports 2000] [--sample 120] [--check]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from newsfuse.analyze import analyze_documents
from newsfuse.fuse import fuse_story
from newsfuse.ingest.sources import read_sources
from newsfuse.model import Document, Story, to_jsonable

DEFAULT_GVA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gva" / "docs"


def clone(doc: Document, analysis, n: int):
    """The n-th copy of a report under new ids (its claims re-keyed), not marked as a copy."""
    new_id = f"{doc.id}x{n}"
    d = dataclasses.replace(doc, id=new_id, copy_of=None, outlet=f"{doc.outlet or 'outlet'} {n}")
    claims = [dataclasses.replace(c, id=c.id.replace(doc.id, new_id, 1), document=new_id) for c in analysis.claims]
    a = dataclasses.replace(analysis, document=new_id, claims=claims,
                            events=[dataclasses.replace(e, document=new_id,
                                                        claims=[x.replace(doc.id, new_id, 1) for x in e.claims])
                                    for e in analysis.events])
    return d, a


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gva", type=Path, default=DEFAULT_GVA)
    ap.add_argument("--reports", type=int, nargs="+", default=[100, 500, 2000])
    ap.add_argument("--sample", type=int, default=120)
    ap.add_argument("--check", action="store_true", help="also fuse all N at once and compare with the re-fused picture")
    args = ap.parse_args()
    files = sorted(args.gva.glob("*.txt"))[: args.sample]
    docs = [d for d in read_sources([str(f) for f in files]) if isinstance(d, Document)]
    t0 = time.time()
    analyses = analyze_documents(docs)
    print(f"analysed {len(docs)} real reports in {time.time() - t0:.1f} s "
          f"({sum(len(a.claims) for a in analyses)} claims)")
    print(f"{'reports':>8} {'mentions':>9} {'full s':>7} {'full cpu':>9} {'+1 s':>7} {'+1 cpu':>7} "
          f"{'facts':>6} {'issues':>6}" + (f" {'+1 == at once':>14}" if args.check else ""))
    for n in args.reports:
        documents, by_id = {}, {}
        for k in range(n):
            d, a = docs[k % len(docs)], analyses[k % len(docs)]
            if k >= len(docs):
                d, a = clone(d, a, k // len(docs))
            documents[d.id], by_id[d.id] = d, a
        ids = list(documents)
        story = Story("big", "one large story", ids[:-1])
        t1, c1 = time.time(), time.process_time()
        before = fuse_story(story, documents, by_id)
        full, full_cpu = time.time() - t1, time.process_time() - c1
        t2, c2 = time.time(), time.process_time()
        after = fuse_story(Story("big", "one large story", ids), documents, by_id, previous=before)
        one, one_cpu = time.time() - t2, time.process_time() - c2
        mentions = sum(len(c.propositions) for a in by_id.values() for c in a.claims)
        same = ""
        if args.check:
            at_once = fuse_story(Story("big", "one large story", ids), documents, by_id)
            same = f" {'yes' if _essence(after) == _essence(at_once) else 'NO':>14}"
        print(f"{n:>8} {mentions:>9} {full:>7.2f} {full_cpu:>9.2f} {one:>7.2f} {one_cpu:>7.2f} "
              f"{len(after.facts):>6} {len(after.contradictions):>6}{same}")


def _essence(picture) -> str:
    """The picture without what changed since the last fusion (which differs by design)."""
    out = to_jsonable(picture)
    out["bottom_line"].pop("changed")
    return json.dumps(out, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
