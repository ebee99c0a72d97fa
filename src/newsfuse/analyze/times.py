"""Time expressions: find them with rules over the raw text and resolve them against the
document's publication date.

Pure regular expressions (no model call per sentence), so it runs at text speed.
Conventions, chosen for news and documented here once:

* Spans exclude the governing preposition: "since 2020" -> "2020", "On December 8" ->
  "December 8" (as TimeML does).
* A month-day without a year ("8 December") needs the publication date. With
  ``published=None`` it stays unresolved (``date=None``, ``relative=True``, granularity
  "day"): we never guess a year. Full dates ("December 8, 2024", "2024-12-08") always
  resolve.
* News reports past events: a year-less date takes the year that puts it nearest to,
  and not after, the publication date (slack of ``NEAR_FUTURE_DAYS``), unless the
  sentence speaks of the future ("will", "next", "scheduled", ...), then the nearest
  date not before it. A January report's "December 28" is last year's.
* Weekdays: "Friday" in a Friday report is that day; otherwise the nearest past one,
  or the nearest coming one under "next"/future tense ("last Friday" is strictly before).
* The tense comes from the span's own clause first: the tense cue nearest the span
  ("Cuba predicted Wednesday", "would arrive Thursday"), then any future cue nearby in
  the sentence. A past-tense clause makes a later reading of a year-less date costlier.
* Narrative-relative expressions ("three weeks later", "a year earlier", "the day
  before") are anchored to another event, not to the publication date: they stay
  unresolved here; ``resolve_relative`` resolves them against a borrowed anchor.
  The exception is comparison with the period in focus (the last period read
  straight from the text, the last quarter preferred): "profit rose in the third
  quarter from $5 million a year earlier", "the year-ago quarter", "the same period
  last year" are that period a year back; "the quarter", "the 1988 period" take its
  quarter. "a year ago" follows a quarter in focus, else the publication date.
* Bare durations ("for three years", "65", "a 65-year-old") are not points in time and
  are not reported. Anchored spans ("the past decade", "the last three years") become
  ranges ending at the publication date.
"""
from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from ..model import Sentence, TimeExpr

NEAR_FUTURE_DAYS = 2  # a year-less date this far after publication still counts as "now"
FAR_SIDE_COST = 1.5  # a future reading of a year-less date (past, in future context) counts 1.5x as far
PAST_TENSE_FAR_SIDE_COST = 5.0  # ... and 5x as far in a past-tense clause

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a couple of": 2, "a dozen": 12,
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "final": 4}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11),
            "winter": (12, 2)}

_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH = (_FULL_MONTH[:-1] + r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept\.?|Sep\.?"
          r"|Oct\.?|Nov\.?|Dec\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"
_NUM = r"(?:\d{1,3}|a couple of|a dozen|" + "|".join(
    sorted((k for k in _NUMBERS if " " not in k), key=len, reverse=True)) + ")"
_MOD = r"(?:(?P<mod>early|mid|late)[- ]|(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+)"

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|going to|scheduled|expected to|plans? to|planned|planning|due|"
    r"upcoming|intends? to|set to|is to|are to|until|payable|next(?!\s+to\b))\b|'ll\b", re.I)
_SENTENCE_END = re.compile(r"(?<!\.[a-z])(?<!\b[A-Z])[.!?]\s|\n")  # not after "a.m.", "U.S.", "J."
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|``|''|\s[-–—]+\s")
_CLAUSE_FUTURE_CUE = re.compile(r"\b(?:would|should|as (?:soon|early) as)\b", re.I)
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am)\s+$", re.I)  # "will be held": a participle
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|said|told|made|took|came|went|got|gave|began|left|met|saw|held|"
    r"fell|rose|won|lost|brought|bought|sold|paid|found|became|since|ago|[a-z]+(?<!e)ed)\b")
_YEAR_PREFIX_BLOCK = re.compile(
    r"(?:[$#€£¥]|No\.|\bnumber|\b(?:about|around|nearly|some|over|than|approximately|"
    r"almost|roughly|least|up to|Route|Flight|Boeing|Airbus|model|Windows|Office|Euro))\s*$",
    re.I)
_YEAR_SUFFIX_BLOCK = re.compile(
    r"^(?:\s*(?:%|percent|per cent|GMT|UTC|hours?|hrs|local time|km|kilometres|"
    r"kilometers|miles|metres|meters|feet|kg|tons|tonnes|people|men|women|children|police|"
    r"staff|personnel|[a-z]+s\b(?!')))|^[.,]\d|^-(?:year|yr)", )
_COUNT_S_EXCEPTIONS = {"levels", "prices", "figures", "results", "sales", "elections",
                       "games", "olympics", "rates", "earnings", "standards", "talks"}
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|through|during|from|before|after|of|early|mid|late|"
    r"last|next|this|to|on|between|and)\s*-?$", re.I)

_PRESENT = {"now", "currently", "at present", "nowadays", "these days", "right now",
            "at the moment", "presently"}
_PAST = {"recently", "the past", "in the past", "lately", "in recent years",
         "in recent months", "in recent weeks", "in recent days", "recent years"}
_FUTURE = {"the future", "in the future", "soon", "in the near future", "the near future"}

Resolved = tuple[dt.date, dt.date, str]  # start, end (inclusive), granularity
Resolver = Callable[[dt.date, int], "Resolved | None"]  # (anchor, tense: -1 past, 0, 1 future)


@dataclass
class _Focus:
    """What a report is talking about so far: the last period read straight from the text,
    the last quarter so read (earnings reports compare quarters) and the publication date."""

    last: Resolved | None = None
    quarter: Resolved | None = None
    anchor: dt.date | None = None


@dataclass
class _Candidate:
    start: int
    end: int
    resolve: Resolver  # (anchor, tense) -> (start, end, granularity) or None
    granularity: str  # what it will be once resolved (for unresolved output)
    needs_anchor: bool = True  # depends on a reference date
    narrative: bool = False  # anchored to another event, not to publication
    anaphor: "Callable[[_Focus], Resolved | None] | None" = None  # reading from the focus
    needs_focus: bool = False  # meaningless without a focus ("the quarter"): dropped then


# ---------------------------------------------------------------- calendar helpers

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month ``n`` months from ``d``'s month."""
    total = d.year * 12 + d.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _week(d: dt.date) -> Resolved:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6), "week"


def _month(year: int, month: int) -> Resolved:
    return dt.date(year, month, 1), _month_end(year, month), "month"


def _year(year: int) -> Resolved:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _quarter(year: int, q: int) -> Resolved:
    return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "range"


def _season(year: int, name: str) -> Resolved:
    first, last = _SEASONS[name]
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _month_end(end_year, last), "range"


def _narrow(res: Resolved, mod: str | None) -> Resolved:
    """early/beginning -> first third, mid/middle -> middle third, late/end -> last third."""
    if not mod:
        return res
    start, end, _ = res
    third = ((end - start).days + 1) // 3
    mod = mod.lower()
    if mod in ("early", "beginning", "start"):
        return start, start + dt.timedelta(days=third - 1), "range"
    if mod in ("mid", "middle"):
        return start + dt.timedelta(days=third), end - dt.timedelta(days=third), "range"
    return end - dt.timedelta(days=third - 1), end, "range"


def _quarter_of(res: Resolved) -> int | None:
    """The quarter number when ``res`` is exactly one calendar quarter, else None."""
    start, end, _ = res
    if start.day == 1 and start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
        return start.month // 3 + 1
    return None


def _focus_shift(years: int, fallback_year: bool = True, keep: bool = False,
                 quarters: bool = True) -> "Callable[[_Focus], Resolved | None]":
    """A reading ``years`` away from the period in focus, keeping its kind: in "profit rose
    in the third quarter from $5 million a year earlier" the comparison is with the same
    quarter a year before. A day in focus moves by whole years; anything else gives the
    year (``fallback_year``) or nothing."""
    def shift(state: _Focus) -> Resolved | None:
        focus = (state.quarter if quarters else None) or state.last
        if focus is None:
            return None
        start, _, gran = focus
        q = _quarter_of(focus)
        if q is not None:
            return _quarter(start.year + years, q)
        if keep and gran == "month":
            return _month(start.year + years, start.month)
        if gran == "day" and fallback_year:
            d = _safe_date(start.year + years, start.month, min(start.day, 28 if start.month == 2 else 31))
            return (d, d, "day") if d else None
        return _year(start.year + years) if fallback_year else None
    return shift


def _easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _thanksgiving(year: int) -> dt.date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def _pick_year(make: Callable[[int], "dt.date | None"], anchor: dt.date,
               tense: int) -> int | None:
    """The year putting ``make(year)`` nearest the anchor, a reading on the far side of
    the tense costing FAR_SIDE_COST times its distance: news mostly reports the past,
    but "Nov. 21" in a Nov. 2 report is the coming one. A clause in the past tense
    ("In March, the company sold...") makes a later reading dearer still."""
    future = tense > 0
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = make(year)
        if d is None:
            continue
        days = (d - anchor).days
        ahead = days > NEAR_FUTURE_DAYS if not future else days >= 0
        far = PAST_TENSE_FAR_SIDE_COST if tense < 0 else FAR_SIDE_COST
        cost = abs(days) * (far if ahead != future else 1.0)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


# ---------------------------------------------------------------- rule handlers

def _month_num(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _day_num(token: str) -> int:
    return int(re.match(r"\d+", token).group())


def _year_num(token: str, base: int | None = None) -> int:
    if len(token) == 2 and base is not None:  # "1989-90"
        return base // 100 * 100 + int(token)
    return int(token)


def _absolute(res: Resolved | None) -> Resolver:
    return lambda anchor, future: res


def _month_day(m: re.Match) -> _Candidate | None:
    month, day = _month_num(m["mon"]), _day_num(m["day"])
    day2 = _day_num(m["day2"]) if m["day2"] else None
    if day2 is not None and day2 <= day:
        return None

    def make(year: int) -> Resolved | None:
        start = _safe_date(year, month, day)
        if start is None:
            return None
        if day2 is None:
            return start, start, "day"
        end = _safe_date(year, month, day2)
        return (start, end, "range") if end else None

    if m["year"]:
        res = make(int(m["year"]))
        return _Candidate(m.start(), m.end(), _absolute(res), "day", needs_anchor=False) if res else None
    if _safe_date(2000, month, day) is None:  # Feb 30, Nov 31: not a date
        return None

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        year = _pick_year(lambda y: _safe_date(y, month, day), anchor, tense)
        return make(year) if year else None

    return _Candidate(m.start(), m.end(), resolve, "day" if day2 is None else "range")


def _numeric_date(m: re.Match) -> _Candidate | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12 or a == b:
        month, day = a, b
    else:
        return None  # 08/12/2024 is ambiguous between conventions: never guess
    d = _safe_date(year, month, day)
    return _Candidate(m.start(), m.end(), _absolute((d, d, "day")), "day", False) if d else None


def _iso_date(m: re.Match) -> _Candidate | None:
    d = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
    return _Candidate(m.start(), m.end(), _absolute((d, d, "day")), "day", False) if d else None


def _month_year(m: re.Match) -> _Candidate | None:
    res = _narrow(_month(int(m["year"]), _month_num(m["mon"])), m["mod"] or m["part"])
    return _Candidate(m.start(), m.end(), _absolute(res), res[2], False)


def _the_weekend(m: re.Match) -> _Candidate | None:
    """"the weekend": the last one (this one in a weekend report), the coming one in the
    future tense."""
    def resolve(anchor: dt.date, tense: int) -> Resolved:
        if tense > 0:
            saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        else:
            saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        return saturday, saturday + dt.timedelta(days=1), "range"

    return _Candidate(m.start(), m.end(), resolve, "range")


def _the_year(m: re.Match) -> _Candidate | None:
    """"the year", "the full year", "the current fiscal year", "year-end": the
    publication year (its end for "year-end")."""
    end = "end" if m["end"] else None
    return _Candidate(m.start(), m.end(), lambda a, t: _narrow(_year(a.year), end),
                      "range" if end else "year")


def _month_rel_year(m: re.Match) -> _Candidate | None:
    """"June last year", "February this year", "October of next year"."""
    month = _month_num(m["mon"])
    shift = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]

    def resolve(anchor: dt.date, tense: int) -> Resolved:
        return _narrow(_month(anchor.year + shift, month), m["mod"] or m["part"])

    return _Candidate(m.start(), m.end(), resolve, "range" if m["mod"] or m["part"] else "month")


def _month_alone(m: re.Match, text: str) -> _Candidate | None:
    month = _month_num(m["mon"])
    rel = (m["rel"] or "").lower()
    mod = m["mod"] or m["part"]
    if not rel and not mod and not _PREPOSITION_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        if m["mon"] in ("May", "March") or text[m.end():m.end() + 2].strip()[:1].isupper():
            return None  # modal "May", verb "March", names like "April Jones"

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        if rel == "this":
            year = anchor.year
        elif rel in ("last", "past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif rel == "next":
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif month == anchor.month:
            year = anchor.year
        else:
            year = _pick_year(lambda y: dt.date(y, month, 15), anchor, tense)
        return _narrow(_month(year, month), mod) if year else None

    return _Candidate(m.start(), m.end(), resolve, "range" if mod else "month")


def _year_expr(m: re.Match, text: str) -> _Candidate | None:
    year = int(m["year"])
    if m["year2"]:
        year2 = _year_num(m["year2"], year)
        if not year < year2 <= year + 100:
            return None
        res = (dt.date(year, 1, 1), dt.date(year2, 12, 31), "range")
        return _Candidate(m.start(), m.end(), _absolute(res), "range", False)
    if m["q"]:
        res = _quarter(year, _ORDINALS[m["q"].lower()])
    elif m["half"]:
        first = m["half"].lower() in ("first", "1st")
        res = (dt.date(year, 1 if first else 7, 1), _month_end(year, 6 if first else 12), "range")
    elif m["season"] or m["season2"]:
        res = _season(year, (m["season"] or m["season2"]).lower())
    else:
        if not (m["mod"] or m["part"] or m["fiscal"]):
            before, after = text[max(0, m.start() - 16):m.start()], text[m.end():m.end() + 16]
            if _YEAR_PREFIX_BLOCK.search(before) or before.endswith((",", ".")) and before[-2:-1].isdigit():
                return None
            hit = _YEAR_SUFFIX_BLOCK.search(after)
            if hit and hit.group().strip().lower() not in _COUNT_S_EXCEPTIONS:
                return None
        res = _narrow(_year(year), m["mod"] or m["part"])
    return _Candidate(m.start(), m.end(), _absolute(res), res[2], False)


def _decade(m: re.Match) -> _Candidate | None:
    digits = m["dec"]
    start = int(digits) if len(digits) == 4 else 1900 + int(digits)
    res = _narrow((dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "range"), m["mod"])
    return _Candidate(m.start(), m.end(), _absolute(res), "range", False)


def _quarter_expr(m: re.Match) -> _Candidate | None:
    q = _ORDINALS[m["q"].lower()]

    def resolve(anchor: dt.date, tense: int) -> Resolved:
        year = anchor.year if 3 * q - 2 <= anchor.month or tense > 0 else anchor.year - 1
        return _quarter(year, q)

    return _Candidate(m.start(), m.end(), resolve, "range")


def _relative_quarter(m: re.Match) -> _Candidate | None:
    rel = m["rel"].lower()
    shift = {"last": -1, "previous": -1, "latest": -1, "past": -1, "most recent": -1,
             "this": 0, "current": 0, "next": 1, "coming": 1}[rel]

    def resolve(anchor: dt.date, tense: int) -> Resolved:
        index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        return _quarter(index // 4, index % 4 + 1)

    return _Candidate(m.start(), m.end(), resolve, "range")


def _same_quarter(state: _Focus) -> Resolved | None:
    return state.quarter


def _focus_period(m: re.Match) -> _Candidate | None:
    """"the quarter", "the latest period" (the quarter in focus) and "the year-ago quarter",
    "year-earlier" results (that quarter a year back; the year before publication when
    nothing is in focus)."""
    if m["ago"] or m["ago2"]:
        return _Candidate(m.start(), m.end(), lambda a, f: _year(a.year - 1), "year",
                          anaphor=_focus_shift(-1))
    return _Candidate(m.start(), m.end(), lambda a, f: None, "range", anaphor=_same_quarter,
                      needs_focus=True)


def _year_quarter(m: re.Match) -> _Candidate | None:
    """"the 1988 third quarter", "this year's third quarter", "the first quarter of last
    year"; "last year's quarter" takes the quarter in focus."""
    q = _ORDINALS[m["q"].lower()] if m["q"] else None
    shift = {"last": -1, "this": 0, "next": 1}.get((m["rel"] or "").lower(), 0)
    explicit = int(m["year"]) if m["year"] else None

    def year_of(anchor: dt.date | None) -> int | None:
        return explicit if explicit is not None else (anchor.year + shift if anchor else None)

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        year = year_of(anchor)
        return _quarter(year, q) if q else _year(year)

    def from_focus(state: _Focus) -> Resolved | None:
        year = year_of(state.anchor)
        return _quarter(year, _quarter_of(state.quarter)) if state.quarter and year else None

    return _Candidate(m.start(), m.end(), resolve, "range", needs_anchor=explicit is None,
                      anaphor=None if q else from_focus)


def _same_period(m: re.Match) -> _Candidate | None:
    """"the same period last year", "the same month a year ago": the period in focus a
    year back, at its own granularity; the year before publication when nothing is in focus."""
    quarters = m["unit"].lower() in ("period", "quarter")
    return _Candidate(m.start(), m.end(), lambda a, f: _year(a.year - 1), "year",
                      anaphor=_focus_shift(-1, keep=True, quarters=quarters))


def _year_period(m: re.Match) -> _Candidate | None:
    """"the 1988 period", "the 1988 quarter": the quarter in focus, in that year."""
    year = int(m["year"])

    def in_year(state: _Focus) -> Resolved | None:
        return _quarter(year, _quarter_of(state.quarter)) if state.quarter else None

    return _Candidate(m.start(), m.end(), _absolute(_year(year)), "year", needs_anchor=False,
                      anaphor=in_year)


def _deictic_day(m: re.Match) -> _Candidate | None:
    word = m["w"].lower()
    if word == "tonight":
        word = "today"
    offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    if m["twice"]:
        offset *= 2
    return _Candidate(m.start(), m.end(),
                      lambda a, f: (a + dt.timedelta(days=offset),) * 2 + ("day",), "day")


def _part_of_day(m: re.Match) -> _Candidate | None:
    offset = -1 if m["rel"].lower() == "last" else 0
    return _Candidate(m.start(), m.end(),
                      lambda a, f: (a + dt.timedelta(days=offset),) * 2 + ("day",), "day")


def _weekday(m: re.Match, text: str) -> _Candidate | None:
    wd = _WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()

    def resolve(anchor: dt.date, tense: int) -> Resolved:
        delta = wd - anchor.weekday()
        if rel == "last":
            days = delta - 7 if delta >= 0 else delta
        elif rel in ("next", "coming"):
            days = delta + 7 if delta <= 0 else delta
        elif tense > 0:
            days = delta + 7 if delta < 0 else delta
        else:
            days = delta - 7 if delta > 0 else delta
        d = anchor + dt.timedelta(days=days)
        return d, d, "day"

    return _Candidate(m.start(), m.end(), resolve, "day")


def _unit_shift(anchor: dt.date, unit: str, n: int) -> Resolved | None:
    unit = unit.lower().rstrip("s")
    try:
        if unit == "day":
            d = anchor + dt.timedelta(days=n)
            return d, d, "day"
        if unit == "week":
            return _week(anchor + dt.timedelta(weeks=n))
        if unit == "month":
            first = _add_months(anchor, n)
            return _month(first.year, first.month)
        if unit == "year":
            return _year(anchor.year + n)
        if unit == "decade":
            return _year(anchor.year + 10 * n)
    except (ValueError, OverflowError):
        return None
    return None


def _relative_unit(m: re.Match) -> _Candidate | None:
    """last/this/next week|month|year|decade|weekend|season, optionally early/late."""
    rel, unit = m["rel"].lower(), m["unit"].lower()
    mod = (m["pmod"] or "").lower()
    shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0,
             "next": 1, "coming": 1}[rel]
    mod = {"earlier": "", "later": ""}.get(mod, mod)
    ranged = bool(m["the"]) and rel in ("past", "last")  # "the past decade": up to now
    if ranged and unit == "weekend":
        ranged = False

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        if ranged:
            start = {"week": anchor - dt.timedelta(days=7),
                     "month": _add_months(anchor, -1).replace(day=min(anchor.day, 28)),
                     "year": _safe_date(anchor.year - 1, anchor.month, min(anchor.day, 28)),
                     "decade": _safe_date(anchor.year - 10, anchor.month, min(anchor.day, 28)),
                     "century": _safe_date(anchor.year - 100, anchor.month, min(anchor.day, 28)),
                     }.get(unit)
            return (start, anchor, "range") if start else None
        if unit == "weekend":
            saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) + 7 * shift)
            if shift < 0 and anchor.weekday() >= 5:
                saturday += dt.timedelta(days=7)
            return saturday, saturday + dt.timedelta(days=1), "range"
        if unit in _SEASONS:
            first = _SEASONS[unit][0]
            year = anchor.year + shift
            if shift == 0 and unit == "winter" and anchor.month <= 2:
                year -= 1
            elif shift < 0:
                year = anchor.year if _season(anchor.year, unit)[1] < anchor else anchor.year - 1
            elif shift > 0:
                year = anchor.year if dt.date(anchor.year, first, 1) > anchor else anchor.year + 1
            return _narrow(_season(year, unit), mod)
        if unit == "decade":
            base = anchor.year // 10 * 10 + 10 * shift
            return _narrow((dt.date(base, 1, 1), dt.date(base + 9, 12, 31), "range"), mod)
        if unit == "century":
            base = anchor.year // 100 * 100 + 100 * shift
            return dt.date(base, 1, 1), dt.date(base + 99, 12, 31), "range"
        res = _unit_shift(anchor, unit, shift)
        return _narrow(res, mod) if res else None

    gran = "range" if ranged or mod or unit in ("weekend", "decade", "century") or unit in _SEASONS else unit
    return _Candidate(m.start(), m.end(), resolve, gran)


def _count(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _NUMBERS[token]


def _ago(m: re.Match) -> _Candidate | None:
    n, unit, direction = _count(m["n"]), m["unit"], m["dir"].lower()
    sign = 1 if direction in ("later", "after", "from now", "hence", "afterwards") else -1
    narrative = direction not in ("ago", "from now", "hence")
    gran = {"day": "day", "week": "week", "month": "month"}.get(unit.lower().rstrip("s"), "year")
    anaphor = None
    if unit.lower().rstrip("s") == "year":  # "a year earlier": the period in focus, a year back
        anaphor = _focus_shift(sign * n, fallback_year=narrative)
    return _Candidate(m.start(), m.end(), lambda a, f: _unit_shift(a, unit, sign * n), gran,
                      narrative=narrative, anaphor=anaphor)


def _past_n(m: re.Match) -> _Candidate | None:
    n, unit, rel = _count(m["n"]), m["unit"], m["rel"].lower()
    forward = rel in ("next", "coming", "following")

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        try:
            far = _shift_same_day(anchor, unit, n if forward else -n)
        except (ValueError, OverflowError):
            return None
        return (anchor, far, "range") if forward else (far, anchor, "range")

    return _Candidate(m.start(), m.end(), resolve, "range",
                      narrative=rel in ("previous", "following", "preceding"))


def _shift_same_day(anchor: dt.date, unit: str, n: int) -> dt.date:
    """``anchor`` moved by ``n`` units, keeping the day of month where it exists."""
    unit = unit.lower().rstrip("s")
    if unit in ("day", "week"):
        return anchor + dt.timedelta(days=n * (7 if unit == "week" else 1))
    months = {"month": 1, "year": 12, "decade": 120}[unit] * n
    first = _add_months(anchor, months)
    return first.replace(day=min(anchor.day, calendar.monthrange(first.year, first.month)[1]))


def _holiday(m: re.Match) -> _Candidate | None:
    name = m["name"].lower()
    if name.startswith("christmas"):
        day = (12, 24) if "eve" in name else (12, 25)
        make: Callable[[int], dt.date | None] = lambda y: dt.date(y, *day)
    elif name.startswith("new year"):
        make = (lambda y: dt.date(y - 1, 12, 31)) if "eve" in name else (lambda y: dt.date(y, 1, 1))
    elif name.startswith("thanksgiving"):
        make = _thanksgiving
    elif name.startswith("easter"):
        make = _easter
    else:
        return None
    if m["year"]:
        d = make(int(m["year"]))
        return _Candidate(m.start(), m.end(), _absolute((d, d, "day")), "day", False)

    def resolve(anchor: dt.date, tense: int) -> Resolved | None:
        year = _pick_year(make, anchor, tense)
        return (make(year),) * 2 + ("day",) if year else None

    return _Candidate(m.start(), m.end(), resolve, "day")


def _reference(m: re.Match) -> _Candidate | None:
    phrase = " ".join(m.group().lower().split())
    if phrase in _PRESENT:
        return _Candidate(m.start(), m.end(), lambda a, f: (a, a, "day"), "day")
    return _Candidate(m.start(), m.end(), lambda a, f: None, "unknown")


# ---------------------------------------------------------------- the grammar

_I = re.IGNORECASE
_RULES: list[tuple[re.Pattern, Callable, bool]] = [  # (pattern, handler, handler wants text)
    (re.compile(rf"\b(?P<year>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"), _iso_date, False),
    (re.compile(rf"\b(?P<year>{_YEAR})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)\b"), _iso_date, False),
    (re.compile(rf"\b(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<year>{_YEAR})\b"), _numeric_date, False),
    (re.compile(rf"(?:\b{_WEEKDAY},?\s+)?\b(?P<mon>{_MONTH})\s+(?P<day>{_DAY})\b"
                rf"(?:\s*(?:-|–|to|through)\s*(?P<day2>{_DAY})\b)?"
                rf"(?:(?:\s*,\s*|\s+)(?P<year>{_YEAR})\b)?(?!\s?[.,]?\d|%)"), _month_day, False),
    (re.compile(rf"(?:\b{_WEEKDAY},?\s+)?\b(?:the\s+)?(?P<day>{_DAY})(?:\s*(?:-|–)\s*(?P<day2>{_DAY}))?"
                rf"\s+(?:of\s+)?(?P<mon>{_MONTH})(?!\w)(?:\s*,?\s+(?P<year>{_YEAR})\b)?"), _month_day, False),
    (re.compile(rf"(?i:\b{_MOD})?\b(?P<mon>{_MONTH})(?:\s+of)?\s*,?\s+(?P<year>{_YEAR})\b"), _month_year, False),
    (re.compile(rf"(?i:\b{_MOD})?\b(?P<mon>{_MONTH})(?:\s+of)?\s+(?i:(?P<rel>last|this|next)\s+year)\b"),
     _month_rel_year, False),
    (re.compile(rf"(?i:\b{_MOD}|\b(?P<rel>last|next|this|past)\s+)?\b(?P<mon>{_FULL_MONTH})\b(?!\s*\d)"),
     _month_alone, True),
    (re.compile(rf"(?i:\b{_MOD}|\b(?:the\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter"
                rf"\s+(?:of\s+)?|\b(?:the\s+)?(?P<half>first|second|1st|2nd)\s+half\s+of\s+|"
                rf"\b(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)\s+(?:of\s+)?|"
                rf"\b(?P<fiscal>fiscal\s+(?:year\s+)?))?"
                rf"(?<![\d.,/$£€-])\b(?P<year>{_YEAR})\b(?!-\d{{2}}-)"
                rf"(?:\s*(?:-|–|—|to|through|until|(?<=between\s\d\d\d\d\s)and)\s*(?P<year2>{_YEAR}|\d\d)\b(?![.,]?\d))?"
                rf"(?:\s+(?P<season2>spring|summer|fall|autumn|winter)\b)?"), _year_expr, True),
    (re.compile(r"(?i:\b(?:the\s+)?(?:(?P<mod>early|mid|late)[- ])?)(?:\b(?P<dec>(?:1[6-9]|20)\d0)s\b|'(?P<dec2>\d0)s\b)"),
     lambda m: _decade(_DecadeMatch(m)), False),
    (re.compile(r"(?i:\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b)(?!\s+of\s+(?:fiscal\s+)?\d)"),
     _quarter_expr, False),
    (re.compile(r"(?i:\b(?:the\s+)?(?P<rel>last|previous|latest|past|most recent|this|current|next|coming)\s+quarter\b)"),
     _relative_quarter, False),
    (re.compile(r"(?i:\b(?:(?:the|that)\s+(?:comparable\s+|corresponding\s+|same\s+)?)?"
                r"(?P<ago>year-ago|year-earlier|prior-year)\s+(?:quarter|period)\b"
                r"|\b(?P<ago2>year-ago|year-earlier|prior-year)\b)"
                r"|(?i:\b(?:the|that)\s+(?:latest\s+)?(?:quarter|period)\b)(?![- ]point|\s+of\b)"),
     _focus_period, False),
    (re.compile(rf"(?i:\bthe\s+(?P<year>{_YEAR})\s+(?:period|quarter)\b)"), _year_period, False),
    (re.compile(rf"(?i:\bthe\s+(?P<year>{_YEAR})\s+(?P<q>first|second|third|fourth|final)[- ]quarter\b"
                rf"|\b(?P<rel>this|last|next)\s+year's\s+(?:(?P<q2>first|second|third|fourth|final)[- ])?quarter\b"
                rf"|\b(?:the\s+)?(?P<q3>first|second|third|fourth|final)[- ]quarter\s+of\s+(?P<rel2>this|last|next)\s+year\b)"),
     lambda m: _year_quarter(_Merged(m)), False),
    (re.compile(r"(?i:\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?P<unit>period|quarter|month|week)\s+(?:of\s+)?"
                r"(?:last\s+year|the\s+(?:last|previous|prior)\s+year|a\s+year\s+(?:ago|earlier|before))\b)"),
     _same_period, False),
    (re.compile(r"(?i:\bthe\s+weekend\b)"), _the_weekend, False),
    (re.compile(r"(?i:\bthe\s+(?:(?:full|current|calendar)\s+)?(?:fiscal\s+)?year\b)"
                r"(?!-|'|\s+(?:before|after|earlier|ago|later|previous|ended|ending|of|in|on|that|when|which|since|to|"
                r"and|or|two|nineteen)\b)"
                r"|(?i:\b(?P<end>year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)\b)(?!-)"),
     _the_year, False),
    (re.compile(r"(?i:\b(?:(?:the\s+day\s+(?P<twice>before|after)\s+)|(?:earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow)\b)"),
     lambda m: _deictic_day(_TwiceMatch(m)), False),
    (re.compile(r"(?i:\b(?P<rel>this|last)\s+(?:morning|afternoon|evening|night)\b)"), _part_of_day, False),
    (re.compile(rf"(?:\b(?i:(?P<rel>last|next|this|coming|past))\s+)?\b(?P<wd>{_WEEKDAY})(?!s)\b"
                r"(?:\s+(?:morning|afternoon|evening|night)\b)?"), _weekday, True),
    (re.compile(r"(?i:\b(?P<the>the\s+)?(?:(?P<pmod>earlier|later|early|late|the end of|the beginning of|the start of)\s+)?"
                r"(?P<rel>last|previous|past|this|current|next|coming)\s+"
                r"(?P<unit>week|weekend|month|year|decade|century|spring|summer|fall|autumn|winter)\b)"),
     _relative_unit, False),
    (re.compile(rf"(?i:\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+"
                r"(?P<dir>ago|earlier|later|before|after|from now|hence)\b)"), _ago, False),
    (re.compile(rf"(?i:\b(?:the\s+)?(?P<rel>past|last|next|coming|previous|following|preceding)\s+(?P<n>{_NUM})\s+"
                r"(?P<unit>days|weeks|months|years|decades)\b)"), _past_n, False),
    (re.compile(rf"\b(?P<name>Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)|Thanksgiving(?: Day)?|Easter(?: Sunday)?)\b"
                rf"(?:,?\s+(?P<year>{_YEAR})\b)?"), _holiday, False),
    (re.compile(r"(?i:\b(?:right now|now|currently|at present|nowadays|these days|presently|at the moment|"
                r"recently|lately|(?:in\s+)?recent\s+(?:years|months|weeks|days)|"
                r"(?:in\s+)?the\s+(?:near\s+)?future|in\s+the\s+past)\b)"), _reference, False),
]


class _DecadeMatch:
    """Adapts the decade pattern's two spellings ("1990s", "'90s") to one handler."""

    def __init__(self, m: re.Match) -> None:
        self._m = m

    def __getitem__(self, key: str):
        if key == "dec":
            return self._m["dec"] or self._m["dec2"]
        return self._m[key]

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()


class _Merged(_DecadeMatch):
    """Adapts a pattern whose alternatives number their groups (q, q2, q3) to one handler."""

    def __getitem__(self, key: str):
        groups = self._m.groupdict()
        return next((groups[k] for k in (key, key + "2", key + "3") if groups.get(k)), None)


class _TwiceMatch(_DecadeMatch):
    """"the day before yesterday" doubles the offset of "yesterday"."""

    def __getitem__(self, key: str):
        return self._m[key]


# ---------------------------------------------------------------- public API

# Typographic apostrophes read as the plain one ("New Year’s Eve", "this year’s third
# quarter"): one character for one, so every offset stays the original text's.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def _candidates(text: str) -> list[_Candidate]:
    """All rule matches, longest first at each position, without overlaps."""
    text = text.translate(_APOSTROPHES)
    found: list[_Candidate] = []
    for pattern, handler, wants_text in _RULES:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                cand = handler(m, text) if wants_text else handler(m)
            except (ValueError, OverflowError):
                continue  # a calendar the grammar cannot build ("31 June"): not a time, never a crash
            if cand is not None:
                found.append(cand)
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in found:
        if all(cand.end <= s or cand.start >= e for s, e in taken):
            chosen.append(cand)
            taken.append((cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


def _tense(text: str, start: int, end: int) -> int:
    """-1, 0 or 1: does the clause around the span speak of the past or the future? The
    tense cue nearest the span within its clause decides ("Cuba predicted Wednesday",
    "would leave Thursday"), the clause before it first; without one, a future cue
    anywhere near in the sentence makes it future."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=0)
    right_m = _SENTENCE_END.search(text, end, end + 300)
    right = right_m.start() if right_m else min(len(text), end + 300)
    before = text[max(left, start - 120):start]
    before = before[max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0):]
    after = text[end:min(right, end + 60)]
    first = _CLAUSE_BREAK.match(after)  # "On Friday, the government said": the next clause
    stop = _CLAUSE_BREAK.search(after, first.end() if first else 0)
    after = after[:stop.start() if stop else len(after)]
    cues = [(m.end(), 1) for m in _FUTURE_CUE.finditer(before)] + \
        [(m.end(), 1) for m in _CLAUSE_FUTURE_CUE.finditer(before)] + \
        [(m.end(), -1) for m in _PAST_CUE.finditer(before) if not _PASSIVE.search(before, 0, m.start())]
    if cues:
        return max(cues)[1]
    cues = [(m.start(), 1) for m in _FUTURE_CUE.finditer(after)] + \
        [(m.start(), 1) for m in _CLAUSE_FUTURE_CUE.finditer(after)] + \
        [(m.start(), -1) for m in _PAST_CUE.finditer(after) if not _PASSIVE.search(after, 0, m.start())]
    if cues:
        return min(cues)[1]
    return 1 if _FUTURE_CUE.search(text[max(left, start - 120):min(right, end + 40)]) else 0


def _build(text: str, cand: _Candidate, published: dt.date | None, sentence: int) -> TimeExpr:
    expr = TimeExpr(text=text[cand.start:cand.end], start=cand.start, end=cand.end,
                    sentence=sentence, granularity=cand.granularity,
                    relative=cand.needs_anchor)
    if cand.needs_anchor and (cand.narrative or published is None):
        return expr
    try:
        res = cand.resolve(published, _tense(text, cand.start, cand.end)) \
            if cand.needs_anchor else cand.resolve(None, 0)
    except (ValueError, OverflowError):
        res = None  # e.g. a shift past year 9999: left unresolved rather than failing the document
    if res is None:
        if cand.granularity == "unknown" or not cand.needs_anchor:
            expr.granularity = "unknown" if cand.needs_anchor else cand.granularity
        return expr
    expr.date, expr.end_date, expr.granularity = res
    return expr


def _doc_candidates(doc, text: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """spaCy DATE entities that our rules missed, kept only when our grammar can read a
    part of them; bare numbers and ages ("65", "65 years old") are dropped."""
    extra: list[_Candidate] = []
    for ent in getattr(doc, "ents", ()):
        if ent.label_ != "DATE" or any(ent.start_char < e and ent.end_char > s for s, e in taken):
            continue
        span = text[ent.start_char:ent.end_char]
        if re.fullmatch(r"[\d\s,.-]+|.*\b(?:years?|months?)[- ]old\b.*|(?:aged?\s+)?\d{1,3}", span, re.I | re.S):
            continue
        for cand in _candidates(span):
            extra.append(dataclasses.replace(cand, start=cand.start + ent.start_char,
                                             end=cand.end + ent.start_char))
    return extra


def find_times(text: str, published: dt.date | None, sentences: list[Sentence] | None = None,
               doc=None) -> list[TimeExpr]:
    """Time expressions in ``text``, resolved against ``published`` (see the module notes).
    ``sentences`` sets TimeExpr.sentence (0 without them); ``doc`` (a spaCy Doc of the
    whole text) adds its DATE entities as extra candidates."""
    if not text:
        return []
    if published is not None and isinstance(published, dt.datetime):
        published = published.date()
    cands = _candidates(text)
    if doc is not None:
        cands = sorted(cands + _doc_candidates(doc, text, [(c.start, c.end) for c in cands]),
                       key=lambda c: c.start)
    starts = [s.start for s in sentences] if sentences else []
    out = []
    focus = _Focus(anchor=published)
    for cand in cands:
        index = 0
        if sentences:
            index = sentences[max(0, bisect.bisect_right(starts, cand.start) - 1)].index
        try:
            res = cand.anaphor(focus) if cand.anaphor else None
        except (ValueError, OverflowError):
            res = None
        if res is None and cand.needs_focus:
            continue
        expr = _build(text, cand, published, index)
        if res is not None:
            expr.date, expr.end_date, expr.granularity = res
            expr.relative = True
        elif cand.anaphor is None and expr.date is not None and expr.granularity != "unknown" \
                and timex_value(expr) not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            focus.last = (expr.date, expr.end_date or expr.date, expr.granularity)
            if _quarter_of(focus.last) is not None:
                focus.quarter = focus.last
        out.append(expr)
    return out


def resolve_relative(expr: TimeExpr, anchor: dt.date) -> TimeExpr:
    """Resolve an expression that ``find_times`` left open against a borrowed ``anchor``
    (e.g. the story's date), marking it ``inferred``. "three weeks later" counts from the
    anchor. Already-resolved or unreadable expressions come back unchanged."""
    if expr.date is not None:
        return expr
    cands = _candidates(expr.text)
    if not cands:
        return expr
    cand = max(cands, key=lambda c: c.end - c.start)
    try:
        res = cand.resolve(anchor, _tense(expr.text, cand.start, cand.end))
    except (ValueError, OverflowError):
        return expr
    if res is None:
        return expr
    return dataclasses.replace(expr, date=res[0], end_date=res[1], granularity=res[2],
                               relative=True, inferred=True)


def iso_at_precision(expr: TimeExpr) -> str | None:
    """The expression as an ISO date at the precision the text supports, in the three
    forms a Claim's ``times`` hold: a day (2024-12-08) only for a day; otherwise the
    smallest calendar month (2024-11) or year (2024) that holds the whole range, so
    "late last month" is 2024-11 and "last week" (2 to 8 December) is 2024-12, never
    a day the text does not name; None when unresolved or wider than a year."""
    d, e = expr.date, expr.end_date or expr.date
    if d is None:
        return None
    if expr.granularity == "day" and d == e:
        return d.isoformat()
    if (d.year, d.month) == (e.year, e.month):
        return f"{d.year:04d}-{d.month:02d}"
    if d.year == e.year:
        return f"{d.year:04d}"
    return None


def timex_value(expr: TimeExpr) -> str | None:
    """The TIMEX3-style value of a resolved expression: 2024-12-08, 2024-W49, 2024-12,
    2024-Q4, 2024-SU, 2024-H1, 2024, 199 (a decade), PRESENT_REF / PAST_REF /
    FUTURE_REF; None when unresolved or when a multi-year span has no single value."""
    phrase = " ".join(expr.text.lower().split())
    if phrase in _PRESENT:
        return "PRESENT_REF"
    if phrase in _PAST or phrase.startswith(("in recent ", "recent ")):
        return "PAST_REF"
    if phrase in _FUTURE:
        return "FUTURE_REF"
    d, e = expr.date, expr.end_date or expr.date
    if d is None:
        return None
    if expr.granularity == "day":
        return d.isoformat()
    if expr.granularity == "week":
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if expr.granularity == "month":
        return f"{d.year}-{d.month:02d}"
    if expr.granularity == "year":
        return str(d.year)
    season = next((s for s in _SEASONS if s in phrase), None)
    if season:
        code = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}[season]
        return f"{d.year}-{code}"
    if (e - d).days == 0:
        return d.isoformat()
    if d.isocalendar()[:2] == e.isocalendar()[:2]:
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}" + ("-WE" if "weekend" in phrase else "")
    if d.year == e.year:
        if d.month == e.month:
            return f"{d.year}-{d.month:02d}"
        if d.day == 1 and (d.month - 1) % 3 == 0 and e == _month_end(e.year, d.month + 2):
            return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        if d.day == 1 and d.month in (1, 7) and e == _month_end(e.year, d.month + 5):
            return f"{d.year}-H{1 if d.month == 1 else 2}"
        return str(d.year)
    if d.year // 10 == e.year // 10 and ("decade" in phrase or "0s" in phrase):
        return str(d.year // 10)
    if e.year - d.year == 99 and d.year % 100 == 0 and d.month == 1 and d.day == 1:
        return str(d.year // 100)
    return None
