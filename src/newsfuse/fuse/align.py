"""Align claims of different documents that state the same thing into one group (a Fact).

Similarity proposes, slots decide. The pair score is the embedding cosine plus evidence
from the slots the encoder cannot see: the predicate frame ("withdrawing" vs "sending"
is forbidden outright), shared or clashing specific places (Tartus vs Khmeimim), shared
entities, shared numbers and shared content words. Groups form greedily from the best
pair down; a group holds at most one claim per document (a report states a fact once:
the best-matching sentence represents it) and every member must link to the group on
average above a floor, so chains of loose neighbours do not snowball.
Numbers, dates and actors are NOT required to agree: aligned claims that disagree on
them are exactly what contradiction detection looks for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..model import Claim, Place
from .frames import Predicate, frames_relation

ALIGN_THRESHOLD = 0.66  # pair score at which two claims state the same thing
LINK_FLOOR = 0.5  # mean score a claim must keep with every member of its group
_GENERAL_FEATURES = {"country", "admin1", "admin2", "region", "continent", "sea", "ocean"}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass
class ClaimView:
    """One claim with what alignment compares: its parse and its resolved slots."""

    claim: Claim
    predicate: Predicate
    specific_places: set[str]
    general_places: set[str]
    entities: set[str]
    numbers: set[float]


def make_view(claim: Claim, predicate: Predicate, places: dict[str, Place]) -> ClaimView:
    """Split the claim's places into specific (cities, facilities) and general (countries,
    provinces): only specific places clash."""
    specific, general = set(), set()
    for key in claim.places:
        place = places.get(key)
        feature = place.feature if place else None
        (general if feature in _GENERAL_FEATURES else specific).add(key)
    return ClaimView(claim, predicate, specific, general,
                     set(claim.entities) - set(claim.places), count_numbers(claim))


def count_numbers(claim: Claim) -> set[float]:
    """The claim's numbers without years written as years ("since 2015")."""
    years = {float(m.group()) for m in re.finditer(r"\b\d{4}\b", claim.text) if _YEAR.match(m.group())}
    return {n for n in claim.numbers if n not in years}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_score(a: ClaimView, b: ClaimView, cosine: float) -> float | None:
    """How strongly two claims state the same thing; None when they cannot (opposite
    predicates)."""
    relation = frames_relation(a.predicate.frames, b.predicate.frames)
    if relation == "opposite":
        return None
    score = cosine
    score += {"same": 0.12, "compatible": 0.05, "different": -0.12, "unknown": 0.0}[relation]
    if a.specific_places and b.specific_places:
        score += 0.15 if a.specific_places & b.specific_places else -0.2
    elif a.general_places & b.general_places:
        score += 0.03
    score += 0.15 * _jaccard(a.entities, b.entities)
    score += 0.3 * _jaccard(a.predicate.content, b.predicate.content)
    if a.numbers & b.numbers:
        score += 0.05
    return score


def align_claims(views: list[ClaimView], vectors: np.ndarray,
                 threshold: float = ALIGN_THRESHOLD) -> list[list[int]]:
    """Partition claim indices into groups; claims nobody else states stay alone.
    ``vectors`` are unit embeddings of the claims' texts, row i for views[i]."""
    n = len(views)
    if n == 0:
        return []
    sims = vectors @ vectors.T if len(vectors) else np.zeros((n, n))
    scores: dict[tuple[int, int], float | None] = {}
    candidates: list[tuple[float, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            if views[i].claim.document == views[j].claim.document:
                continue
            s = pair_score(views[i], views[j], float(sims[i, j]))
            scores[(i, j)] = s
            if s is not None and s >= threshold:
                candidates.append((s, i, j))
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for _, i, j in sorted(candidates, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if {views[k].claim.document for k in a} & {views[k].claim.document for k in b}:
            continue
        cross = [scores.get((min(x, y), max(x, y))) for x in a for y in b]
        if any(s is None for s in cross) or sum(cross) / len(cross) < LINK_FLOOR:
            continue
        for k in b:
            group_of[k] = gi
        members[gi] = a + b
        del members[gj]
    return [sorted(g) for g in sorted(members.values(), key=min)]
