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
import functools
import datetime as dt
import re
from collections import Counter, defaultdict

from ..analyze.places import haversine_km
from ..model import Claim, Document, DocumentAnalysis
from .events import Mention, specific_places

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


def reanchor_weekdays(told: list[Mention], weekdays: dict[str, set[str]], by_act: bool = False,
                      first: dt.date | None = None) -> list[Mention]:
    """The tellings with each bare-weekday day moved back by whole weeks to a day another
    report gives ("Tuesday" in a report dated a week later is the Tuesday the first report
    gives), so that one weekday read against two reports' dates is one day. With
    ``by_act``, only to a day another report gives the same act (frame, else verb):
    the tellings are of any events of the story, not of one incident. With ``first`` (the
    story's first report's date), never to a day more than a week before it: news tells
    of recent happenings, and a weekday three weeks back is another incident's (the Dallas
    ambush of three Thursdays before, recalled in reports of a San Diego shooting)."""
    act = (lambda m: m.prop.frame or m.prop.lemma) if by_act else (lambda m: None)  # noqa: E731
    given: dict[tuple, set[str]] = defaultdict(set)  # (act, day) -> reports giving it
    for m in told:
        for d in m.prop.days:
            given[(act(m), d)].add(m.claim.document)
    out = []
    for m in told:
        own = weekdays.get(m.claim.id, set())
        if not own:
            out.append(m)
            continue
        key = act(m)
        days = [_earlier_week(d, m.claim.document, given, key, first) if d in own else d for d in m.prop.days]
        if days != list(m.prop.days):
            m = dataclasses.replace(m, prop=dataclasses.replace(m.prop, days=sorted(set(days))))
        out.append(m)
    return out


def _earlier_week(day: str, document: str, given: dict[tuple, set[str]], act, first: dt.date | None = None) -> str:
    d = dt.date.fromisoformat(day)
    for k in range(1, WEEKS_BACK + 1):
        earlier = (d - dt.timedelta(days=7 * k)).isoformat()
        if first is not None and d - dt.timedelta(days=7 * k) < first - dt.timedelta(days=7):
            break
        if given.get((act, earlier), set()) - {document}:
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


# Lemmas that tell the death, which may come days after the act ("shot Thursday ... died
# Sunday"): a death's day is no rival of the shooting's.
DEATH_LEMMAS = frozenset({"die", "death", "perish", "succumb"})


def one_moment(a: Mention, b: Mention) -> bool:
    """Whether two tellings can be of one moment as to their day: a death and the act
    that caused it are two moments."""
    return (a.prop.lemma in DEATH_LEMMAS) == (b.prop.lemma in DEATH_LEMMAS)


def conflict_days(told: list[Mention], documents: dict[str, Document]) -> list[Mention]:
    """The tellings as their days can oppose each other: a day long before the first
    report is another, earlier happening (the 9/11 the story recalls, a suspect's birth
    date), and a death's day that is the act's day (a death told with its shooting's
    "Monday": "has died from injuries sustained when he shot himself Monday") is the act's,
    not a second opinion on when the victim died."""
    first = first_report(told, documents)
    acts = {d for m in told if m.prop.lemma not in DEATH_LEMMAS for d in m.prop.days}
    out = []
    for m in told:
        days = [d for d in m.prop.days if first is None or dt.date.fromisoformat(d) >= first - BEFORE_FIRST]
        if m.prop.lemma in DEATH_LEMMAS:
            days = [d for d in days if d not in acts]
        if days != list(m.prop.days):
            m = dataclasses.replace(m, prop=dataclasses.replace(m.prop, days=days))
        out.append(m)
    return out


_EVENT_NOUNS = ("shooting|shootings|incident|attack|homicide|killing|murder|slaying|stabbing|crash|case|"
                "robbery|standoff|gunfire|explosion|blast")


@functools.lru_cache(maxsize=1)
def _other_incident() -> re.Pattern:
    from ..analyze.propositions import _told

    markers = "|".join(sorted(map(re.escape, _told()["other_event_markers"]), key=len, reverse=True))
    return re.compile(rf"\b(?:{markers})\s+(?:[\w-]+\s+){{0,2}}?(?:{_EVENT_NOUNS})\b", re.I)


def set_here(told: list[Mention], spot: str | None, places: dict) -> list[Mention]:
    """The tellings without those set far from the incident's place: "a July 7 attack in
    Dallas that killed five officers" in a report of a San Diego shooting is the earlier
    incident that the story recalls, whose day is not this one's. Far is farther than one
    incident's two places can be apart (aspects.ONE_PLACE_KM); a telling that gives no
    located place stays."""
    from .aspects import ONE_PLACE_KM

    here = places.get(spot) if spot else None
    if here is None or here.lat is None:
        return told

    def far(m: Mention) -> bool:
        located = [places[k] for k in specific_places(m.prop, places) if places[k].lat is not None]
        return bool(located) and all(
            haversine_km((p.lat, p.lon), (here.lat, here.lon)) > ONE_PLACE_KM for p in located)

    # the far incident's day is its day in the whole sentence ("Among the deaths was a July
    # 7 attack in Dallas": the copula's telling takes the attack's day, not its place)
    elsewhere = {(m.claim.id, d) for m in told if far(m) for d in m.prop.days}
    out = []
    for m in told:
        if far(m):
            continue
        days = [d for d in m.prop.days if (m.claim.id, d) not in elsewhere]
        if days != list(m.prop.days):
            m = dataclasses.replace(m, prop=dataclasses.replace(m.prop, days=days))
        out.append(m)
    return out


def own_tellings(told: list[Mention]) -> list[Mention]:
    """The tellings without the sentences that tell of another incident ("In an unrelated
    shooting Monday evening, two men were shot ...", "police say a gang member is to blame
    for the shooting of another child", "the second shooting this week"): their days and
    places are that incident's."""
    rx = _other_incident()
    return [m for m in told if not rx.search(m.claim.text)]


def of_the_day(told: list[Mention], day: dt.date | None) -> list[Mention]:
    """The tellings without those whose own days all miss the incident's ``day`` by more
    than a day: "sniper attacks that killed five officers on July 7 in Dallas" in a report
    of a San Diego shooting on July 28 is another incident, and its place that incident's."""
    if day is None:
        return told
    return [m for m in told if not m.prop.days or any(abs((dt.date.fromisoformat(d) - day).days) <= 1
                                                      for d in m.prop.days)]


def other_victims(told: list[Mention], named_in: dict[str, set[str]]) -> list[Mention]:
    """The tellings without a round-up's other incidents: in a report that names two or
    more victims ("On July 19, Tacarra Morgan was shot ...; Monday night, Tavon Tanner was
    wounded ..."), a victim no other report of the story names is another incident's,
    with its own day and place. ``named_in``: entity key -> the reports naming it."""
    def named(m: Mention) -> str | None:
        # a person: a named business ("a shooting at the Subway shop") is the scene
        key = m.prop.patient_key or ""
        return key if key.split(":")[0] == "person" else None

    victims: dict[str, set[str]] = defaultdict(set)
    for m in told:
        if named(m):
            victims[m.claim.document].add(named(m))
    return [m for m in told if not (named(m) and len(victims[m.claim.document]) >= 2
                                    and not named_in.get(named(m), set()) - {m.claim.document})]


def without_person_names(told: list[Mention], places: dict, people: set[str],
                         organisations: list[str] = ()) -> list[Mention]:
    """The tellings without place keys whose name is a word of a person's name in the
    story ("Sims and Davis were arrested": Davis is no town here), unless an
    institution of the story is named after it ("the Houma Police Department" makes the
    "Houma" of "Houma shooting leaves 1 dead" a town, whatever the tagger typed it)."""
    towns = _institution_towns(organisations)
    wrong = {k for k, p in places.items() if p.name.lower() in people and p.name.lower() not in towns}
    if not wrong:
        return told
    out = []
    for m in told:
        if wrong & (set(m.prop.places) | set(m.prop.setting)):
            m = dataclasses.replace(m, prop=dataclasses.replace(
                m.prop, places=[k for k in m.prop.places if k not in wrong],
                setting=[k for k in m.prop.setting if k not in wrong]))
        out.append(m)
    return out


def _institution_towns(organisations) -> set[str]:
    """The names local institutions carry before their kind: "Houma" of "Houma Police
    Department", "Saginaw County" of "Saginaw County Sheriff's Office"."""
    from ..analyze.propositions import _institution_words

    kinds = _institution_words()
    out = set()
    for name in organisations:
        words = name.split()
        for i in range(1, len(words)):
            if re.sub(r"'s$", "", words[i].lower()) in kinds:
                out.add(" ".join(words[:i]).lower())
                break
    return out


def weekdays_apart(doc_ids: list[str], documents: dict[str, Document],
                   analyses: dict[str, DocumentAnalysis]) -> set[frozenset[str]]:
    """Pairs of reports that tell of different happenings by their days: one dated, one
    undated, each naming its happenings mostly on weekdays the other never gives (an
    undated report of last year's patch "on Wednesday" beside this year's dated "on
    Tuesday"). An undated report's days are borrowed from the story's dated ones, so
    its "Wednesday" would otherwise pass for a day of this week. Two dated reports are
    compared by their days themselves, and two undated ones not at all."""
    from ..cluster.features import main_weekdays

    week = {d: main_weekdays(analyses[d], documents[d].published) for d in doc_ids if d in analyses}
    dated = [d for d in week if week[d] and documents[d].published]
    undated = [d for d in week if week[d] and not documents[d].published]
    return {frozenset((a, b)) for a in dated for b in undated if not week[a] & week[b]}
