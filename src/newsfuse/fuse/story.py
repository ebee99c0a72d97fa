"""Fuse one story: merge what its documents found, align claims into facts, count
independent sources, find contradictions and discrepancies, grade credibility.

Which claims become facts: every claim except headings (a claim whose text has no verb,
e.g. "Opposition Advances and Damascus' Fall") is in exactly one fact; background and
quotes align like reports; opinions form facts of their own but grade 6 (cannot be
judged) unless something factual is aligned with them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections import Counter, defaultdict

import numpy as np

from ..model import (Claim, Contradiction, Discrepancy, Document, DocumentAnalysis, Entity,
                     Event, Fact, Place, Story, StoryPicture, TimeExpr, TimeRef)
from .align import ClaimView, align_claims, make_view
from .contradictions import (compare_aligned, find_disputes, find_responsibility, find_status, is_disputing,
                             read_blame, read_status, speaker)
from .credibility import grade_fact, reliability_of
from .discrepancies import detail_discrepancies, spelling_discrepancies, surface_forms
from ..analyze.frames import Predicate, main_verb, read_predicate, source_text
from .independence import copy_root, count_independent, document_citations, source_links

log = logging.getLogger(__name__)

SUMMARY_FACTS = 3


def fuse_story(story: Story, documents: dict[str, Document], analyses: dict[str, DocumentAnalysis],
               reliability: dict[str, str] | None = None) -> StoryPicture:
    """The situation picture of one story. Documents without a usable analysis are left
    out (their absence never stops the others). ``reliability`` ({outlet: A-F}) is not
    folded into credibility; see credibility.outlet_reliability."""
    doc_ids = [d for d in story.documents
               if d in analyses and analyses[d].error is None and d in documents]
    for d in story.documents:
        if d not in doc_ids:
            log.info("story %s: document %s has no usable analysis; left out", story.id, d)
    per_doc = [analyses[d] for d in doc_ids]
    entities, remap = merge_story_entities([a.entities for a in per_doc])
    places = merge_places([a.places for a in per_doc])
    claims = [_remap_claim(c, remap) for a in per_doc for c in a.claims]
    events = [_remap_event(e, remap) for a in per_doc for e in a.events]
    times, claims = resolve_story_times(doc_ids, documents, analyses, claims)
    events = date_undated_events(events, claims, documents)

    parsed = parse_texts(claims)
    predicates = [claim_predicate(doc) for doc in parsed]
    views = claim_views(claims, predicates, places, {d: analyses[d].times for d in doc_ids})
    from ..analyze.embed import embed

    vectors = embed([v.text for v in views])
    groups = align_claims(views, vectors)
    centrality = _centrality(vectors)

    citations = document_citations(
        claims, {d: [s.text for s in analyses[d].sentences] for d in doc_ids},
        {e.key: {e.name, *e.aliases} for e in entities if e.type in ("ORG", "PERSON", "MILITARY")})
    actor_of = {c.id: _actor(c, p, entities) for c, p in zip(claims, predicates)}

    names = {e.key: e.name for e in entities} | {p.key: p.name for p in places}
    contradictions: list[Contradiction] = []
    discrepancies: list[Discrepancy] = []
    for g in groups:
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                found, notes = compare_aligned(views[g[x]], views[g[y]], documents, actor_of)
                contradictions += found
                discrepancies += notes
        discrepancies += detail_discrepancies([views[i] for i in g], lambda c: speaker(c, documents), names)
    by_doc: dict[str, dict[str, Claim]] = defaultdict(dict)
    for v in views:
        by_doc[v.claim.document][v.claim.id] = v.claim
    contradictions += find_disputes({d: list(cs.values()) for d, cs in by_doc.items()}, documents)
    # Responsibility disputes first: they name the object, so they win the dedupe.
    contradictions = find_responsibility(views, actor_of, documents) + contradictions
    contradictions += find_status(claims, [read_status(doc) for doc in parsed], entities, documents)
    contradictions = dedupe_contradictions(contradictions, {c.id: c for c in claims}, documents)

    position = {c.id: n for n, c in enumerate(claims)}
    readable = {i: conjunct_statement(parsed[position[v.claim.id]], v.predicate)
                for i, v in enumerate(views) if v.text != v.claim.text}
    facts = build_facts(story, claims, views, groups, documents, citations, contradictions, centrality,
                        {i: t for i, t in readable.items() if t})
    if reliability:
        for fact in facts:
            for link in fact.sources:
                link.reliability = reliability_of(link.outlet, reliability)
    discrepancies = spelling_discrepancies(_forms(doc_ids, analyses, remap), names) + discrepancies
    picture = StoryPicture(story=story, claims=claims, facts=facts, contradictions=contradictions,
                           discrepancies=discrepancies, entities=entities, places=places,
                           times=times, events=events)
    picture.summary = summarise(picture, documents)
    return picture


def claim_views(claims: list[Claim], predicates: list[Predicate], places: list[Place],
                times: dict[str, list[TimeExpr]]) -> list[ClaimView]:
    """What alignment compares: one view per claim with a verb, one per conjunct of a
    compound claim, each with the days of its own predicate. ``times`` maps a document
    id to its time expressions."""
    place_index = {p.key: p for p in places}
    views = [make_view(c, part, place_index, part.text if part is not p else None)
             for c, p in zip(claims, predicates) if p.has_verb
             for part in (p.conjuncts if len(p.conjuncts) >= 2 else [p])]
    for v in views:
        v.days = predicate_days(v, times.get(v.claim.document, []))
    return views


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


def _remap_claim(c: Claim, remap: dict[str, str]) -> Claim:
    attribution_entity = remap.get(c.attribution_entity, c.attribution_entity) if c.attribution_entity else None
    if attribution_entity is None and c.attribution_kind == "entity":
        attribution_entity = _resolve_source(c.attribution)
    return dataclasses.replace(
        c, attribution_entity=attribution_entity,
        entities=list(dict.fromkeys(remap.get(k, k) for k in c.entities)),
        places=list(c.places), times=list(c.times), numbers=list(c.numbers))


def _resolve_source(name: str) -> str | None:
    from ..analyze.entities import resolve_source

    try:
        return resolve_source(name)
    except Exception as exc:  # a lookup failure must not stop fusion
        log.warning("resolve_source(%r) failed: %s", name, exc)
        return None


def _remap_event(e: Event, remap: dict[str, str]) -> Event:
    return dataclasses.replace(e, actors=list(dict.fromkeys(remap.get(k, k) for k in e.actors)),
                               claims=list(e.claims))


def story_anchor(doc_ids: list[str], documents: dict[str, Document],
                 analyses: dict[str, DocumentAnalysis]) -> dt.date | None:
    """The story's date for undated documents: the latest publication date among its
    documents, else the most frequent resolved day in their texts."""
    published = [documents[d].published for d in doc_ids if documents[d].published]
    if published:
        return max(published)
    days = Counter(t.date for d in doc_ids for t in analyses[d].times
                   if t.date is not None and t.granularity == "day" and not t.inferred)
    if days:
        return max(days.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return None


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


def parse_claims(claims: list[Claim]) -> list[Predicate]:
    """Frames and agents of every claim, parsed in one spaCy batch."""
    return [claim_predicate(doc) for doc in parse_texts(claims)]


def parse_texts(claims: list[Claim]) -> list:
    """The spaCy parse of every claim's text, in one batch."""
    if not claims:
        return []
    from ..analyze.nlp import load_nlp

    return list(load_nlp().pipe([c.text for c in claims], batch_size=64))


def claim_predicate(doc) -> Predicate:
    """frames.read_predicate, with "X blames Y (for Z)" read as Y acting: the blamed
    party is the agent, the blame's object or the blamed noun ("shelling") the act."""
    pred = read_predicate(doc)
    blame = read_blame(doc)
    if blame is None:
        return pred
    return dataclasses.replace(
        pred, agent=blame.agent, agent_country=blame.agent_country, agent_name=None,
        main_frames=set(blame.frames), frames=pred.frames | blame.frames, conjuncts=[],
        patient=blame.patient, patient_is_pronoun=blame.patient is None)


def _centrality(vectors: np.ndarray) -> list[float]:
    """Mean cosine of each view to the story's other views: how central it is."""
    n = len(vectors)
    if n < 2:
        return [0.0] * n
    return [float(m) for m in ((vectors @ vectors.T).sum(axis=1) - 1.0) / (n - 1)]


def _actor(claim: Claim, pred: Predicate, entities: list[Entity]) -> str | None:
    """The acting party as a comparable key: "country:RU" for a state or its forces,
    "entity:<key>" for a named organisation or person."""
    if pred.agent_country:
        return f"country:{pred.agent_country}"
    if not pred.agent:
        return None
    low = pred.agent.lower()
    for e in entities:
        if e.key in claim.entities and e.type in ("ORG", "PERSON", "MILITARY"):
            if any(n and n.lower() in low for n in [e.name, *e.aliases]):
                return f"entity:{e.key}"
    return None


def _forms(doc_ids: list[str], analyses: dict[str, DocumentAnalysis],
           remap: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """Merged key -> document -> how that document wrote it: its mentions, or the names
    of its places and entities when it recorded no mentions."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for d in doc_ids:
        a = analyses[d]
        found = [(remap.get(m.entity, m.entity), m.text) for m in a.mentions
                 if m.entity and m.label != "TIME"]
        if not found:
            found = [(p.key, p.name) for p in a.places] + [(remap.get(e.key, e.key), e.name) for e in a.entities]
        pairs[d] = found
    return surface_forms(pairs)


def dedupe_contradictions(contradictions: list[Contradiction], claims: dict[str, Claim],
                          documents: dict[str, Document]) -> list[Contradiction]:
    """One contradiction per unordered claim pair and kind. A claim of a copied document
    is the same claim as its original's identical text, so a dispute found in both the
    original and its syndicated copy is reported once."""
    def ident(cid: str) -> tuple[str, str]:
        c = claims.get(cid)
        if c is None:
            return (cid, "")
        return (copy_root(c.document, documents), " ".join(c.text.split()).lower())

    seen: set[tuple[frozenset, str]] = set()
    out = []
    for c in contradictions:
        key = (frozenset(ident(x) for x in c.claims), c.kind)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def predicate_days(view: ClaimView, times: list[TimeExpr]) -> set[str]:
    """ISO day dates of the view's own predicate: resolved day expressions inside the
    claim that the parse attaches to the view's verb (frames.verb_dates)."""
    c = view.claim
    phrases = [p.lower() for p in view.predicate.dates]
    out = set()
    for t in times:
        if t.date is None or t.granularity != "day" or not (c.start <= t.start < c.end):
            continue
        low = t.text.lower()
        if any(low in p or p in low for p in phrases):
            out.add(t.date.isoformat())
    return out


def statement_text(view: ClaimView, readable: str | None = None) -> str:
    """What a fact says, in the source's own words: the conjunct's readable statement
    (see conjunct_statement) when there is one, else the conjunct when it is a
    contiguous piece of its claim, else the whole claim."""
    if readable:
        return readable
    part, whole = " ".join(view.text.split()), " ".join(view.claim.text.split())
    return _LEADING_THAT.sub("", part if part and part in whole else whole)


_LEADING_THAT = re.compile(r"^(that|whether)\s+(?=\S)")  # a clause cut from "said that ..."


# Dependents that make a verb phrase complete on its own ("evacuated ships", "fled to
# Moscow", "is in Moscow"); a conjunct verb with none of them shares the next verb's
# object ("mined and blew up the dam").
_OWN_ARGUMENTS = {"dobj", "attr", "prep", "ccomp", "xcomp", "acomp", "dative", "oprd", "agent",
                  "prt", "advcl"}


def conjunct_statement(doc, part: Predicate) -> str | None:
    """A conjunct of a compound claim as a sentence of source words: the shared subject
    and the conjunct's own verb phrase, each cut from the claim with its spacing
    ("Syrian rebels are continuing their offensive in ..."), without the clause's "that".
    A conjunct without arguments of its own keeps the coordination up to the verb whose
    object it shares ("Russian forces mined and blew up the dam"). None when the verb is
    not found in the parse."""
    main = main_verb(next((t for t in doc if t.dep_ == "ROOT"), None))
    if main is None or not part.lemma:
        return None
    verbs = [main] + [c for c in main.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    verb = next((v for v in verbs if v.lemma_.lower() == part.lemma), None)
    if verb is None or len(verbs) < 2:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) or \
        next((c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    later = [v for v in verbs if v.i > verb.i]
    shares = bool(later) and not any(c.dep_ in _OWN_ARGUMENTS | {"nsubjpass", "auxpass"} for c in verb.children) \
        and all(t.dep_ in ("cc", "punct", "advmod") for t in doc[verb.i + 1 : later[0].i]) \
        and any(c.dep_ == "dobj" for c in later[0].children) \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in later[0].children)
    keep = {verb, later[0]} if shares else {verb}
    span = set(range(verb.left_edge.i, verb.right_edge.i + 1))
    if shares:
        span |= set(range(verb.i, later[0].right_edge.i + 1))
    for v in verbs:
        if v not in keep and v is not main:
            span -= set(range(v.left_edge.i, v.right_edge.i + 1))
    if subject is not None:
        span |= set(range(subject.left_edge.i, subject.right_edge.i + 1))
    inner = range(verb.i, later[0].i) if shares else range(0)
    joints = {c.i for v in verbs for c in v.children if c.dep_ in ("cc", "punct") and c.i > main.i
              and c.i not in inner}
    marks = {c.i for v in (verb, main) for c in v.children if c.dep_ == "mark"}
    return source_text([doc[i] for i in sorted(span - joints - marks)]) or None


def _statement_rank(v: ClaimView, centrality: float) -> tuple:
    """The clearest claim of a fact: asserted, a report, not a dispute, one proposition
    rather than a piece of a compound claim, central, short."""
    c = v.claim
    return (c.certainty == "asserted", c.kind in ("report", "quote"), not is_disputing(c),
            v.text == c.text, centrality, -len(v.text))


def build_facts(story: Story, claims: list[Claim], views: list[ClaimView], groups: list[list[int]],
                documents: dict[str, Document], citations: dict[str, set[str]],
                contradictions: list[Contradiction], centrality: list[float],
                readable: dict[int, str] | None = None) -> list[Fact]:
    """Facts with provenance, independence, status and credibility; ``groups`` hold
    indices into ``views``; ``readable`` holds conjunct statements by view index."""
    drafts = []
    key_of: dict[str, str] = {}
    for g in groups:
        members = [views[i].claim for i in g]
        links = source_links(members, documents, citations)
        for c, link in zip(members, links):
            key_of[c.id] = link.source_key
        drafts.append((g, members, links))
    opposed: dict[str, set[str]] = defaultdict(set)
    for con in contradictions:
        a, b = con.claims
        opposed[a].add(b)
        opposed[b].add(a)
    order = {c.id: (story.documents.index(c.document) if c.document in story.documents else 0,
                    c.sentence, c.start) for c in claims}
    facts = []
    for g, members, links in drafts:
        ids = {c.id for c in members}
        best = max(g, key=lambda i: _statement_rank(views[i], centrality[i]))
        best_view = views[best]
        against = set().union(*(opposed[i] for i in ids)) - ids
        within = opposed[best_view.claim.id] & ids
        contested = bool(against) or any(opposed[i] & ids for i in ids)
        opposing_keys = {key_of.get(o, o) for o in against | within}
        support_keys = {key_of[i] for i in ids - within} - opposing_keys
        independent = count_independent(links)
        status = "contested" if contested else ("corroborated" if independent >= 2 else "single-source")
        facts.append(Fact(
            id="", statement=statement_text(best_view, (readable or {}).get(best)), claims=[c.id for c in members],
            documents=list(dict.fromkeys(c.document for c in members)),
            independent_sources=independent, status=status, sources=links,
            credibility=grade_fact(members, len(support_keys) if contested else independent,
                                   contested, len(opposing_keys))))
    facts.sort(key=lambda f: (-f.independent_sources, f.credibility, f.status == "contested",
                              min(order[c] for c in f.claims)))
    for n, f in enumerate(facts, 1):
        f.id = f"{story.id}:f{n}"
    return facts


def summarise(picture: StoryPicture, documents: dict[str, Document]) -> str:
    """One extractive paragraph: the best-supported facts, then the main dispute."""
    parts = []
    top = [f for f in picture.facts if f.status == "corroborated"][:SUMMARY_FACTS]
    if len(top) < SUMMARY_FACTS:
        top += [f for f in picture.facts if f.status == "single-source" and f.credibility <= 3][: SUMMARY_FACTS - len(top)]
    for f in top:
        text = " ".join(f.statement.split())
        if any(text.rstrip(".") in p for p in parts):
            continue
        parts.append(text if text.endswith((".", "!", "?", "”", '"')) else text + ".")
    disputes = [c for c in picture.contradictions if c.kind == "attributed-dispute"] or picture.contradictions
    if disputes:
        parts.append(f"Disputed: {disputes[0].explanation}.")
    return " ".join(parts)
