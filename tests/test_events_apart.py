"""Two events of one kind in one story kept apart: reports whose days say they tell of
different happenings (one dated, one undated); the same signal weighs against an undated
report joining a dated story in clustering."""
from __future__ import annotations

import datetime as dt

from newsfuse.cluster import ClusterSettings, StoryClusterer
from newsfuse.cluster.features import StoryFeatures, main_weekdays
from newsfuse.fuse.when import weekdays_apart
from newsfuse.model import Document, DocumentAnalysis, TimeExpr


def analysis(doc: str, *times: tuple[str, dt.date | None]) -> DocumentAnalysis:
    return DocumentAnalysis(document=doc, times=[TimeExpr(text=t, start=0, end=0, sentence=0, date=d)
                                                 for t, d in times])


def test_main_weekdays_of_a_dated_and_an_undated_report():
    tuesday = dt.date(2012, 9, 18)
    dated = analysis("a", ("Tuesday", tuesday), ("today", dt.date(2012, 9, 19)), ("on Tuesday", tuesday))
    assert main_weekdays(dated, dt.date(2012, 9, 19)) == {1}
    assert main_weekdays(analysis("b", ("Wednesday", None), ("Wednesday", None), ("Friday", None)), None) == {2}


def test_reports_of_different_weekdays_are_apart_only_when_one_is_undated():
    docs = {"a": Document("a", "a", "", published=dt.date(2012, 9, 19)),
            "b": Document("b", "b", ""), "c": Document("c", "c", ""),
            "d": Document("d", "d", "", published=dt.date(2012, 9, 21))}
    tuesday = dt.date(2012, 9, 18)
    analyses = {"a": analysis("a", ("Tuesday", tuesday)), "b": analysis("b", ("Wednesday", None)),
                "c": analysis("c", ("Tuesday", None)), "d": analysis("d", ("Thursday", dt.date(2012, 9, 20)))}
    apart = weekdays_apart(list(docs), docs, analyses)
    assert frozenset(("a", "b")) in apart  # dated Tuesday, undated Wednesday
    assert frozenset(("a", "c")) not in apart  # the same weekday
    assert frozenset(("b", "c")) not in apart  # two undated reports are not compared
    assert frozenset(("a", "d")) not in apart  # two dated reports: their dates decide


def test_an_undated_report_of_another_weekday_weighs_less_with_a_dated_story():
    def report(doc, published, weekdays):
        return StoryFeatures(document=doc, terms={"microsoft": 1.0, "patch": 1.0, "explorer": 1.0},
                             published=published, weekdays=weekdays)

    clusterer = StoryClusterer(ClusterSettings())
    clusterer.add(report("a", dt.date(2012, 9, 19), {1}))
    story = next(iter(clusterer.stories.values()))
    same = clusterer.score(report("b", None, {1}), story)
    other = clusterer.score(report("c", None, {2}), story)
    assert abs(same - other - ClusterSettings().weekday_conflict) < 1e-9
