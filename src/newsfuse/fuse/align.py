"""Align claims of different documents that state the same thing into one group (a Fact).

Similarity proposes, slots decide. The pair score is the embedding cosine plus evidence
from the slots the encoder cannot see: the predicate frame ("withdrawing" vs "sending"
is forbidden outright), shared or clashing specific places (Tartus vs Khmeimim), shared
entities, shared numbers and shared content words. Groups form greedily from the best
pair down; a group holds at most one claim per document (a report states a fact once:
the best-matching sentence represents it) and every member must link to the group on
average no more than LINK_SLACK below the pair threshold, so chains of loose neighbours
do not snowball. The floor moves with the threshold: a fixed floor above a lowered
threshold silently capped recall (two claims scoring between them never joined).
Numbers, dates and actors are NOT required to agree: aligned claims that disagree on
them are exactly what contradiction detection looks for.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..model import Claim, Place
from ..analyze.frames import Predicate, frames_relation

ALIGN_THRESHOLD = 0.7  # pair score at which two claims state the same thing
LINK_SLACK = 0.2  # a group's members may link on average this much below the pair threshold
# Evidence from comparing main predicates (measured on ECB+ even topics: same frame or
# lemma raises the share of coreferent pairs well above the base rate; a framed verb
# against a verb the lexicon does not list is no evidence either way).
RELATION_WEIGHT = {"same": 0.15, "compatible": 0.05, "different": -0.2, "unknown": -0.05, "unlisted": 0.0}
SHARED_FRAME_WEIGHT = 0.1  # a frame shared outside the main verbs ("killing" in "opened fire, killing")
_GENERAL_FEATURES = {"country", "admin1", "admin2", "region", "continent", "sea", "ocean"}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass
class ClaimView:
    """One claim with what alignment compares: its parse and its resolved slots."""

    claim: Claim
    predicate: Predicate
    text: str  # the claim's text, or one conjunct of a compound claim
    specific_places: set[str]
    general_places: set[str]
    entities: set[str]
    numbers: set[float]
    days: set[str] = field(default_factory=set)  # ISO day dates of the predicate itself (see frames.verb_dates)
    place_of: dict[str, Place] = field(default_factory=dict)  # the specific places, by key


def make_view(claim: Claim, predicate: Predicate, places: dict[str, Place], text: str | None = None) -> ClaimView:
    """Split the claim's places into specific (cities, facilities) and general (countries,
    provinces): only specific places clash. Places named only as actors (a capital
    standing for its government) are left out."""
    specific, general = set(), set()
    for key in claim.places:
        place = places.get(key)
        feature = place.feature if place else None
        if place is not None and _only_as_actor(place, claim.text, predicate.actor_words):
            continue
        if place is not None and text and not _named_in(place, text):
            continue
        (general if feature in _GENERAL_FEATURES else specific).add(key)
    return ClaimView(claim, predicate, text or claim.text, specific, general,
                     set(claim.entities) - set(claim.places), count_numbers(claim),
                     place_of={k: places[k] for k in specific if k in places})


def _named_in(place: Place, text: str) -> bool:
    low = text.lower()
    return any(n and n.lower() in low for n in [place.name, *place.aliases])


def _only_as_actor(place: Place, text: str, actor_words: set[str]) -> bool:
    names = [n for n in [place.name, *place.aliases] if n and n.lower() in text.lower()]
    return bool(names) and all(n.lower().split()[-1] in actor_words for n in names)


def count_numbers(claim: Claim) -> set[float]:
    """The claim's numbers without years written as years ("since 2015")."""
    years = {float(m.group()) for m in re.finditer(r"\b\d{4}\b", claim.text) if _YEAR.match(m.group())}
    return {n for n in claim.numbers if n not in years}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_score(a: ClaimView, b: ClaimView, cosine: float) -> float | None:
    """How strongly two claims state the same thing; None when they cannot (opposite
    predicates)."""
    if frames_relation(a.predicate.frames, b.predicate.frames) == "opposite":
        return None
    if a.claim.kind == "opinion" or b.claim.kind == "opinion":
        return None
    relation = _predicate_relation(a.predicate, b.predicate)
    if relation == "opposite":
        return None
    score = cosine + RELATION_WEIGHT[relation]
    if relation not in ("same", "compatible") and frames_relation(a.predicate.frames, b.predicate.frames) == "same":
        score += SHARED_FRAME_WEIGHT
    if a.specific_places and b.specific_places:
        score += 0.1 if a.specific_places & b.specific_places else -0.1
    elif a.general_places & b.general_places:
        score += 0.03
    if _different_agents(a.predicate, b.predicate):
        score -= 0.1
    score += 0.1 * _jaccard(a.entities, b.entities)
    score += 0.2 * _jaccard(a.predicate.content, b.predicate.content)
    if a.numbers & b.numbers:
        score += 0.05
    return score


def _different_agents(a: Predicate, b: Predicate) -> bool:
    """Both claims name who acts, and they are not the same party ("Assad resigned" vs
    "Russia is withdrawing"). Rival states still align: that is an actor contradiction."""
    if a.agent_country and b.agent_country:
        return False
    na = a.agent_name or (a.agent_country and f"country:{a.agent_country}")
    nb = b.agent_name or (b.agent_country and f"country:{b.agent_country}")
    return bool(na and nb and na != nb)


def _predicate_relation(a: Predicate, b: Predicate) -> str:
    """Compare main predicates: their frames when both have one; the same lemma is the
    same predicate; two known but unlisted verbs are different predicates; a claim with
    no content verb (a copula) leaves it unknown."""
    if a.main_frames and b.main_frames:
        return frames_relation(a.main_frames, b.main_frames)
    if a.lemma and a.lemma == b.lemma:
        return "same"
    if a.main_frames or b.main_frames:
        other = b if a.main_frames else a
        return "unknown" if other.lemma in (None, "be", "have") else "unlisted"
    return "unknown"


PairScore = Callable[[ClaimView, ClaimView, float], "float | None"]


def align_claims(views: list[ClaimView], vectors: np.ndarray,
                 threshold: float = ALIGN_THRESHOLD, score: PairScore | None = None) -> list[list[int]]:
    """Partition claim indices into groups; claims nobody else states stay alone.
    ``vectors`` are unit embeddings of the claims' texts, row i for views[i]. ``score``
    replaces pair_score (benchmarks compare it with plain cosine)."""
    score = score or pair_score
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
            s = score(views[i], views[j], float(sims[i, j]))
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
        if any(s is None for s in cross) or sum(cross) / len(cross) < threshold - LINK_SLACK:
            continue
        for k in b:
            group_of[k] = gi
        members[gi] = a + b
        del members[gj]
    return settle_compounds([sorted(g) for g in sorted(members.values(), key=min)], views)


def settle_compounds(groups: list[list[int]], views: list[ClaimView]) -> list[list[int]]:
    """A compound claim enters one group per conjunct that aligned with another report;
    its conjuncts that aligned with nothing are dropped, and when none aligned the claim
    stays one single-claim group (its first view)."""
    aligned_claims = {views[i].claim.id for g in groups if len(g) > 1 for i in g}
    kept, single_seen = [], set()
    for g in groups:
        if len(g) > 1:
            kept.append(g)
            continue
        cid = views[g[0]].claim.id
        if cid in aligned_claims or cid in single_seen:
            continue
        single_seen.add(cid)
        kept.append(g)
    return kept
