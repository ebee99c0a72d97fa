"""Cross-document actor contradictions: sources that name different agents of one
harmful act on one object (who blew up the dam), and what must not be one."""
from __future__ import annotations

import datetime as dt

from newsfuse.analyze.nlp import load_nlp
from newsfuse.fuse.frames import country_code, read_predicate
from newsfuse.model import TimeExpr

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
    assert text.index("Ukraine's armed forces") < text.index("Russian troops") or \
        text.index("Russian-installed officials") < text.index("Ukrainian shelling")
    for cid in ("ua:c0", "ru:c0"):
        assert next(f for f in pic.facts if cid in f.claims).status == "contested"


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
