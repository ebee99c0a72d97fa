"""One sense per story for a place name: homonyms decided by what the whole story names.

Each report is geocoded alone (``analyze/places.py``), and a short local report often
gives a town without its state: "York" went to England in a story whose other report says
"York, Pa."; "Polk County" to Florida in a story set in Oregon. Across the story the
reports together name the country and the states it is set in. A town of a country the
story never names (nor any of its states), or a small town of a state the story never
names, takes the same-named place of a country or state the story does name, when the
gazetteer has one there. Big cities keep their sense (a story in Texas may well mention
Chicago), and so does any place in a country or state the story names.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from ..analyze.gazetteer import Candidate, get_gazetteer, normalize
from ..analyze.places import _to_place, haversine_km
from ..model import DocumentAnalysis, Place
from .events import GENERAL_FEATURES
from .values import SETTING_REACH_KM

BIG_CITY = 300_000  # a town this size is named bare when meant; it keeps its sense
_NAMING = {"country", "admin1"}


def story_senses(per_doc: list[DocumentAnalysis]) -> list[DocumentAnalysis]:
    """The analyses with place homonyms re-decided by the story (see module doc); the
    analyses themselves are not changed, changed ones are copies."""
    try:
        remap = _remap([p for a in per_doc for p in a.places])
    except Exception:  # the gazetteer failing must not stop fusion
        return per_doc
    return [_apply(a, remap) if remap and any(p.key in remap for p in a.places) else a for a in per_doc]


def _candidate(p: Place) -> Candidate | None:
    return next((c for c in get_gazetteer().lookup(p.name) if c.key == p.key), None)


def named_regions(places: list[Place]) -> tuple[Counter, set[tuple[str, str]]]:
    """The countries the story names (with how often it names them or their states) and
    the states (first-level divisions) it names, as (country, admin1 code)."""
    countries: Counter = Counter()
    states: set[tuple[str, str]] = set()
    for p in places:
        if p.feature in _NAMING and p.country:
            countries[p.country] += p.mentions or 1
            c = _candidate(p) if p.feature == "admin1" else None
            if c is not None and c.admin1:
                states.add((c.country, c.admin1))
    return countries, states


def region_ranks(places: list[Place]) -> dict[str, int]:
    """{place key: 2 in a state the story names, 1 in a country it names, 0 elsewhere}:
    a town of a country the story never names is more often a misread name ("East
    Side" in Australia, "Bordeaux" in a Tennessee story) than the scene."""
    try:
        countries, states = named_regions(places)
        if not countries:
            return {}
        out = {}
        for p in places:
            c = _candidate(p) if p.country in countries else None
            out[p.key] = 2 if c is not None and (c.country, c.admin1) in states else int(p.country in countries)
        return out
    except Exception:  # the gazetteer failing must not stop fusion
        return {}


def _remap(places: list[Place]) -> dict[str, Place]:
    countries, states = named_regions(places)
    if not countries:
        return {}
    out: dict[str, Place] = {}
    for p in places:
        if p.key in out or p.lat is None or not p.country or (p.feature or "") in GENERAL_FEATURES \
                or p.key.startswith("facility:") or p.feature in ("facility", "airport", "building"):
            continue
        own = _candidate(p)
        if own is None:
            continue
        if p.country in countries:
            if (p.country, own.admin1) in states or own.population >= BIG_CITY \
                    or not any(cc == p.country for cc, _ in states):
                continue  # in a state the story names, a big city, or no state named
            wanted = [c for c in _same_name(p) if (c.country, c.admin1) in states]
        else:
            wanted = [c for c in _same_name(p) if c.country in countries]
            named_state = [c for c in wanted if (c.country, c.admin1) in states]
            wanted = named_state or wanted
        if wanted:
            best = max(wanted, key=lambda c: (countries[c.country], c.kind == own.kind, c.population))
            if best.key != p.key:
                q = _to_place(best, p.name)
                out[p.key] = dataclasses.replace(q, aliases=list(p.aliases), role=p.role, mentions=p.mentions)
    return out


def _same_name(p: Place) -> list[Candidate]:
    """Gazetteer places of the same kind of thing under the same written name."""
    name = normalize(p.name)
    return [c for c in get_gazetteer().lookup(p.name)
            if c.kind in ("city", "admin2") and (c.exact or normalize(c.name) == name)]


def _apply(a: DocumentAnalysis, remap: dict[str, Place]) -> DocumentAnalysis:
    key = lambda k: remap[k].key if k in remap else k  # noqa: E731
    keys = lambda ks: list(dict.fromkeys(key(k) for k in ks))  # noqa: E731
    places, seen = [], {}
    for p in a.places:
        q = dataclasses.replace(remap[p.key]) if p.key in remap else p
        if q.key in seen:  # two senses of one name in a report become one place
            seen[q.key].mentions += q.mentions
            continue
        seen[q.key] = q
        places.append(q)
    claims = [dataclasses.replace(
        c, places=keys(c.places),
        propositions=[dataclasses.replace(p, places=keys(p.places), setting=keys(p.setting),
                                          patient_key=key(p.patient_key)) for p in c.propositions])
        for c in a.claims]
    events = [dataclasses.replace(e, place=key(e.place)) if e.place in remap else e for e in a.events]
    mentions = [dataclasses.replace(m, entity=key(m.entity)) if m.entity in remap else m for m in a.mentions]
    return dataclasses.replace(a, places=places, claims=claims, events=events, mentions=mentions)


def near_settings(settings: list[Place]):
    """A test: is a place within SETTING_REACH_KM of one of the settings (every place
    passes when no setting has coordinates)?"""
    points = list(dict.fromkeys((p.lat, p.lon) for p in settings
                                if p.lat is not None and (p.feature or "") not in GENERAL_FEATURES))
    if not points:
        return lambda p: True
    return lambda p: p.lat is not None and any(haversine_km((p.lat, p.lon), q) <= SETTING_REACH_KM for q in points)
