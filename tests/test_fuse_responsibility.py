"""Cross-document actor contradictions: sources that name different agents of one
harmful act on one object (who blew up the dam), and what must not be one."""
from __future__ import annotations

import datetime as dt

from newsfuse.analyze.nlp import load_nlp
from newsfuse.analyze.frames import country_code, read_predicate
from newsfuse.model import Entity, Place, TimeExpr

from .test_fuse import fuse, make_claim

KYIV = "Ukraine's armed forces said Russian troops blew up the Kakhovka dam from inside."
MOSCOW = "Russian-installed officials said Ukrainian shelling had destroyed the Kakhovka dam."


def _actors(picture):
    return [c for c in picture.contradictions if c.kind == "actor"]


def _docs(kyiv_claims, moscow_claims, **kw):
    return [{"id": "ua", "outlet": "Black Sea Monitor", "claims": kyiv_claims, **kw.get("ua", {})},
            {"id": "ru", "outlet": "Continental Post", "claims": moscow_claims, **kw.get("ru", {})}]


def test_two_sources_blaming_different_states_for_one_dam_contradict():
    pic = fuse(_docs([make_claim("ua", 0, KYIV, attribution="Ukraine's armed forces", attribution_kind="group")],
                     [make_claim("ru", 0, MOSCOW, attribution="Russian-installed officials", attribution_kind="group")]))
    found = _actors(pic)
    assert len(found) == 1
    con = found[0]
    assert set(con.claims) == {"ua:c0", "ru:c0"}
    text = con.explanation
    assert "dam" in text and "Ukrainian shelling" in text and "Russian troops" in text
    sides = {s.value: s.holders for s in con.sides}
    assert sides == {"Russian troops": ["Ukraine's armed forces"], "Ukrainian shelling": ["Russian-installed officials"]}
    # Who did it is contested; that the dam was destroyed is not.
    assert next(f for f in pic.facts if f.aspect == "agent").status == "contested"
    assert next(f for f in pic.facts if f.aspect == "occurrence").status == "corroborated"


def test_a_pronoun_object_takes_the_object_of_the_previous_sentence():
    kyiv = [make_claim("ua", 0, "The Kakhovka dam was destroyed in the early hours."),
            make_claim("ua", 1, "Ukraine says Russian troops blew it up.", attribution="Ukraine",
                       attribution_kind="entity")]
    pic = fuse(_docs(kyiv, [make_claim("ru", 0, MOSCOW, attribution="Russian-installed officials",
                                       attribution_kind="group")]))
    assert [set(c.claims) for c in _actors(pic)] == [{"ua:c1", "ru:c0"}]


def test_different_objects_or_the_same_agent_are_no_dispute():
    bridge = make_claim("ru", 0, "Russian-installed officials said Ukrainian shelling had destroyed the Antonivsky bridge.",
                        attribution="Russian-installed officials", attribution_kind="group")
    assert not _actors(fuse(_docs([make_claim("ua", 0, KYIV, attribution="Ukraine's armed forces")], [bridge])))
    same = make_claim("ru", 0, "Engineers said Russian forces had destroyed the Kakhovka dam.", attribution="Engineers")
    assert not _actors(fuse(_docs([make_claim("ua", 0, KYIV, attribution="Ukraine's armed forces")], [same])))


def test_different_days_are_different_acts():
    kyiv = "Ukraine's armed forces said Russian troops blew up the Kakhovka dam on Tuesday."
    moscow = "Russian-installed officials said Ukrainian shelling had destroyed the Kakhovka dam on Friday."
    tue = TimeExpr("on Tuesday", kyiv.index("on Tuesday"), kyiv.index("on Tuesday") + 10, 0,
                   date=dt.date(2023, 6, 6), relative=True)
    fri = TimeExpr("on Friday", moscow.index("on Friday"), moscow.index("on Friday") + 9, 0,
                   date=dt.date(2023, 6, 2), relative=True)
    pic = fuse(_docs([make_claim("ua", 0, kyiv, attribution="Ukraine's armed forces")],
                     [make_claim("ru", 0, moscow, attribution="Russian-installed officials")],
                     ua={"times": [tue]}, ru={"times": [fri]}))
    assert not _actors(pic)


def test_withdrawing_and_sending_still_never_align():
    pic = fuse(_docs([make_claim("ua", 0, "Russia is sending more troops to Syria.")],
                     [make_claim("ru", 0, "Russia is withdrawing its troops from Syria.")]))
    assert all(len(f.claims) == 1 for f in pic.facts)
    assert not _actors(pic)


def test_predicates_read_agent_state_and_object():
    nlp = load_nlp()
    p = read_predicate(nlp("Kyiv maintains that Russian forces mined and blew up the dam."))
    assert (p.agent_country, p.patient) == ("RU", "dam")
    assert all(c.agent_country == "RU" for c in p.conjuncts)
    p = read_predicate(nlp("Officials said that Ukrainian shelling had destroyed the dam."))
    assert p.agent_country == "UA"
    p = read_predicate(nlp("Ukraine's armed forces said Russian troops who have held the dam and the town "
                           "of Nova Kakhovka since the first days of the invasion blew it up from inside."))
    assert (p.agent_country, p.patient, p.patient_is_pronoun) == ("RU", "dam", False)
    p = read_predicate(nlp("Ukraine says Russian troops blew it up."))
    assert (p.patient, p.patient_is_pronoun) == ("it", True)
    assert country_code("Russian") == "RU" and country_code("Rebels") is None


def test_blame_names_the_blamed_party_as_agent():
    from newsfuse.analyze.frames import read_blame

    nlp = load_nlp()
    b = read_blame(nlp("Moscow blames Ukrainian shelling."))
    assert (b.blamer, b.agent_country, b.patient) == ("Moscow", "UA", None) and "attack" in b.frames
    b = read_blame(nlp("Kyiv blamed Russian forces for the blast."))
    assert (b.blamer, b.agent, b.agent_country) == ("Kyiv", "Russian forces", "RU")
    assert read_blame(nlp("Moscow blames Kiev for the Kakhovka dam collapse.")).patient == "dam"
    assert read_blame(nlp("Kyiv and Moscow continue to blame each other for the breach.")) is None
    assert read_blame(nlp("Russian forces blew up the dam.")) is None


def test_x_blames_y_disputes_a_source_naming_another_agent():
    kyiv = [make_claim("ua", 0, "Ukraine's military said Russian forces had blown up the Kakhovka dam.",
                       attribution="Ukraine's military", attribution_kind="group")]
    moscow = [make_claim("ru", 0, "The Kakhovka dam was destroyed overnight.", sentence=0),
              make_claim("ru", 1, "Moscow blames Ukrainian shelling.", attribution="Moscow",
                         attribution_kind="entity", reporting_verb="blame", sentence=1)]
    found = _actors(fuse(_docs(kyiv, moscow)))
    assert [set(c.claims) for c in found] == [{"ua:c0", "ru:c1"}]
    assert {s.value: s.holders for s in found[0].sides}["Ukrainian shelling"] == ["Moscow"]
    same_side = [make_claim("ru", 0, "Kyiv blamed Russian forces for the destruction of the Kakhovka dam.",
                            attribution="Kyiv", attribution_kind="entity", reporting_verb="blame")]
    assert not _actors(fuse(_docs(kyiv, same_side)))


ASSAD = Entity("person:bashar-al-assad", "Bashar al-Assad", "PERSON", ["Assad"])
ERDOGAN = Entity("person:erdogan", "Recep Tayyip Erdogan", "PERSON", ["Erdogan"])


def _status(picture):
    return [c for c in picture.contradictions if c.kind == "status"]


def _fate(dead_text, alive_text, dead_day=dt.date(2024, 12, 8), alive_day=dt.date(2024, 12, 9)):
    dead = [make_claim("a", 0, "Assad's whereabouts remained unclear.", entities=[ASSAD.key], sentence=0),
            make_claim("a", 1, dead_text, certainty="speculative", sentence=1)]
    moscow = Place("geonames:524901", "Moscow", feature="city", country="RU", lat=55.75, lon=37.62)
    alive = [make_claim("b", 0, alive_text, entities=[ASSAD.key], attribution="The Kremlin",
                        attribution_kind="entity", places=[moscow.key])]
    return fuse([{"id": "a", "outlet": "Eastern Review", "published": dead_day, "claims": dead, "entities": [ASSAD]},
                 {"id": "b", "outlet": "Capital Courier", "published": alive_day, "claims": alive,
                  "entities": [ASSAD], "places": [moscow]}])


def test_speculated_death_against_a_later_sighting_is_a_status_contradiction():
    pic = _fate("Flight data prompted unconfirmed speculation that he may have been killed.",
                "The Kremlin said Bashar al-Assad was in Moscow.")
    found = _status(pic)
    assert [[s.claims for s in c.sides] for c in found] == [[["a:c1"], ["b:c0"]]]
    text = found[0].explanation
    assert "Bashar al-Assad" in text and "speculates" in text and "Moscow" in text and "The Kremlin" in text


def test_no_status_contradiction_for_other_deaths_or_a_later_death():
    assert not _status(_fate("Assad killed hundreds of protesters in 2011.",
                             "The Kremlin said Bashar al-Assad was in Moscow."))
    assert not _status(_fate("Erdogan said 3,549 people had been killed in Turkey.",
                             "The Kremlin said Bashar al-Assad was in Moscow."))
    assert not _status(_fate("Officials said he had died in a Moscow hospital.",
                             "The Kremlin said Bashar al-Assad was in Moscow.",
                             dead_day=dt.date(2025, 3, 1)))
