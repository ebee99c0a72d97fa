"""Build src/newsfuse/data/event_lemmas.tsv.gz: which event words mean the same happening.

Two reports name one act with different words: "shot" / "gunned down", "the explosion" /
"exploded", "arrest" / "apprehend". Event coreference (fuse/events.py) compares the head
lemmas of two propositions through this table: each verb, and each noun of an act, event,
process, phenomenon or state that WordNet derives from a verb, is listed with

- its senses: the WordNet synsets of its first SENSES senses (most frequent first), a
  noun's with the verb synsets WordNet derives it from ("explosion" -> the synsets of
  "explode"), so a noun and its verb share senses;
- its broader senses: those synsets' direct hypernyms ("shoot" -> "hit", "wound") and,
  for verbs, what they cause ("kill" -> "die");
- irregular forms (WordNet's verb.exc / noun.exc: "shot", "fled") with their base's senses
  added to their own.

Synset ids are renumbered into short base-36 codes to keep the file small; the numbers
mean nothing outside this file.

Source: WordNet 3.0 (Princeton University; the WordNet 3.0 licence, which allows use,
copying and distribution with its copyright notice: "WordNet 3.0 Copyright 2006 by
Princeton University. All rights reserved."), as Debian's package ``wordnet-base`` installs
it in /usr/share/wordnet. Run:
    apt-get install wordnet-base && python scripts/build_event_lemmas.py
"""
from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "data" / "event_lemmas.tsv.gz"
SENSES = 2
# noun lexicographer files whose nouns can name a happening (lexnames(5WN))
EVENT_NOUN_FILES = {"04", "11", "22", "26", "19"}  # noun.act, .event, .process, .state, .phenomenon


def read_data(pos: str) -> dict[str, tuple[str, list[str], list[tuple[str, str, str, int]]]]:
    """offset -> (lexicographer file number, its words, [(pointer symbol, target offset,
    target pos, source word number: 0 for the whole synset)])."""
    out = {}
    with (WORDNET / f"data.{pos}").open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split(" | ")[0].split()
            offset, lexfile, n_words = parts[0], parts[1], int(parts[3], 16)
            at = 4 + 2 * n_words
            n_ptr = int(parts[at])
            words = [parts[4 + 2 * k].lower().split("(")[0].replace("_", " ") for k in range(n_words)]
            ptrs = [(parts[at + 1 + 4 * k], parts[at + 2 + 4 * k], parts[at + 3 + 4 * k],
                     int(parts[at + 4 + 4 * k][:2], 16)) for k in range(n_ptr)]
            out[offset] = (lexfile, words, ptrs)
    return out


def read_index(pos: str) -> dict[str, list[str]]:
    """lemma -> synset offsets, most frequent sense first."""
    out = {}
    with (WORDNET / f"index.{pos}").open(encoding="latin-1") as fh:
        for line in fh:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma, n_syn, n_ptr = parts[0], int(parts[2]), int(parts[3])
            out[lemma.replace("_", " ")] = parts[6 + n_ptr: 6 + n_ptr + n_syn]
    return out


def main() -> None:
    if not (WORDNET / "data.verb").exists():
        sys.exit(f"no WordNet in {WORDNET}: apt-get install wordnet-base")
    verbs, nouns = read_data("verb"), read_data("noun")
    verb_index, noun_index = read_index("verb"), read_index("noun")
    senses: dict[str, set[str]] = defaultdict(set)
    for lemma, offsets in verb_index.items():
        senses[lemma] |= {"v" + o for o in offsets[:SENSES]}
    for lemma, offsets in noun_index.items():
        for o in offsets[:SENSES]:
            lexfile, words, ptrs = nouns[o]
            mine = words.index(lemma) + 1 if lemma in words else -1
            derived = {"v" + t for sym, t, p, src in ptrs if sym == "+" and p == "v" and src in (0, mine)}
            if lexfile in EVENT_NOUN_FILES:
                senses[lemma] |= derived | {"n" + o}
    # irregular forms a lemmatiser may leave ("shot", "fled") read as their base word
    for pos in ("verb", "noun"):
        for line in (WORDNET / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
            form, *bases = line.split()
            base = next((b for b in bases if b in senses and b != form), None)
            if base and "_" not in form:
                senses[form] |= senses[base]
    broader: dict[str, set[str]] = defaultdict(set)
    for lemma, syns in senses.items():
        for s in syns:
            table = verbs if s[0] == "v" else nouns
            broader[lemma] |= {s[0] + t for sym, t, p, _ in table[s[1:]][2] if sym in ("@", ">") and p == s[0]}
    codes: dict[str, str] = {}

    def code(s: str) -> str:
        if s not in codes:
            n, digits = len(codes), ""
            while True:
                n, r = divmod(n, 36)
                digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
                if not n:
                    break
            codes[s] = digits
        return codes[s]

    lines = ["# lemma<TAB>senses<TAB>broader senses (WordNet 3.0 synsets renumbered; "
             "built by scripts/build_event_lemmas.py; WordNet 3.0 Copyright 2006 by Princeton University)"]
    for lemma in sorted(senses):
        if " " in lemma or not senses[lemma]:
            continue
        lines.append(f"{lemma}\t{','.join(sorted(code(s) for s in senses[lemma]))}\t"
                     f"{','.join(sorted(code(s) for s in broader[lemma]))}")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {OUT}: {len(lines) - 1} lemmas, {len(codes)} synsets, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
