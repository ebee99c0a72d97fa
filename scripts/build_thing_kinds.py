"""Build src/newsfuse/data/thing_kinds.tsv.gz: the broad kind of man-made thing a noun names.

A disaster's reports tell of many damaged things: "the church had been badly damaged"
and "roads into the province had been badly damaged" are two facts, while "the dam was
destroyed" and "the plant had been completely destroyed" may be one. Event grouping
(fuse/events.py ``other_things``) keeps two acts apart when their objects are things of
different broad kinds: a building is no road, a road no vehicle.

The kinds are WordNet's classes just below "artifact" that hold built things and
equipment (KINDS: structure, way, facility, instrumentality). Listed: every one-word noun
whose first SENSES senses include a man-made thing under one of them, with every kind
any such sense falls under (a bridge is a structure and, as a means of passage, an
instrumentality: two kinds make a noun overlap more, so it is kept apart less often).

Source: WordNet 3.0 (Princeton University; the WordNet 3.0 licence allows use, copying
and distribution with its copyright notice: "WordNet 3.0 Copyright 2006 by Princeton
University. All rights reserved."), as Debian's ``wordnet-base`` installs it. Run:
    apt-get install wordnet-base && python scripts/build_thing_kinds.py
"""
from __future__ import annotations

import functools
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_event_lemmas import WORDNET, read_data, read_index  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "data" / "thing_kinds.tsv.gz"
SENSES = 3
ARTIFACT_FILE = "06"  # noun.artifact
KINDS = ("structure", "way", "facility", "instrumentality")


def main() -> None:
    if not (WORDNET / "data.noun").exists():
        sys.exit(f"no WordNet in {WORDNET}: apt-get install wordnet-base")
    nouns, index = read_data("noun"), read_index("noun")
    artifact = index["artifact"][0]

    @functools.lru_cache(maxsize=None)
    def kinds(offset: str) -> frozenset[str]:
        """The classes just below "artifact" that a synset falls under."""
        out: set[str] = set()
        for sym, target, pos, _ in nouns[offset][2]:
            if sym in ("@", "@i") and pos == "n":
                out |= {nouns[offset][1][0]} if target == artifact else kinds(target)
        return frozenset(out)

    rows = []
    for lemma, offsets in sorted(index.items()):
        if " " in lemma or "-" in lemma:
            continue
        found = set().union(*[kinds(o) for o in offsets[:SENSES] if nouns[o][0] == ARTIFACT_FILE])
        if found & set(KINDS):
            rows.append(f"{lemma}\t{','.join(sorted(found & set(KINDS)))}")
    lines = ["# noun<TAB>the broad kinds of man-made thing it names (WordNet 3.0 classes below 'artifact'; "
             "built by scripts/build_thing_kinds.py; WordNet 3.0 Copyright 2006 by Princeton University)", *rows]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(rows)} nouns, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
