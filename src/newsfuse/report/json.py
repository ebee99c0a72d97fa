"""The JSON report contract (schema: ``newsfuse/schema/report.schema.json``).

The required fields are stable; everything else the model carries is added beside them."""
from __future__ import annotations

import json
from typing import Any

from ..model import Report, StoryPicture, iso_date, to_jsonable


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as the JSON contract: document metadata (no text) and every story."""
    return {
        "generated": report.generated.isoformat() if report.generated else None,
        "documents": [
            {
                "id": d.id, "path": d.path, "url": d.url, "outlet": d.outlet, "title": d.title,
                "published": d.published.isoformat() if d.published else None, "language": d.language,
                "copy_of": d.copy_of, "partial": d.partial, "warnings": d.warnings,
            }
            for d in report.documents
        ],
        "stories": [story_dict(p) for p in report.stories],
    }


def story_dict(p: StoryPicture) -> dict[str, Any]:
    """One story as the contract (the API serves it too): events carry their place's name
    and coordinates and their actors' names, so a consumer needs no lookups."""
    places = {pl.key: pl for pl in p.places}
    entity_names = {e.key: e.name for e in p.entities}
    return {
        "id": p.story.id,
        "title": p.story.title,
        "start": iso_date(p.story.start),
        "end": iso_date(p.story.end),
        "summary": p.summary,
        "documents": p.story.documents,
        "claims": [to_jsonable(c) for c in p.claims],
        "facts": [to_jsonable(f) for f in p.facts],
        "contradictions": [to_jsonable(c) for c in p.contradictions],
        "discrepancies": [to_jsonable(d) for d in p.discrepancies],
        "entities": [
            {"id": e.key, "name": e.name, "type": e.type, "aliases": e.aliases, "mentions": e.mentions}
            for e in p.entities
        ],
        "places": [
            {"id": pl.key, "name": pl.name, "aliases": pl.aliases, "lat": pl.lat, "lon": pl.lon,
             "country": pl.country, "feature": pl.feature, "geonames_id": pl.geonames_id,
             "role": pl.role, "source": pl.source, "mentions": pl.mentions}
            for pl in p.places
        ],
        "times": [
            {"document": t.document, "text": t.text, "date": iso_date(t.date), "inferred": t.inferred} for t in p.times
        ],
        "events": [
            {
                "id": e.id, "document": e.document, "date": iso_date(e.date), "type": e.type, "sub_type": e.sub_type,
                "place": places[e.place].name if e.place in places else None, "place_id": e.place,
                "lat": places[e.place].lat if e.place in places else None,
                "lon": places[e.place].lon if e.place in places else None,
                "actors": [entity_names.get(a, a) for a in e.actors], "claims": e.claims, "trigger": e.trigger,
                "date_inferred": e.date_inferred,
            }
            for e in p.events
        ],
        "story_events": [
            dict(to_jsonable(e), place_name=places[e.place].name if e.place in places else None,
                 lat=places[e.place].lat if e.place in places else None,
                 lon=places[e.place].lon if e.place in places else None,
                 actors=[entity_names.get(a, a) for a in e.actors])
            for e in p.story_events
        ],
        "bottom_line": to_jsonable(p.bottom_line),
    }


def render_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)

