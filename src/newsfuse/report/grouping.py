"""Contested issues for reading: each issue is one item with its sides (fusion groups
the claims of one disputed aspect already); this view adds who holds each side."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Contradiction, Document, StoryPicture


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


def source_table(p: StoryPicture, documents: dict[str, Document]) -> list[dict[str, Any]]:
    """Who published what and whom each outlet relays: one row per outlet with its grade,
    its reports, the upstream sources it cites (by name) and how many facts rest on it."""
    rows: dict[str, dict[str, Any]] = {}
    entity_names = {e.key: e.name for e in p.entities}
    for f in p.facts:
        for link in f.sources:
            row = rows.setdefault(link.outlet, {"outlet": link.outlet, "grade": None, "documents": [],
                                                "cites": {}, "facts": 0})
            if link.reliability and link.reliability != "F":
                row["grade"] = link.reliability
            if link.document not in row["documents"]:
                row["documents"].append(link.document)
            if link.cited_source and not link.source_key.startswith("document:") and link.source_key not in ("media", "outlet"):
                key = link.source_key
                name = entity_names.get(key[7:]) if key.startswith("entity:") else None
                row["cites"].setdefault(key, name or link.cited_source.replace(" (relayed)", ""))
            row["facts"] += 1
    for doc_id in p.story.documents:
        d = documents.get(doc_id)
        if d is not None and d.source_label not in rows:
            rows[d.source_label] = {"outlet": d.source_label, "grade": None, "documents": [doc_id], "cites": {}, "facts": 0}
    by_key: dict[str, list[str]] = {}
    for row in rows.values():
        for key in row["cites"]:
            by_key.setdefault(key, []).append(row["outlet"])
    for row in rows.values():
        row["shares_upstream_with"] = sorted({o for k in row["cites"] for o in by_key[k] if o != row["outlet"]})
        row["cites"] = list(dict.fromkeys(row["cites"].values()))
    return sorted(rows.values(), key=lambda r: (-r["facts"], r["outlet"]))
