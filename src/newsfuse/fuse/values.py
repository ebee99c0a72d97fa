"""Values of an aspect and how they relate: the same, compatible, an update, or in conflict.

Counts are intervals ("at least five" is 5..open, "about 50" 42.5..57.5, "two dozen"
24..24); two counts agree when their intervals meet, or when they differ by rounding. A
later, higher figure of a toll is an update when the figures rise with the publication
dates. Places agree when they are one place, share a name (a homonym is the gazetteer's
doubt, not the reports'), or one lies inside or within reach of the other. Days agree
within one day (time zones and "overnight").
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from importlib import resources

from .. import yamlfast
from ..analyze.places import haversine_km
from ..model import Count, Place

ROUNDING = 0.05  # relative gap two figures may have and still be one rounded figure
PLACE_REACH_KM = 50  # two specific places this close can be one scene ("Chesapeake" / "Norfolk")
SETTING_REACH_KM = 150  # a report's dateline or its police's town this close can hold the scene


def is_part(c: Count, of: Count) -> bool:
    """Whether ``c`` counts a kind of the people ``of`` counts ("two men" of "three
    people"), so that it may be a part of them, not a rival figure."""
    return bool(getattr(c, "noun", None)) and getattr(c, "noun", None) != getattr(of, "noun", None)


def counts_agree(a: Count, b: Count) -> bool:
    """Whether two counts can both be true of one aspect. A count of one kind of the
    people ("two men", "three children") and a count of all of them or of another kind
    agree unless the part is larger than the whole: "three children" and "five dead"
    both hold of a family of five."""
    if is_part(a, b) or is_part(b, a):
        part, whole = (a, b) if is_part(a, b) and not getattr(b, "noun", None) else (b, a)
        if getattr(whole, "noun", None):
            return True  # two kinds ("two women", "three men"): parts of one whole
        return whole.high is None or part.low <= whole.high
    a_high = float("inf") if a.high is None else a.high
    b_high = float("inf") if b.high is None else b.high
    if a.low <= b_high and b.low <= a_high:
        return True
    gap = min(abs(a.low - b_high), abs(b.low - a_high))
    return gap <= ROUNDING * max(a.low, b.low, 1.0) and max(a.low, b.low) >= 20


@functools.lru_cache(maxsize=1)
def role_wholes() -> dict[str, str]:
    """{role: the role it is a part of}: the killed and the injured are of the people
    shot (data/count_roles.yaml ``parts``; GVA counts a person shot as killed or injured)."""
    with (resources.files("newsfuse") / "data" / "count_roles.yaml").open(encoding="utf-8") as fh:
        return dict(yamlfast.safe_load(fh).get("parts") or {})


def outnumbers(part_low: float | None, whole_high: float | None) -> bool:
    """Whether a part's least figure is more than its whole's greatest ("five killed" of
    "two people shot"), beyond rounding."""
    if part_low is None or whole_high is None:
        return False
    return part_low > whole_high and not (part_low >= 20 and part_low - whole_high <= ROUNDING * part_low)


def as_reports_total(items: list[tuple[Count, str]], report_of, told: list[tuple[Count, str]] | None = None
                     ) -> list[tuple[Count, str]]:
    """A report that counts the people in a role only as one kind of person ("two
    teenagers were killed"; no count of all of them, no person of another kind) gives
    that count as its toll, not a part of one: a reader of it learns that two were
    killed. ``report_of(claim_id)`` names the claim's report; ``told`` is every count of
    the role the reports give (of any part of the whole, "three men wounded on the Lower
    East Side"), default ``items``. Where a report tells several kinds ("two men and a
    woman", "a boy ... the woman") or a count of all, a kind stays a part."""
    kinds: dict[str, set[str]] = {}
    whole: set[str] = set()
    for c, claim in items if told is None else told:
        report = report_of(claim)
        kinds.setdefault(report, set())
        if c.noun:
            kinds[report].add(c.noun)
        elif not c.one:
            whole.add(report)
    out = list(items)
    for i, (c, claim) in enumerate(items):
        report = report_of(claim)
        if c.noun and c.high is not None and report not in whole and len(kinds.get(report, ())) == 1:
            out[i] = (dataclasses.replace(c, noun=None), claim)  # "a woman" where the report tells one victim too
    return out


def count_label(c: Count) -> str:
    return " ".join(c.text.split())


def exactness(c: Count) -> tuple:
    """How precise a count is: exact before bounded before open; narrower first."""
    if c.high is None:
        return (2, 0.0)
    width = c.high - c.low
    return (0 if width == 0 else 1, width)


@dataclass
class CountValue:
    """Counts of one aspect that agree with each other, with what they rest on."""

    counts: list[Count] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)

    @property
    def best(self) -> Count:
        """The figure that says it best: one that gives the value the counts agree on (the
        "two" of "shot two officers", not "the deputy" it includes), of all the people
        (not a kind of them), then the most precise."""
        low = self.low
        return min(self.counts, key=lambda c: (c.low != low, bool(getattr(c, "noun", None)), exactness(c)))

    @property
    def low(self) -> float:
        return max(c.low for c in self.counts)

    @property
    def high(self) -> float | None:
        """The least upper bound the counts give of all the people: a count of a kind of
        them bounds only that kind, unless every count is of that one kind."""
        wholes = [c for c in self.counts if not getattr(c, "noun", None)]
        kinds = {getattr(c, "noun", None) for c in self.counts}
        bounding = wholes if wholes else self.counts if len(kinds) == 1 else []
        highs = [c.high for c in bounding if c.high is not None]
        return min(highs) if highs else None


def group_counts(items: list[tuple[Count, str]]) -> list[CountValue]:
    """Counts (with their claim ids) into groups that agree: a count joins the first
    group all of whose members it agrees with (most precise counts placed first)."""
    groups: list[CountValue] = []
    distinct: list[dict[tuple, Count]] = []  # per group, one count per interval: agreement depends on nothing else
    best: list[Count] = []  # per group, the figure a joining count is measured against (the first of the least)
    rank = lambda c: (bool(getattr(c, "noun", None)), exactness(c))  # noqa: E731 - the anchor a count joins by
    for count, claim in sorted(items, key=lambda it: exactness(it[0])):
        fits = [n for n, d in enumerate(distinct) if all(counts_agree(count, other) for other in d.values())]
        if not fits:
            groups.append(CountValue([count], [claim]))
            distinct.append({(count.low, count.high): count})
            best.append(count)
            continue
        # "more than 1,600" agrees with 1,600 and with 2,500: it joins the nearer figure.
        n = min(fits, key=lambda n: abs(math.log(max(count.low, 1.0)) - math.log(max(best[n].low, 1.0))))
        g = groups[n]
        g.counts.append(count)
        if rank(count) < rank(best[n]):
            best[n] = count
        distinct[n].setdefault((count.low, count.high), count)
        if claim not in g.claims:
            g.claims.append(claim)
    return groups


def is_update(values: list[tuple[float, dt.date | None]]) -> bool:
    """Whether figures (each with the earliest publication date that gives it) read as
    a toll rising over time: every later date gives a higher figure, and no two figures
    share a date."""
    dated = [(d, v) for v, d in values]
    if any(d is None for d, _ in dated) or len({d for d, _ in dated}) < len(dated):
        return False
    dated.sort()
    return all(b[1] > a[1] for a, b in zip(dated, dated[1:]))


def places_agree(a: Place, b: Place, reach_km: float = PLACE_REACH_KM) -> bool:
    """One place, the same name, or close enough to be one scene."""
    if a.key == b.key:
        return True
    names_a = {n.lower() for n in [a.name, *a.aliases]}
    names_b = {n.lower() for n in [b.name, *b.aliases]}
    if names_a & names_b:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return True  # nothing to compare: no conflict can be shown
    return haversine_km((a.lat, a.lon), (b.lat, b.lon)) <= reach_km


def days_agree(a: str, b: str) -> bool:
    da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    return abs((da - db).days) <= 1
