"""Contradictions from structure, since no offline NLI model exists.

Two kinds of evidence:
- aligned claims (one fact, different documents) whose slots disagree: polarity
  ("negation"), the acting state or entity ("actor"), counts beyond rounding ("number"),
  day dates ("date"), specific places ("place"); a later, higher count is an update,
  not a contradiction, and is returned as a Discrepancy instead;
- explicit dispute markers ("contrary to these reports", "denied", "rejected claims"):
  a disputing claim contradicts the claim it answers -- the nearest preceding claims of
  its own document with another attribution, and aligned claims of other documents
  with another attribution ("attributed-dispute").
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ..analyze.places import haversine_km
from ..model import Claim, Contradiction, Discrepancy, Document
from .align import ClaimView, count_numbers
from ..analyze.frames import LEMMA_TO_FRAME, country_code, frames_relation, state_actor, subtree_span
from .independence import same_source

DISPUTE_MARKER = re.compile(
    r"\b(contrary to|contradict(s|ed|ing)?|den(y|ies|ied)|reject(s|ed)?( the)? (claims?|reports?)|"
    r"dismiss(es|ed)? (the )?(claims?|reports?)|refut(e|es|ed)|disput(e|es|ed)|"
    r"(is|are|was|were) (false|untrue|fake)|no truth)\b", re.I)
_BACK_REFERENCE = re.compile(r"\b(these|those|such|the|earlier|previous|media) (reports?|claims?|allegations?|rumou?rs?)\b", re.I)
ROUNDING = 0.05  # relative gap two counts may have and still be one rounded figure
LOOKBACK_SENTENCES = 2  # how far back a dispute marker may answer

_QUALIFIER = re.compile(
    r"(?P<q>at least|more than|over|upwards of|in excess of|up to|fewer than|less than|under|"
    r"at most|no more than|about|around|roughly|nearly|almost|some|approximately|an estimated|"
    r"estimated|close to)?\s*(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<m>million|thousand|billion)?", re.I)
_SCALE = {"million": 1e6, "thousand": 1e3, "billion": 1e9}
_LOWER = {"at least", "more than", "over", "upwards of", "in excess of"}
_UPPER = {"up to", "fewer than", "less than", "under", "at most", "no more than"}


@dataclass
class Count:
    value: float
    low: float
    high: float
    qualifier: str | None


def counts(claim: Claim) -> list[Count]:
    """The claim's numbers as intervals read from their qualifiers ("at least 5,000")."""
    values = count_numbers(claim)
    found: dict[float, Count] = {}
    for m in _QUALIFIER.finditer(claim.text):
        try:
            v = float(m.group("n").replace(",", ""))
        except ValueError:
            continue
        v *= _SCALE.get((m.group("m") or "").lower(), 1.0)
        q = (m.group("q") or "").lower() or None
        if v in values:
            found[v] = _interval(v, q)
    for v in values:
        found.setdefault(v, _interval(v, None))
    return sorted(found.values(), key=lambda c: c.value)


def _interval(v: float, q: str | None) -> Count:
    if q in _LOWER:
        return Count(v, v, math.inf, q)
    if q in _UPPER:
        return Count(v, 0.0, v, q)
    if q:
        return Count(v, v * 0.9, v * 1.1, q)
    return Count(v, v, v, None)


MAX_RATIO = 10  # figures further apart than this are taken to count different things


def _consistent(a: Count, b: Count) -> bool:
    if a.low <= b.high and b.low <= a.high:
        return True
    return abs(a.value - b.value) <= ROUNDING * max(a.value, b.value)


def speaker(claim: Claim, documents: dict[str, Document]) -> str:
    """Who says it, for explanations: the cited source, else the outlet."""
    if claim.attribution_kind != "outlet" and claim.attribution:
        return claim.attribution
    doc = documents.get(claim.document)
    if doc is None:
        return f"document {claim.document}"
    if doc.outlet:
        return doc.outlet
    if doc.title:
        return f'"{doc.title}"'
    return re.split(r"[/\\#]", doc.path.rstrip("/"))[-1] or f"document {claim.document}"


def quote(claim: Claim, limit: int = 90) -> str:
    text = " ".join(claim.text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'


def claim_date(claim: Claim, documents: dict[str, Document]) -> dt.date | None:
    """When the claim was made: its document's publication date."""
    doc = documents.get(claim.document)
    return doc.published if doc else None


def is_disputing(claim: Claim) -> bool:
    return claim.disputes or bool(DISPUTE_MARKER.search(claim.text))


def _negative(claim: Claim) -> bool:
    return claim.negated or claim.certainty == "denied"


def compare_aligned(a: ClaimView, b: ClaimView, documents: dict[str, Document],
                    actor_of: dict[str, str | None]) -> tuple[list[Contradiction], list[Discrepancy]]:
    """Slot-by-slot comparison of two claims that state the same thing."""
    ca, cb = a.claim, b.claim
    found: list[Contradiction] = []
    notes: list[Discrepancy] = []
    sa, sb = speaker(ca, documents), speaker(cb, documents)
    pair = (ca.id, cb.id)
    if _negative(ca) != _negative(cb):
        neg, pos = (ca, cb) if _negative(ca) else (cb, ca)
        found.append(Contradiction(
            (pos.id, neg.id), "negation",
            f"{speaker(pos, documents)} states it ({quote(pos)}); {speaker(neg, documents)} "
            f"says it did not happen ({quote(neg)})"))
    if is_disputing(ca) != is_disputing(cb) and _attribution_differs(ca, cb):
        disputer, target = (ca, cb) if is_disputing(ca) else (cb, ca)
        if not restates_dispute(target):
            found.append(_dispute(target, disputer, documents))
    xa, xb = actor_of.get(ca.id), actor_of.get(cb.id)
    if xa and xb and xa != xb and xa.split(":")[0] == xb.split(":")[0] and one_act(a, b):
        found.append(Contradiction(
            pair, "actor",
            f"responsibility differs: {sa} names {a.predicate.agent or xa} ({quote(ca)}); "
            f"{sb} names {b.predicate.agent or xb} ({quote(cb)})"))
    number = _compare_counts(ca, cb, documents)
    if isinstance(number, Contradiction):
        found.append(number)
    elif number is not None:
        notes.append(number)
    date = _compare_days(a, b, sa, sb)
    if isinstance(date, Contradiction):
        found.append(date)
    elif date is not None:
        notes.append(date)
    clash = _place_clash(a, b)
    if clash:
        found.append(Contradiction(pair, "place", f"different places: {sa} gives {clash[0]}; {sb} gives {clash[1]}"))
    return found, notes


def one_act(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims may name agents of one act: their predicates' objects and
    days do not clash (blowing up a dam and shelling a bridge are two acts, even when
    similar wording aligned them)."""
    pa, pb = a.predicate, b.predicate
    if pa.patient and pb.patient and not (pa.patient_is_pronoun or pb.patient_is_pronoun) \
            and pa.patient != pb.patient:
        return False
    return not (a.days and b.days and not a.days & b.days)


def _compare_days(a: ClaimView, b: ClaimView, sa: str, sb: str) -> Contradiction | Discrepancy | None:
    """A date Contradiction only when each side dates its own aligned predicate with one
    day (``ClaimView.days``) and the same act (a shared main frame or verb: "travelled on
    Thursday" and "was destroyed on Tuesday" date different acts); several days on a side make at
    most a "detail" Discrepancy; dates of other clauses (when something was said, when
    a subordinate event happened) are not compared at all."""
    ta, tb = a.days, b.days
    if not ta or not tb or ta & tb:
        return None
    text = f"{sa} gives {', '.join(sorted(ta))}; {sb} gives {', '.join(sorted(tb))}"
    same_act = bool(a.predicate.main_frames & b.predicate.main_frames) or (
        a.predicate.lemma is not None and a.predicate.lemma == b.predicate.lemma)
    if len(ta) == 1 and len(tb) == 1 and same_act:
        return Contradiction((a.claim.id, b.claim.id), "date", f"different dates: {text}")
    return Discrepancy("detail", f"different dates, perhaps of different events: {text}",
                       [a.claim.id, b.claim.id], [", ".join(sorted(ta)), ", ".join(sorted(tb))])


PLACE_CLASH_KM = 100  # two places of one kind further apart than this cannot both be where it happened


def _place_clash(a: ClaimView, b: ClaimView) -> tuple[str, str] | None:
    """Names of the two places when each claim puts the act at exactly one specific place,
    of the same kind (city and city, facility and facility), far apart. Lists of places,
    or a city beside a facility or region, are different detail, not a contradiction."""
    if len(a.specific_places) != 1 or len(b.specific_places) != 1 or a.specific_places == b.specific_places:
        return None
    (pa,), (pb,) = a.place_of.values() or [None], b.place_of.values() or [None]
    if pa is None or pb is None or pa.feature != pb.feature or None in (pa.lat, pb.lat):
        return None
    if haversine_km((pa.lat, pa.lon), (pb.lat, pb.lon)) < PLACE_CLASH_KM:
        return None
    return pa.name, pb.name


def _attribution_differs(a: Claim, b: Claim) -> bool:
    """A source never disputes itself under a longer or shorter name."""
    return not same_source(a, b)


def _fmt(c: Count) -> str:
    v = int(c.value) if c.value.is_integer() else c.value
    return f"{c.qualifier + ' ' if c.qualifier else ''}{v:,}"


def _compare_counts(ca: Claim, cb: Claim, documents: dict[str, Document]):
    """A number Contradiction, an "update"/"rounding" Discrepancy, or None. Compares the
    largest count of each claim: in news the headline toll is the largest figure."""
    na, nb = counts(ca), counts(cb)
    if not na or not nb:
        return None
    a, b = na[-1], nb[-1]
    if a.value == b.value and a.qualifier == b.qualifier:
        return None
    close = abs(a.value - b.value) <= ROUNDING * max(a.value, b.value)
    if _consistent(a, b) and not close:
        return None  # compatible bounds ("more than 8,500" / "more than 22,000"): nothing to flag
    if max(a.value, b.value) > MAX_RATIO * max(min(a.value, b.value), 1):
        return None  # an order of magnitude apart: almost surely counts of different things
    if _consistent(a, b):
        return Discrepancy("rounding", f"{_fmt(a)} vs {_fmt(b)}: the same figure, differently rounded or hedged",
                           [ca.id, cb.id], [_fmt(a), _fmt(b)])
    da, db = claim_date(ca, documents), claim_date(cb, documents)
    if da and db and da != db:
        (early, ce, ec), (late, cl, lc) = sorted([(da, a, ca), (db, b, cb)], key=lambda x: x[0])
        if cl.value > ce.value:
            return Discrepancy(
                "update",
                f"{speaker(ec, documents)} gave {_fmt(ce)} on {early.isoformat()}; "
                f"{speaker(lc, documents)} gave {_fmt(cl)} on {late.isoformat()}: a later, higher count",
                [ec.id, lc.id], [_fmt(ce), _fmt(cl)])
    return Contradiction(
        (ca.id, cb.id), "number",
        f"different numbers: {speaker(ca, documents)} says {_fmt(a)}; {speaker(cb, documents)} says {_fmt(b)}")


def _dispute(target: Claim, disputer: Claim, documents: dict[str, Document]) -> Contradiction:
    return Contradiction(
        (target.id, disputer.id), "attributed-dispute",
        f"{speaker(disputer, documents)} dispute{'s' if not speaker(disputer, documents).endswith('s') else ''} "
        f"{speaker(target, documents)}: {quote(disputer)} vs {quote(target)}")


_RECIPROCAL = re.compile(r"\b(each other|one another|both sides|either side|neither side)\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w-]+(?:['’]s)?")


def names_source(disputer: Claim, target: Claim) -> bool:
    """Whether the disputing claim names the target's source outside its own
    attribution ("... directly contradicting Kiev's account" names "Ukraine")."""
    text = disputer.text.replace(disputer.attribution, " ") if disputer.attribution else disputer.text
    low = text.lower()
    if target.attribution_kind != "outlet" and target.attribution and target.attribution.lower() in low:
        return True
    code = country_code(target.attribution or "")
    return bool(code) and any(country_code(m.group()) == code for m in _NAME.finditer(text))


def restates_dispute(claim: Claim) -> bool:
    """A claim that reports both sides ("Kyiv and Moscow blame each other") describes
    the dispute; it is not one side of it."""
    return bool(_RECIPROCAL.search(claim.text))


def find_disputes(claims_by_doc: dict[str, list[Claim]],
                  documents: dict[str, Document]) -> list[Contradiction]:
    """Disputing claims against what they answer in their own document: the claims of
    the nearest preceding sentence (up to LOOKBACK_SENTENCES back) with another
    attribution. A back-reference ("these reports") prefers media-attributed targets."""
    out: list[Contradiction] = []
    for doc_claims in claims_by_doc.values():
        ordered = sorted(doc_claims, key=lambda c: (c.sentence, c.start))
        for i, claim in enumerate(ordered):
            if not is_disputing(claim):
                continue
            earlier = [c for c in ordered[:i]
                       if claim.sentence - LOOKBACK_SENTENCES <= c.sentence <= claim.sentence
                       and c.id != claim.id and _attribution_differs(c, claim) and not is_disputing(c)
                       and not restates_dispute(c)]
            if not earlier:
                continue
            if _BACK_REFERENCE.search(claim.text):
                media = [c for c in earlier if c.attribution_kind == "media"]
                earlier = media or earlier
            named = [c for c in earlier if names_source(claim, c)]
            earlier = named or earlier
            nearest = max(c.sentence for c in earlier)
            for target in [c for c in earlier if c.sentence == nearest][:1]:
                out.append(_dispute(target, claim, documents))
    return out


# Frames in which naming the agent assigns blame: two sources naming different agents of
# one such act on one object on one day contradict each other, even when their claims
# are too differently worded (or too differently attributed) to align into one fact.
RESPONSIBILITY_FRAMES = {"destroy": "destroying", "attack": "attacking", "kill": "killing",
                         "injure": "injuring"}
_AGENT_TAIL = re.compile(r"\s*(,|\b(who|which|that|whose)\b).*$", re.S)


def _short_agent(text: str) -> str:
    """The agent's noun phrase without its relative clause ("Russian troops who have
    held the dam ..." -> "Russian troops")."""
    return _AGENT_TAIL.sub("", " ".join(text.split())) or text


def resolve_patients(views: list[ClaimView]) -> dict[int, str]:
    """Index -> the object each view's predicate acts on. A pronoun object ("Ukraine says
    Russian troops blew it up") takes the noun object of the nearest earlier view of the
    same document within LOOKBACK_SENTENCES whose predicate has a responsibility frame."""
    out: dict[int, str] = {}
    by_doc: dict[str, list[int]] = {}
    for i, v in enumerate(views):
        by_doc.setdefault(v.claim.document, []).append(i)
    for idx in by_doc.values():
        idx.sort(key=lambda i: (views[i].claim.sentence, views[i].claim.start))
        for n, i in enumerate(idx):
            p = views[i].predicate
            if p.patient and not p.patient_is_pronoun:
                out[i] = p.patient
                continue
            if not p.patient_is_pronoun:
                continue
            for j in reversed(idx[:n]):
                q, cj = views[j].predicate, views[j].claim
                if cj.sentence < views[i].claim.sentence - LOOKBACK_SENTENCES:
                    break
                if q.patient and not q.patient_is_pronoun and q.frames & RESPONSIBILITY_FRAMES.keys():
                    out[i] = q.patient
                    break
    return out


def find_responsibility(views: list[ClaimView], actor_of: dict[str, str | None],
                        documents: dict[str, Document]) -> list[Contradiction]:
    """"actor" Contradictions between documents: two sources name different agents (two
    states, or two organisations/persons) of the same responsibility frame (or
    compatible ones: a strike destroys) acting on the same object, with no conflicting
    day on the predicates. Opinions, background, negated claims and a source disputing
    itself under another name are left out."""
    patients = resolve_patients(views)
    cands = []
    for i, v in enumerate(views):
        c, p = v.claim, v.predicate
        frames = (p.main_frames or p.frames) & RESPONSIBILITY_FRAMES.keys()
        actor = actor_of.get(c.id) if p.agent else None
        if not frames or not actor or i not in patients or c.kind in ("opinion", "background") or _negative(c):
            continue
        cands.append((i, frames, actor))
    out: list[Contradiction] = []
    for x in range(len(cands)):
        for y in range(x + 1, len(cands)):
            (i, fa, xa), (j, fb, xb) = cands[x], cands[y]
            a, b = views[i], views[j]
            if a.claim.document == b.claim.document or patients[i] != patients[j]:
                continue
            if xa == xb or xa.split(":")[0] != xb.split(":")[0] or same_source(a.claim, b.claim):
                continue
            if frames_relation(fa, fb) not in ("same", "compatible") or not one_act(a, b):
                continue
            act = RESPONSIBILITY_FRAMES[sorted(fa & fb or fa)[0]]
            out.append(Contradiction(
                (a.claim.id, b.claim.id), "actor",
                f"responsibility for {act} the {patients[i]} is disputed: according to "
                f"{speaker(a.claim, documents)}, {_short_agent(a.predicate.agent or xa)} ({quote(a.claim)}); "
                f"according to {speaker(b.claim, documents)}, {_short_agent(b.predicate.agent or xb)} "
                f"({quote(b.claim)})"))
    return out


# "X blames Y (for Z)": a reporting verb whose object is the agent of the harm. The
# claim names Y as the agent, X as its source (the claims stage attributes it to X).
BLAME_VERBS = {"blame": "for", "accuse": "of"}
_HARM_NOUNS = {"blast": "destroy", "sabotage": "destroy", "terrorism": "attack", "terror": "attack"}


@dataclass
class Blame:
    """Who a blaming claim names as the agent, of which act, on which object (None when
    the act's object is left to the context: "Moscow blames Ukrainian shelling")."""

    blamer: str
    agent: str
    agent_country: str | None
    frames: set[str]
    patient: str | None


def read_blame(doc) -> Blame | None:
    """The blame reading of a parsed claim whose main verb is "blame"/"accuse": the
    object is the agent; the "for"/"of" object, or the agent's own head noun
    ("Ukrainian shelling"), is the act; the act's noun modifier or "of" object ("dam
    collapse", "the destruction of the dam") is what it acted on. Reciprocal blame
    ("blame each other") is no reading."""
    verb = next((t for t in doc if t.lemma_.lower() in BLAME_VERBS and t.pos_ == "VERB"
                 and t.dep_ in ("ROOT", "ccomp", "xcomp", "conj")), None)
    if verb is None or _RECIPROCAL.search(doc.text):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "xcomp":
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if subj is None or not objs:
        return None
    span = doc[min(o.left_edge.i for o in objs): max(o.right_edge.i for o in objs) + 1]
    country = state_actor(span) or next((country_code(t.text) for t in span
                                          if t.text[:1].isupper() and country_code(t.text)), None)
    frames: set[str] = set()
    patient = None
    prep = BLAME_VERBS[verb.lemma_.lower()]
    acts = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == prep
            for g in c.children if g.dep_ == "pobj"]
    for act in acts + [t for t in span if t.pos_ in ("NOUN", "VERB")]:
        lemma = act.lemma_.lower()
        frame = LEMMA_TO_FRAME.get(lemma) or _HARM_NOUNS.get(lemma) or LEMMA_TO_FRAME.get(act.lower_)
        if frame:
            frames.add(frame)
        if act in acts and patient is None:
            mods = [c for c in act.children if c.dep_ in ("compound", "poss") and c.pos_ == "NOUN"]
            mods += [g for c in act.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if mods:
                patient = mods[-1].lemma_.lower()
    return Blame(blamer=subtree_span(subj).text, agent=subtree_span(objs[0]).text if len(objs) == 1 else span.text,
                 agent_country=country, frames=frames & RESPONSIBILITY_FRAMES.keys() or set(RESPONSIBILITY_FRAMES),
                 patient=patient)


# A person's state: reported dead (killed, died, perished, dead) against placed alive
# somewhere (is in, arrived in, fled to, was granted asylum, met). Verbs of both sides:
_DEATH_PASSIVE = {"kill", "murder", "assassinate", "execute", "slay"}
_DEATH_ACTIVE = {"die", "perish"}
_MOVE_TO = {"flee", "fly", "travel", "arrive", "escape", "go", "relocate"}
_HEDGE_WORDS = {"may", "might", "could", "reportedly", "possibly", "perhaps", "allegedly",
                "speculation", "rumour", "rumor", "unconfirmed"}
_PERSONAL_PRONOUNS = {"he", "she", "him", "her"}


@dataclass
class Status:
    """One reading of a person's state in a claim: "dead" or "alive", the person as
    written (a name or a pronoun), the words that say so, where (for "alive")."""

    state: str
    person: str
    phrase: str
    place: str | None = None
    hedged: bool = False


def read_status(doc) -> list[Status]:
    """Death and alive-somewhere readings of a parsed claim. Only a named person (a
    PERSON name in the subject or recipient) or a personal pronoun counts: "3,549 people
    had been killed" and "Assad killed hundreds" are no reading."""
    out: list[Status] = []
    for t in doc:
        lemma = t.lemma_.lower()
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        state, person, place = None, None, None
        if lemma in _DEATH_PASSIVE and t.pos_ == "VERB" and subj is not None and subj.dep_ == "nsubjpass":
            state, person = "dead", subj
        elif lemma in _DEATH_ACTIVE and t.pos_ == "VERB" and subj is not None and subj.dep_ == "nsubj":
            state, person = "dead", subj
        elif t.lower_ == "dead" and t.dep_ == "acomp":
            person = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            state = "dead" if person is not None else None
        elif lemma == "grant" and any(c.lemma_.lower() == "asylum" for c in t.children):
            recipient = [g for c in t.children if c.dep_ == "dative"
                         for g in ([c] if c.pos_ != "ADP" else [x for x in c.children if x.dep_ == "pobj"])]
            person = recipient[0] if recipient else (subj if subj is not None and subj.dep_ == "nsubjpass" else None)
            state = "alive" if person is not None else None
        elif lemma in _MOVE_TO | {"be", "meet"}:
            place = _place_of(t, "to" if lemma in _MOVE_TO - {"arrive"} else "in")
            if subj is None and t.dep_ == "xcomp":
                subj = next((c for c in t.head.children if c.dep_ == "dobj"), None)
            if subj is not None and (place is not None or lemma == "meet"):
                state, person = "alive", subj
        if state is None or person is None:
            continue
        name = _person_name(person)
        if name is None:
            continue
        hedged = any(w.lower_ in _HEDGE_WORDS for w in doc)
        end = max(t.i, person.right_edge.i, place.end - 1 if place is not None else t.i)
        phrase = doc[min(person.left_edge.i, t.i): end + 1].text
        out.append(Status(state, name, phrase, place.text if place is not None else None, hedged))
    return out


def _place_of(verb, prep_word: str):
    """The named place a verb's "in"/"at"/"to" phrase points at ("was in Moscow")."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in (prep_word, "at", "in", "to"):
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC"):
                    return subtree_span(g)
    return None


def _person_name(token) -> str | None:
    """The PERSON name inside (or overlapping: names may parse as several subjects) a
    subject's phrase, or the personal pronoun itself."""
    if token.lower_ in _PERSONAL_PRONOUNS:
        return token.lower_
    for ent in token.doc.ents:
        if ent.label_ == "PERSON" and ent.start <= token.right_edge.i and token.left_edge.i < ent.end:
            return ent.text
    return None


def find_status(claims: list[Claim], readings: list[list[Status]], entities: list,
                documents: dict[str, Document]) -> list[Contradiction]:
    """"status" Contradictions: one person reported (or speculated) dead by one claim
    and placed alive somewhere by a claim of another document or source, unless the
    death was reported later than the sighting (then it is news, not a conflict).
    Pronouns take the nearest earlier named person of their document (within
    LOOKBACK_SENTENCES); negated claims are left out."""
    people = [e for e in entities if e.type == "PERSON"]
    by_id = {c.id: c for c in claims}
    order = sorted(range(len(claims)), key=lambda i: (claims[i].document, claims[i].sentence, claims[i].start))
    last_person: dict[str, tuple[int, str]] = {}
    found: list[tuple[str, Status, str]] = []  # (claim id, reading, entity key)
    for i in order:
        c = claims[i]
        for r in readings[i] if i < len(readings) else []:
            if _negative(c):
                continue
            if r.person in _PERSONAL_PRONOUNS:
                prev = last_person.get(c.document)
                key = prev[1] if prev and prev[0] >= c.sentence - LOOKBACK_SENTENCES else None
            else:
                key = _person_key(r.person, c, people)
            if key:
                found.append((c.id, r, key))
        named = [k for k in c.entities if any(p.key == k for p in people)]
        if named:
            last_person[c.document] = (c.sentence, named[-1])
    names = {p.key: p.name for p in people}
    out: list[Contradiction] = []
    for did, dead, key in found:
        if dead.state != "dead":
            continue
        for aid, alive, akey in found:
            d, a = by_id[did], by_id[aid]
            if alive.state != "alive" or akey != key or d.document == a.document and same_source(d, a):
                continue
            dd, da = claim_date(d, documents), claim_date(a, documents)
            if dd and da and dd > da:
                continue
            hedge = "speculates that" if dead.hedged or d.certainty in ("hedged", "speculative") else "says that"
            where = f" in {alive.place}" if alive.place else ""
            out.append(Contradiction(
                (did, aid), "status",
                f"{names.get(key, key)} dead or alive: {speaker(d, documents)} {hedge} {names.get(key, key)} "
                f"died ({quote(d)}); {speaker(a, documents)} places {names.get(key, key)} alive{where} ({quote(a)})"))
    return out


def _person_key(name: str, claim: Claim, people: list) -> str | None:
    """The merged PERSON entity a written name refers to: same name or alias, or the
    same last word ("Assad" = "Bashar al-Assad"), preferring the claim's own entities."""
    low = name.lower()
    last = re.split(r"[\s-]+", low)[-1]
    ranked = sorted(people, key=lambda p: p.key not in claim.entities)
    for p in ranked:
        forms = [f.lower() for f in [p.name, *p.aliases] if f]
        if low in forms or any(re.split(r"[\s-]+", f)[-1] == last for f in forms):
            return p.key
    return None
