"""Contradictions grouped for reading: one dispute between the same two sides is shown
once, with every claim pair behind it, instead of once per pair."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Claim, Contradiction, StoryPicture


@dataclass
class Dispute:
    kind: str
    sides: tuple[str, ...]  # who says what, as attributed ("Ukraine", "Moscow")
    explanation: str  # the first pair's explanation
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(cid for c in self.contradictions for cid in c.claims))


def _side(claim: Claim | None) -> str:
    return (claim.attribution if claim else "").strip().lower()


def group_contradictions(picture: StoryPicture) -> list[Dispute]:
    """Contradictions of one kind between the same two sides form one Dispute; order of
    first appearance is kept."""
    claims = {c.id: c for c in picture.claims}
    groups: dict[tuple, Dispute] = {}
    for c in picture.contradictions:
        sides = tuple(sorted({_side(claims.get(cid)) for cid in c.claims}))
        key = (c.kind, sides)
        if key not in groups:
            groups[key] = Dispute(c.kind, sides, c.explanation)
        groups[key].contradictions.append(c)
    return list(groups.values())
