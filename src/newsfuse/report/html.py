"""The HTML situation report: one self-contained file (inline CSS and SVG, no script,
no external request), so it opens offline and can be mailed as an attachment.

The helpers here (``highlight_text``, ``timeline_entries``, ``ranked_facts``,
``svg_map``) are shared with the web app so both show the same picture."""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..model import Claim, Document, Fact, Place, Report, StoryPicture
from .grouping import group_contradictions, source_table  # noqa: F401 - shared with the web app
from .markdown import CREDIBILITY

WORLD_GEOJSON = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "world" / "countries-110m.geojson"
_ALLOWED_TAGS = {"span", "mark", "a"}
_ATTR_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass
class Span:
    """A character range of a text to wrap in ``tag`` with ``attrs`` (values escaped)."""

    start: int
    end: int
    tag: str = "span"
    attrs: dict[str, str] | None = None


def highlight_text(text: str, spans: list[Span]) -> Markup:
    """Escape ``text`` and wrap the given ranges. Nested ranges nest; crossing ranges are
    closed and reopened (the reopened part drops its ``id`` so ids stay unique); ranges
    out of bounds are clipped, so untrusted offsets never break the markup."""
    n = len(text)
    clean: list[tuple[int, int, int, Span]] = []
    for i, sp in enumerate(spans):
        if sp.tag not in _ALLOWED_TAGS:
            raise ValueError(f"tag {sp.tag!r} not allowed in highlighted text")
        start = max(0, min(int(sp.start), n))
        end = max(start, min(int(sp.end), n))
        clean.append((start, end, i, sp))
    clean.sort(key=lambda x: (x[0], -x[1], x[2]))
    points = sorted({0, n} | {c[0] for c in clean} | {c[1] for c in clean})
    out: list[str] = []
    stack: list[tuple[int, int, int, Span]] = []
    nxt = 0
    for k, pos in enumerate(points):
        if any(c[1] == pos for c in stack):
            reopen = []
            while any(c[1] == pos for c in stack):
                c = stack.pop()
                out.append(f"</{c[3].tag}>")
                if c[1] != pos:
                    reopen.append(c)
            for c in reversed(reopen):
                out.append(_open_tag(c[3], continued=True))
                stack.append(c)
        while nxt < len(clean) and clean[nxt][0] == pos:
            c = clean[nxt]
            nxt += 1
            out.append(_open_tag(c[3]))
            if c[1] == pos:
                out.append(f"</{c[3].tag}>")
            else:
                stack.append(c)
        if k + 1 < len(points):
            out.append(escape(text[pos : points[k + 1]], quote=False))
    while stack:
        out.append(f"</{stack.pop()[3].tag}>")
    return Markup("".join(out))


def _open_tag(sp: Span, continued: bool = False) -> str:
    parts = [sp.tag]
    for name, value in (sp.attrs or {}).items():
        if continued and name == "id":
            continue
        if not _ATTR_NAME.match(name) or name.startswith("on") or name in {"style", "href", "src"}:
            raise ValueError(f"attribute {name!r} not allowed in highlighted text")
        parts.append(f'{name}="{escape(str(value), quote=True)}"')
    return "<" + " ".join(parts) + ">"


def ranked_facts(p: StoryPicture) -> list[Fact]:
    """Best first: credibility (1 best), then independent sources, then documents."""
    return sorted(p.facts, key=lambda f: (f.credibility, -f.independent_sources, -len(f.documents), f.id))


def source_chain(f: Fact) -> list[str]:
    """Distinct "outlet [grade] → cited source" steps of a fact's provenance (the grade
    is the analyst's A-F for the outlet, shown when one is set)."""
    return list(dict.fromkeys(graded_link(link) for link in f.sources))


def graded_link(link) -> str:
    outlet = f"{link.outlet} [{link.reliability}]" if link.reliability and link.reliability != "F" else link.outlet
    return f"{outlet} → {link.cited_source}" if link.cited_source else outlet



def timeline_entries(p: StoryPicture) -> list[dict[str, Any]]:
    """Dated entries, oldest first: typed events, then dated claims no event covers
    (within 90 days before the story's first report to 30 days after its last).
    Each entry: date (ISO), label, type, place, claim (id or None), text, document."""
    claims = {c.id: c for c in p.claims}
    places = {pl.key: pl.name for pl in p.places}
    entries: list[dict[str, Any]] = []
    covered: set[tuple[str, str]] = set()
    for e in p.events:
        if not e.date:
            continue
        claim = claims.get(e.claims[0]) if e.claims else None
        label = e.type + (f" / {e.sub_type}" if e.sub_type else "")
        entries.append({
            "date": e.date.isoformat(), "label": label, "type": e.type, "place": places.get(e.place or ""),
            "claim": claim.id if claim else None, "text": claim.text if claim else (e.trigger or label),
            "document": e.document,
        })
        covered |= {(e.date.isoformat(), cid) for cid in e.claims}
    # Dated claims join only near the story's own span: "since 2016" is background, and
    # a bare year resolves to 1 January, which would read as an event on that day.
    lo = p.story.start - dt.timedelta(days=90) if p.story.start else None
    hi = p.story.end + dt.timedelta(days=30) if p.story.end else None
    for c in p.claims:
        for iso in c.times:
            day = _parse_day(iso)
            if day is None or (day.isoformat(), c.id) in covered:
                continue
            if (lo and day < lo) or (hi and day > hi):
                continue
            covered.add((day.isoformat(), c.id))
            entries.append({
                "date": day.isoformat(), "label": "reported", "type": None,
                "place": places.get(c.places[0]) if c.places else None,
                "claim": c.id, "text": c.text, "document": c.document,
            })
    seen: set[tuple[str, str]] = set()
    unique = []
    for entry in sorted(entries, key=lambda x: (x["date"], x["type"] is None)):
        key = (entry["date"], entry["text"])
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _world() -> list[tuple[tuple[float, float, float, float], list[list[list[float]]]]]:
    """Country rings with their bounding boxes, from the vendored world-atlas GeoJSON
    (empty when the assets were not vendored: the map then shows a grid only)."""
    try:
        data = json.loads(WORLD_GEOJSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    shapes = []
    for feature in data.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            for ring in poly[:1]:
                lons = [pt[0] for pt in ring]
                lats = [pt[1] for pt in ring]
                shapes.append(((min(lons), min(lats), max(lons), max(lats)), [ring]))
    return shapes


def svg_map(places: list[Place], width: int = 560, height: int = 340) -> Markup:
    """A small equirectangular map: country outlines around the story's geocoded places
    and one labelled marker per place (red: where events happened). Empty when no place
    has coordinates."""
    pts = [pl for pl in places if pl.lat is not None and pl.lon is not None]
    if not pts:
        return Markup("")
    lons = [pl.lon for pl in pts]
    lats = [pl.lat for pl in pts]
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    span_x = max((max(lons) - min(lons)) * 1.4, (max(lats) - min(lats)) * 1.4 * width / height, 10.0)
    span_y = span_x * height / width
    x0, x1, y0, y1 = cx - span_x / 2, cx + span_x / 2, cy - span_y / 2, cy + span_y / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - x0) / span_x * width, (y1 - lat) / span_y * height

    out = [f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="Map of the places in this story"><rect width="{width}" height="{height}" class="sea"/>']
    for (a, b, c, d), rings in _world():
        if c < x0 or a > x1 or d < y0 or b > y1:
            continue
        for ring in rings:
            coords = []
            last = None
            for lon, lat in ring:
                x, y = project(lon, lat)
                pt = f"{x:.1f},{y:.1f}"
                if pt != last:
                    coords.append(pt)
                    last = pt
            if len(coords) > 2:
                out.append(f'<path class="land" d="M{"L".join(coords)}Z"/>')
    step = 1 if span_x <= 12 else 5 if span_x <= 60 else 10 if span_x <= 120 else 30
    for lon in range(int(x0 // step * step), int(x1) + 1, step):
        x, _ = project(lon, 0)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}"/>')
    for lat in range(int(y0 // step * step), int(y1) + 1, step):
        _, y = project(0, lat)
        out.append(f'<line class="grid" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>')
    for pl in sorted(pts, key=lambda p: p.role == "event"):
        x, y = project(pl.lon, pl.lat)
        name = escape(pl.name, quote=True)
        out.append(
            f'<g class="marker {"event" if pl.role == "event" else "mentioned"}"><circle cx="{x:.1f}" cy="{y:.1f}" r="5">'
            f"<title>{name} ({pl.lat:.3f}, {pl.lon:.3f})</title></circle>"
            f'<text x="{x + 7:.1f}" y="{y + 4:.1f}">{name}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def claim_spans(claims: list[Claim]) -> list[Span]:
    """Anchors for each claim's sentence (``id="claim-<id>"``) so statements link to it."""
    return [Span(c.start, c.end, "mark", {"id": f"claim-{c.id}", "class": "claim"}) for c in claims]


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals["credibility_label"] = lambda n: CREDIBILITY.get(n, "unknown")
    return env


def render_html(report: Report) -> str:
    """The whole report as one HTML page; every statement links to its sentence."""
    docs = {d.id: d for d in report.documents}
    claims_by_doc: dict[str, dict[str, Claim]] = {}
    stories = []
    for p in report.stories:
        for c in p.claims:
            claims_by_doc.setdefault(c.document, {}).setdefault(c.id, c)
        stories.append(_story_view(p, docs))
    documents = [
        {"doc": d, "body": highlight_text(d.text, claim_spans(list(claims_by_doc.get(d.id, {}).values())))}
        for d in report.documents
    ]
    generated = (report.generated or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    return _env().get_template("report.html").render(
        stories=stories, documents=documents, generated=generated,
        copies=sum(1 for d in report.documents if d.copy_of),
    )


def _story_view(p: StoryPicture, docs: dict[str, Document]) -> dict[str, Any]:
    claims = {c.id: c for c in p.claims}

    def cite(cid: str) -> dict[str, Any] | None:
        c = claims.get(cid)
        if c is None:
            return None
        d = docs.get(c.document)
        return {
            "id": c.id, "text": c.text, "attribution": c.attribution, "certainty": c.certainty,
            "document": c.document, "outlet": (d.outlet or d.path) if d else c.document,
            "date": d.published.isoformat() if d and d.published else "undated",
            "title": d.title if d else None,
        }

    facts = ranked_facts(p)
    return {
        "picture": p,
        "span": " to ".join(dict.fromkeys(x.isoformat() for x in (p.story.start, p.story.end) if x)) or "dates unknown",
        "key_facts": [(f, source_chain(f), [cite(c) for c in f.claims]) for f in facts if f.status != "single-source"],
        "single_source": [(f, source_chain(f), [cite(c) for c in f.claims]) for f in facts if f.status == "single-source"],
        "contradictions": [(d, [cite(cid) for cid in d.claim_ids]) for d in group_contradictions(p)],
        "discrepancies": [(d, [cite(cid) for cid in d.claims]) for d in p.discrepancies],
        "timeline": timeline_entries(p),
        "entities": sorted(p.entities, key=lambda e: (-e.mentions, e.name)),
        "places": sorted(p.places, key=lambda x: (-x.mentions, x.name)),
        "map": svg_map(p.places),
    }
