"""The Markdown situation report: the default output, readable in a terminal."""
from __future__ import annotations

from ..fuse.sides import aspect_question
from ..model import Claim, Contradiction, Document, Report, StoryPicture

CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}


def render_markdown(report: Report) -> str:
    docs = {d.id: d for d in report.documents}
    lines = ["# Situation report", ""]
    n, k = len(report.documents), len(report.stories)
    lines.append(f"{n} document{'s' if n != 1 else ''}, {k} stor{'ies' if k != 1 else 'y'}.")
    copies = [d for d in report.documents if d.copy_of]
    if copies:
        lines.append(f"{len(copies)} of the documents {'are copies' if len(copies) != 1 else 'is a copy'} of others "
                     "and not counted as separate sources.")
    for picture in report.stories:
        lines += ["", *_story(picture, docs)]
    return "\n".join(lines).rstrip() + "\n"


def _issue_line(c: Contradiction) -> str:
    """"who did it: Russian forces (Ukraine's military; 2 sources) vs Ukrainian shelling (Moscow; 1 source)"."""
    sides = " vs ".join(f"{s.value} ({', '.join(s.holders[:3])}{' …' if len(s.holders) > 3 else ''}; "
                        f"{s.independent_sources} source{'s' if s.independent_sources != 1 else ''})" for s in c.sides)
    question = aspect_question(c.aspect) if c.aspect else c.kind
    return f"{question}: {sides}"


def _graded(link) -> str:
    """"Outlet [B] → HUR": the outlet with the analyst's grade when set, then whom it cites."""
    outlet = f"{link.outlet} [{link.reliability}]" if link.reliability and link.reliability != "F" else link.outlet
    return f"{outlet} → {link.cited_source}" if link.cited_source else outlet


def _source_lines(p: StoryPicture, docs: dict[str, Document]) -> list[str]:
    """One line per outlet: its grade, reports, whom it relays, who relays the same."""
    from .grouping import source_table

    lines = []
    for row in source_table(p, docs):
        grade = f" [{row['grade']}]" if row["grade"] else " [ungraded]"
        cites = f"; relays {', '.join(row['cites'])}" if row["cites"] else ""
        shared = f" (as does {', '.join(row['shares_upstream_with'])})" if row["shares_upstream_with"] else ""
        n = len(row["documents"])
        lines.append(f"- {row['outlet']}{grade}: {n} report{'s' if n != 1 else ''}{cites}{shared}")
    return lines


def _cite(claim: Claim, docs: dict[str, Document]) -> str:
    d = docs.get(claim.document)
    if d is None:
        return claim.document
    when = d.published.isoformat() if d.published else "undated"
    return f"{d.outlet or d.path}, {when}"


def _sources(n: int) -> str:
    return f"{n} independent source{'s' if n != 1 else ''}"


def _story(p: StoryPicture, docs: dict[str, Document]) -> list[str]:
    """One story, bottom line first: established, contested (with sides), single-source
    worth noting, what changed; then the events, every issue with its claims, all facts."""
    s = p.story
    span = " to ".join(dict.fromkeys(x.isoformat() for x in (s.start, s.end) if x)) or "dates unknown"
    claims = {c.id: c for c in p.claims}
    facts = {f.id: f for f in p.facts}
    issues = {c.id: c for c in p.contradictions}
    outlets = {docs[d].source_label for d in s.documents if d in docs and not docs[d].copy_of}
    n_docs = len(s.documents)
    out = [f"## {s.title}", "",
           f"*{n_docs} report{'s' if n_docs != 1 else ''} from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
           f" · {span}*", ""]
    bl = p.bottom_line
    out += ["### Bottom line", ""]
    if bl.established:
        out.append("**Established**")
        for fid in bl.established[:8]:
            f = facts[fid]
            out.append(f"- {f.statement} — {_sources(f.independent_sources)}, credibility {f.credibility} "
                       f"({CREDIBILITY.get(f.credibility, '?')})")
        out.append("")
    if bl.contested:
        out.append("**Contested**")
        for cid in bl.contested[:6]:
            out.append(f"- {_issue_line(issues[cid])}")
        out.append("")
    if bl.single_source:
        out.append("**Single-source, worth noting**")
        for fid in bl.single_source:
            f = facts[fid]
            who = "; ".join(dict.fromkeys(_graded(l)
                                          for l in f.sources))
            out.append(f"- {f.statement} — {who}")
        out.append("")
    if bl.changed:
        out.append("**Changed since the story was last fused**")
        out += [f"- {line}" for line in bl.changed]
        out.append("")
    if not (bl.established or bl.contested or bl.single_source):
        out += ["Nothing established yet: every fact rests on one hedged source or none.", ""]
    if p.summary:
        out += [p.summary, ""]
    if p.contradictions:
        out += ["### Contested issues", ""]
        for c in p.contradictions:
            out.append(f"- **{c.kind}** — {c.explanation}")
            for side in c.sides:
                since = f", since {side.since.isoformat()}" if side.since else ""
                out.append(f"  - *{side.value}* — {', '.join(side.holders)} ({_sources(side.independent_sources)}{since})")
                for cid in side.claims[:4]:
                    if cid in claims:
                        out.append(f"    - “{' '.join(claims[cid].text.split())}” ({_cite(claims[cid], docs)})")
        out.append("")
    if p.facts:
        out += ["### Facts", ""]
        for f in p.facts[:25]:
            chain = "; ".join(dict.fromkeys(
                _graded(l) for l in f.sources))
            aspect = "" if f.aspect == "occurrence" else f"[{f.aspect}] "
            updates = f"; rose over time: {' → '.join(f.updates)}" if f.updates else ""
            if f.told_in:
                updates += f"; {len(f.told_in)} of them tell it inside another statement"
            if f.headlines:
                updates += f"; the headline of {len(f.headlines)} report{'s' if len(f.headlines) != 1 else ''}"
            out.append(
                f"- {aspect}**{f.statement}** — {f.status}, {_sources(f.independent_sources)}, credibility "
                f"{f.credibility} ({CREDIBILITY.get(f.credibility, '?')}); {len(f.documents)} report"
                f"{'s' if len(f.documents) != 1 else ''}: {chain}{updates}")
        if len(p.facts) > 25:
            out.append(f"- … and {len(p.facts) - 25} more facts (see `--format json`).")
        out.append("")
    if p.discrepancies:
        out += ["### Discrepancies (not contradictions)", ""]
        out += [f"- {d.kind}: {d.explanation}" for d in p.discrepancies]
        out.append("")
    dated = sorted((e for e in p.story_events if e.date), key=lambda e: (e.date, -len(e.documents)))
    if dated:
        places = {pl.key: pl.name for pl in p.places}
        out += ["### Timeline (one line per event, copies folded)", ""]
        for e in dated:
            where = f" — {places[e.place]}" if e.place in places else ""
            kind = f"{e.type}{' / ' + e.sub_type if e.sub_type else ''} · " if e.type else ""
            outlets = ", ".join(sorted({docs[d].source_label for d in e.documents if d in docs}))
            inferred = " (date inferred)" if e.date_inferred else ""
            out.append(f"- {e.date.isoformat()}{inferred} · {kind}{e.label}{where} ({outlets})")
        out.append("")
    sources = _source_lines(p, docs)
    if sources:
        out += ["### Sources", "", *sources, ""]
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
