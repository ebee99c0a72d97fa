"""Turning what an analyst types into a full-text query every store backend can run.

Stemming is the index's job (SQLite FTS5 ``porter``: "withdrawal" ~ "withdrawing");
this module adds what stemming cannot know:

* irregular forms ("withdrew", "withdrawn" for "withdraw"), from ``data/word_forms.tsv``
  (spaCy's WordNet lemma exceptions, built by ``scripts/build_word_forms.py``);
* other names of the same entity or place: the alias table (``data/aliases.yaml``), the
  facility table (``data/facilities.csv``) and the names the store itself has seen
  resolved to one key ("Hmeimim" and "Khmeimim" both name ``facility:khmeimim-air-base``).

The result is a list of groups, each a list of alternative phrases: a document matches
when it contains one alternative of every group. Backends render it in their own syntax
(``fts5_query`` for SQLite)."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
MAX_NGRAM = 4
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_SUFFIXES = ("ation", "ment", "ings", "ing", "als", "al", "ed", "es", "s", "er", "ers", "ion")
# Words too common to expand into (a two-letter acronym variant would match "us", "it").
_MIN_VARIANT_LEN = 3


@dataclass
class SearchHit:
    document: str
    snippet: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    path: str = ""
    story: str | None = None


@dataclass
class SearchResult:
    """Hits (best first), the total that matched, facets {kind: [(value, count)]} over
    every match (not only the page), and how the query was read."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)


FACETS = ("outlet", "place", "entity", "date")


@functools.lru_cache(maxsize=1)
def _word_forms() -> dict[str, set[str]]:
    """word -> every form of its lemma (the lemma itself included), both directions."""
    out: dict[str, set[str]] = {}
    path = DATA / "word_forms.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, _, forms = line.partition("\t")
        family = {lemma, *forms.split()}
        for w in family:
            out.setdefault(w, set()).update(family)
    return out


def word_variants(word: str) -> list[str]:
    """``word`` and the irregular forms of its lemma; derived words ("withdrawal") are
    reduced to a lemma in the table by stripping a common suffix first."""
    w = word.lower()
    forms = _word_forms()
    if w in forms:
        return [word, *sorted(forms[w] - {w})]
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            for lemma in (stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem):
                if lemma in forms:
                    return [word, *sorted(forms[lemma] - {w})]
    return [word]


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.lower().replace("’", "'")))


@functools.lru_cache(maxsize=1)
def _static_names() -> dict[str, set[str]]:
    """normalised name -> every name of the same entry, from the alias and facility tables."""
    groups: list[set[str]] = []
    try:
        from ..analyze.entities import _table

        for entry in _table().entries.values():
            groups.append({entry.name, *entry.aliases})
    except Exception:  # noqa: BLE001 - the alias table is an aid to search, never a reason to fail
        pass
    try:
        from ..analyze.gazetteer import load_facilities

        for f in load_facilities():
            groups.append({f["name"], *f["aliases"]})
    except Exception:  # noqa: BLE001
        pass
    out: dict[str, set[str]] = {}
    for names in groups:
        for n in names:
            out.setdefault(_norm(n), set()).update(names)
    return out


def expand(query: str, stored_names: Callable[[str], Iterable[str]] | None = None) -> list[list[str]]:
    """The groups of alternatives for ``query``. ``stored_names(phrase)`` returns every
    name the store has seen for the entities/places that ``phrase`` names (or nothing).
    Quoted parts are phrases kept as typed."""
    groups: list[list[str]] = []
    quoted = re.findall(r'"([^"]+)"', query)
    for q in quoted:
        groups.append([q.strip()])
    rest = re.sub(r'"[^"]*"', " ", query)
    words = _WORD.findall(rest)
    i = 0
    while i < len(words):
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            names = set(_static_names().get(_norm(phrase), set()))
            if stored_names is not None:
                names |= set(stored_names(_norm(phrase)))
            names = {x for x in names if len(x) >= _MIN_VARIANT_LEN or _norm(x) == _norm(phrase)}
            if names and (n > 1 or len(phrase) >= _MIN_VARIANT_LEN):
                alts = [phrase, *sorted((x for x in names if _norm(x) != _norm(phrase)), key=str.lower)]
                groups.append(_dedupe(alts))
                i += n
                break
        else:
            groups.append(word_variants(words[i]))
            i += 1
    return [g for g in groups if g]


def _dedupe(alts: list[str]) -> list[str]:
    seen, out = set(), []
    for a in alts:
        k = _norm(a)
        if k and k not in seen:
            seen.add(k)
            out.append(a)
    return out


def fts5_query(groups: list[list[str]]) -> str:
    """SQLite FTS5 syntax: each alternative a quoted phrase, OR within, AND between."""
    def phrase(text: str) -> str:
        return '"' + " ".join(_WORD.findall(text)).replace('"', '""') + '"'

    parts = []
    for g in groups:
        alts = [phrase(a) for a in g if _WORD.findall(a)]
        if alts:
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    return " AND ".join(parts)


def tsquery(groups: list[list[str]]) -> str:
    """PostgreSQL ``to_tsquery`` syntax: phrases as ``a <-> b``, OR within, AND between."""
    parts = []
    for g in groups:
        alts = []
        for a in g:
            words = [w for w in re.findall(r"\w+", a.lower()) if w]
            if words:
                alts.append(" <-> ".join(f"'{w}'" for w in words))
        if alts:
            parts.append("(" + " | ".join(f"({x})" for x in alts) + ")")
    return " & ".join(parts)
