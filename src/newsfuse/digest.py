"""What changed in a story when it was fused again: the watch digest, the webhook
alert and the web app's "new since your last visit" all read these lines.

A fact is the same fact across two fusions when they share a claim (fact ids are
positional and statements may be re-worded by a new leading claim); a contradiction
likewise. Counting is over independent sources, never over reports."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from .model import Document, StoryPicture


@dataclass
class Change:
    kind: str  # "new-story", "new-report", "new-fact", "new-contradiction", "count-updated", "status-changed"
    text: str
    story: str = ""


@dataclass
class StoryDigest:
    story: str
    title: str
    new: bool  # the story did not exist before
    documents: list[dict] = field(default_factory=list)  # the new reports that joined it
    changes: list[Change] = field(default_factory=list)


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def picture_changes(before: StoryPicture | None, after: StoryPicture,
                    new_documents: list[Document] | None = None) -> list[Change]:
    """The reader-facing differences between two fusions of one story."""
    sid = after.story.id
    out: list[Change] = []
    if before is None:
        n = len(after.story.documents)
        out.append(Change("new-story", f"new story: {after.story.title} ({n} report{'s' if n != 1 else ''})", sid))
    for d in new_documents or []:
        when = d.published.isoformat() if d.published else "undated"
        name = d.title or d.path.replace("\\", "/").rsplit("/", 1)[-1]
        out.append(Change("new-report", f"new report: {name} ({d.outlet or 'unknown outlet'}, {when})", sid))
    old_facts = {c: f for f in (before.facts if before else []) for c in f.claims}
    seen_old: set[int] = set()
    for f in after.facts:
        previous = next((old_facts[c] for c in f.claims if c in old_facts), None)
        if previous is None:
            if before is not None:
                out.append(Change("new-fact", f"new fact ({f.status}, {f.independent_sources} independent "
                                  f"source{'s' if f.independent_sources != 1 else ''}): {_short(f.statement)}", sid))
            continue
        if id(previous) in seen_old:
            continue
        seen_old.add(id(previous))
        if f.independent_sources != previous.independent_sources:
            out.append(Change("count-updated", f"independent sources {previous.independent_sources} → "
                              f"{f.independent_sources}: {_short(f.statement)}", sid))
        if f.status != previous.status:
            out.append(Change("status-changed", f"now {f.status} (was {previous.status}): {_short(f.statement)}", sid))
    old_claims = {c for x in (before.contradictions if before else []) for c in x.claims}
    for x in after.contradictions:
        if before is not None and not (set(x.claims) & old_claims):
            out.append(Change("new-contradiction", f"new contradiction ({x.kind}): {_short(x.explanation)}", sid))
    return out


def render_text(digests: list[StoryDigest], when: dt.datetime | None = None) -> str:
    """The digest as plain text, one block per story."""
    if not digests:
        return ""
    when = when or dt.datetime.now(dt.timezone.utc)
    lines = [f"newsfuse digest {when.strftime('%Y-%m-%d %H:%M UTC')}: "
             f"{len(digests)} stor{'y' if len(digests) == 1 else 'ies'} changed"]
    for d in digests:
        lines.append(f"* {d.title} [{d.story}]{' (new story)' if d.new else ''}")
        lines += [f"  - {c.text}" for c in d.changes if c.kind != "new-story"]
    return "\n".join(lines) + "\n"


def render_json(digests: list[StoryDigest]) -> str:
    return json.dumps({"stories": [asdict(d) for d in digests], "text": render_text(digests)}, ensure_ascii=False)
