"""Build src/newsfuse/data/sayer_nouns.tsv.gz: the nouns that can name someone who speaks.

An attribution's source counts as an independent source of a fact only when it names
someone who can say something: a person ("witnesses", "a neighbor", "the coroner") or a
group of people ("police", "the family", "the council"). The attribution extractor
sometimes takes another noun phrase for the sayer ("the shooting", "a call", "the
investigation", "documents", "sources"): such a claim is the outlet's report, and
counting its "source" apart inflates the count (fuse/independence.py ``countable``).

Listed: every one-word noun whose most frequent WordNet sense is in the lexicographer
file noun.person (18) or noun.group (14), with that file's name. Anonymous "sources",
"documents", "reports" and acts ("investigation") are not listed, so they are never
counted as sources of their own.

Source: WordNet 3.0 (Princeton University; the WordNet 3.0 licence allows use, copying
and distribution with its copyright notice: "WordNet 3.0 Copyright 2006 by Princeton
University. All rights reserved."), as Debian's ``wordnet-base`` installs it. Run:
    apt-get install wordnet-base && python scripts/build_sayer_nouns.py
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_event_lemmas import WORDNET, read_data, read_index  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "data" / "sayer_nouns.tsv.gz"
FILES = {"18": "person", "14": "group"}


def main() -> None:
    if not (WORDNET / "data.noun").exists():
        sys.exit(f"no WordNet in {WORDNET}: apt-get install wordnet-base")
    nouns, index = read_data("noun"), read_index("noun")
    rows = []
    for lemma, offsets in sorted(index.items()):
        if " " in lemma or "-" in lemma or not lemma.isalpha() or not offsets:
            continue
        kind = FILES.get(nouns[offsets[0]][0])
        if kind:
            rows.append(f"{lemma}\t{kind}")
    lines = ["# noun<TAB>person|group: its most frequent WordNet 3.0 sense names a person or a group of people "
             "(built by scripts/build_sayer_nouns.py; WordNet 3.0 Copyright 2006 by Princeton University)", *rows]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(rows)} nouns, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
