"""Build src/newsfuse/data/word_forms.tsv: irregular word forms that SQLite's porter
stemmer does not bring together ("withdraw" / "withdrew" / "withdrawn", "man" / "men").

Source: the lemma exception tables shipped in the spaCy English pipeline
(en_core_web_sm 3.8, ``lemmatizer.lookups['lemma_exc']``, derived from WordNet).
A form is kept only when an FTS5 porter query for its lemma does not already match it,
so the table holds exactly what stemming misses. Run:
    python scripts/build_word_forms.py
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsfuse" / "data" / "word_forms.tsv"


def main() -> None:
    from newsfuse.analyze.nlp import load_nlp

    nlp = load_nlp()
    exc = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(w, tokenize='porter unicode61 remove_diacritics 2')")
    forms: dict[str, set[str]] = defaultdict(set)
    for pos in ("verb", "noun"):
        for form, lemmas in exc[pos].items():
            if not form.isalpha():
                continue
            for lemma in lemmas:
                if lemma.isalpha() and lemma != form:
                    forms[lemma].add(form)
    rows = []
    for lemma in sorted(forms):
        missed = []
        for form in sorted(forms[lemma]):
            db.execute("DELETE FROM t")
            db.execute("INSERT INTO t VALUES (?)", (form,))
            if not db.execute("SELECT 1 FROM t WHERE t MATCH ?", (f'"{lemma}"',)).fetchone():
                missed.append(form)
        if missed:
            rows.append(f"{lemma}\t{' '.join(missed)}")
    header = ("# lemma<TAB>forms the porter stemmer does not match; from spaCy en_core_web_sm 3.8 "
              "lemma_exc (WordNet); built by scripts/build_word_forms.py\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} lemmas, {sum(len(r.split()) - 1 for r in rows)} forms -> {OUT}")


if __name__ == "__main__":
    main()
