"""GeoJSON and ACLED-like CSV exports, on a hand-built picture of the Tartus withdrawal
story (so these tests do not depend on the analysers) and on the real pipeline."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from newsfuse.model import (
    Claim, Contradiction, Discrepancy, Document, Entity, Event, Fact, Place, Report, SourceLink, Story,
    StoryPicture,
)
from newsfuse.report.exports import CSV_COLUMNS, render_csv, render_geojson


def sample_report(outlet_b: str = "Eastmed Wire", text_payload: str = "") -> Report:
    """Two reports of the Russian withdrawal from Syria, fused by hand."""
    text_a = (
        "Russia is withdrawing its contingent from Syria, the Main Directorate of Intelligence of Ukraine "
        "reported.\nOn December 8, the frigate left Tartus for the Mediterranean Sea.\n"
        "Active clashes began on November 27." + text_payload
    )
    text_b = (
        "According to HUR, the Russian military has evacuated combat ships from Tartus.\n"
        "Russian officials claim Assad voluntarily resigned.\nReports indicate that Assad fled Damascus."
    )
    a = Document("d000000000a1", "a.txt", text_a, title="Russia leaves Syria" + text_payload, outlet="Kyiv Herald",
                 published=dt.date(2024, 12, 8), content_hash="a")
    b = Document("d000000000b2", "b.txt", text_b, title="Withdrawal from Tartus", outlet=outlet_b,
                 published=dt.date(2024, 12, 8), content_hash="b")

    def claim(doc: Document, n: int, sentence: str, attribution: str, **kw) -> Claim:
        start = doc.text.index(sentence)
        return Claim(f"{doc.id}:c{n}", doc.id, n, sentence, start, start + len(sentence), attribution, **kw)

    c1 = claim(a, 1, a.text.splitlines()[0], "HUR", attribution_kind="entity", places=["geonames:163843"])
    c2 = claim(a, 2, "On December 8, the frigate left Tartus for the Mediterranean Sea.", "Kyiv Herald",
               places=["geonames:163345"], times=["2024-12-08"])
    c3 = claim(a, 3, "Active clashes began on November 27." + text_payload, "Kyiv Herald", times=["2024-11-27"])
    c4 = claim(b, 1, "According to HUR, the Russian military has evacuated combat ships from Tartus.", "HUR",
               attribution_kind="entity", places=["geonames:163345"])
    c5 = claim(b, 2, "Russian officials claim Assad voluntarily resigned.", "Russian officials",
               attribution_kind="group", reporting_verb="claim", certainty="hedged")
    c6 = claim(b, 3, "Reports indicate that Assad fled Damascus.", "media reports", attribution_kind="media",
               places=["geonames:170654"])
    places = [
        Place("geonames:163345", "Tartus", ["Tartus", "Tartous"], 34.889, 35.887, 163345, "SY", "city",
              "geonames", "event", 4),
        Place("geonames:170654", "Damascus", ["Damascus"], 33.510, 36.291, 170654, "SY", "city", "geonames",
              "event", 2),
        Place("geonames:163843", "Syria", ["Syria"], 35.0, 38.0, 163843, "SY", "country", "geonames", "mentioned", 3),
        Place("unresolved:khmeimim", "Khmeimim", ["Khmeimim", "Hmeimim"], role="mentioned", mentions=2),
    ]
    entities = [
        Entity("org:ukraine-defence-intelligence", "HUR", "ORG",
               ["HUR", "GUR", "Main Directorate of Intelligence of Ukraine", "Defence Intelligence Directorate"], 4),
        Entity("person:bashar-al-assad", "Bashar al-Assad", "PERSON", ["Assad", "Bashar al-Assad"], 5),
        Entity("gpe:russia", "Russia", "GPE", ["Russia", "Russian Federation"], 6),
    ]
    facts = [
        Fact("f1", "Russian warships left the naval base in Tartus.", [c2.id, c4.id], [a.id, b.id], 1,
             "single-source",
             [SourceLink(a.id, "Kyiv Herald", "HUR", "hur"), SourceLink(b.id, outlet_b, "HUR", "hur")], 3),
        Fact("f2", "Active clashes began on 27 November.", [c3.id], [a.id], 1, "single-source",
             [SourceLink(a.id, "Kyiv Herald", None, "kyiv herald")], 4),
        Fact("f3", "Assad left Damascus.", [c5.id, c6.id], [b.id], 2, "contested",
             [SourceLink(b.id, outlet_b, "Russian officials", "russia"), SourceLink(b.id, outlet_b, None, "media")], 2),
    ]
    events = [
        Event("e1", a.id, "Strategic developments", "Non-violent transfer of territory", dt.date(2024, 12, 8),
              "geonames:163345", ["gpe:russia"], [c2.id], "left"),
        Event("e2", a.id, "Battles", "Armed clash", dt.date(2024, 11, 27), None,
              ["person:bashar-al-assad", "gpe:russia"], [c3.id], "clashes"),
        Event("e3", b.id, "Strategic developments", "Headquarters or base established", dt.date(2024, 12, 8),
              "geonames:170654", [], [c6.id], "fled"),
    ]
    picture = StoryPicture(
        story=Story("s0000aaaa", "Russia withdraws from Syria" + text_payload, [a.id, b.id],
                    dt.date(2024, 12, 8), dt.date(2024, 12, 8)),
        claims=[c1, c2, c3, c4, c5, c6], facts=facts,
        contradictions=[Contradiction((c5.id, c6.id), "attributed-dispute",
                                      "Russian officials say Assad resigned; other reports say he fled.")],
        discrepancies=[Discrepancy("spelling", "Tartus is also spelled Tartous.", [c2.id, c4.id], ["Tartus", "Tartous"])],
        entities=entities, places=places, events=events,
        summary="Russia is withdrawing from Syria after the fall of Damascus." + text_payload,
    )
    return Report([a, b], [picture], dt.datetime(2024, 12, 9, tzinfo=dt.timezone.utc))


def test_geojson_is_a_feature_collection_of_places_and_events():
    data = json.loads(render_geojson(sample_report()))
    assert data["type"] == "FeatureCollection"
    by_kind = {}
    for f in data["features"]:
        by_kind.setdefault(f["properties"]["kind"], []).append(f)
    tartus = next(f for f in by_kind["place"] if f["properties"]["name"] == "Tartus")
    assert tartus["geometry"] == {"type": "Point", "coordinates": [35.887, 34.889]}  # lon, lat order
    assert tartus["properties"]["aliases"] == ["Tartus", "Tartous"]
    assert tartus["properties"]["story"] == "s0000aaaa" and tartus["properties"]["role"] == "event"
    assert tartus["properties"]["mentions"] == 4
    khmeimim = next(f for f in by_kind["place"] if f["properties"]["name"] == "Khmeimim")
    assert khmeimim["geometry"] is None
    withdrawal = next(f for f in by_kind["event"] if f["properties"]["id"] == "e1")
    assert withdrawal["geometry"]["coordinates"] == [35.887, 34.889]
    assert withdrawal["properties"]["type"] == "Strategic developments"
    assert withdrawal["properties"]["date"] == "2024-12-08"
    assert withdrawal["properties"]["actors"] == ["Russia"]
    assert withdrawal["properties"]["claims"] == ["On December 8, the frigate left Tartus for the Mediterranean Sea."]
    unplaced = next(f for f in by_kind["event"] if f["properties"]["id"] == "e2")
    assert unplaced["geometry"] is None


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_acled_columns_one_row_per_event_oldest_first():
    text = render_csv(sample_report())
    assert text.splitlines()[0].split(",") == CSV_COLUMNS
    rows = _rows(text)
    assert [r["event_date"] for r in rows] == ["2024-11-27", "2024-12-08", "2024-12-08"]
    clash = rows[0]
    assert clash["event_type"] == "Battles" and clash["sub_event_type"] == "Armed clash"
    assert clash["actor1"] == "Bashar al-Assad" and clash["actor2"] == "Russia"
    assert clash["location"] == "" and clash["latitude"] == ""
    tartus = next(r for r in rows if r["event_id"] == "e1")
    assert (tartus["location"], tartus["latitude"], tartus["longitude"]) == ("Tartus", "34.88900", "35.88700")
    assert tartus["source"] == "Kyiv Herald"
    assert tartus["notes"] == "On December 8, the frigate left Tartus for the Mediterranean Sea."


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://evil\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"])
def test_csv_neutralises_formula_injection(payload):
    rows = _rows(render_csv(sample_report(outlet_b=payload)))
    fled = next(r for r in rows if r["event_id"] == "e3")
    assert fled["source"] == "'" + payload
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_csv_keeps_negative_coordinates_numeric():
    report = sample_report()
    tartus = report.stories[0].places[0]
    tartus.lat, tartus.lon = -34.5, -58.4
    row = next(r for r in _rows(render_csv(report)) if r["event_id"] == "e1")
    assert (row["latitude"], row["longitude"]) == ("-34.50000", "-58.40000")
