"""Compare two reports: what both state, what only one states, where they conflict, and
whether they share an upstream source (two outlets relaying one agency are one source,
however many sentences they agree on).

Built on the fusion itself: the two documents are fused as a two-document Story
(``fuse.fuse_story``), so "both state" means exactly what a fact in the story picture
means, and a shared upstream is the same ``SourceLink.source_key`` on both sides."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..model import Claim, Contradiction, Document, DocumentAnalysis, Fact, Story, StoryPicture


@dataclass
class ComparedFact:
    fact: Fact
    a_text: str | None  # the sentence of report A behind it (None: A does not state it)
    b_text: str | None
    a_claim: str | None = None
    b_claim: str | None = None
    a_source: str | None = None  # whom A cites for it, as named ("HUR"), None when A asserts it
    b_source: str | None = None
    shared_source: str | None = None  # display name of the upstream both cite, if the same
    shared_keys: set[str] = field(default_factory=set)  # the source keys of every upstream both cite


@dataclass
class ComparedConflict:
    contradiction: Contradiction
    sides: list[dict[str, Any]]  # {"value", "holders", "claims": [(report "A"/"B", text, claim id)]}
    between: str  # "A vs B", "within A", "within B"


@dataclass
class SharedSource:
    key: str
    name: str
    a_names: list[str]  # how A names it
    b_names: list[str]
    facts: int  # facts both state on its word


@dataclass
class Comparison:
    a: Document
    b: Document
    picture: StoryPicture
    both: list[ComparedFact] = field(default_factory=list)
    only_a: list[ComparedFact] = field(default_factory=list)
    only_b: list[ComparedFact] = field(default_factory=list)
    conflicts: list[ComparedConflict] = field(default_factory=list)
    shared_sources: list[SharedSource] = field(default_factory=list)
    copy: str | None = None  # "B is a copy of A" when ingest linked them

    @property
    def verdict(self) -> str:
        """One line: are they independent?"""
        if self.copy:
            return f"Not independent: {self.copy}."
        if self.shared_sources:
            names = ", ".join(s.name for s in self.shared_sources)
            agree = sum(1 for r in self.both if r.shared_keys)
            common = "the one statement" if len(self.both) == 1 else f"the {len(self.both)} statements"
            return (f"They share an upstream source ({names}): {agree} of {common} they "
                    f"have in common rest{'s' if agree == 1 else ''} on it, so "
                    f"{'it counts' if agree == 1 else 'those count'} once, not twice.")
        if self.both:
            if len(self.both) == 1:
                return "No shared upstream source found: the one statement they have in common is an independent confirmation."
            return f"No shared upstream source found: the {len(self.both)} statements they have in common are independent confirmations."
        return "They have no statement in common."


def fuse_pair(a: Document, b: Document, analyses: dict[str, DocumentAnalysis],
              reliability: dict[str, str] | None = None) -> StoryPicture:
    from ..fuse import fuse_story

    dates = sorted(d.published for d in (a, b) if d.published)
    story = Story(f"compare-{a.id}-{b.id}", f"{a.title or a.source_label} / {b.title or b.source_label}",
                  [a.id, b.id], dates[0] if dates else None, dates[-1] if dates else None)
    return fuse_story(story, {a.id: a, b.id: b}, analyses, reliability)


def compare(a: Document, b: Document, analyses: dict[str, DocumentAnalysis],
            reliability: dict[str, str] | None = None, picture: StoryPicture | None = None) -> Comparison:
    """Compare report ``a`` with report ``b`` (both analysed)."""
    picture = picture or fuse_pair(a, b, analyses, reliability)
    claims = {c.id: c for c in picture.claims}
    names = {e.key: e.name for e in picture.entities}
    result = Comparison(a, b, picture)
    if b.copy_of == a.id:
        result.copy = "B is a copy of A"
    elif a.copy_of == b.id:
        result.copy = "A is a copy of B"
    shared: dict[str, SharedSource] = {}
    for f in picture.facts:
        row = _row(f, a.id, b.id, claims)
        if row.a_text and row.b_text:
            a_keys = {l.source_key for l in f.sources if l.document == a.id and _upstream(l.source_key)}
            b_keys = {l.source_key for l in f.sources if l.document == b.id and _upstream(l.source_key)}
            for key in sorted(a_keys & b_keys):
                src = shared.setdefault(key, SharedSource(key, _source_name(key, names, f), [], [], 0))
                row.shared_keys.add(key)
                src.a_names = src.a_names or _names_in(a.id, key, picture.claims) or _cited(f, a.id, key)
                src.b_names = src.b_names or _names_in(b.id, key, picture.claims) or _cited(f, b.id, key)
                row.shared_source = row.shared_source or src.name
            result.both.append(row)
        elif row.a_text:
            result.only_a.append(row)
        elif row.b_text:
            result.only_b.append(row)
    result.shared_sources = sorted(shared.values(), key=lambda s: -s.facts)
    for c in picture.contradictions:
        result.conflicts.append(_conflict(c, a.id, b.id, claims))
    order = {"A vs B": 0, "within A": 1, "within B": 2}
    result.conflicts.sort(key=lambda c: order.get(c.between, 3))
    rank = lambda r: (r.fact.credibility, -r.fact.independent_sources, r.fact.id)  # noqa: E731
    for rows in (result.both, result.only_a, result.only_b):
        rows.sort(key=rank)
        rows[:] = _one_row_per_sentence(rows)
    for src in shared.values():
        src.facts = sum(1 for r in result.both if src.key in r.shared_keys)
    return result


def _one_row_per_sentence(rows: list[ComparedFact]) -> list[ComparedFact]:
    """One row per sentence pair: a sentence that fusion split into several facts ("912
    killed and more than 5,300 injured") is one thing the report states, shown once (the
    best-ranked fact's row, with a shared upstream if any of them rests on one)."""
    out: dict[tuple[str | None, str | None], ComparedFact] = {}
    for r in rows:
        key = (r.a_text, r.b_text)
        if key in out:
            out[key].shared_source = out[key].shared_source or r.shared_source
            out[key].shared_keys |= r.shared_keys
        else:
            out[key] = r
    return list(out.values())


def _upstream(source_key: str) -> bool:
    """A cited source, not the outlet itself ("document:..." keys are the report's own word)."""
    return not source_key.startswith("document:") and source_key not in ("media", "outlet")


def _names_in(doc: str, key: str, claims: list[Claim]) -> list[str]:
    """How report ``doc`` itself names the source ``key`` in its own attributions."""
    if not key.startswith("entity:"):
        return []
    return list(dict.fromkeys(c.attribution for c in claims
                              if c.document == doc and c.attribution_entity == key[7:] and c.attribution))


def _cited(f: Fact, doc: str, key: str) -> list[str]:
    out = []
    for link in f.sources:
        if link.document == doc and link.source_key == key and link.cited_source:
            name = link.cited_source.replace(" (relayed)", "")
            if name not in out:
                out.append(name)
    return out


def _source_name(key: str, names: dict[str, str], f: Fact) -> str:
    if key.startswith("entity:") and key[7:] in names:
        return names[key[7:]]
    cited = [l.cited_source for l in f.sources if l.source_key == key and l.cited_source]
    return cited[0].replace(" (relayed)", "") if cited else key


def _row(f: Fact, a: str, b: str, claims: dict[str, Claim]) -> ComparedFact:
    def first(doc: str) -> Claim | None:
        return next((claims[c] for c in f.claims if c in claims and claims[c].document == doc), None)

    ca, cb = first(a), first(b)

    def cited(doc: str) -> str | None:
        link = next((l for l in f.sources if l.document == doc and l.cited_source and _upstream(l.source_key)), None)
        return link.cited_source.replace(" (relayed)", "") if link else None

    row = ComparedFact(f, ca.text if ca else None, cb.text if cb else None, ca.id if ca else None,
                       cb.id if cb else None, cited(a), cited(b))
    # a fact fused from both documents whose claims are all in one: the other only relays it
    if not ca and not cb:
        row.a_text = f.statement if a in f.documents else None
        row.b_text = f.statement if b in f.documents else None
    return row


def _conflict(c: Contradiction, a: str, b: str, claims: dict[str, Claim]) -> ComparedConflict:
    def label(cid: str) -> str | None:
        cl = claims.get(cid)
        return None if cl is None else "A" if cl.document == a else "B" if cl.document == b else None

    sides: list[dict[str, Any]] = []
    raw_sides = getattr(c, "sides", None) or []
    if raw_sides:
        for s in raw_sides:
            sides.append({"value": s.value, "holders": list(s.holders),
                          "claims": [(label(cid), claims[cid].text, cid) for cid in s.claims if cid in claims]})
    else:
        for cid in c.claims:
            if cid in claims:
                cl = claims[cid]
                sides.append({"value": cl.text, "holders": [cl.attribution], "claims": [(label(cid), cl.text, cid)]})
    reports = {lab for s in sides for lab, _, _ in s["claims"] if lab}
    between = "A vs B" if reports == {"A", "B"} else f"within {next(iter(reports))}" if reports else "within the pair"
    return ComparedConflict(c, sides, between)


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """The JSON form (CLI ``--format json`` and ``/api/compare``)."""
    def doc(d: Document) -> dict[str, Any]:
        return {"id": d.id, "path": d.path, "title": d.title, "outlet": d.outlet,
                "published": d.published.isoformat() if isinstance(d.published, dt.date) else None}

    def fact(r: ComparedFact) -> dict[str, Any]:
        return {"fact": r.fact.id, "status": r.fact.status, "independent_sources": r.fact.independent_sources,
                "a": r.a_text, "b": r.b_text, "a_claim": r.a_claim, "b_claim": r.b_claim,
                "a_source": r.a_source, "b_source": r.b_source, "shared_source": r.shared_source}

    return {
        "a": doc(cmp.a), "b": doc(cmp.b), "verdict": cmp.verdict, "copy": cmp.copy,
        "shared_sources": [{"key": s.key, "name": s.name, "a_names": s.a_names, "b_names": s.b_names,
                            "facts": s.facts} for s in cmp.shared_sources],
        "both": [fact(r) for r in cmp.both], "only_a": [fact(r) for r in cmp.only_a],
        "only_b": [fact(r) for r in cmp.only_b],
        "conflicts": [{"kind": c.contradiction.kind, "explanation": c.contradiction.explanation,
                       "between": c.between,
                       "sides": [{"value": s["value"], "holders": s["holders"],
                                  "claims": [{"report": lab, "text": t, "claim": cid} for lab, t, cid in s["claims"]]}
                                 for s in c.sides]} for c in cmp.conflicts],
    }


def render_comparison_markdown(cmp: Comparison, limit: int = 25) -> str:
    def name(d: Document) -> str:
        when = d.published.isoformat() if d.published else "undated"
        return f"{d.title or d.source_label} ({d.outlet or 'unknown outlet'}, {when}, {d.id})"

    out = ["# Comparison", "", f"- **A**: {name(cmp.a)}", f"- **B**: {name(cmp.b)}", "", f"**{cmp.verdict}**", ""]
    for s in cmp.shared_sources:
        out.append(f"- Shared upstream: **{s.name}** — A calls it {', '.join(s.a_names) or s.name}; "
                   f"B calls it {', '.join(s.b_names) or s.name}; {s.facts} common statement{'s' if s.facts != 1 else ''} rest on it.")
    if cmp.shared_sources:
        out.append("")

    def section(title: str, rows: list[ComparedFact], which: str) -> None:
        out.extend([f"## {title} ({len(rows)})", ""])
        for r in rows[:limit]:
            if which == "both":
                via = f" — both on the word of {r.shared_source}" if r.shared_source else ""
                out.append(f"- A: “{r.a_text}”\n  B: “{r.b_text}”{via}")
            else:
                text = r.a_text if which == "a" else r.b_text
                src = r.a_source if which == "a" else r.b_source
                out.append(f"- “{text}”" + (f" — citing {src}" if src else ""))
        if len(rows) > limit:
            out.append(f"- … and {len(rows) - limit} more (see `--format json`).")
        if not rows:
            out.append("- (none)")
        out.append("")

    section("Both state", cmp.both, "both")
    section("Only A states", cmp.only_a, "a")
    section("Only B states", cmp.only_b, "b")
    out.extend([f"## Where they conflict ({len(cmp.conflicts)})", ""])
    for c in cmp.conflicts:
        out.append(f"- **{c.contradiction.kind}** ({c.between}): {c.contradiction.explanation}")
        for s in c.sides:
            for lab, text, _ in s["claims"]:
                out.append(f"  - {lab or '?'}, {', '.join(s['holders'])}: “{text}”")
    if not cmp.conflicts:
        out.append("- (none found)")
    return "\n".join(out).rstrip() + "\n"
