"""Property tests of the date grammar: every calendar the grammar can name resolves to a
real range that contains what the words say, and no expression ever raises.

A real Reuters report once failed analysis on "the first half of" a year (the grammar
built 31 June); these tests walk every month length, leap years, halves, quarters,
seasons, decades and relative units against arbitrary publication dates."""
from __future__ import annotations

import calendar
import datetime as dt

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsfuse.analyze.times import find_times, timex_value  # noqa: E402

MONTHS = list(calendar.month_name)[1:]
YEARS = st.integers(min_value=1700, max_value=2099)
# Publication dates from the far past to the far future the grammar accepts, leap days included.
PUBLISHED = st.dates(min_value=dt.date(1700, 3, 1), max_value=dt.date(2099, 10, 1))
FAST = settings(max_examples=60, deadline=None)


def _only(text: str, published: dt.date | None):
    found = [t for t in find_times(text, published) if t.date is not None]
    assert len(found) == 1, (text, found)
    return found[0]


@FAST
@given(year=YEARS, month=st.integers(1, 12), data=st.data())
def test_every_day_of_every_month_resolves_to_itself(year, month, data):
    last = calendar.monthrange(year, month)[1]
    day = data.draw(st.integers(1, last))
    expr = _only(f"It happened on {MONTHS[month - 1]} {day}, {year}.", None)
    assert expr.date == dt.date(year, month, day)
    assert expr.granularity == "day"


@FAST
@given(year=YEARS, month=st.integers(1, 12))
def test_a_day_past_the_month_end_is_never_a_crash(year, month):
    last = calendar.monthrange(year, month)[1]
    text = f"It happened on {MONTHS[month - 1]} {last + 1}, {year}." if last < 31 else "nothing"
    for expr in find_times(text, dt.date(2024, 12, 8)):
        assert expr.date is None or expr.date.month != month or expr.date.day <= last


@FAST
@given(year=YEARS, month=st.integers(1, 12), mod=st.sampled_from(["", "early ", "mid-", "late ", "the end of "]))
def test_months_and_their_parts_stay_inside_the_month(year, month, mod):
    expr = _only(f"Fighting resumed in {mod}{MONTHS[month - 1]} {year}.", None)
    first, last = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    assert first <= expr.date <= (expr.end_date or expr.date) <= last
    if not mod:
        assert (expr.date, expr.end_date) == (first, last)


@FAST
@given(year=YEARS)
def test_february_knows_leap_years(year):
    expr = _only(f"Prices rose in February {year}.", None)
    assert expr.end_date.day == (29 if calendar.isleap(year) else 28)


@FAST
@given(year=YEARS, half=st.sampled_from(["first", "second", "1st", "2nd"]))
def test_halves_of_a_year(year, half):
    expr = _only(f"Sales fell in the {half} half of {year}.", None)
    if half in ("first", "1st"):
        assert (expr.date, expr.end_date) == (dt.date(year, 1, 1), dt.date(year, 6, 30))
        assert timex_value(expr) == f"{year}-H1"
    else:
        assert (expr.date, expr.end_date) == (dt.date(year, 7, 1), dt.date(year, 12, 31))
        assert timex_value(expr) == f"{year}-H2"


@FAST
@given(year=YEARS, q=st.integers(1, 4))
def test_quarters_of_a_year(year, q):
    word = ["first", "second", "third", "fourth"][q - 1]
    expr = _only(f"Profit rose in the {word} quarter of {year}.", None)
    assert expr.date == dt.date(year, 3 * q - 2, 1)
    assert expr.end_date == dt.date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])
    assert timex_value(expr) == f"{year}-Q{q}"


@FAST
@given(year=YEARS, season=st.sampled_from(["spring", "summer", "autumn", "fall", "winter"]))
def test_seasons_of_a_year(year, season):
    expr = _only(f"The offensive began in the {season} of {year}.", None)
    assert expr.date.year == year and expr.date.day == 1
    assert expr.end_date > expr.date
    if season == "winter":
        # Winter runs into the next year: its February knows leap years too.
        assert expr.end_date == dt.date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])
    else:
        assert expr.end_date.year == year
        assert (expr.end_date - expr.date).days in (91, 90, 92)


@FAST
@given(decade=st.integers(170, 209), mod=st.sampled_from(["", "early ", "mid-", "late "]))
def test_decades_and_their_parts(decade, mod):
    start = decade * 10
    expr = _only(f"The town grew in the {mod}{start}s.", None)
    assert dt.date(start, 1, 1) <= expr.date <= expr.end_date <= dt.date(start + 9, 12, 31)
    if not mod:
        assert (expr.date, expr.end_date) == (dt.date(start, 1, 1), dt.date(start + 9, 12, 31))


@FAST
@given(published=PUBLISHED,
       rel=st.sampled_from(["last", "this", "next"]),
       unit=st.sampled_from(["week", "month", "year", "decade", "weekend", "spring", "summer", "autumn", "winter"]),
       mod=st.sampled_from(["", "early ", "late ", "the end of ", "the beginning of "]))
def test_relative_units_are_ranges_around_the_publication_date(published, rel, unit, mod):
    text = f"Officials said the talks took place {mod}{rel} {unit}." if rel != "next" else \
        f"Officials said the talks will take place {mod}{rel} {unit}."
    found = [t for t in find_times(text, published) if t.date is not None]
    assert len(found) == 1, found
    expr = found[0]
    assert expr.date <= (expr.end_date or expr.date)
    if unit in ("week", "month", "year"):
        # "late last month" is a part of last month, never an invented single day.
        assert expr.granularity in (unit, "range")
        assert expr.end_date is not None and expr.end_date > expr.date
    if rel == "last" and unit in ("week", "month", "year", "decade"):
        assert expr.end_date < published
    if rel == "next" and unit in ("week", "month", "year", "decade"):
        assert expr.date > published


@FAST
@given(published=PUBLISHED, n=st.integers(1, 30),
       unit=st.sampled_from(["days", "weeks", "months", "years"]),
       direction=st.sampled_from(["ago", "earlier", "later"]))
def test_counted_shifts_never_raise(published, n, unit, direction):
    for expr in find_times(f"The ship left port {n} {unit} {direction}.", published):
        if expr.date is not None and direction == "ago":
            assert expr.date <= published


@FAST
@given(text=st.lists(st.sampled_from(
    list("0123456789,.-/'") + ["first", "half", "of", "quarter", "late", "early", "mid", "the", "last",
                               "next", "week", "month", "year", "February", "June", "31", "29", "30",
                               "spring", "winter", "s", "ago", "days", "Monday", "2024", "1900", "9999"]),
    max_size=12).map(" ".join), published=st.one_of(st.none(), PUBLISHED))
def test_no_string_of_date_words_makes_the_grammar_raise(text, published):
    for expr in find_times(text, published):
        assert expr.date is None or expr.end_date is None or expr.date <= expr.end_date


@FAST
@given(published=PUBLISHED, phrase=st.sampled_from(
    ["last week", "late last month", "early last month", "last month", "this week", "the end of last week",
     "last weekend", "mid-last year", "earlier this month"]))
def test_ranges_never_become_an_invented_day(published, phrase):
    from newsfuse.analyze.times import iso_at_precision

    for expr in find_times(f"The talks collapsed {phrase}, officials said.", published):
        iso = iso_at_precision(expr)
        if expr.date is None or iso is None:
            continue
        if expr.end_date and expr.end_date != expr.date:
            assert len(iso) < 10, (phrase, iso)  # a month or a year, not a day
        first = dt.date.fromisoformat(iso + "-01-01"[len(iso) - 4:]) if len(iso) < 10 else dt.date.fromisoformat(iso)
        assert first <= expr.date
