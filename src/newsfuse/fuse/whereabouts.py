"""Where a named person is: one fact per person and place that several reports take the
person to, whatever act each tells it in.

"Assad fled to Moscow", "forcing Assad to flee to Moscow" and "Assad and his family had
arrived in the Russian capital" are three events to event grouping (a flight and an
arrival are opposite frames, never one event) but one thing an analyst reads: Assad is in
Moscow, told by three reports. The place each movement takes its doer to was read at
analysis (Proposition.goal: "to", "into", an arrival's "in"; a country's capital named by
the country); here the goals of one person's movements are gathered into one aspect per
place. Only a person who moves by himself counts (an object sent somewhere is the one
that moves: "Putin sent his envoy to Damascus" places the envoy, not Putin), and only
what is told as done (not denied, not planned).
"""
from __future__ import annotations

from collections import defaultdict

from ..model import Place
from .aspects import Aspect, AspectValue
from .events import Mention

MIN_DOCUMENTS = 2  # below this the movement's own fact says it: a place fact of one report would repeat it


def whereabouts(mentions: list[Mention], people: dict[str, str], places: dict[str, Place]) -> list[Aspect]:
    """One "place" aspect (``about``: the person's name) per person and place that at
    least MIN_DOCUMENTS reports take the person to. ``people`` maps person keys to names."""
    told: dict[str, list[tuple[str, Mention]]] = defaultdict(list)
    for m in mentions:
        p, c = m.prop, m.claim
        if not p.goal or p.patient or p.negated or c.certainty == "denied" or c.planned:
            continue
        if p.agent_key in people:
            told[p.agent_key] += [(k, m) for k in p.goal if k in places]
    out = []
    for person, items in told.items():
        groups: list[tuple[Place, list[Mention]]] = []
        for key, m in items:
            here = places[key]
            for place, ms in groups:
                if _same_place(place, here):
                    ms.append(m)
                    break
            else:
                groups.append((here, [m]))
        for place, ms in groups:
            if len({m.claim.document for m in ms}) < MIN_DOCUMENTS:
                continue
            claims = list(dict.fromkeys(m.claim.id for m in ms))
            out.append(Aspect("place", "place", [AspectValue(place.name, claims, key=place.key)], about=people[person]))
    return out


def _same_place(a: Place, b: Place) -> bool:
    """One place under one key or one name ("Moscow" of two reports' gazetteer readings)."""
    return a.key == b.key or bool({n.lower() for n in [a.name, *a.aliases]} & {n.lower() for n in [b.name, *b.aliases]})
