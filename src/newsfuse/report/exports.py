"""Exports for GIS and event-data tools: GeoJSON of places and events, ACLED-like CSV.

Both read the same Report as every other renderer; nothing here re-analyses text."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model import Document, Place, Report, StoryPicture

CSV_COLUMNS = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "latitude", "longitude", "source", "notes", "event_id", "story_id",
]
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def render_geojson(report: Report) -> str:
    """A FeatureCollection (RFC 7946, lon/lat order): one Feature per place of each
    story (geometry null when it could not be geocoded) and one per event, placed at
    its place."""
    docs = {d.id: d for d in report.documents}
    features: list[dict[str, Any]] = []
    for p in report.stories:
        places = {pl.key: pl for pl in p.places}
        for pl in p.places:
            features.append({
                "type": "Feature",
                "id": f"{p.story.id}/{pl.key}",
                "geometry": _point(pl),
                "properties": {
                    "kind": "place", "id": pl.key, "name": pl.name, "aliases": pl.aliases,
                    "story": p.story.id, "story_title": p.story.title, "mentions": pl.mentions,
                    "role": pl.role, "country": pl.country, "feature": pl.feature, "source": pl.source,
                },
            })
        names = _entity_names(p)
        claims = {c.id: c for c in p.claims}
        for e in p.events:
            place = places.get(e.place) if e.place else None
            features.append({
                "type": "Feature",
                "id": f"{p.story.id}/{e.id}",
                "geometry": _point(place) if place else None,
                "properties": {
                    "kind": "event", "id": e.id, "type": e.type, "sub_type": e.sub_type,
                    "date": e.date.isoformat() if e.date else None,
                    "place": place.name if place else None, "place_id": e.place,
                    "actors": [names.get(a, a) for a in e.actors],
                    "claims": [claims[c].text for c in e.claims if c in claims],
                    "claim_ids": e.claims, "story": p.story.id, "document": e.document,
                    "outlet": _outlet(docs.get(e.document)),
                },
            })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def render_csv(report: Report) -> str:
    """One row per event in ACLED-like columns. ``source`` lists the outlets behind the
    event's claims; ``notes`` carries the claim text. Text cells that a spreadsheet
    would run as a formula get a leading apostrophe."""
    docs = {d.id: d for d in report.documents}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in report.stories:
        writer.writerows(_event_rows(p, docs))
    return out.getvalue()


def _event_rows(p: StoryPicture, docs: dict[str, Document]) -> list[list[str]]:
    places = {pl.key: pl for pl in p.places}
    names = _entity_names(p)
    claims = {c.id: c for c in p.claims}
    rows = []
    for e in sorted(p.events, key=lambda e: (e.date is None, e.date or 0, e.id)):
        place = places.get(e.place) if e.place else None
        actors = [names.get(a, a) for a in e.actors]
        event_claims = [claims[c] for c in e.claims if c in claims]
        doc_ids = [e.document, *(c.document for c in event_claims)]
        outlets = dict.fromkeys(o for o in (_outlet(docs.get(d)) for d in doc_ids) if o)
        row = [
            e.date.isoformat() if e.date else "", e.type, e.sub_type or "",
            actors[0] if actors else "", "; ".join(actors[1:]),
            place.name if place else "", "", "",
            "; ".join(outlets), " | ".join(dict.fromkeys(c.text for c in event_claims)), e.id, p.story.id,
        ]
        row = [_neutralise(cell) for cell in row]
        if place and place.lat is not None and place.lon is not None:
            row[6], row[7] = f"{place.lat:.5f}", f"{place.lon:.5f}"
        rows.append(row)
    return rows


def _neutralise(cell: str) -> str:
    """CSV formula injection: a text cell starting with = + - @ (or tab/CR) is prefixed
    with ' so spreadsheets show it as text instead of evaluating it."""
    return "'" + cell if cell.startswith(_FORMULA_PREFIXES) else cell


def _point(place: Place | None) -> dict[str, Any] | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    return {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]}


def _entity_names(p: StoryPicture) -> dict[str, str]:
    return {e.key: e.name for e in p.entities}


def _outlet(doc: Document | None) -> str | None:
    if doc is None:
        return None
    return doc.outlet or doc.path
