"""Time expressions: recognition, resolution against the publication date, TIMEX3 values."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsfuse.analyze.times import find_times, resolve_relative, timex_value
from newsfuse.model import Sentence, TimeExpr

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DEC8 = dt.date(2024, 12, 8)  # a Sunday
FRIDAY = dt.date(2024, 12, 6)


def _by_text(text: str, published: dt.date | None) -> dict[str, TimeExpr]:
    return {t.text: t for t in find_times(text, published)}


def _one(text: str, published: dt.date | None) -> TimeExpr:
    found = find_times(text, published)
    assert len(found) == 1, found
    return found[0]


def _seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip("seed reports not available")
    return path.read_text(encoding="utf-8")


def test_seed_000_dates_resolve_against_publication():
    times = find_times(_seed("000"), DEC8)
    dates = {(t.text, t.date) for t in times}
    assert ("December 8", DEC8) in dates
    assert ("November 27", dt.date(2024, 11, 27)) in dates
    assert ("December 1", dt.date(2024, 12, 1)) in dates
    since = next(t for t in times if t.text == "2020")
    assert (since.date, since.end_date, since.granularity) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year")
    span = next(t for t in times if t.text == "2017-2019")
    assert (span.date, span.end_date, span.granularity) == (dt.date(2017, 1, 1), dt.date(2019, 12, 31), "range")


def test_seed_000_spans_point_into_the_text():
    text = _seed("000")
    for t in find_times(text, DEC8):
        assert text[t.start:t.end] == t.text


def test_seed_001_without_publication_date_stays_unresolved():
    times = _by_text(_seed("001"), None)
    today = times["earlier today"]
    assert today.date is None and today.relative
    day = times["8 December"]  # a year-less date: no year is guessed
    assert day.date is None and day.relative and day.granularity == "day"
    assert times["2015"].date == dt.date(2015, 1, 1)  # a full year needs no anchor


def test_seed_001_with_publication_date():
    times = _by_text(_seed("001"), DEC8)
    assert times["earlier today"].date == DEC8
    assert times["8 December"].date == DEC8


def test_full_dates_resolve_without_publication_date():
    for text, expected in [("It happened on December 8, 2024.", DEC8),
                           ("Filed 2024-12-08 at noon.", DEC8),
                           ("Dated 8 December 2024.", DEC8),
                           ("Signed on 25/12/2024.", dt.date(2024, 12, 25))]:
        expr = _one(text, None)
        assert expr.date == expected and not expr.relative, text


def test_ambiguous_numeric_date_is_not_guessed():
    assert all(t.text != "08/12/2024" for t in find_times("Signed on 08/12/2024.", None))


def test_abbreviated_month():
    assert _one("Talks resumed on Dec. 8 in Geneva.", DEC8).date == DEC8


@pytest.mark.parametrize("sentence,expected", [
    ("The meeting on Friday was tense.", FRIDAY),  # a Friday report's Friday is that day
    ("He will speak on Friday.", FRIDAY),
    ("The talks ended last Friday.", dt.date(2024, 11, 29)),
    ("Troops shelled the town on Tuesday.", dt.date(2024, 12, 3)),
    ("Ministers meet next Monday.", dt.date(2024, 12, 9)),
    ("The summit will open on Wednesday.", dt.date(2024, 12, 11)),
])
def test_weekdays(sentence, expected):
    expr = _one(sentence, FRIDAY)
    assert (expr.date, expr.granularity) == (expected, "day")


def test_plural_weekday_is_not_a_date():
    assert find_times("Markets close early on Fridays.", FRIDAY) == []


def test_year_rollover_takes_last_year():
    expr = _one("Clashes broke out on December 28 near the border.", dt.date(2025, 1, 3))
    assert expr.date == dt.date(2024, 12, 28)


def test_near_future_scheduled_date():
    expr = _one("The vote is scheduled for January 5.", DEC8)
    assert expr.date == dt.date(2025, 1, 5)


@pytest.mark.parametrize("text,date,end,granularity,value", [
    ("Prices rose last week.", dt.date(2024, 11, 25), dt.date(2024, 12, 1), "week", "2024-W48"),
    ("Prices will rise next month.", dt.date(2025, 1, 1), dt.date(2025, 1, 31), "month", "2025-01"),
    ("Exports fell this year.", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year", "2024"),
    ("The city fell two days ago.", dt.date(2024, 12, 6), dt.date(2024, 12, 6), "day", "2024-12-06"),
    ("Fighting resumed yesterday.", dt.date(2024, 12, 7), dt.date(2024, 12, 7), "day", "2024-12-07"),
    ("A ceasefire is expected in mid-December.", dt.date(2024, 12, 11), dt.date(2024, 12, 21), "range", "2024-12"),
    ("Production started in early 2023.", dt.date(2023, 1, 1), dt.date(2023, 5, 1), "range", "2023"),
    ("Profit rose in the third quarter of 2024.", dt.date(2024, 7, 1), dt.date(2024, 9, 30), "range", "2024-Q3"),
    ("Growth stalled in the 1990s.", dt.date(1990, 1, 1), dt.date(1999, 12, 31), "range", "199"),
])
def test_relative_and_partial_expressions(text, date, end, granularity, value):
    expr = _one(text, DEC8)
    assert (expr.date, expr.end_date, expr.granularity) == (date, end, granularity)
    assert timex_value(expr) == value


def test_past_decade_is_a_range_ending_at_publication():
    expr = _one("Output doubled over the past decade.", DEC8)
    assert expr.text == "the past decade" and expr.end_date == DEC8 and expr.granularity == "range"


def test_narrative_relative_stays_open_until_anchored():
    expr = _one("Three weeks later the army withdrew.", DEC8)
    assert expr.date is None and expr.relative
    anchored = resolve_relative(expr, dt.date(2024, 11, 1))
    assert anchored.inferred and anchored.date == dt.date(2024, 11, 18)  # week of Nov 22
    assert anchored.granularity == "week"


def test_resolve_relative_borrows_story_date():
    expr = _one("The capital fell earlier today.", None)
    anchored = resolve_relative(expr, DEC8)
    assert anchored.date == DEC8 and anchored.inferred
    assert expr.date is None  # the original is not modified


def test_resolve_relative_keeps_resolved_expressions():
    expr = _one("On December 8, 2024 the base emptied.", None)
    assert resolve_relative(expr, dt.date(2020, 1, 1)) is expr


def test_ages_and_bare_numbers_are_not_dates():
    text = ("A 65-year-old man, Ali Hassan, 65, said 2000 people had fled and "
            "he had lived there for three years; $2020 was paid.")
    assert find_times(text, DEC8) == []


def test_spacy_ages_are_dropped_but_missed_dates_kept():
    class Ent:
        def __init__(self, text: str, start: int) -> None:
            self.text, self.start_char, self.end_char, self.label_ = text, start, start + len(text), "DATE"

    text = "Hassan, 65, recalled the summer of 1982 and Tuesday."
    doc = type("Doc", (), {"ents": [Ent("65", 8), Ent("the summer of 1982", text.index("the summer"))]})()
    found = find_times(text, DEC8, doc=doc)
    assert [t.text for t in found] == ["the summer of 1982", "Tuesday"]


def test_month_name_words_are_not_always_dates():
    assert find_times("Officials may resign; protesters march. April Jones spoke.", DEC8) == []
    assert _one("Elections are held in May.", DEC8).granularity == "month"


def test_sentence_index_from_sentences():
    text = "Rebels advanced. On December 1 Aleppo fell."
    sentences = [Sentence(0, 0, 16, text[:16]), Sentence(1, 17, len(text), text[17:])]
    assert _one(text, DEC8).sentence == 0
    assert find_times(text, DEC8, sentences=sentences)[0].sentence == 1


def test_empty_text():
    assert find_times("", DEC8) == []
    assert find_times("No time is mentioned here.", None) == []


def test_present_reference_value():
    expr = _one("The opposition now holds the capital.", DEC8)
    assert timex_value(expr) == "PRESENT_REF" and expr.date == DEC8


def test_unresolved_has_no_value():
    assert timex_value(_one("It was signed 8 December.", None)) is None


OCT26 = dt.date(1989, 10, 26)
EARNINGS = ("Du Pont said third-quarter profit rose 19% to $700 million from $590 million "
            "a year earlier. Sales in the quarter rose 10%. In the year-ago quarter, the "
            "company took a charge. Net income was $1.1 billion a year ago.")


def test_year_earlier_compares_with_the_quarter_in_focus():
    times = _by_text(EARNINGS, OCT26)
    assert timex_value(times["third-quarter"]) == "1989-Q3"
    assert timex_value(times["a year earlier"]) == "1988-Q3"
    assert timex_value(times["the quarter"]) == "1989-Q3"
    assert timex_value(times["the year-ago quarter"]) == "1988-Q3"
    assert timex_value(times["a year ago"]) == "1988-Q3"


def test_quarter_anaphora_needs_a_quarter_in_focus():
    assert all(t.text != "the quarter" for t in find_times("He owns the quarter of the town.", OCT26))
    assert timex_value(_one("Net was $5 million a year ago.", OCT26)) == "1988"  # no focus: deictic
    expr = _one("A year earlier the mill closed.", OCT26)  # narrative, nothing in focus
    assert expr.date is None and expr.relative


def test_year_earlier_shifts_a_year_in_focus():
    times = _by_text("Output fell in 1995. A year earlier it had doubled.", OCT26)
    assert timex_value(times["A year earlier"]) == "1994"


def test_named_year_period_takes_the_quarter_in_focus():
    times = _by_text("Third-quarter sales rose to $3 billion from $2 billion in the 1988 period.", OCT26)
    assert timex_value(times["the 1988 period"]) == "1988-Q3"
    assert timex_value(_one("Sales doubled in the 1988 period.", OCT26)) == "1988"


@pytest.mark.parametrize("text,expected", [
    ("Profit in this year's third quarter rose.", "1989-Q3"),
    ("Sales fell in the 1988 third quarter.", "1988-Q3"),
    ("Sales fell in the first quarter of last year.", "1988-Q1"),
    ("Orders will pick up in next year's first quarter.", "1990-Q1"),
    ("Losses peaked in the final quarter of 2009.", "2009-Q4"),
])
def test_quarter_of_a_named_year(text, expected):
    assert timex_value(_one(text, OCT26)) == expected


def test_same_period_last_year_follows_the_focus():
    times = _by_text("Third-quarter sales rose 3% from the corresponding period last year.", OCT26)
    assert timex_value(times["the corresponding period last year"]) == "1988-Q3"
    times = _by_text("Car sales in March 2009 fell from the same month a year ago.", OCT26)
    assert timex_value(times["the same month a year ago"]) == "2008-03"
    times = _by_text("Third-quarter profit doubled; last year's quarter was weak.", OCT26)
    assert timex_value(times["last year's quarter"]) == "1988-Q3"


JAN7 = dt.date(2000, 1, 7)  # a Friday


@pytest.mark.parametrize("sentence,expected", [
    # the clause's own verb decides, not a "will" elsewhere in the sentence
    ("Exiles will now ``fight on'' against the ruling, Cuba predicted Wednesday.", dt.date(2000, 1, 5)),
    ("Since the decision was announced Wednesday, they have said they will appeal.", dt.date(2000, 1, 5)),
    ("The group would be ready to leave as soon as Tuesday, Castro said.", dt.date(2000, 1, 11)),
    ("The father would be traveling to the United States Thursday with his wife.", dt.date(2000, 1, 13)),
    ("Relatives have until 9 a.m. Tuesday to sign the paper.", dt.date(2000, 1, 11)),  # "a.m." ends no sentence
    ("Two men died in the blasts next to the embassy on Wednesday.", dt.date(2000, 1, 5)),  # "next to"
])
def test_weekday_follows_the_tense_of_its_clause(sentence, expected):
    times = [t for t in find_times(sentence, JAN7) if t.granularity == "day"]
    assert times[-1].date == expected, sentence


def test_past_tense_clause_keeps_a_month_in_the_past():
    oct27 = dt.date(1989, 10, 27)
    assert timex_value(_one("In January, American Medical brought in a new chief.", oct27)) == "1989-01"
    assert timex_value(_one("Results will be released in January.", oct27)) == "1990-01"
    assert timex_value(_one("The offer was extended to Nov. 20.", oct27)) == "1989-11-20"  # near: still ahead


@pytest.mark.parametrize("text,expected", [
    ("But in June last year, the leadership split.", "1997-06"),
    ("The process began in February this year.", "1998-02"),
    ("They join NATO in April next year.", "1999-04"),
])
def test_month_with_relative_year(text, expected):
    expr = _one(text, dt.date(1998, 12, 3))
    assert timex_value(expr) == expected and expr.text.endswith("year")


def test_the_weekend_is_the_last_one_or_the_coming_one():
    monday = dt.date(1991, 2, 25)
    assert timex_value(_one("Allied troops advanced over the weekend.", monday)) == "1991-W08-WE"
    assert timex_value(_one("Talks will resume after the weekend.", monday)) == "1991-W09-WE"


@pytest.mark.parametrize("text,expected", [
    ("Sales for the full year will exceed $1 billion.", "1989"),
    ("The deal should close by year-end.", "1989"),
    ("Profit should rise by the end of the year.", "1989"),
])
def test_the_year_is_the_publication_year(text, expected):
    assert timex_value(_one(text, OCT26)) == expected


def test_fiscal_year_ended_is_not_the_publication_year():
    assert all(t.text != "the year" for t in find_times("Net rose for the year ended March 31.", OCT26))


def test_a_holiday_with_a_typographic_apostrophe_is_read_and_shown_as_written():
    # a local report of a New Year's shooting, typeset with a curly apostrophe
    t = _one("The New Year’s Eve shooting left one man dead, police said.", dt.date(2017, 1, 2))
    assert t.text == "New Year’s Eve" and t.date == dt.date(2016, 12, 31)
