"""Differences between reports that are not contradictions: spelling.

Spelling: one entity or place written differently in different documents
(Khmeimim / Hmeimim, Grigorievich / Grigorovich). Forms are compared after dropping
case, accents, punctuation and generic words ("Air Base", "the"); an abbreviation or a
form contained in another ("Khmeimim" in "Khmeimim Air Base") is not a variant.
Rounding and count updates are read with the values of an aspect (values.py, aspects.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz

from ..model import Discrepancy

SPELLING_SIMILARITY = 75  # rapidfuzz ratio at which two different forms are one name
_GENERIC = {"the", "air", "base", "airbase", "airport", "naval", "city", "province", "region",
            "of", "port", "airfield", "military", "governorate", "oblast", "district", "s"}


def normalise_form(text: str) -> str:
    """Comparable form of a name: no accents, case, punctuation or generic words."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in _GENERIC]
    return " ".join(words)


def spelling_discrepancies(forms: dict[str, dict[str, set[str]]],
                           names: dict[str, str]) -> list[Discrepancy]:
    """``forms``: merged key -> document id -> surface forms in that document.
    One Discrepancy per key whose documents spell it in different ways."""
    out = []
    seen: set[frozenset[str]] = set()
    for key, per_doc in forms.items():
        if len(per_doc) < 2:
            continue
        by_norm: dict[str, tuple[str, set[str]]] = {}
        for doc_id, surfaces in per_doc.items():
            for surface in surfaces:
                norm = normalise_form(surface)
                if len(norm) < 4 or not _proper_name(surface):
                    continue
                shown, docs = by_norm.setdefault(norm, (surface, set()))
                docs.add(doc_id)
        variants = _variants(by_norm)
        if variants and frozenset(variants) not in seen:
            seen.add(frozenset(variants))
            values = [f"{by_norm[n][0]} ({', '.join(sorted(by_norm[n][1]))})" for n in variants]
            out.append(Discrepancy(
                "spelling",
                f"{names.get(key, key)} is spelt differently across documents: "
                + " vs ".join(values),
                [], [by_norm[n][0] for n in variants]))
    return out


def _proper_name(surface: str) -> bool:
    """Spelling is compared between names ("Khmeimim", "Nova Kakhovka"), not between
    descriptions ("Turkey's disaster agency"): every word of three or more letters is
    capitalised (particles like al-, of, de may stay lower-case)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", surface) if len(w) >= 3]
    particles = {"the", "of", "and", "for", "de", "del", "der", "van", "von", "bin", "ibn"}
    return bool(words) and all(w[0].isupper() or w.lower() in particles or w.startswith(("al-", "el-")) for w in words)


def _variants(by_norm: dict[str, tuple[str, set[str]]]) -> list[str]:
    """Normalised forms that are spelling variants of another form used by a different
    document (similar, but neither contains the other)."""
    norms = sorted(by_norm)
    chosen: set[str] = set()
    for i, a in enumerate(norms):
        for b in norms[i + 1:]:
            docs_a, docs_b = by_norm[a][1], by_norm[b][1]
            if docs_a == docs_b and len(docs_a) == 1:
                continue
            ta, tb = set(a.split()), set(b.split())
            if ta <= tb or tb <= ta or _inflected(a, b):
                continue
            if fuzz.ratio(a, b) >= SPELLING_SIMILARITY:
                chosen.update((a, b))
    return sorted(chosen)


def _inflected(a: str, b: str) -> bool:
    """One form is the other inflected or made a demonym: Syria/Syrian, Russia/Russians."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short[:-1]) and len(long) - len(short) <= 3


def surface_forms(mentions_by_doc: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, set[str]]]:
    """(document id -> [(key, surface)]) into key -> document id -> surfaces."""
    forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for doc_id, pairs in mentions_by_doc.items():
        for key, surface in pairs:
            if key and surface and surface.strip():
                forms[key][doc_id].add(surface.strip())
    return {k: dict(v) for k, v in forms.items()}

