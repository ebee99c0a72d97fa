"""Fusion cost for one large story: a full fusion of N reports, and one new report
joining the story fused before it.

Real local-news reports (GVA, ../shared/bench/gva/docs) are analysed once; the story is
made of N of them (repeated with new ids when N exceeds the sample: a synthetic
variation of real texts, which makes blocking harder, not easier: every repeat shares
all its anchors). Fusion reads the stored propositions; nothing is parsed again.
Prints wall and CPU seconds (the machine may be shared: CPU is the steadier figure) of
the full fusion, of re-fusing after one report with the full fusion's memory (its story
statistics and pair scores, fuse/memory.py, written to bytes and read back as the store
does) and without it. With ``--check``: whether the re-fused picture is the one fusing
all N at once under the kept statistics gives (it must be: tests/test_refuse.py), and
how many facts differ from fusing all N at once with statistics made afresh.

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
from newsfuse.fuse.independence import claim_words
from newsfuse.fuse.memory import EventMemory
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
          f"{'+1 cold':>8} {'memory MB':>9} {'facts':>6} {'issues':>6}"
          + (f" {'== kept':>8} {'facts unlike fresh':>18}" if args.check else ""))
    for n in args.reports:
        documents, by_id = {}, {}
        for k in range(n):
            d, a = docs[k % len(docs)], analyses[k % len(docs)]
            if k >= len(docs):
                d, a = clone(d, a, k // len(docs))
            documents[d.id], by_id[d.id] = d, a
        ids = list(documents)
        story, grown = Story("big", "one large story", ids[:-1]), Story("big", "one large story", ids)
        memory = EventMemory()
        claim_words.cache_clear()  # each timed fusion starts with the caches of a new process
        t1, c1 = time.time(), time.process_time()
        before = fuse_story(story, documents, by_id, memory=memory)
        full, full_cpu = time.time() - t1, time.process_time() - c1
        stored = memory.to_bytes()
        claim_words.cache_clear()
        t2, c2 = time.time(), time.process_time()
        kept = EventMemory.from_bytes(stored)
        after = fuse_story(grown, documents, by_id, previous=before, memory=kept)
        one, one_cpu = time.time() - t2, time.process_time() - c2
        claim_words.cache_clear()
        c3 = time.process_time()
        fuse_story(grown, documents, by_id, previous=before)
        cold_cpu = time.process_time() - c3
        mentions = sum(len(c.propositions) for a in by_id.values() for c in a.claims)
        same = ""
        if args.check:
            under_kept = fuse_story(grown, documents, by_id, memory=EventMemory(
                kept.statistics, kept.documents, {}, kept.version))
            fresh = fuse_story(grown, documents, by_id)
            unlike = len(_facts(after) ^ _facts(fresh))
            same = f" {'yes' if _essence(after) == _essence(under_kept) else 'NO':>8} {unlike:>18}"
        print(f"{n:>8} {mentions:>9} {full:>7.2f} {full_cpu:>9.2f} {one:>7.2f} {one_cpu:>7.2f} {cold_cpu:>8.2f} "
              f"{len(stored) / 1e6:>9.1f} {len(after.facts):>6} {len(after.contradictions):>6}{same}")


def _facts(picture) -> set[str]:
    """Each fact by what it says and what supports it, not by its number."""
    return {json.dumps([f.statement, f.aspect, f.value, f.status, f.independent_sources, sorted(f.claims)])
            for f in picture.facts}


def _essence(picture) -> str:
    """The picture without what changed since the last fusion (which differs by design)."""
    out = to_jsonable(picture)
    out["bottom_line"].pop("changed")
    return json.dumps(out, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
