"""The aspects of one event and the values reports give them.

An aspect is one question about an event: did it happen; who did it; how many were
killed (injured, missing, ...), per part of the whole when a count names one; when;
where. Each aspect collects the values its claims give, grouped so that values that can
all hold are one value (values.py), and says how its values relate: one value; an
update (a toll rising over time); or a conflict (the contested issue, sides.py).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..analyze.frames import COMPATIBLE, RESPONSIBILITY_FRAMES, UNDERGOER_SUBJECT
from ..analyze.places import haversine_km
from ..analyze.propositions import _institution_words
from ..model import Claim, Count, Document, Place
from .events import GENERAL_FEATURES, Mention, specific_places
from .when import one_moment
from .values import (PLACE_REACH_KM, SETTING_REACH_KM, CountValue, as_reports_total, count_label, days_agree,
                     group_counts, is_update, outnumbers, places_agree, role_wholes)

# Claim kinds whose counts, days and places describe this event (background claims tell
# of earlier events; opinions of nothing checkable).
_DESCRIBING = {"report", "quote"}


@dataclass
class AspectValue:
    """One value of an aspect: its label, the claims that give it, its interval."""

    label: str
    claims: list[str]
    low: float | None = None
    high: float | None = None
    key: str | None = None  # what the value names, when it is a key (an agent's "country:RU")


@dataclass
class Aspect:
    name: str  # "occurrence", "agent", "date", "place", or a count role ("killed", "injured in turkey")
    kind: str  # the contradiction kind its conflicts have: "negation", "actor", "date", "place", "number"
    values: list[AspectValue] = field(default_factory=list)
    relation: str = "one"  # "one", "update" (values in time order), "conflict"
    about: str | None = None  # whom a "place" aspect places, when it is a person's whereabouts (whereabouts.py)

    @property
    def claims(self) -> list[str]:
        return list(dict.fromkeys(c for v in self.values for c in v.claims))


def earliest(claims: list[str], by_id: dict[str, Claim], documents: dict[str, Document]) -> dt.date | None:
    dates = [documents[by_id[c].document].published for c in claims
             if by_id[c].document in documents and documents[by_id[c].document].published]
    return min(dates) if dates else None


def event_aspects(mentions: list[Mention], by_id: dict[str, Claim], places: dict[str, Place],
                  same_source) -> list[Aspect]:
    """The aspects an event's mentions answer: occurrence, agent, day, place (counts are
    read story-wide, see count_aspects). ``same_source(claim_ids_a, claim_ids_b)`` tells
    whether two sets of claims rest on one source only: then their difference is one
    source's wording, not a dispute."""
    aspects = [occurrence(mentions)]
    for extra in (agents(mentions, by_id), day_aspect(mentions, by_id), place_aspect(mentions, by_id, places)):
        if extra is not None:
            aspects.append(extra)
    return settle_sources(aspects, same_source)


def settle_sources(aspects: list[Aspect], same_source) -> list[Aspect]:
    """A conflict all of whose values come from one outlet is that outlet's own
    inconsistency or wording, not a dispute between reports."""
    for a in aspects:
        if a.relation == "conflict" and len(a.values) >= 2:
            sides_claims = [v.claims for v in a.values]
            if all(same_source(sides_claims[0], other) for other in sides_claims[1:]):
                a.relation = "one-source"
    return aspects


def occurrence(mentions: list[Mention]) -> Aspect:
    """Did it happen: the claims that say so, against the claims that deny the same
    predication (same verb or frame, same object, no other agent): "did not sign the
    ceasefire" denies "signed the ceasefire"; "had not yet decided to abandon the base"
    denies nothing of "the rebels captured the city"."""
    def negative(m: Mention) -> bool:
        return m.prop.negated or m.claim.certainty == "denied"

    yes = [m for m in mentions if not negative(m)]
    no = [m for m in mentions if negative(m) and any(_denies(m.prop, y.prop) for y in yes)]
    values = [AspectValue("happened", list(dict.fromkeys(m.claim.id for m in yes)))]
    if no:
        values.append(AspectValue("did not happen", list(dict.fromkeys(m.claim.id for m in no))))
    return Aspect("occurrence", "negation", [v for v in values if v.claims],
                  "conflict" if yes and no else "one")


def not_yet(aspect: Aspect, by_id: dict[str, Claim], documents: dict[str, Document]) -> Aspect:
    """"Police have made no arrests" in the first reports and "Sunna was arrested Monday"
    in later ones is news, not a dispute: an occurrence conflict whose every negative
    statement (not a party's denial) was published before every report that it happened
    becomes an update, the negative first."""
    if aspect.name != "occurrence" or aspect.relation != "conflict" or len(aspect.values) != 2:
        return aspect
    yes, no = aspect.values
    if any(by_id[c].certainty == "denied" for c in no.claims):
        return aspect
    said_no = [documents[by_id[c].document].published for c in no.claims]
    said_yes = [documents[by_id[c].document].published for c in yes.claims]
    if None in said_no or None in said_yes or max(said_no) >= min(said_yes):
        return aspect
    return Aspect(aspect.name, aspect.kind, [no, yes], "update")


def _denies(neg, pos) -> bool:
    """The same verb or frame, on a named same object or by a named same agent: "did not
    sign the ceasefire" denies "signed the ceasefire"; "they were not called out" denies
    nothing in particular."""
    if neg.days and pos.days and not set(neg.days) & set(pos.days):
        return False  # "was not arrested on Friday" and "was arrested Monday" both hold
    same_act = (neg.lemma and neg.lemma == pos.lemma) or (neg.frame and neg.frame == pos.frame)
    same_object = bool(neg.patient and neg.patient == pos.patient) or bool(
        neg.patient_key and neg.patient_key == pos.patient_key)
    same_agent = bool(neg.agent_key and neg.agent_key == pos.agent_key)
    other_agent = neg.agent_key and pos.agent_key and neg.agent_key != pos.agent_key
    return bool(same_act and (same_object or same_agent and not (neg.patient or pos.patient)) and not other_agent
                and not _denies_something_else(neg, pos))


def _denies_something_else(neg, pos) -> bool:
    """Whether a negation is of what the positive statement does not tell: "the teenagers
    were not involved in gang activity" denies the gang activity, not that they "were
    involved in a shooting"; "no charges in connection with the shooting have been
    filed" denies nothing of "filed charges for drugs". The negative's content words
    (its verb and its doer's words aside) must all be the positive's."""
    agent = {w.lower() for w in (neg.agent or "").split()}
    return bool(neg.content and pos.content and set(neg.content) - set(pos.content) - {neg.lemma} - agent)


def agents(mentions: list[Mention], by_id: dict[str, Claim]) -> Aspect | None:
    """Who did it, when reports name different doers (states, organisations, people) of
    one act that assigns blame (attack, destroy, kill, injure): the contested "who"."""
    by_agent: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        p = m.prop
        if not p.agent_key or p.negated or m.claim.kind not in _DESCRIBING or p.lemma in UNDERGOER_SUBJECT:
            continue
        if not set(p.frames) & RESPONSIBILITY_FRAMES.keys():
            continue
        if p.agent_key.startswith(("country:", "org:", "military:", "person:")):
            by_agent[p.agent_key].append(m)
    if len(by_agent) < 2:
        return None
    ordered = sorted(by_agent.items(), key=lambda kv: -len(kv[1]))
    values = [AspectValue(_agent_label(ms), list(dict.fromkeys(m.claim.id for m in ms)), key=key)
              for key, ms in ordered]
    rival = _rivals([(key, v.claims) for (key, _), v in zip(ordered, values)], mentions, "agent", _one_agent_act)
    return Aspect("agent", "actor", values, "conflict") if rival else None


def _one_agent_act(a: Mention, b: Mention, about: str) -> bool:
    """One act with two named doers. States and organisations may be rival answers for
    any one act; two people only for an act on a named same object ("Smith shot the
    officer" / "Jones shot the officer"), since several people act in one incident."""
    if not one_act(a, b, about):
        return False
    people = {a.prop.agent_key.split(":")[0], b.prop.agent_key.split(":")[0]} & {"person"}
    if not people:
        return True
    return bool(a.prop.patient_key and a.prop.patient_key == b.prop.patient_key
                or a.prop.patient and a.prop.patient == b.prop.patient and a.prop.patient not in _PRONOUN_OBJECTS)


_PRONOUN_OBJECTS = {"it", "them", "him", "her", "he", "she", "this", "that", "one", "people", "man", "woman"}


def _agent_label(ms: list[Mention]) -> str:
    """The agent as the reports write it: the shortest of its written forms."""
    forms = [" ".join((m.prop.agent or "").split()) for m in ms if m.prop.agent]
    forms = [f.split(",")[0].split(" who ")[0] for f in forms]
    if not forms:
        return ms[0].prop.agent_key or ""
    counts = Counter(forms)
    return min(counts, key=lambda f: (-counts[f], len(f)))  # the most common form, then the shortest


def count_aspect_name(c: Count) -> str:
    """The aspect a count speaks to: its role, and the part it is limited to ("killed in
    turkey", "magnitude of the second shock")."""
    if not c.scope:
        return c.role
    return f"{c.role} {c.scope}" if c.scope.startswith("of ") else f"{c.role} in {c.scope}"


def count_aspects(mentions: list[Mention], by_id: dict[str, Claim], documents: dict[str, Document]) -> list[Aspect]:
    """One aspect per counted role (and part of the whole, when a count names one),
    over the mentions given: the story's, since a toll is told in sentences of many
    frames ("at least 790 people had been killed", "the toll rose to 11,000")."""
    items: dict[str, list[tuple[Count, str]]] = defaultdict(list)
    asks: dict[str, tuple[str, str | None]] = {}  # aspect name -> (role, part of the whole)
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        if m.claim.kind not in _DESCRIBING or m.prop.negated:
            continue
        for c in m.prop.counts:
            if c.scope == "period":
                continue  # "12 homicides this year" counts a period, not this event
            name = count_aspect_name(c)
            if (m.claim.id, c.text, name) in seen:
                continue
            seen.add((m.claim.id, c.text, name))
            items[name].append((c, m.claim.id))
            asks[name] = (c.role, c.scope)
    by_role: dict[str, list[tuple[Count, str]]] = defaultdict(list)
    for name, found in items.items():
        by_role[asks[name][0]] += found
    out = []
    for name, found in items.items():
        groups = group_counts(as_reports_total(found, lambda claim: by_id[claim].document, by_role[asks[name][0]]))
        values = [_count_value(g) for g in groups]
        relation = "one"
        if len(groups) >= 2:
            dated = [(g.best.low if g.best.high is None else g.best.high, earliest(g.claims, by_id, documents))
                     for g in groups]
            relation = "update" if not _self_inconsistent(groups, by_id) and is_update(dated) else "conflict"
            if relation == "update":
                order = sorted(range(len(groups)), key=lambda i: dated[i][1])
                values = [values[i] for i in order]
        out.append(Aspect(name, "number", values, relation))
    return _died_since(_outnumbered(out, items, asks, by_id, documents), by_id, documents)


def _outnumbered(aspects: list[Aspect], items: dict[str, list[tuple[Count, str]]],
                 asks: dict[str, tuple[str, str | None]], by_id: dict[str, Claim],
                 documents: dict[str, Document]) -> list[Aspect]:
    """A part cannot outnumber its whole: the killed (injured) no more than the people
    shot ("five people were fatally shot" against "two people were shot"), the injured
    in a place no more than all the injured. A figure of a part above a figure of its
    whole that another report gives is a conflict of the part's aspect, the whole's
    figure a side of it ("two people shot"); unless it reads as a toll rising over
    time (the part's figure published later), which is no conflict. Only a whole the
    reports agree on bounds its parts."""
    by_name = {a.name: a for a in aspects}
    wholes = role_wholes()
    for a in aspects:
        if a.relation not in ("one", "conflict") or a.name not in asks:
            continue
        role, scope = asks[a.name]
        containing = []
        if scope and not scope.startswith("of "):
            containing.append(role)
        if role in wholes:
            containing += [count_aspect_name(Count(wholes[role], 0, 0, "", scope=scope))]
            if scope and not scope.startswith("of "):
                containing.append(wholes[role])
        for name in dict.fromkeys(containing):
            whole = by_name.get(name)
            if whole is None or whole.relation != "one":
                continue  # a whole the reports dispute bounds nothing
            for w in whole.values:
                # the reports that give the figures compared: the part's least, the whole's greatest
                bounding = {by_id[cl].document for c, cl in items[name] if cl in w.claims and c.high == w.high}
                over = [v for v in a.values if outnumbers(v.low, w.high) and {
                    by_id[cl].document for c, cl in items[a.name] if cl in v.claims and c.low == v.low} - bounding]
                rising = [v for v in over if is_update([(w.high, earliest(w.claims, by_id, documents)),
                                                        (v.low, earliest(v.claims, by_id, documents))])]
                if len(over) > len(rising) and not any(w.claims == v.claims for v in a.values):
                    a.values.append(AspectValue(f"{w.label} {name}", list(w.claims), w.low, w.high))
                    a.relation = "conflict"
    return aspects


def _died_since(aspects: list[Aspect], by_id: dict[str, Claim], documents: dict[str, Document]) -> list[Aspect]:
    """The hurt who died since: when every report of the injured came out before the
    first report of the killed, no report tells both, and no more were hurt than died
    ("a 2-year-old is in critical condition" on Monday, "the 2-year-old has died" on
    Wednesday), the injured figure is the victims' earlier state, not a further count:
    the aspect becomes "superseded" (the picture shows it as a note)."""
    injured = next((a for a in aspects if a.name == "injured" and a.relation == "one"), None)
    killed = next((a for a in aspects if a.name == "killed"), None)
    if injured is None or killed is None or not injured.values or not killed.values:
        return aspects
    hurt = {by_id[c].document for c in injured.claims}
    dead = {by_id[c].document for c in killed.claims}
    if hurt & dead:
        return aspects
    hurt_dates = [documents[d].published if d in documents else None for d in hurt]
    dead_dates = [documents[d].published if d in documents else None for d in dead]
    if None in hurt_dates or None in dead_dates or max(hurt_dates) >= min(dead_dates):
        return aspects
    most_dead = max((v.high for v in killed.values), key=lambda h: float("inf") if h is None else h)
    if injured.values[0].low is None or most_dead is not None and injured.values[0].low > most_dead:
        return aspects
    injured.relation = "superseded"
    return aspects


def _self_inconsistent(groups: list[CountValue], by_id: dict[str, Claim]) -> bool:
    """Whether a report gives two of the figures in different sentences: it tells no rise
    over time ("the toll rose to 3,549 from 912" tells one in one sentence) but
    disagrees with itself or with the others."""
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            shared = {by_id[c].document for c in a.claims} & {by_id[c].document for c in b.claims}
            both = set(a.claims) & set(b.claims)
            if any(not any(by_id[c].document == d for c in both) for d in shared):
                return True
    return False


def _count_value(g: CountValue) -> AspectValue:
    return AspectValue(count_label(g.best), list(g.claims), g.low, g.high)


_MEMBERS = 32  # distinct values kept per group to compare new values with


def _joint_groups(mentions: list[Mention], values_of, agree, joins=None, apart=None,
                  given_out: list | None = None) -> list[tuple[object, list[str]]]:
    """Values (with their claims) grouped when they agree, and when one proposition
    gives several of them at once ("took Aleppo, Hama and Homs": one campaign, not three
    rival answers), unless ``joins(value)`` says the value is not one to join so, or
    ``apart(a, b)`` says two values cannot be one answer ("the town of Winnipeg on Qeshm
    island": no campaign spans 10,000 km). ``given_out``, when given, receives for each
    returned group {claim id: the values that claim gives in it}."""
    reps: list[object] = []
    members: list[list[object]] = []  # every distinct value of a group: one agreeing value joins
    claims: list[list[str]] = []
    held: list[set[str]] = []  # claims[i] as a set (a story's main event has thousands)
    given: list[dict[str, list]] = []
    parent: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for m in mentions:
        if m.claim.kind not in _DESCRIBING or m.prop.negated:
            continue
        joined = []
        for value in values_of(m):
            g = next((find(i) for i, ms in enumerate(members) if any(agree(r, value) for r in ms)), None)
            if g is None:
                reps.append(value)
                members.append([])
                claims.append([])
                held.append(set())
                given.append({})
                parent.append(len(reps) - 1)
                g = len(reps) - 1
            if value not in members[g] and len(members[g]) < _MEMBERS:
                members[g].append(value)
            if m.claim.id not in held[g]:
                claims[g].append(m.claim.id)
                held[g].add(m.claim.id)
            given[g].setdefault(m.claim.id, []).append(value)
            if joins is None or joins(value):
                joined.append((g, value))
        for n, (g, value) in enumerate(joined[1:], 1):
            # joined to the first value of the proposition it can be one answer with
            first = next((h for h, v in joined[:n] if apart is None or not apart(v, value)), None)
            if first is None:
                continue
            a, b = find(first), find(g)
            if a != b:
                parent[b] = a
                claims[a] += [c for c in claims[b] if c not in held[a]]
                held[a] |= held[b]
                for c, vs in given[b].items():
                    given[a].setdefault(c, []).extend(vs)
    roots = sorted({find(i) for i in range(len(reps))}, key=lambda i: -len(claims[i]))
    if given_out is not None:
        given_out.extend(given[i] for i in roots)
    return [(reps[i], claims[i]) for i in roots]


def one_act(a: Mention, b: Mention, about: str) -> bool:
    """Whether two mentions can only be the same act, so that they cannot give two
    answers to ``about`` ("agent", "date", "place"): the same verb or frame on the same
    object (or no object), and no other answer to the other questions: "Rebels captured
    Hama on Thursday" and "took Damascus on December 8" are two acts of one campaign;
    "blew up the dam on Tuesday" and "destroyed the dam on Friday" two acts, whoever
    did them."""
    pa, pb = a.prop, b.prop
    same_act = (pa.lemma and pa.lemma == pb.lemma) or (pa.frame and pa.frame == pb.frame)
    same_object = pa.patient == pb.patient or bool(pa.patient_key and pa.patient_key == pb.patient_key)
    if not (same_act and same_object):
        return False
    if about != "agent" and pa.agent_key and pb.agent_key and pa.agent_key != pb.agent_key:
        return False
    if about != "date" and pa.days and pb.days and not any(days_agree(x, y) for x in pa.days for y in pb.days):
        return False
    return True


def _rivals(groups: list[tuple[object, list[str]]], mentions: list[Mention], about: str, same=None) -> bool:
    """Whether two of the value groups hold claims about one act (``same``: one_act)."""
    same = same or one_act
    by_claim: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_claim[m.claim.id].append(m)
    for x in range(len(groups)):
        for y in range(x + 1, len(groups)):
            if any(same(a, b, about) for ca in groups[x][1] for cb in groups[y][1]
                   for a in by_claim[ca] for b in by_claim[cb]):
                return True
    return False


def day_aspect(mentions: list[Mention], by_id: dict[str, Claim], rivals=None) -> Aspect | None:
    """When: the days the predicates themselves give ("shot on Friday"), grouped by
    agreement within a day; two days are a conflict only for one act."""
    groups = _joint_groups(mentions, lambda m: m.prop.days, days_agree)
    if not groups:
        return None
    values = [AspectValue(day, claims) for day, claims in groups]
    return Aspect("date", "date", values, "conflict" if len(values) >= 2 and _rivals(groups, mentions, "date", rivals) else "one")


def place_aspect(mentions: list[Mention], by_id: dict[str, Claim], places: dict[str, Place],
                 incident: bool = False) -> Aspect | None:
    """Where: the specific places the predicates happen in, grouped when they are one
    place, share a name or lie within reach of each other. For the main ``incident``
    (all its tellings), also where each report sets it (its local dateline, its police's
    town): a setting is a region, so it contradicts only a place beyond SETTING_REACH_KM,
    and two places conflict only when each is given by a report not giving the other."""
    named_after = _named_after(places)
    institutions = _institution_words()

    def values_of(m: Mention) -> list[tuple[Place, bool]]:
        # "Police" (a town in Poland) of "the Police Department" is the institution
        own = [(named_after.get(k, places[k]), False) for k in sorted(specific_places(m.prop, places))
               if places[k].name.lower() not in institutions]
        # A setting the gazetteer cannot place ("the Saginaw County Sheriff") names no
        # region: it would agree with every place and chain them into one answer.
        return own + [(p, True) for k in (m.prop.setting if incident else [])
                      if k in places and (places[k].feature or "") not in GENERAL_FEATURES
                      and places[k].name.lower() not in institutions
                      and (p := named_after.get(k, places[k])).lat is not None]

    def agree(a: tuple[Place, bool], b: tuple[Place, bool]) -> bool:
        return places_agree(a[0], b[0], SETTING_REACH_KM if a[1] or b[1] else PLACE_REACH_KM)

    def apart(a: tuple[Place, bool], b: tuple[Place, bool]) -> bool:
        return _distance(a[0], b[0]) > ONE_PLACE_KM

    given: list[dict[str, list]] = []
    # (one event's own mentions keep a proposition's places together: without the test
    # of which reports give which, a place misread a continent away would be its rival)
    groups = _joint_groups(mentions, values_of, agree, joins=lambda v: not v[1],
                           apart=apart if incident else None, given_out=given)
    if not groups:
        return None
    values = [AspectValue(p.name, claims) for (p, _), claims in groups]
    kinds = {places_kind(p) for (p, _), _ in groups}
    if len(values) < 2 or len(kinds) != 1:
        # a facility (a bridge, a hospital) beside towns: answers at two scales; comparing
        # the towns alone then (tried) raised far homonyms of street names as disputes
        rival = False
    elif incident:
        # A side only reports' settings give (a dateline, a police force's or a victim's
        # home town) says where a report is set, not where it happened: it opposes a
        # place only from a report that names no scene (_opposing).
        opposing = _opposing(groups, given, by_id, places)
        pairs = [pair for pair in _exclusive_pairs(groups, by_id, given)
                 if opposing(*pair) and opposing(*pair[::-1]) and _rivals(pair, mentions, "place", one_incident)]
        rival = bool(pairs)
        if rival:  # the issue shows the sides that oppose each other, each report's setting once
            sides = {id(g) for pair in pairs for g in pair}
            values = [AspectValue(p.name, _said_once(claims, gv, by_id)) for group, gv in zip(groups, given)
                      if id(group) in sides for (p, _), claims in [group]]
    else:
        rival = _rivals(groups, mentions, "place")
    return Aspect("place", "place", values, "conflict" if rival else "one")


_TOWNS = ("city", "admin2")


def _opposing(groups: list, given: list[dict[str, list]], by_id: dict[str, Claim], places: dict[str, Place]):
    """A test: can group ``a`` oppose group ``b`` as where the incident happened? A group some
    report gives as the place of the act can. One only settings give (a dateline, a police
    force's or a victim's home town: where a report is set) can only through a report
    that gives it without ``b`` and names, anywhere, no place that any report gives the
    act: the Alaska paper that writes of the Fort Lauderdale shooting from the gunman's
    Anchorage still names Fort Lauderdale; a report that names only Anchorage is set there."""
    index = {id(g): i for i, g in enumerate(groups)}
    told = [any(not setting for vs in gv.values() for _, setting in vs) for gv in given]
    scenes = [v[0] for i, gv in enumerate(given) if told[i] for vs in gv.values() for v in vs]
    keys = {p.key for p in scenes}
    located = list({p.key: p for p in scenes if p.lat is not None}.values())
    named: dict[str, set[str]] = defaultdict(set)  # per report, the towns any of its claims names
    for c in by_id.values():  # (a school or a street of the scene is as often a far homonym)
        named[c.document].update(k for k in c.places if k in places and places[k].feature in _TOWNS)

    def names_a_scene(d: str) -> bool:
        return any(k in keys or places[k].lat is not None and any(
            places_agree(places[k], p, SETTING_REACH_KM) for p in located) for k in named[d])

    def opposing(a, b) -> bool:
        if told[index[id(a)]]:
            return True
        docs_b = {by_id[c].document for c in b[1]}
        return any(not names_a_scene(d) for d in {by_id[c].document for c in a[1]} - docs_b)
    return opposing


def _said_once(claims: list[str], given: dict[str, list], by_id: dict[str, Claim]) -> list[str]:
    """The claims of a place without the repeats of where a report is set: a report says
    its setting once, not in each of its sentences (else every quote in a report set in
    Baton Rouge would be another source for Baton Rouge)."""
    told = {by_id[c].document for c in claims if any(not s for _, s in given.get(c, ()))}
    seen: set[str] = set()
    out = []
    for c in claims:
        doc = by_id[c].document
        if any(not s for _, s in given.get(c, ())) or doc not in told and doc not in seen:
            out.append(c)
            seen.add(doc)
    return out


# Two places of one incident this far apart cannot both be where it happened, nor can
# one report's region hold a scene this far off: no police force, county or
# neighbourhood reaches that far (the farthest settings and homonyms seen on GVA are
# a few hundred kilometres off).
ONE_PLACE_KM = 1000


_last_named_after: tuple[dict | None, dict] = (None, {})  # one story's index and its answer


def _named_after(places: dict[str, Place]) -> dict[str, Place]:
    """{key of a name the gazetteer could not place: the located place of the story it
    is named after}: "Anchorage Township", "the Allegheny County Police" are in or of
    the Anchorage, the Allegheny County the story names (the longest such name).
    Made once per story's place index: every event's place aspect asks for it."""
    global _last_named_after
    if _last_named_after[0] is places:
        return _last_named_after[1]
    located: dict[str, Place] = {}
    for p in places.values():
        if p.lat is not None and p.name:
            located.setdefault(p.name.lower(), p)
    out = {}
    for k, p in places.items():
        if p.lat is None and p.name:
            words = p.name.lower().split(" ")
            q = next((located[n] for i in range(len(words) - 1, 0, -1)
                      if (n := " ".join(words[:i])) in located), None)
            if q is not None:
                out[k] = q
    _last_named_after = (places, out)
    return out


def _distance(a: Place, b: Place) -> float:
    """Kilometres between two places (0 when either has no coordinates: nothing to show)."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return 0.0
    return haversine_km((a.lat, a.lon), (b.lat, b.lon))


def places_kind(p: Place) -> str:
    return "facility" if p.feature in ("facility", "airport", "building") else "settlement"


def incident_family(frames: set[str]) -> set[str]:
    """The frames that tell the same happening as these: themselves and their compatible
    frames (a shooting is told as "shot", "killed", "wounded", "died")."""
    out = set(frames)
    for pair in COMPATIBLE:
        if pair & frames:
            out |= pair
    return out


def incident_mentions(main: list[Mention], others: list[Mention]) -> list[Mention]:
    """The story's tellings of its main event beyond the mentions event coreference
    grouped with it: every proposition of the main event's frame family ("was shot on
    Saturday", "died Saturday afternoon", "the robbery that left six injured"), so that
    two reports' days and places of the one incident meet even when their sentences
    were not paired."""
    family = incident_family({m.prop.frame for m in main if m.prop.frame})
    ids = {id(m) for m in main}
    # The predicate's own frame, not a noun's in its clause: "floodwater spread on
    # Wednesday, a day after the destruction" dates the flood, not the destruction.
    return main + [m for m in others if id(m) not in ids and m.prop.frame in family]


# Frames told of one moment of an incident: the wounds are dealt by the shots.
_ONE_MOMENT = [{"attack", "injure"}]


def one_incident(a: Mention, b: Mention, about: str) -> bool:
    """Looser than one_act, for tellings already known to be of the main event's family:
    the same verb or frame ("shot" / "fatally struck"), and no different objects or agents, nor (for a place question)
    different days. Other frames of the family are other moments of it: a victim shot
    on Saturday may die on Monday, and at a hospital."""
    pa, pb = a.prop, b.prop
    if not (pa.lemma == pb.lemma or pa.frame and pa.frame == pb.frame or {pa.frame, pb.frame} in _ONE_MOMENT):
        return False
    if pa.patient_key and pb.patient_key and pa.patient_key != pb.patient_key:
        return False
    if pa.agent_key and pb.agent_key and pa.agent_key != pb.agent_key:
        return False
    if about == "place" and pa.days and pb.days and not any(days_agree(x, y) for x in pa.days for y in pb.days):
        return False
    if about == "date" and (not one_moment(a, b) or not (pa.days and pb.days)):
        # "shot Thursday" and "died Sunday": the death may come days after; and a
        # telling that gives no day ("injuries he sustained during the shooting") takes
        # no side on it, whatever its sentence's other clause says
        return False
    return True


def incident_aspects(mentions: list[Mention], by_id: dict[str, Claim], places: dict[str, Place],
                     day_mentions: list[Mention] | None = None,
                     place_mentions: list[Mention] | None = None) -> list[Aspect]:
    """When and where the main incident happened, read over all its tellings (or the
    tellings as their days, ``day_mentions``, and places, ``place_mentions``, can oppose
    each other: see when.conflict_days); only the conflicts are returned (an agreed day
    or place is the event's own attribute)."""
    out = []
    day = day_aspect(mentions if day_mentions is None else day_mentions, by_id, rivals=one_incident)
    if day is not None and day.relation == "conflict":
        out.append(day)
    place = place_aspect(mentions if place_mentions is None else place_mentions, by_id, places, incident=True)
    if place is not None and place.relation == "conflict":
        out.append(place)
    return out


def _exclusive_pairs(groups: list[tuple[object, list[str]]], by_id: dict[str, Claim],
                     given: list[dict[str, list]] | None = None) -> list[list]:
    """Pairs of value groups each given by some report that does not give the other: a report naming
    two places for the incident (a quake felt in Antakya and Elbistan) spans both, so a
    report naming one of them contradicts nothing.

    But a report whose own places disagree with each other does not span them: when it
    alone names a place (its dateline, its scene) over ONE_PLACE_KM from a place the other
    reports give, and it gives that other place only as a region it is set in (a county,
    a sheriff's or a neighbourhood's name it keeps) or in the same words as its own far
    place ("the town of Winnipeg on Qeshm island"), it is on the side of its own place
    against the others: the analyst sees its town disputed, with its other words beside
    it (``given``: per group, {claim id: the (place, is-setting) values it gives there})."""
    docs = [{by_id[c].document for c in claims} for _, claims in groups]
    gives: dict[str, set[int]] = defaultdict(set)  # per report, the groups it gives as the act's place
    for g, (_, claims) in enumerate(groups):
        for c in claims:
            if given is None or any(not setting for _, setting in given[g].get(c, ())):
                gives[by_id[c].document].add(g)
    out = []
    for x in range(len(groups)):
        for y in range(x + 1, len(groups)):
            dx, dy = docs[x], docs[y]
            if given is not None and dx & dy and _far_groups(given[x], given[y]):
                both = dx & dy
                dx, dy = dx - _self_contradicting(both, x, y, docs, given, by_id), \
                    dy - _self_contradicting(both, y, x, docs, given, by_id)
            # Two reports that give the act one place agree on where it was; a side each
            # adds (the college of one, the street corner of the other) is a detail, not a dispute.
            own = lambda d: gives[d] - ({x} if d not in dx else set()) - ({y} if d not in dy else set())  # noqa: E731
            if any(not own(a) & own(b) for a in dx - dy for b in dy - dx):
                out.append([groups[x], groups[y]])
    return out


def _far_groups(gx: dict[str, list], gy: dict[str, list]) -> bool:
    """Every located place of one group is over ONE_PLACE_KM from every one of the other."""
    px = {v[0].key: v[0] for vs in gx.values() for v in vs if v[0].lat is not None}
    py = {v[0].key: v[0] for vs in gy.values() for v in vs if v[0].lat is not None}
    return bool(px and py) and all(_distance(a, b) > ONE_PLACE_KM for a in px.values() for b in py.values())


def _self_contradicting(both: set[str], x: int, y: int, docs: list[set[str]], given: list[dict[str, list]],
                        by_id: dict[str, Claim]) -> set[str]:
    """The reports of ``both`` that give group ``x`` only as a region or beside group
    ``y``, where ``y`` is theirs alone: they are on ``y``'s side, not ``x``'s."""
    def specific(c: str, g: int) -> bool:
        return any(not setting for _, setting in given[g].get(c, ()))

    def as_setting(c: str, g: int) -> bool:
        return any(setting for _, setting in given[g].get(c, ()))


    out = set()
    if not any(specific(c, x) for c in given[x] if by_id[c].document not in both):
        return out  # the others only set their reports there (a national desk's dateline)
    for doc in both:
        if docs[y] != {doc}:
            continue
        far = [c for c in given[y] if by_id[c].document == doc]
        if not any(as_setting(c, y) for c in far) and len({by_id[c].text for c in far}) < 2:
            continue  # one passing name, not where the report is set: as often a far homonym ("Southside")
        mine = [c for c in given[x] if by_id[c].document == doc]
        if all(not specific(c, x) or specific(c, y) for c in mine):
            out.add(doc)
    return out
