"""When the main incident happened, read over all its reports' tellings.

Each report's days are resolved against its own date (``analyze/times.py``), and a
report's date is not always the day it was written: a page updated, republished or
archived days later still says "Tuesday" for a shooting of the week before. So:

- a day read from a bare weekday ("Tuesday", "early Sunday morning") means *that weekday,
  on or before the report's date*: when another report of the incident gives the same
  weekday of an earlier week, the two are the one day (``reanchor_weekdays``), never two
  days that contradict each other;
- the incident happened by the time the first report of it was published, and news
  tells of recent happenings: among the days the tellings give, those from shortly
  before the first report to the day after it (time zones, a late-evening event dated by
  a morning paper) are the candidates; a later report's "Thursday" is usually the day of
  the arrest, the hearing or the death, not of the shooting (``incident_day``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict

from ..model import Claim, Document, DocumentAnalysis
from .events import Mention

_BARE_WEEKDAY = re.compile(r"^(?:(?:early|late)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
                           r"(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
WEEKS_BACK = 4  # how many weeks back a weekday may be re-anchored to another report's day
BEFORE_FIRST = dt.timedelta(days=30)  # the window of candidate days before the first report
AFTER_FIRST = dt.timedelta(days=1)  # and after it


def weekday_days(claims: list[Claim], analyses: dict[str, DocumentAnalysis]) -> dict[str, set[str]]:
    """{claim id: ISO days its text gives only as a bare weekday}: the days whose week is
    the report's date's assumption, not the text's."""
    bare: dict[str, list[tuple[int, str]]] = defaultdict(list)
    told: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for doc, a in analyses.items():
        for t in a.times:
            if t.date is None or t.granularity != "day":
                continue
            (bare if t.relative and _BARE_WEEKDAY.match(" ".join(t.text.split())) else told)[doc].append(
                (t.start, t.date.isoformat()))
    out: dict[str, set[str]] = {}
    for c in claims:
        inside = lambda xs: {d for s, d in xs if c.start <= s < c.end}  # noqa: E731
        days = inside(bare.get(c.document, [])) - inside(told.get(c.document, []))
        if days:
            out[c.id] = days
    return out


def reanchor_weekdays(told: list[Mention], weekdays: dict[str, set[str]]) -> list[Mention]:
    """The tellings with each bare-weekday day moved back by whole weeks to a day another
    report gives ("Tuesday" in a report dated a week later is the Tuesday the first report
    gives), so that one weekday read against two reports' dates is one day."""
    given: dict[str, set[str]] = defaultdict(set)  # day -> reports giving it
    for m in told:
        for d in m.prop.days:
            given[d].add(m.claim.document)
    out = []
    for m in told:
        own = weekdays.get(m.claim.id, set())
        days = [_earlier_week(d, m.claim.document, given) if d in own else d for d in m.prop.days]
        if days != list(m.prop.days):
            m = dataclasses.replace(m, prop=dataclasses.replace(m.prop, days=sorted(set(days))))
        out.append(m)
    return out


def _earlier_week(day: str, document: str, given: dict[str, set[str]]) -> str:
    d = dt.date.fromisoformat(day)
    for k in range(1, WEEKS_BACK + 1):
        earlier = (d - dt.timedelta(days=7 * k)).isoformat()
        if given.get(earlier, set()) - {document}:
            return earlier
    return day


def incident_day(told: list[Mention], documents: dict[str, Document]) -> str | None:
    """The day most reports give the incident among the days near the first report's
    date (else among all the days the tellings give, each no later than its own
    report); the first told wins a tie."""
    def published(m: Mention) -> dt.date | None:
        return documents[m.claim.document].published

    values = [(d, m.claim.document) for m in told for d in m.prop.days
              if published(m) is None or d <= published(m).isoformat()]
    if not values:
        return None
    first = first_report(told, documents)
    if first is not None:
        near = [(d, doc) for d, doc in values if first - BEFORE_FIRST <= dt.date.fromisoformat(d) <= first + AFTER_FIRST]
        values = near or values
    reports = Counter(v for v, _ in dict.fromkeys(values))
    return max(reports, key=reports.__getitem__)


def first_report(told: list[Mention], documents: dict[str, Document]) -> dt.date | None:
    dates = [documents[m.claim.document].published for m in told if documents[m.claim.document].published]
    return min(dates) if dates else None


def plausible(day: dt.date | None, first: dt.date | None) -> bool:
    """Whether a day the per-report events give is near the first report's date."""
    return day is not None and (first is None or first - BEFORE_FIRST <= day <= first + AFTER_FIRST)
