"""Contested issues for reading: each issue is one item with its sides (fusion groups
the claims of one disputed aspect already); this view adds who holds each side."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Contradiction, StoryPicture


@dataclass
class Dispute:
    kind: str
    sides: tuple[str, ...]  # who holds each side, as attributed ("Ukraine's military", "Moscow")
    explanation: str
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(cid for c in self.contradictions for cid in c.claims))


def group_contradictions(picture: StoryPicture) -> list[Dispute]:
    """One Dispute per contested issue, most supported first (the bottom line's order)."""
    order = {cid: n for n, cid in enumerate(picture.bottom_line.contested)}
    issues = sorted(picture.contradictions, key=lambda c: order.get(c.id, len(order)))
    return [Dispute(c.kind, tuple(", ".join(s.holders) for s in c.sides), c.explanation, [c]) for c in issues]
