"""The situation picture of one story: its events, each event's aspects as facts with
their values and independent sources, the contested issues with their sides, and the
bottom line an analyst reads first.

Steps, each in its own module: merge what the documents found (merge.py); group the
claims' propositions into events across reports (events.py); read each event's aspects
and their values (aspects.py, values.py); turn conflicting aspects and explicit disputes
into issues with sides (sides.py); count independent sources (independence.py); grade
credibility (credibility.py). Propositions were read at analysis time: fusion neither
parses nor embeds.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
from collections import Counter, defaultdict

from ..analyze.propositions import measured_roles, without_leading_that
from ..model import (BottomLine, Claim, Contradiction, Discrepancy, Document, DocumentAnalysis, Event, Fact,
                     Place, Proposition, Story, StoryEvent, StoryPicture, Value)
from .aspects import (Aspect, AspectValue, count_aspect_name, count_aspects, earliest, event_aspects, incident_aspects,
                      incident_family, incident_mentions, not_yet, occurrence, settle_sources)
from .credibility import grade_fact, reliability_of
from .discrepancies import spelling_discrepancies, surface_forms
from .events import (GENERAL_FEATURES, Mention, cluster_events, detached_forms, is_thing, other_things, sense_relation,
                     senses, specific_places)
from .headlines import headline_events
from .independence import count_independent, document_citations, merge_institutions, source_links
from .labels import label_problem
from .memory import EventMemory
from .merge import (date_undated_events, merge_places, merge_story_entities, remap_claim, remap_event,
                    resolve_story_times, surface_form_pairs)
from .where import near_settings, region_ranks, story_senses
from .when import (conflict_days, first_report, incident_day, of_the_day, other_victims, own_tellings, plausible,
                   reanchor_weekdays, set_here, weekday_days, weekdays_apart, without_person_names)
from .whereabouts import whereabouts
from .sides import dispute_issue, find_disputes, is_disputing, issue_from_aspect, quote, speaker, status_issues

log = logging.getLogger(__name__)

SUMMARY_FACTS = 3
BOTTOM_LINE_SINGLE = 5  # single-source facts worth noting on the first screen
_ROLE_WORDS = {"killed": "killed", "injured": "injured", "shot": "shot", "missing": "missing",
               "arrested": "arrested", "rescued": "rescued", "evacuated": "evacuated",
               "displaced": "displaced", "affected": "affected", "perpetrator killed": "killed",
               "perpetrator injured": "injured", "perpetrator shot": "shot"}


def fuse_story(story: Story, documents: dict[str, Document], analyses: dict[str, DocumentAnalysis],
               reliability: dict[str, str] | None = None, previous: StoryPicture | None = None,
               memory: EventMemory | None = None) -> StoryPicture:
    """The situation picture of one story. Documents without a usable analysis are left
    out (their absence never stops the others). ``reliability`` ({outlet: A-F}) is shown
    beside sources, never folded into credibility; ``previous`` (the story's last
    picture) lets the bottom line say what changed, and nothing else. ``memory`` (the
    story's fuse/memory.EventMemory, updated here) lends the last fusion's story
    statistics and pair scores while the story has grown little since they were made:
    the picture is then the one fusing all reports at once under those statistics gives."""
    doc_ids = [d for d in story.documents if d in analyses and analyses[d].error is None and d in documents]
    for d in story.documents:
        if d not in doc_ids:
            log.info("story %s: document %s has no usable analysis; left out", story.id, d)
    per_doc = story_senses([analyses[d] for d in doc_ids])  # one sense per story for a place name
    entities, remap = merge_story_entities([a.entities for a in per_doc])
    places = merge_places([a.places for a in per_doc])
    place_index = {p.key: p for p in places}
    claims = merge_institutions([remap_claim(c, remap) for a in per_doc for c in a.claims],
                                {e.key: e.name for e in entities if e.type == "PERSON"})
    doc_events = [remap_event(e, remap) for a in per_doc for e in a.events]
    times, claims = resolve_story_times(doc_ids, documents, analyses, claims)
    doc_events = date_undated_events(doc_events, claims, documents)
    claims = read_missing_propositions(claims, per_doc, entities, places)
    by_id = {c.id: c for c in claims}

    mentions = [Mention(c, p, 0) for c in claims for p in c.propositions
                if p.checkable and c.kind != "opinion" and not p.secondary]
    told_inside = [Mention(c, p, -1) for c in claims for p in c.propositions
                   if p.checkable and c.kind != "opinion" and p.secondary]
    # A frameless telling ("Friday's incident") tells only the day and place of the
    # incident its report is about: no event of its own, nor a partner in grouping; it
    # joins the main event's tellings below (_as_main).
    generic = [m for m in told_inside if not m.prop.frame]
    told_inside = [m for m in told_inside if m.prop.frame]
    # A bare weekday read against a later report's date is the week another report gives.
    weekdays = weekday_days(claims, {d: analyses[d] for d in doc_ids})
    first = min((documents[d].published for d in doc_ids if documents[d].published), default=None)
    mentions = reanchor_weekdays(mentions, weekdays, by_act=True, first=first)
    told_inside = reanchor_weekdays(told_inside, weekdays, by_act=True, first=first)
    generic = reanchor_weekdays(generic, weekdays, by_act=True, first=first)
    # Events told inside a predicate (an event noun, a clause) take part in grouping: the
    # pair model links them to the events claims state, and they tell that the event
    # happened (Fact.told_in); an event told only inside predicates is no event of the
    # picture.
    tellings = mentions + told_inside
    # The story's first year: a claim told only of years well before it is history.
    first_year = min((documents[d].published.year for d in doc_ids if documents[d].published), default=None)
    for i, m in enumerate(tellings):
        m.index = i
        m.nominal = m.prop.secondary
        m.past = _long_past(m.claim, first_year)
    for i, m in enumerate(generic, len(tellings)):
        m.index, m.nominal, m.past = i, True, _long_past(m.claim, first_year)
    resolve_patients(mentions)
    # Reports that tell of different days (one dated, one undated) never tell one event.
    apart = weekdays_apart(doc_ids, documents, analyses)
    # Every fusion groups the story's mentions afresh, over all pair scores (those the
    # memory keeps, and the new report's): groups kept from a fusion of fewer reports
    # made the picture depend on the order reports arrived in (at 500 GVA reports, 1,107
    # facts re-fused against 1,079 fused at once).
    groups = [g for g in cluster_events(tellings, place_index, apart, memory)
              if not all(tellings[i].prop.secondary for i in g)]

    citations = document_citations(
        claims, {d: [s.text for s in analyses[d].sentences] for d in doc_ids},
        {e.key: {e.name, *e.aliases} for e in entities if e.type in ("ORG", "PERSON", "MILITARY")})
    link_cache: dict[tuple[str, ...], list] = {}

    def links(claim_ids: list[str], asides: frozenset[str] = frozenset()):
        key = tuple(sorted(set(claim_ids)))
        mine = asides & set(key)
        if (key, mine) not in link_cache:
            link_cache[(key, mine)] = source_links([_as_writers(by_id[c], documents) if c in mine else by_id[c]
                                                    for c in key], documents, citations)
        return link_cache[(key, mine)]

    def independent(claim_ids: list[str], asides: frozenset[str] = frozenset()) -> int:
        return count_independent(links(claim_ids, asides))

    def one_source(a: list[str], b: list[str]) -> bool:
        """Both sets of claims are one outlet's words: their difference is its own
        wording or slip. Two outlets relaying one source and disagreeing on what it
        said is a discrepancy the analyst must see, so it stays a conflict."""
        outlets = {documents[by_id[c].document].outlet or by_id[c].document for c in [*a, *b]}
        return len(outlets) == 1

    story_events: list[StoryEvent] = []
    facts: list[Fact] = []
    issues: list[Contradiction] = []
    discrepancies: list[Discrepancy] = []
    event_of: dict[str, str] = {}
    # An event's own mentions are the claims that state it; those that tell it inside
    # another statement ("declared a state of emergency in the provinces hit by Monday's
    # earthquakes") support only its occurrence.
    grouped = [[tellings[i] for i in group if not tellings[i].prop.secondary] for group in groups]
    told_of = [[tellings[i] for i in group if tellings[i].prop.secondary] for group in groups]
    events_of_claim: dict[str, list[Event]] = defaultdict(list)
    for e in doc_events:
        for c in e.claims:
            events_of_claim[c].append(e)
    for n, ms in enumerate(grouped, 1):
        story_events.append(_story_event(f"{story.id}:e{n}", ms, events_of_claim, place_index))
        for m in ms:
            event_of.setdefault(m.claim.id, story_events[-1].id)
    per_event: dict[str, list[Aspect]] = {e.id: event_aspects(ms, by_id, place_index, one_source)
                                          for e, ms in zip(story_events, grouped)}
    for aspect in settle_sources(count_aspects(mentions, by_id, documents), one_source):
        per_event[_main_event(aspect, event_of, story_events)].append(aspect)
    # Each event's occurrence also counts the claims that tell it inside another
    # statement and that event grouping linked to it (the main event's, besides, those
    # in its words: _told_occurrence).
    told_in_event: dict[str, set[str]] = {}
    ambiguous = ambiguous_acts(mentions + told_inside)
    for e, ms, told in zip(story_events, grouped, told_of):
        own = {m.claim.id for m in ms}
        extra = [m for m in told if m.claim.id not in own and _same_telling(m, ms, ambiguous)]
        if extra:
            told_in_event[e.id] = {m.claim.id for m in extra}
            per_event[e.id] = [settle_sources([occurrence(ms + extra)], one_source)[0] if a.name == "occurrence"
                               else a for a in per_event[e.id]]
    told_in: set[str] = set()  # claims that tell the main event only inside another statement
    if story_events:
        # The main event: the happening most reports tell in its own words (in its
        # sentences, inside others: "killed by Monday's earthquake", or in a headline),
        # then in any telling of its family ("was shot", "the shooting Sunday", "a
        # robbery that left six injured"), then the one most reports lead with (news
        # tells its event first), then the event most reports pair, then the one the
        # tolls are of; a frameless event (a quote) comes last.
        # (Leads first measured worse on the tuning half of GVA: place R@161 0.683 vs 0.700.)
        leads = _lead_claims(claims)
        reports_of_frame: dict[str, set[str]] = defaultdict(set)
        for m in mentions + told_inside:
            if m.prop.frame:
                reports_of_frame[m.prop.frame].add(m.claim.document)
        told_in_words = _tellings_in_words(told_inside, {d: documents[d].title or "" for d in doc_ids})

        def rank(i: int) -> tuple:
            tellings = told_in_words(grouped[i])
            return (any(m.prop.frame for m in grouped[i]), len({doc for doc, _ in tellings}),
                    _family_reports(grouped[i], reports_of_frame), len(tellings),
                    len({m.claim.document for m in grouped[i] if m.claim.id in leads}),
                    len(story_events[i].documents),
                    sum(a.name not in ("occurrence", "agent", "date", "place") for a in per_event[story_events[i].id]))
        main = max(range(len(story_events)), key=rank)
        if log.isEnabledFor(logging.DEBUG):
            for i in sorted(range(len(story_events)), key=rank, reverse=True)[:4]:
                log.debug("story %s: event %r, rank %s", story.id, story_events[i].label[:60], rank(i))
        # A measured quantity of the event (the quake's magnitude) is the main event's,
        # not that of the sentence that gives it ("AFAD measured the first shock at 7.7 and
        # recorded dozens of aftershocks"); so is any count sitting on a predicate that is
        # no happening ("called it a mass casualty event ... as many as 20 people in the water").
        measured = measured_roles()
        for e in story_events:
            if e.id != story_events[main].id:
                moved = [a for a in per_event[e.id] if a.kind == "number"
                         and (a.name.split()[0] in measured or not e.frame)]
                per_event[e.id] = [a for a in per_event[e.id] if not any(a is m for m in moved)]
                per_event[story_events[main].id] += moved
        told = incident_mentions(grouped[main], mentions + told_inside) + _as_main(generic, grouped[main])
        happened, told_in = _told_occurrence(grouped[main], told_inside, told_of[main], apart, ambiguous)
        told_in_event[story_events[main].id] = told_in
        per_event[story_events[main].id] = [settle_sources([happened], one_source)[0] if a.name == "occurrence"
                                            else a for a in per_event[story_events[main].id]]
        named_in: dict[str, set[str]] = defaultdict(set)
        for c in claims:
            for key in c.entities:
                named_in[key].add(c.document)
        told = reanchor_weekdays(other_victims(own_tellings(told), named_in), weekdays, first=first)
        story_events[main] = _main_attributes(story_events[main], told, place_index, places, documents)
        # (a double surname's parts too: "Trent" of "Trent-Vokes" is no town here)
        people = {w.lower() for e in entities if e.type == "PERSON" for w in re.split(r"[\s-]+", e.name) if len(w) > 2}
        found = settle_sources(incident_aspects(
            told, by_id, place_index,
            day_mentions=conflict_days(set_here(told, story_events[main].place, place_index), documents),
            place_mentions=without_person_names(of_the_day(told, story_events[main].date), place_index, people,
                                                [e.name for e in entities if e.type == "ORG"])), one_source)
        # The main event's day is that of all its tellings: the event's own reading of it
        # (its paired mentions only, a death's day beside the shooting's) gives way to the
        # incident's; so does its place where the incident's reading finds a conflict.
        # One outlet's reports giving two days or places is shown as its inconsistency.
        shown = [a for a in found if a.relation in ("conflict", "one-source")]
        conflicts = {a.name for a in shown} | {"date"}
        own = [a for a in per_event[story_events[main].id] if a.name not in conflicts]
        per_event[story_events[main].id] = own + shown
    # Where a named person is, whatever act each report tells it in (a flight to Moscow, an
    # arrival in the Russian capital): an aspect of the event of the person's own moves.
    people_names = {e.key: e.name for e in entities if e.type == "PERSON"}
    for aspect in whereabouts(mentions + told_inside, people_names, place_index) if story_events else []:
        per_event[_mover_event(aspect, event_of, story_events, grouped)].append(aspect)
    # Which event each report's headline names: shown beside its occurrence, never a
    # claim or a source of it (fuse/headlines.py).
    headlined = headline_events({d: documents[d].title for d in doc_ids if documents[d].title},
                                [(e.id, ms + told) for e, ms, told in zip(story_events, grouped, told_of)])
    agent_issues: dict[str, tuple[Contradiction, Aspect]] = {}
    for event in story_events:
        per_event[event.id] = [not_yet(a, by_id, documents) for a in per_event[event.id]]
        for aspect in per_event[event.id]:
            if aspect.relation == "one-source":
                discrepancies.append(_inconsistency_note(event, aspect, by_id, documents))
            if aspect.name in ("date", "place") and aspect.relation != "conflict" and aspect.about is None:
                continue  # an agreed day or place is the event's own attribute, not a fact apart
            if aspect.relation == "superseded":
                discrepancies.append(_died_note(event, aspect, by_id, documents))
                continue  # the hurt who died since: their earlier state, not a count of its own
            issue = None
            if aspect.relation == "conflict":
                issue = issue_from_aspect(event.id, event.label, aspect, by_id, documents, independent)
                issues.append(issue)
                if aspect.name == "agent":
                    agent_issues[event.id] = (issue, aspect)
            fact_links, fact_independent = links, independent
            if aspect.name == "occurrence" and told_in_event.get(event.id):
                # A claim that tells the event only inside another statement presupposes that
                # it happened ("I condemn the attack", "police are investigating the
                # shooting", a victim's profile, the writer's aside "the bridge, which opened
                # in 1977"): its sayer is no witness that it happened; its outlet, telling it
                # as known, reports it. The claims that state the event count their sources.
                mine = frozenset(told_in_event[event.id])
                fact_links = functools.partial(links, asides=mine)
                fact_independent = functools.partial(independent, asides=mine)
            fact = _fact(event, aspect, by_id, documents, fact_links, fact_independent)
            if fact is not None:
                if aspect.name == "occurrence":
                    fact.told_in = [c for c in fact.claims if c in told_in_event.get(event.id, ())]
                    fact.headlines = headlined.get(event.id, [])
                facts.append(fact)
            if aspect.relation == "update":
                discrepancies.append(_update_note(event, aspect, by_id, documents))
            discrepancies += _rounding_notes(aspect, by_id, documents)

    facts = _said_once(facts)
    issues += _disputes(claims, by_id, event_of, story_events, documents, independent, facts, agent_issues)
    issues += status_issues(mentions, by_id, documents, independent, event_of,
                            {e.key: e.name for e in entities if e.type == "PERSON"})
    _number(story, facts, issues, story_events)
    if reliability:
        for fact in facts:
            for link in fact.sources:
                link.reliability = reliability_of(link.outlet, reliability)
    names = {e.key: e.name for e in entities} | {p.key: p.name for p in places}
    discrepancies = spelling_discrepancies(surface_forms(surface_form_pairs(doc_ids, analyses, remap)), names) + discrepancies
    picture = StoryPicture(story=story, claims=claims, facts=facts, contradictions=issues,
                           discrepancies=discrepancies, entities=entities, places=places, times=times,
                           events=doc_events, story_events=story_events)
    picture.bottom_line = bottom_line(picture, previous)
    picture.summary = summarise(picture)
    return picture


def _said_once(facts: list[Fact]) -> list[Fact]:
    """Facts that would read as one line twice, the same words from the same claims
    ("Assad had decided to step down and leave Syria": a resignation and a departure,
    neither a clause of its own), shown once: the first, of the event told first."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.aspect, f.statement, frozenset(f.claims), f.status)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def read_missing_propositions(claims: list[Claim], per_doc: list[DocumentAnalysis], entities, places) -> list[Claim]:
    """Propositions for claims of analyses stored before analysis read them (no claim of
    the document has any): each claim's text parsed on its own, in one batch, with its
    entities and places found by name. Current analyses pass through untouched."""
    stale = {a.document for a in per_doc if a.claims and not any(c.propositions for c in a.claims)}
    todo = [c for c in claims if c.document in stale]
    if not todo:
        return claims
    from ..analyze.nlp import load_nlp
    from ..analyze.propositions import read_propositions
    from ..model import Mention as NameMention

    names = [(k, n) for e in entities for k, n in [(e.key, e.name), *((e.key, a) for a in e.aliases)]]
    names += [(p.key, n) for p in places for n in [p.name, *p.aliases]]
    times_of = {a.document: a.times for a in per_doc}
    for c, doc in zip(todo, load_nlp().pipe([c.text for c in todo], batch_size=64)):
        own_times = [dataclasses.replace(t, start=t.start - c.start, end=t.end - c.start)
                     for t in times_of.get(c.document, []) if c.start <= t.start < c.end]
        keys = set(c.entities) | set(c.places)
        found = []
        for key, name in names:
            if key in keys and name:
                at = c.text.find(name)
                if at >= 0:
                    found.append(NameMention(name, at, at + len(name), 0, "NAME", key))
        own_places = [p for p in places if p.key in c.places]
        c.propositions = read_propositions(doc[:], c, found, own_places, own_times)
    return claims


def _long_past(claim: Claim, first_year: int | None) -> bool:
    """A claim whose every time lies two or more years before the story's first report
    ("The bridge ... opened in 1977"): history, never one event with what the story
    reports (a later report looking back at the story's own event is no history)."""
    # Times told only in the writer's asides ("the bridge, which opened in 1977, ...") date
    # the thing described, not what the claim says of it.
    aside = {d for p in claim.propositions if p.aside for d in p.days}
    times = [t for t in claim.times if t not in aside]
    if not times or first_year is None:
        return False
    return all(t[:4].isdigit() and int(t[:4]) <= first_year - 2 for t in times)


LOOKBACK_SENTENCES = 2  # how far back "it" or a blame without an object may look for its object
_PRONOUNS = {"it", "them", "this"}


def resolve_patients(mentions: list[Mention]) -> None:
    """What "it" stands for, and what an objectless blame acts on ("Ukraine says Russian
    troops blew it up", "Moscow blames Ukrainian shelling"): the object of the nearest
    earlier proposition of the same document, up to LOOKBACK_SENTENCES back (for a
    reciprocal blame naming its act, "for the breach", the nearest of that act's frame)."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.claim.document].append(m)
    for ms in by_doc.values():
        ms.sort(key=lambda m: (m.claim.sentence, m.claim.start))
        for n, m in enumerate(ms):
            p = m.prop
            blame = p.lemma in ("blame", "accuse") and not p.patient
            if p.patient not in _PRONOUNS and not blame:
                continue
            for earlier in reversed(ms[:n]):
                if earlier.claim.sentence < m.claim.sentence - LOOKBACK_SENTENCES:
                    break
                q = earlier.prop
                if blame and p.frame is None and p.frames and q.frame not in p.frames:
                    # A blame with no blamed party read ("blame each other for the breach")
                    # is about the act its clause names, not the deaths told just before.
                    continue
                if q.patient and q.patient not in _PRONOUNS | {"he", "she", "him", "her"}:
                    # The words of the act it refers to come along: "blew it up" is about the dam.
                    # A blame without an object is about the act just told: its verb and frame too.
                    act = dict(frame=q.frame, frames=sorted(set(p.frames) | set(q.frames))) if blame else {}
                    m.prop = dataclasses.replace(p, patient=q.patient, patient_key=q.patient_key,
                                                 content=sorted(set(p.content) | set(q.content)), **act)
                    break


def _statement_rank(m: Mention, shared: Counter) -> tuple:
    """The clearest telling of an event: asserted, a report, in the outlet's own words
    (a neutral telling, not one side's: "the dam was destroyed" rather than "Kyiv said
    Russian troops blew it up"), not a dispute, a whole claim rather than a piece, the
    one most of whose words the event's other tellings share (what they have in common,
    not one report's detail: Erdogan's toll rather than the White Helmets' count of one
    region), with the most content, then the shortest. Before all, a sentence that can
    label a fact: no page heading, reaction or generic (fuse/labels.py)."""
    c = m.claim
    words = set(m.prop.content)
    common = sum(shared[w] - 1 for w in words) / max(len(words), 1)
    return (label_problem(m.prop.text) is None, c.certainty == "asserted", c.kind in ("report", "quote"), c.attribution_kind == "outlet",
            not is_disputing(c),
            m.prop.lemma not in ("blame", "accuse"), bool(m.prop.frame), len(words) >= 4,
            _whole(m), round(common, 2),
            min(len(words), 12), -len(m.prop.text))


def _whole(m: Mention) -> bool:
    """Whether a telling is its whole claim, not one conjunct of it (a clause cut from
    "said that ..." is whole without its "that")."""
    return " ".join(m.prop.text.split()) == " ".join(without_leading_that(m.claim.text).split())


def _story_event(event_id: str, ms: list[Mention], events_of_claim: dict[str, list[Event]],
                 places: dict[str, Place]) -> StoryEvent:
    shared = Counter(w for m in {m.claim.document: m for m in ms}.values() for w in set(m.prop.content))
    best = max(ms, key=lambda m: _statement_rank(m, shared))
    claim_ids = list(dict.fromkeys(m.claim.id for m in ms))
    found = list({id(e): e for c in claim_ids for e in events_of_claim.get(c, [])}.values())
    types = Counter((e.type, e.sub_type) for e in found)
    (etype, sub), _ = types.most_common(1)[0] if types else ((None, None), 0)
    dates = Counter(e.date for e in found if e.date)
    date = dates.most_common(1)[0][0] if dates else None
    inferred = bool(date) and all(e.date_inferred for e in found if e.date == date)
    event_places = Counter(k for m in ms for k in m.prop.places if k in places)
    place = event_places.most_common(1)[0][0] if event_places else next((e.place for e in found if e.place), None)
    frames = Counter(m.prop.frame for m in ms if m.prop.frame)
    return StoryEvent(
        id=event_id, frame=frames.most_common(1)[0][0] if frames else None,
        label=" ".join(best.prop.text.split()), claims=claim_ids,
        documents=list(dict.fromkeys(m.claim.document for m in ms)), type=etype, sub_type=sub,
        date=date, date_inferred=inferred, place=place,
        actors=list(dict.fromkeys(a for e in found for a in e.actors)))


def _tellings_in_words(told_inside: list[Mention], titles: dict[str, str]):
    """A function: an event's mentions -> its tellings in its words, as (report, sentence)
    pairs: its own sentences, those that tell it inside others (see _told_occurrence)
    and the headlines that name it ("toll from Turkey-Syria quake tops 11,000"; the
    sentence of a headline is None)."""
    by_word: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for m in told_inside:
        if m.prop.lemma:
            by_word[m.prop.lemma].add((m.claim.document, m.claim.id))
    for doc, title in titles.items():
        for w in re.findall(r"[a-z]+", title.lower()):
            for form in {w, *detached_forms(w)}:
                by_word[form].add((doc, None))

    by_sense: dict[str, set[str]] = defaultdict(set)  # a sense -> the words of by_word that have it
    for w in by_word:
        for sense in senses(w):
            by_sense[sense].add(w)

    @functools.lru_cache(maxsize=None)
    def tellings_of(word: str) -> frozenset[tuple[str, str | None]]:
        alike = {word}.union(*(by_sense.get(sense, ()) for sense in senses(word)))
        return frozenset().union(*(by_word.get(w, ()) for w in alike))

    def told(event: list[Mention]) -> set[tuple[str, str | None]]:
        words = {m.prop.lemma for m in event if m.prop.lemma}
        return {(m.claim.document, m.claim.id) for m in event}.union(*(tellings_of(w) for w in words))
    return told


def ambiguous_acts(mentions: list[Mention]) -> set[str]:
    """Event words the story tells of things of different kinds ("the church had been
    badly damaged", "roads into the province had been badly damaged"): told without
    its object ("the quakes also caused heavy damage"), such an act is none of them."""
    things: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.prop.lemma and m.prop.patient and is_thing(m.prop.patient):
            things[m.prop.lemma].add(m.prop.patient)
    return {w for w, nouns in things.items() if any(other_things(Proposition(patient=a), Proposition(patient=b))
                                                   for a in nouns for b in nouns if a < b)}


def _same_telling(told: Mention, event: list[Mention], ambiguous: set[str] = frozenset()) -> bool:
    """Whether an event told inside another statement is one of the event's own
    mentions told again: the same word or a word of the same sense, and no other doer or
    object ("the bridge, which carries Interstate 695" tells nothing of "the ship was
    carrying 56 containers"). Only such tellings count as sources of its occurrence. An
    act told without its object is the event's act on a thing only when the story tells
    that act of one kind of thing (``ambiguous``, ambiguous_acts): "$1 million damage"
    in a story of one damaged church is its damage, "heavy damage" in a story of a
    damaged church and damaged roads is neither's. (Keeping every objectless telling
    from an act on a thing lost right pairs on ECB+'s held-out topics, facts pair P/R/F1
    0.679 / 0.258 / 0.374 -> 0.676 / 0.255 / 0.370: "damages" to the one church of
    Palin's church fire.)"""
    p = told.prop
    for m in event:
        q = m.prop
        if not (p.lemma and q.lemma and (p.lemma == q.lemma or sense_relation(p.lemma, q.lemma) == "same")):
            continue
        if (p.patient_key != q.patient_key) if p.patient_key and q.patient_key else \
                (p.patient and q.patient and p.patient != q.patient):
            continue  # another object: by its name where both name it ("the Kakhovka dam upstream")
        if not p.patient and q.patient and q.lemma in ambiguous and is_thing(q.patient):
            continue  # "the quakes also caused heavy damage": the church's, or the roads'?
        if not p.patient and _names_another(told.claim, q.patient_key):
            continue  # "when fighters entered" in a sentence naming Damascus, not Homs
        if p.agent_key and q.agent_key and p.agent_key != q.agent_key:
            continue
        if _person_and_machine(p, q) or _person_and_machine(q, p):
            continue  # "Assad ... had arrived" / "where Russian transport aircraft were said to be arriving"
        return True
    return False


_PLACE_KEYS = ("gpe:", "fac:", "loc:")


def _names_another(claim: Claim, key: str | None) -> bool:
    """Whether a sentence that tells an act without its object names another place of the
    kind of the event's named object, and never that object: "fighters entered" in "...
    since Sunday, when fighters entered Damascus and Assad fled" is not the entry into
    Homs. (For the main event's own word told inside other sentences too, it lost recall on
    ECB+: odd facts P/R 0.679 / 0.258 -> 0.696 / 0.256, even 0.906 / 0.321 -> 0.907 / 0.320.)"""
    if not key or not key.startswith(_PLACE_KEYS) or key in claim.entities:
        return False
    kind = key.split(":", 1)[0]
    return any(k != key and k.startswith(kind + ":") for k in claim.entities)


def _person_and_machine(p: Proposition, q: Proposition) -> bool:
    """Whether one act's doer is a named person and the other's a man-made thing (an
    aircraft, a ship, a truck; "Russian transport aircraft" whoever they are Russia's):
    two doers, however alike their acts, even for the main event, whose occurrence is
    otherwise told whoever a report says did it."""
    if not (p.agent_key or "").startswith("person:") or (q.agent_key or "").startswith("person:") or not q.agent:
        return False
    head = q.agent.split()[-1].lower().strip(".,;:'\"")
    return is_thing(head) or any(is_thing(w) for w in detached_forms(head))


def _as_main(generic: list[Mention], main: list[Mention]) -> list[Mention]:
    """Frameless tellings ("the incident", "Friday's incident") as tellings of the
    story's main event: of its frame, so that their days and places meet its own."""
    frames = Counter(m.prop.frame for m in main if m.prop.frame)
    if not frames:
        return []
    frame = frames.most_common(1)[0][0]
    return [dataclasses.replace(m, prop=dataclasses.replace(m.prop, frame=frame, frames=[frame])) for m in generic]


def _told_occurrence(event: list[Mention], told_inside: list[Mention],
                     linked: list[Mention] = (), apart: set[frozenset[str]] = frozenset(),
                     ambiguous: set[str] = frozenset()) -> tuple[Aspect, set[str]]:
    """That the main event happened, as every report tells it: its own mentions and the
    events told inside other sentences in its words ("killed by yesterday's earthquakes",
    "responded to the shooting Sunday" tell that the earthquake and the shooting
    happened), the same word or a word of the same WordNet sense; and the claims that
    tell it only inside another statement. ``linked``: told events that event grouping
    put with it (in other words: "the blast" / "exploded")."""
    words = {m.prop.lemma for m in event if m.prop.lemma}
    also = [m for m in told_inside if (m.prop.lemma in words
            or any(sense_relation(m.prop.lemma, w) == "same" for w in words))
            and not any(frozenset((m.claim.document, e.claim.document)) in apart
                        or _person_and_machine(e.prop, m.prop) or _person_and_machine(m.prop, e.prop) for e in event)]
    also += [m for m in linked if not any(m is x for x in also) and _same_telling(m, event, ambiguous)]
    own = {m.claim.id for m in event}
    return occurrence(event + also), {m.claim.id for m in also} - own


def _family_reports(event: list[Mention], reports_of_frame: dict[str, set[str]]) -> int:
    """How many reports tell the event's happening in a frame of its family."""
    family = incident_family({m.prop.frame for m in event if m.prop.frame})
    return len(set().union(*(reports_of_frame.get(f, set()) for f in family), {m.claim.document for m in event}))


def _lead_claims(claims: list[Claim], sentences: int = 2) -> set[str]:
    """The claims of each report's first sentences that carry claims: its lead."""
    firsts: dict[str, list[int]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.document, c.sentence)):
        if c.sentence not in firsts[c.document] and len(firsts[c.document]) < sentences:
            firsts[c.document].append(c.sentence)
    return {c.id for c in claims if c.sentence in firsts[c.document]}


def _main_attributes(event: StoryEvent, told: list[Mention], place_index: dict[str, Place],
                     places: list[Place], documents: dict[str, Document]) -> StoryEvent:
    """The main event's day and place as all its tellings give them (the day and the
    specific place most reports state), else the place the story mentions most: a
    shooting's reports say where it was in many sentences, few of them paired."""
    spots = _main_spot(told, place_index, places)
    changes = dict(main=True)
    if spots:
        changes["place"] = spots
    days = incident_day(set_here(told, spots, place_index), documents)
    if days:
        changes.update(date=dt.date.fromisoformat(days), date_inferred=False)
    elif not plausible(event.date, first_report(told, documents)):
        # no report dates it (or only long after the first report): news tells of the day
        # it is published, the first report's
        published = sorted(documents[d].published for d in event.documents if documents[d].published)
        first = first_report(told, documents) or (published[0] if published else None)
        if first:
            changes.update(date=first, date_inferred=True)
    return dataclasses.replace(event, **changes)


def _main_spot(told: list[Mention], place_index: dict[str, Place], places: list[Place]) -> str | None:
    """The main incident's place key (see _main_attributes)."""
    # The places the tellings give, and where their reports are set (a local dateline,
    # the police's town): a report rarely names the town in the sentence of the act.
    spot_reports = Counter(k for k, _ in dict.fromkeys(
        (k, m.claim.document) for m in told
        for k in [*sorted(specific_places(m.prop, place_index)),
                  *(k for k in m.prop.setting if k in place_index
                    and (place_index[k].feature or "") not in GENERAL_FEATURES)]))
    local = [p for p in places if p.lat is not None and (p.feature or "") not in GENERAL_FEATURES]
    # A place two reports give the incident; else the specific place the story names most
    # (one sentence's place is as often a street, a hospital or a misread name).
    # Within a country and state the story names first (see where.region_ranks), and
    # within reach of where the reports are set (their datelines, their police's towns),
    # when any candidate is: "Evanston" far from the "Cincinnati police" who tell of it is
    # a homonym of a neighbourhood the gazetteer lacks.
    rank = region_ranks(places)
    near = near_settings([place_index[k] for m in told for k in m.prop.setting if k in place_index])
    agreed = sorted((k for k, n in spot_reports.most_common() if n >= 2), key=lambda k: -rank.get(k, 0))
    agreed = [k for k in agreed if near(place_index[k])] or agreed
    local = [p for p in local if near(p)] or local
    if agreed:
        spots = agreed[0]
    elif local:
        spots = max(local, key=lambda p: (rank.get(p.key, 0), p.mentions, p.key in spot_reports,
                                          p.role == "event")).key
    else:
        spots = next(iter(spot_reports), None)
    return spots


def _main_event(aspect: Aspect, event_of: dict[str, str], events: list[StoryEvent]) -> str:
    """The event a story-wide count belongs to: the one holding most of its claims
    (ties: the event told by more documents)."""
    size = {e.id: len(e.documents) for e in events}
    votes = Counter(event_of[c] for c in aspect.claims if c in event_of)
    return max(votes, key=lambda e: (votes[e], size.get(e, 0)))


def _as_writers(claim: Claim, documents: dict[str, Document]) -> Claim:
    """The claim as its outlet's own words (for what it tells in a writer's aside)."""
    doc = documents.get(claim.document)
    return dataclasses.replace(claim, attribution=(doc.outlet if doc and doc.outlet else claim.document),
                               attribution_entity=None, attribution_kind="outlet", reporting_verb=None)


def _mover_event(aspect: Aspect, event_of: dict[str, str], events: list[StoryEvent],
                 grouped: list[list[Mention]]) -> str:
    """The event a person's whereabouts belongs to: the one whose own mentions tell most
    of its claims (the arrival itself), else the one holding most of them."""
    claims = set(aspect.claims)
    own = Counter(e.id for e, ms in zip(events, grouped) for m in ms if m.claim.id in claims and m.prop.goal)
    if own:
        return max(own, key=own.__getitem__)
    if any(c in event_of for c in claims):
        return _main_event(aspect, event_of, events)
    return next((e.id for e in events if e.main), events[0].id)


def _fact(event: StoryEvent, aspect: Aspect, by_id: dict[str, Claim],
          documents: dict[str, Document], links, independent) -> Fact | None:
    """The fact of one aspect: its leading value (the best supported), the claims of
    every value, status and credibility of this aspect alone."""
    if not aspect.values:
        return None
    values = [_value(v, by_id, documents, independent) for v in aspect.values]
    if aspect.relation == "update":
        lead = values[-1]  # the latest figure
    else:
        lead = max(values, key=lambda v: (v.independent_sources, len(v.claims)))
    if aspect.name == "occurrence" and lead.text != "happened":
        lead = next((v for v in values if v.text == "happened"), lead)
    claim_ids = aspect.claims
    contested = aspect.relation == "conflict"
    opposing = max((v.independent_sources for v in values if v is not lead), default=0) if contested else 0
    members = [by_id[c] for c in lead.claims]
    status = "contested" if contested else ("corroborated" if lead.independent_sources >= 2 else "single-source")
    return Fact(
        id="", statement=_statement(event, aspect, lead, by_id), claims=claim_ids,
        documents=list(dict.fromkeys(by_id[c].document for c in claim_ids)),
        independent_sources=lead.independent_sources, status=status, sources=links(claim_ids),
        credibility=grade_fact(members, lead.independent_sources, contested, opposing),
        event=event.id, aspect=aspect.name, value=lead.text, values=values,
        updates=[f"{v.text} ({v.first_seen.isoformat() if v.first_seen else 'undated'}, "
                 f"{', '.join(v.holders[:2])})" for v in values] if aspect.relation == "update" else [])


def _value(v: AspectValue, by_id: dict[str, Claim], documents: dict[str, Document], independent) -> Value:
    return Value(text=v.label, claims=list(v.claims),
                 documents=list(dict.fromkeys(by_id[c].document for c in v.claims)),
                 independent_sources=independent(v.claims),
                 holders=list(dict.fromkeys(speaker(by_id[c], documents) for c in v.claims)),
                 first_seen=earliest(v.claims, by_id, documents), low=v.low, high=v.high)


def _statement(event: StoryEvent, aspect: Aspect, lead: Value, by_id: dict[str, Claim]) -> str:
    """What the fact says: the event in a source's words for its occurrence; the value
    with its question for the other aspects."""
    if aspect.name == "occurrence":
        return event.label
    if aspect.name == "agent":
        return f"{lead.text}: {event.label}"
    if aspect.name == "date":
        return f"On {lead.text}: {event.label}"
    if aspect.name == "place" and aspect.about:
        return f"{aspect.about} in {lead.text}"
    if aspect.name == "place":
        return f"In {lead.text}: {event.label}"
    role = aspect.name.split(" in ", 1)
    word = _ROLE_WORDS.get(role[0], role[0])
    scope = f" in {_as_written(role[1], [by_id[c].text for c in lead.claims if c in by_id])}" if len(role) == 2 else ""
    return f"{lead.text} {word}{scope}" if word not in lead.text.lower() else f"{lead.text}{scope}"


def _as_written(phrase: str, texts: list[str]) -> str:
    """A phrase read lower-cased ("turkey") as a source wrote it ("Turkey")."""
    for text in texts:
        found = re.search(re.escape(phrase), text, re.I)
        if found:
            return found.group(0)
    return phrase


def _inconsistency_note(event: StoryEvent, aspect: Aspect, by_id: dict[str, Claim],
                        documents: dict[str, Document]) -> Discrepancy:
    """One outlet giving an aspect two values (in two of its reports or two sentences):
    not a dispute between sources, but a slip or a correction the analyst should see."""
    outlets = sorted({documents[by_id[c].document].outlet or by_id[c].document
                      for c in aspect.claims if by_id[c].document in documents})
    values = "; ".join(f"{v.label} ({len({by_id[c].document for c in v.claims})} report(s))" for v in aspect.values)
    return Discrepancy(kind="inconsistent", explanation=f"{', '.join(outlets)} gives {_ASPECT_WORDS.get(aspect.name, aspect.name)} "
                                                        f"of {quote(event.label, 60)} as {values}",
                       claims=aspect.claims, values=[v.label for v in aspect.values])


_ASPECT_WORDS = {"date": "the day", "place": "the place", "agent": "the doer", "occurrence": "whether it happened"}


def _update_note(event: StoryEvent, aspect: Aspect, by_id: dict[str, Claim], documents: dict[str, Document]) -> Discrepancy:
    steps = []
    for v in aspect.values:
        when = earliest(v.claims, by_id, documents)
        steps.append(f"{v.label} ({when.isoformat() if when else 'undated'})")
    moved = "changed" if aspect.name == "occurrence" else "rose"
    return Discrepancy(kind="update", explanation=f"{aspect.name} {moved} over time: {' → '.join(steps)} "
                                                  f"in {quote(event.label, 60)}",
                       claims=aspect.claims, values=[v.label for v in aspect.values])


def _died_note(event: StoryEvent, aspect: Aspect, by_id: dict[str, Claim], documents: dict[str, Document]) -> Discrepancy:
    when = earliest(aspect.claims, by_id, documents)
    labels = [v.label for v in aspect.values]
    return Discrepancy(kind="update", explanation=f"{aspect.name}: {', '.join(labels)} in the first reports "
                                                  f"({when.isoformat() if when else 'undated'}); later reports tell "
                                                  f"the victims died, in {quote(event.label, 60)}",
                       claims=aspect.claims, values=labels)


_FIGURE = re.compile(r"\d[\d,.]*")


def _rounding_notes(aspect: Aspect, by_id: dict[str, Claim], documents: dict[str, Document]) -> list[Discrepancy]:
    """A value given as different figures that agree ("about 5,000" and "some 4,870"):
    one figure, rounded, not a dispute."""
    out = []
    for v in aspect.values:
        if aspect.kind != "number" or len(v.claims) < 2:
            continue
        texts = {}
        for c in v.claims:
            for count in (k for p in by_id[c].propositions for k in p.counts if count_aspect_name(k) == aspect.name):
                for figure in _FIGURE.findall(count.text):
                    texts.setdefault(figure.rstrip(".,"), c)
        figures = [f for f in texts if any(ch.isdigit() for ch in f)]
        if len(figures) >= 2:
            who = "; ".join(f"{f} ({speaker(by_id[texts[f]], documents)})" for f in figures)
            out.append(Discrepancy("rounding", f"{aspect.name}: {who} agree within rounding", list(v.claims), figures))
    return out


def _disputes(claims: list[Claim], by_id: dict[str, Claim], event_of: dict[str, str], events: list[StoryEvent],
              documents: dict[str, Document], independent, facts: list[Fact],
              agent_issues: dict[str, tuple[Contradiction, Aspect]]) -> list[Contradiction]:
    """Explicit disputes as issues, one per (answered event, disputing event); the
    answered event's occurrence fact becomes contested by the disputer's sources. A
    dispute over who did it ("Moscow blames Ukrainian shelling" answering "Kyiv says
    Russian forces blew it up") joins the event's "who" issue instead of making another."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_doc[c.document].append(c)
    events_by_id = {e.id: e for e in events}
    out: dict[tuple[str, str], Contradiction] = {}
    for target, disputer in find_disputes(by_doc):
        te, de = event_of.get(target.id), event_of.get(disputer.id)
        if te is None:
            continue
        if _fold_into_agent_issue(target, disputer, agent_issues, by_id, documents, independent):
            continue
        t, d = events_by_id[te], events_by_id.get(de) if de else None
        theirs = _same_voice(disputer, by_id)
        t_claims = [c for c in t.claims if not theirs(c)] or [target.id]
        d_claims = [disputer.id] + [c for c in (d.claims if d else []) if theirs(c) and c != disputer.id]
        key = (te, de or disputer.id)
        if key in out:
            continue
        label = disputer.text
        out[key] = dispute_issue((t.id, t.label, t_claims), (de or disputer.id, label, d_claims),
                                 by_id, documents, independent, disputer)
    for issue in out.values():
        opposing = issue.sides[1].independent_sources
        for f in facts:
            if f.event == issue.event and f.aspect == "occurrence" and f.status != "contested":
                f.status = "contested"
                f.credibility = grade_fact([by_id[c] for c in f.claims], f.independent_sources, True, opposing)
    return list(out.values())


def _same_voice(disputer: Claim, by_id: dict[str, Claim]):
    """A test: does a claim speak for the disputer (same document, same attribution)?"""
    def theirs(cid: str) -> bool:
        c = by_id[cid]
        return c.document == disputer.document and c.attribution == disputer.attribution
    return theirs


def _fold_into_agent_issue(target: Claim, disputer: Claim, agent_issues: dict[str, tuple[Contradiction, Aspect]],
                           by_id: dict[str, Claim], documents: dict[str, Document], independent) -> bool:
    """A dispute over who did it joins the story's "who" issue whose sides name both
    agents: each claim goes to the side of the agent it names. False when no such
    issue exists (the dispute then stands as an issue of its own)."""
    keys = {c.id: {p.agent_key for p in c.propositions if p.agent_key} for c in (target, disputer)}
    if not keys[disputer.id] or keys[target.id] == keys[disputer.id]:
        return False
    for issue, aspect in agent_issues.values():
        side_keys = [v.key for v in aspect.values]
        if not keys[disputer.id] & set(side_keys) or keys[target.id] and not keys[target.id] & set(side_keys):
            continue
        for claim in (target, disputer):
            for side, key in zip(issue.sides, side_keys):
                if key in keys[claim.id] and claim.id not in side.claims:
                    side.claims.append(claim.id)
                    issue.claims.append(claim.id)
                    who = speaker(claim, documents)
                    if who not in side.holders:
                        side.holders.append(who)
                    if claim.document not in side.documents:
                        side.documents.append(claim.document)
                    side.independent_sources = independent(side.claims)
        return True
    return False


def _number(story: Story, facts: list[Fact], issues: list[Contradiction], events: list[StoryEvent]) -> None:
    """Order facts (best supported first, occurrence before details) and give ids."""
    order = {e.id: n for n, e in enumerate(events)}
    facts.sort(key=lambda f: (-f.independent_sources, f.credibility, f.status == "contested",
                              order.get(f.event, 0), f.aspect != "occurrence"))
    old_to_new: dict[int, str] = {}
    for n, f in enumerate(facts, 1):
        old_to_new[id(f)] = f"{story.id}:f{n}"
    for e in events:
        e.facts = []
    by_event = {e.id: e for e in events}
    for f in facts:
        f.id = old_to_new[id(f)]
        if f.event in by_event:
            by_event[f.event].facts.append(f.id)
    for n, issue in enumerate(issues, 1):
        issue.id = f"{story.id}:x{n}"


def bottom_line(picture: StoryPicture, previous: StoryPicture | None = None) -> BottomLine:
    """Established facts (uncontested, 2+ independent sources), contested issues (most
    supported first), single-source facts worth noting (asserted occurrences and counts,
    credibility 3 or better), and what changed since ``previous``."""
    # The main event's facts lead (that it happened, then its tolls), then the best
    # supported; a prediction or plan ("experts warned chances would fall") is no
    # established fact however many report it, nor is a fact one of whose reports tells
    # it as a prediction (a plan and a deed are different facts). Background ("the
    # bridge ... opened in 1977") comes after what the story reports. A fact labelled by
    # a page heading, a reaction or a generic (fuse/labels.py) is none of the bottom line's:
    # the analyst reads what happened there.
    by_id = {c.id: c for c in picture.claims}
    main = {e.id for e in picture.story_events if e.main}

    def background(f: Fact) -> bool:
        return all(by_id[c].kind == "background" for c in f.claims if c in by_id and c not in f.told_in)
    established = [f.id for f in sorted(
        (f for f in picture.facts if f.status == "corroborated" and f.credibility <= 2
         and not any(by_id[c].planned for c in f.claims if c in by_id and c not in f.told_in)
         and label_problem(f.statement) is None),
        key=lambda f: (f.event not in main, background(f), f.aspect != "occurrence", -f.independent_sources))]
    contested = [c.id for c in sorted(picture.contradictions,
                                      key=lambda c: -sum(s.independent_sources for s in c.sides))]
    framed = {e.id for e in picture.story_events if e.frame}
    single, said = [], set()
    # one line per sentence (two events of one claim read the same); a heading, a reaction
    # or a generic from one source is not worth noting
    for f in picture.facts:
        if f.status == "single-source" and f.credibility <= 3 and (f.aspect != "occurrence" or f.event in framed) \
                and f.statement not in said and len(single) < BOTTOM_LINE_SINGLE and label_problem(f.statement) is None:
            single.append(f.id)
            said.add(f.statement)
    return BottomLine(established=established, contested=contested, single_source=single,
                      changed=changes(previous, picture) if previous is not None else [])


def changes(before: StoryPicture, after: StoryPicture) -> list[str]:
    """What a reader who saw ``before`` needs to know about ``after``: new documents,
    new established facts, new contested issues, counts that changed."""
    out = []
    new_docs = [d for d in after.story.documents if d not in set(before.story.documents)]
    if new_docs:
        out.append(f"{len(new_docs)} new report{'s' if len(new_docs) != 1 else ''}")
    seen_claims = {c.id for c in before.claims}
    before_values = {}
    for f in before.facts:
        for c in f.claims:
            before_values[(c, f.aspect)] = f.value
    for f in after.facts:
        fresh = [c for c in f.claims if c not in seen_claims]
        if not fresh:
            continue
        if f.aspect not in ("occurrence", "agent", "date", "place"):
            old = next((before_values[(c, f.aspect)] for c in f.claims if (c, f.aspect) in before_values), None)
            if old is not None and old != f.value:
                out.append(f"count updated: {f.aspect} {old} → {f.value}")
                continue
        if f.status == "corroborated" and len(fresh) < len(f.claims):
            out.append(f"now corroborated ({f.independent_sources} independent sources): {f.statement}")
        elif len(fresh) == len(f.claims) and f.status != "contested" and f.credibility <= 3 and f.aspect == "occurrence":
            out.append(f"new: {f.statement}")
    old_issues = {frozenset(c.claims) for c in before.contradictions}
    for c in after.contradictions:
        if frozenset(c.claims) not in old_issues and any(x not in seen_claims for x in c.claims):
            out.append(f"new contested issue: {c.explanation}")
    return out[:20]


def summarise(picture: StoryPicture) -> str:
    """One extractive paragraph: the best-supported events, then the main issue."""
    facts = {f.id: f for f in picture.facts}
    top = [facts[i] for i in picture.bottom_line.established if facts[i].aspect == "occurrence"][:SUMMARY_FACTS]
    if len(top) < SUMMARY_FACTS:
        top += [facts[i] for i in picture.bottom_line.single_source
                if facts[i].aspect == "occurrence"][: SUMMARY_FACTS - len(top)]
    parts = []
    for f in top:
        text = " ".join(f.statement.split())
        if text and not any(text.rstrip(".") in p for p in parts):
            parts.append(text if text.endswith((".", "!", "?", "”", '"')) else text + ".")
    issues = {c.id: c for c in picture.contradictions}
    if picture.bottom_line.contested:
        parts.append(f"Disputed: {issues[picture.bottom_line.contested[0]].explanation}.")
    return " ".join(parts)
