"""Where a named person is, whatever act each report tells it in; what analysis reads for
it (the goal of a movement, who moves in "forcing Assad to flee", a country's capital named
by the country), and verbs that name their object as something ("called it a mass casualty
event"), which tell no happening of their own."""
from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.analyze import analyze_documents
from newsfuse.analyze.nlp import load_nlp
from newsfuse.analyze.propositions import checkable, read_propositions
from newsfuse.fuse import fuse_story
from newsfuse.model import Claim, Document, Story

pytestmark = pytest.mark.slow


def props(text: str):
    doc = load_nlp()(text)
    return read_propositions(doc[:], Claim("d:c0", "d", 0, text, 0, len(text), "outlet"), [], [], [])


def analysed(texts: dict[str, tuple[str, str]], published: dt.date):
    docs = {i: Document(i, f"{i}.txt", t, outlet=o, published=published) for i, (o, t) in texts.items()}
    return docs, {a.document: a for a in analyze_documents(list(docs.values()))}


def picture(texts: dict[str, tuple[str, str]], published: dt.date):
    docs, analyses = analysed(texts, published)
    return fuse_story(Story("s1", "story", list(docs)), docs, analyses)


@pytest.mark.parametrize("text, lemma", [
    ("Kevin Cartwright called it a developing mass casualty event.", "be"),
    ("Zelensky called the destruction a crime.", "be"),
    ("The mayor described the collapse as an unthinkable tragedy.", "be"),
    ("About two minutes later the harbour pilot called for tugboats.", "call"),
    ("Erdogan declared a three-month state of emergency in ten provinces.", "declare")])  # no object predicate
def test_a_verb_naming_its_object_as_something_tells_no_happening(text, lemma):
    assert props(text)[0].lemma == lemma


@pytest.mark.parametrize("text, ok", [
    ("Russia's position in Syria has become uncertain since Sunday, when fighters entered Damascus.", True),
    ("It is unclear when the ship will leave the port.", False),
    ("It is not known where the men were taken.", False)])
def test_a_relative_when_after_a_comma_asks_nothing(text, ok):
    assert checkable(load_nlp()(text)[:]) is ok


def _props_of(analysis, word: str):
    return [p for c in analysis.claims for p in c.propositions if p.lemma == word]


def test_who_moves_and_where_to():
    texts = {"a": ("Meridian Wire", "Russia's position has unravelled since rebels took Damascus on December 8, "
                                    "forcing Bashar al-Assad to flee to Moscow."),
             "b": ("Capital Courier", "The Kremlin confirmed that Bashar al-Assad was in Moscow. Russian state news "
                                      "agencies reported that Assad and members of his family had arrived in the "
                                      "Russian capital.")}
    docs, analyses = analysed(texts, dt.date(2024, 12, 9))
    moscow = {p.key for a in analyses.values() for p in a.places if p.name == "Moscow"}
    flee = _props_of(analyses["a"], "flee")
    assert flee and flee[0].agent_key == "person:bashar-al-assad" and set(flee[0].goal) & moscow
    arrive = _props_of(analyses["b"], "arrive")
    assert arrive and set(arrive[0].goal) & moscow and set(arrive[0].places) & moscow


def test_a_person_placed_by_several_reports_is_one_fact_whatever_act_tells_it():
    texts = {"a": ("Meridian Wire", "Russia's position has unravelled since rebels took Damascus on December 8, "
                                    "forcing Bashar al-Assad to flee to Moscow."),
             "b": ("Levant Strategic Review", "On Sunday fighters entered Damascus. President Bashar al-Assad fled "
                                              "to Moscow, officials said."),
             "c": ("Capital Courier", "Moscow confirmed it had granted asylum. Russian state news agencies reported "
                                      "that Bashar al-Assad and members of his family had arrived in the Russian "
                                      "capital.")}
    pic = picture(texts, dt.date(2024, 12, 9))
    where = [f for f in pic.facts if f.aspect == "place"]
    assert len(where) == 1
    assert where[0].statement == "Bashar al-Assad in Moscow" and sorted(where[0].documents) == ["a", "b", "c"]
    assert where[0].independent_sources == 3 and where[0].status == "corroborated"


def test_who_sends_someone_somewhere_is_not_placed_there():
    texts = {"a": ("Meridian Wire", "President Vladimir Putin sent his envoy to Damascus on Monday."),
             "b": ("Capital Courier", "Vladimir Putin sent a senior envoy to Damascus, the Kremlin said.")}
    pic = picture(texts, dt.date(2024, 12, 9))
    assert not [f for f in pic.facts if f.aspect == "place" and "Putin" in f.statement]


def test_calling_for_tugboats_and_calling_it_a_mass_casualty_event_are_two_facts():
    texts = {"a": ("Harbor & Freight Daily", "Homendy said numerous alarms sounded on the ship's bridge at around "
                                             "1:24 a.m. as it lost electrical power. About two minutes later the "
                                             "harbour pilot called for tugboats and then ordered the crew to drop an "
                                             "anchor, she said."),
             "b": ("Chesapeake Tribune", "Baltimore's Francis Scott Key Bridge collapsed into the Patapsco River early "
                                         "today after a large container ship struck one of its main supports. Kevin "
                                         "Cartwright, director of communications for the Baltimore City Fire "
                                         "Department, called it a developing mass casualty event and said as many as "
                                         "20 people may have been in the water, along with several vehicles.")}
    pic = picture(texts, dt.date(2024, 3, 27))
    tugs = next(f for f in pic.facts if "tugboats" in f.statement)
    assert tugs.documents == ["a"] and tugs.independent_sources == 1


def test_aircraft_arriving_do_not_corroborate_a_person_arriving():
    """"Russian transport aircraft were said to be arriving" (a raised subject: the
    aircraft arrive) tells another doer's arrival than "Assad ... had arrived"."""
    texts = {"a": ("Capital Courier", "Russian state news agencies reported late on Sunday that Bashar al-Assad and "
                                      "members of his family had arrived in Moscow."),
             "b": ("Levant Strategic Review", "LATAKIA — Movement was also reported around Hmeymim air base, south of Latakia, "
                                              "where Russian transport aircraft were said to be arriving more "
                                              "frequently than usual.")}
    docs, analyses = analysed(texts, dt.date(2024, 12, 10))
    arriving = _props_of(analyses["b"], "arrive")
    assert arriving and arriving[0].agent and "aircraft" in arriving[0].agent
    pic = fuse_story(Story("s1", "story", list(docs)), docs, analyses)
    arrival = next(f for f in pic.facts if f.aspect == "occurrence" and "arrived" in f.statement)
    assert arrival.documents == ["a"] and arrival.independent_sources == 1


def test_an_act_told_without_its_object_in_a_sentence_naming_another_place_is_not_of_the_named_one():
    texts = {"a": ("Eastern Mediterranean Review", "DAMASCUS — Syrian rebels captured Damascus earlier today. Rebels "
                                                   "entered Homs overnight before advancing on the capital."),
             "b": ("Levant Strategic Review", "BEIRUT — Rebels captured Damascus on Sunday. Russia's position in Syria "
                                              "has become uncertain since Sunday, "
                                              "when fighters led by Hayat Tahrir al-Sham entered Damascus and "
                                              "President Bashar al-Assad fled to Moscow.")}
    docs, analyses = analysed(texts, dt.date(2024, 12, 10))
    assert any(p.secondary and not p.patient for p in _props_of(analyses["b"], "enter"))  # the parse loses "Damascus"
    pic = fuse_story(Story("s1", "story", list(docs)), docs, analyses)
    homs = next(f for f in pic.facts if f.aspect == "occurrence" and "Homs" in f.statement)
    assert homs.documents == ["a"] and homs.independent_sources == 1
