"""The Markdown situation report: the default output, readable in a terminal."""
from __future__ import annotations

from ..model import Claim, Document, Report, StoryPicture
from .grouping import group_contradictions

CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}


def render_markdown(report: Report) -> str:
    docs = {d.id: d for d in report.documents}
    lines = ["# Situation report", ""]
    lines.append(f"{len(report.documents)} documents, {len(report.stories)} stories.")
    copies = [d for d in report.documents if d.copy_of]
    if copies:
        lines.append(f"{len(copies)} of the documents are copies of others and are not counted as separate sources.")
    for picture in report.stories:
        lines += ["", *_story(picture, docs)]
    return "\n".join(lines).rstrip() + "\n"


def _cite(claim: Claim, docs: dict[str, Document]) -> str:
    d = docs.get(claim.document)
    if d is None:
        return claim.document
    when = d.published.isoformat() if d.published else "undated"
    return f"{d.outlet or d.path}, {when}"


def _story(p: StoryPicture, docs: dict[str, Document]) -> list[str]:
    s = p.story
    span = " to ".join(dict.fromkeys(x.isoformat() for x in (s.start, s.end) if x)) or "dates unknown"
    claims = {c.id: c for c in p.claims}
    out = [f"## {s.title}", "", f"*{len(s.documents)} documents · {span}*", ""]
    if p.summary:
        out += [p.summary, ""]
    if p.facts:
        out += ["### Key facts", ""]
        ranked = sorted(p.facts, key=lambda f: (f.credibility, -f.independent_sources, -len(f.documents)))
        for f in ranked[:15]:
            chain = "; ".join(dict.fromkeys(
                f"{l.outlet} → {l.cited_source}" if l.cited_source else l.outlet for l in f.sources
            ))
            out.append(
                f"- **{f.statement}** — {f.status}, {f.independent_sources} independent "
                f"source{'s' if f.independent_sources != 1 else ''}, credibility {f.credibility} "
                f"({CREDIBILITY.get(f.credibility, '?')}); reported by {len(f.documents)} document"
                f"{'s' if len(f.documents) != 1 else ''}: {chain}"
            )
        if len(ranked) > 15:
            out.append(f"- … and {len(ranked) - 15} more facts (see `--format json`).")
        out.append("")
    if p.contradictions:
        out += ["### Contradictions", ""]
        for dispute in group_contradictions(p):
            more = len(dispute.contradictions) - 1
            out.append(f"- **{dispute.kind}**: {dispute.explanation}"
                       + (f" (and {more} more claim pair{'s' if more > 1 else ''} on the same sides)" if more else ""))
            for cid in dispute.claim_ids:
                if cid in claims:
                    cl = claims[cid]
                    out.append(f"  - “{cl.text}” — {cl.attribution} ({_cite(cl, docs)})")
        out.append("")
    if p.discrepancies:
        out += ["### Discrepancies (not contradictions)", ""]
        out += [f"- {d.kind}: {d.explanation}" for d in p.discrepancies]
        out.append("")
    dated = sorted((e for e in p.events if e.date), key=lambda e: e.date)
    if dated:
        places = {pl.key: pl.name for pl in p.places}
        out += ["### Timeline", ""]
        for e in dated:
            text = claims[e.claims[0]].text if e.claims and e.claims[0] in claims else ""
            where = f" — {places[e.place]}" if e.place in places else ""
            out.append(f"- {e.date.isoformat()} · {e.type}{' / ' + e.sub_type if e.sub_type else ''}{where}: {text}")
        out.append("")
    if p.places:
        out += ["### Places", ""]
        for pl in sorted(p.places, key=lambda x: -x.mentions):
            coords = f"{pl.lat:.3f}, {pl.lon:.3f}" if pl.lat is not None else "not geocoded"
            aka = f" (also: {', '.join(a for a in pl.aliases if a != pl.name)})" if len(set(pl.aliases) - {pl.name}) else ""
            out.append(f"- {pl.name}{aka}: {coords}")
        out.append("")
    if p.entities:
        out += ["### Entities", ""]
        for e in sorted(p.entities, key=lambda x: -x.mentions)[:25]:
            aka = [a for a in e.aliases if a != e.name]
            out.append(f"- {e.name} ({e.type})" + (f": also {', '.join(aka)}" if aka else ""))
        out.append("")
    return out
