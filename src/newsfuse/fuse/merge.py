"""Merge what a story's documents found: entities by key (aliases united), places by
key, and time expressions, with undated documents' relative times resolved against a
date the story fixes unambiguously (marked inferred)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict

from ..model import Claim, Document, DocumentAnalysis, Entity, Event, Place, TimeExpr, TimeRef

log = logging.getLogger(__name__)


def merge_story_entities(per_document: list[list[Entity]]) -> tuple[list[Entity], dict[str, str]]:
    """Merged entities and old key -> merged key (analyze.entities.merge_entities)."""
    from ..analyze.entities import merge_entities

    merged, remap = merge_entities(per_document)
    return list(merged), dict(remap)


def merge_places(per_document: list[list[Place]]) -> list[Place]:
    """Places merged by key: aliases united, mentions summed, role "event" wins."""
    by_key: dict[str, Place] = {}
    for plist in per_document:
        for p in plist:
            m = by_key.get(p.key)
            if m is None:
                by_key[p.key] = dataclasses.replace(p, aliases=list(p.aliases))
                continue
            m.mentions += p.mentions
            for alias in [p.name, *p.aliases]:
                if alias != m.name and alias not in m.aliases:
                    m.aliases.append(alias)
            if p.role == "event":
                m.role = "event"
            for attr in ("lat", "lon", "geonames_id", "country", "feature", "source"):
                if getattr(m, attr) is None:
                    setattr(m, attr, getattr(p, attr))
    return list(by_key.values())


def remap_claim(c: Claim, remap: dict[str, str]) -> Claim:
    """A copy of the claim with entity keys (its own, its source's and its propositions'
    participants) replaced by the story's merged keys."""
    attribution_entity = remap.get(c.attribution_entity, c.attribution_entity) if c.attribution_entity else None
    if attribution_entity is None and c.attribution_kind == "entity":
        attribution_entity = _resolve_source(c.attribution)
    # (a proposition whose participants keep their keys is shared, not copied: fusion
    # never changes a proposition in place, and a story of 2,000 reports has 30,000)
    props = [p if remap.get(p.agent_key, p.agent_key) == p.agent_key and remap.get(p.patient_key, p.patient_key)
             == p.patient_key else dataclasses.replace(p, agent_key=remap.get(p.agent_key, p.agent_key),
                                                       patient_key=remap.get(p.patient_key, p.patient_key))
             for p in c.propositions]
    return dataclasses.replace(
        c, attribution_entity=attribution_entity,
        entities=list(dict.fromkeys(remap.get(k, k) for k in c.entities)),
        places=list(c.places), times=list(c.times), numbers=list(c.numbers), propositions=props)


def _resolve_source(name: str) -> str | None:
    from ..analyze.entities import resolve_source

    try:
        return resolve_source(name)
    except Exception as exc:  # a lookup failure must not stop fusion
        log.warning("resolve_source(%r) failed: %s", name, exc)
        return None


def remap_event(e: Event, remap: dict[str, str]) -> Event:
    return dataclasses.replace(e, actors=list(dict.fromkeys(remap.get(k, k) for k in e.actors)),
                               claims=list(e.claims))


def story_anchor(doc_ids: list[str], documents: dict[str, Document],
                 analyses: dict[str, DocumentAnalysis]) -> dt.date | None:
    """The date an undated document of the story may borrow, only when the story fixes
    it unambiguously: the one publication date all its dated documents share. Dated
    documents of different days leave it unknown (which day would "earlier today" be?);
    so does a story with no dated document."""
    published = {documents[d].published for d in doc_ids if documents[d].published}
    return published.pop() if len(published) == 1 else None


def resolve_story_times(doc_ids: list[str], documents: dict[str, Document],
                        analyses: dict[str, DocumentAnalysis],
                        claims: list[Claim]) -> tuple[list[TimeRef], list[Claim]]:
    """A TimeRef per resolved expression. Relative expressions of undated documents are
    resolved against the story's date and marked inferred; the claims of their
    sentences gain those dates."""
    anchor = story_anchor(doc_ids, documents, analyses)
    refs: list[TimeRef] = []
    inferred_days: dict[tuple[str, int], list[str]] = defaultdict(list)
    for d in doc_ids:
        for expr in analyses[d].times:
            if expr.date is None and documents[d].published is None and anchor is not None:
                expr = _resolve_relative(expr, anchor)
                if expr.date is not None:
                    inferred_days[(d, expr.sentence)].append(expr.date.isoformat())
            if expr.date is not None:
                refs.append(TimeRef(d, expr.text, expr.date, expr.inferred))
    if inferred_days:
        claims = [dataclasses.replace(c, times=list(dict.fromkeys(c.times + inferred_days[(c.document, c.sentence)])))
                  if (c.document, c.sentence) in inferred_days else c for c in claims]
    return refs, claims


def date_undated_events(events: list[Event], claims: list[Claim], documents: dict[str, Document]) -> list[Event]:
    """An event of an undated document takes the date its claim borrowed from the story,
    labelled inferred; events of dated documents keep what the analysis found."""
    times_of = {c.id: c.times for c in claims}
    out = []
    for e in events:
        doc = documents.get(e.document)
        borrowed = next((t for cid in e.claims for t in times_of.get(cid, []) if len(t) == 10), None)
        if e.date is None and doc is not None and doc.published is None and borrowed:
            e = dataclasses.replace(e, date=dt.date.fromisoformat(borrowed), date_inferred=True)
        out.append(e)
    return out


def _resolve_relative(expr: TimeExpr, anchor: dt.date) -> TimeExpr:
    from ..analyze.times import resolve_relative

    try:
        resolved = resolve_relative(expr, anchor)
    except Exception as exc:  # one unreadable expression must not stop the story
        log.warning("cannot resolve %r against %s: %s", expr.text, anchor, exc)
        return expr
    if resolved.date is not None and not resolved.inferred:
        resolved = dataclasses.replace(resolved, inferred=True)
    return resolved


def surface_form_pairs(doc_ids: list[str], analyses: dict[str, DocumentAnalysis],
                       remap: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Document -> (merged key, how that document wrote it): its mentions, or the names
    of its places and entities when it recorded no mentions."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for d in doc_ids:
        a = analyses[d]
        found = [(remap.get(m.entity, m.entity), m.text) for m in a.mentions
                 if m.entity and m.label != "TIME"]
        if not found:
            found = [(p.key, p.name) for p in a.places] + [(remap.get(e.key, e.key), e.name) for e in a.entities]
        pairs[d] = found
    return pairs
