"""What the story page shows, computed from one StoryPicture: the first screen's bottom
line, facts with what the page filters them on, the timeline folded to one item per
event, the map's frame and outliers, the sources with grades and who relays whom.

Works on both the fact-list picture and the event-centred one: ``bottom_line``,
``story_events`` and ``Contradiction.sides`` are used when fusion filled them, and
derived from facts and contradictions otherwise."""
from __future__ import annotations

import datetime as dt
import re
from itertools import groupby
from statistics import median
from typing import Any

from ..analyze.places import haversine_km
from ..model import Claim, Contradiction, Document, Fact, StoryPicture
from ..report.grouping import group_contradictions, source_table
from ..report.html import ranked_facts, source_chain, timeline_entries

OUTLIER_KM = 1500  # an event place this far from the others' median is listed, not framed
ESTABLISHED_SHOWN, SINGLE_SHOWN = 6, 4


def _upstream(key: str) -> bool:
    return not key.startswith("document:") and key not in ("media", "outlet")


def story_view(p: StoryPicture, docs: dict[str, Document], changes: list[dict] | None = None) -> dict[str, Any]:
    claims = {c.id: c for c in p.claims}
    entity_names = {e.key: e.name for e in p.entities}
    place_names = {pl.key: pl.name for pl in p.places}
    facts = ranked_facts(p)
    by_id = {f.id: f for f in facts}
    fact_of_claim = {cid: f for f in facts for cid in f.claims}
    copies = [d for d in docs.values() if d.copy_of]
    keys = {link.source_key for f in p.facts for link in f.sources if link.source_key not in ("media", "outlet")}

    bl = p.bottom_line
    established = [by_id[i] for i in bl.established if i in by_id] if bl and bl.established else \
        [f for f in facts if f.status == "corroborated"][:ESTABLISHED_SHOWN]
    single = [by_id[i] for i in bl.single_source if i in by_id] if bl and bl.single_source else \
        [f for f in facts if f.status == "single-source" and any(_upstream(l.source_key) for l in f.sources)][:SINGLE_SHOWN]
    issues = contested_issues(p, claims)
    if bl and bl.contested:
        wanted = set(bl.contested)
        chosen = [i for i in issues if i["id"] in wanted]
        issues = chosen or issues
    changed = list(bl.changed) if bl else []
    changed += [c["text"] for c in (changes or []) if c["text"] not in changed]

    fact_rows = []
    for f in facts:
        fc = [claims[c] for c in f.claims if c in claims]
        fact_rows.append({
            "fact": f, "chain": source_chain(f),
            "outlets": sorted({link.outlet for link in f.sources}),
            "places": sorted({place_names[k] for c in fc for k in c.places if k in place_names}),
            "entities": sorted({entity_names[k] for c in fc for k in c.entities if k in entity_names}),
            "claims": fc,
        })
    frame, outliers = map_frame(p)
    timeline = folded_timeline(p, docs, claims, fact_of_claim)
    return {
        "n_reports": len(docs), "n_copies": len(copies), "n_independent": len(keys),
        "established": established, "single": single, "issues": issues, "changed": changed[:12],
        "fact_rows": fact_rows,
        "filter_values": {
            "outlet": sorted({o for r in fact_rows for o in r["outlets"]}),
            "place": sorted({x for r in fact_rows for x in r["places"]}),
            "entity": sorted({x for r in fact_rows for x in r["entities"]}),
        },
        "timeline": timeline, "timeline_days": [(day, list(items)) for day, items in groupby(timeline, key=lambda t: t["date"])],
        "frame": frame, "outliers": outliers,
        "event_places": [pl for pl in p.places if pl.role == "event"],
        "mentioned_places": [pl for pl in p.places if pl.role != "event"],
        "sources": source_table(p, docs),
        "independent_of": {f.id: f.independent_sources for f in facts},
    }


def contested_issues(p: StoryPicture, claims: dict[str, Claim]) -> list[dict[str, Any]]:
    """Each contested issue with its sides (value, who holds it, independent sources, the
    exact sentences); ``Contradiction.sides`` when fusion gives them, else one side per
    holder from the claims of the grouped dispute."""
    out = []
    if any(getattr(c, "sides", None) for c in p.contradictions):
        for n, c in enumerate(p.contradictions, start=1):
            sides = [{"value": s.value, "holders": list(s.holders), "independent_sources": s.independent_sources,
                      "claims": [claims[x] for x in s.claims if x in claims]} for s in (c.sides or [])]
            if not sides:
                sides = _sides_from_claims(c.claims, claims)
            out.append({"id": c.id or f"issue-{n}", "anchor": f"issue-{n}", "kind": c.kind,
                        "explanation": c.explanation, "sides": sides})
        return out
    for n, dispute in enumerate(group_contradictions(p), start=1):
        first: Contradiction = dispute.contradictions[0]
        out.append({"id": first.id or f"issue-{n}", "anchor": f"issue-{n}", "kind": dispute.kind,
                    "explanation": dispute.explanation, "sides": _sides_from_claims(dispute.claim_ids, claims),
                    "pairs": len(dispute.contradictions)})
    return out


def _sides_from_claims(ids: list[str], claims: dict[str, Claim]) -> list[dict[str, Any]]:
    sides: dict[str, dict[str, Any]] = {}
    for cid in ids:
        c = claims.get(cid)
        if c is None:
            continue
        holder = c.attribution or "the outlet"
        side = sides.setdefault(holder.lower(), {"value": c.text, "holders": [holder], "independent_sources": 0,
                                                 "claims": []})
        side["claims"].append(c)
    for side in sides.values():
        side["independent_sources"] = len({(c.attribution_entity or c.attribution or c.document) for c in side["claims"]})
    return list(sides.values())


def map_frame(p: StoryPicture) -> tuple[list[float] | None, list[Any]]:
    """[south, west, north, east] around the event places (all places when none is an
    event), leaving out those far from the rest (returned as outliers, listed under the
    map rather than stretching it across an ocean)."""
    located = [pl for pl in p.places if pl.lat is not None and pl.lon is not None]
    focus = [pl for pl in located if pl.role == "event"] or located
    if not focus:
        return None, []
    centre = (median(pl.lat for pl in focus), median(pl.lon for pl in focus))
    near = [pl for pl in focus if haversine_km(centre, (pl.lat, pl.lon)) <= OUTLIER_KM] or focus
    outliers = [pl for pl in focus if pl not in near]
    lats, lons = [pl.lat for pl in near], [pl.lon for pl in near]
    return [min(lats), min(lons), max(lats), max(lons)], outliers


def folded_timeline(p: StoryPicture, docs: dict[str, Document], claims: dict[str, Claim],
                    fact_of_claim: dict[str, Fact]) -> list[dict[str, Any]]:
    """One item per event, oldest first: entries telling the same thing on the same day
    (a syndicated copy's sentence, two reports' one event) fold into one item that lists
    every outlet, a syndicated copy's among them; a sentence that names two days is one
    item, its other days in ``also``; each item carries the status of the
    fact it belongs to and the clock time when its sentence gives one."""
    items: list[dict[str, Any]] = []
    index: dict[tuple, dict[str, Any]] = {}
    copies: dict[str, list[Document]] = {}
    for d in docs.values():
        if d.copy_of:
            copies.setdefault(d.copy_of, []).append(d)
    entries = timeline_entries(p)
    # A sentence that names two days ("on Tuesday declared ... after Monday's quake") is
    # one item: on the day of the typed event it tells, else the first day it names.
    home: dict[str, str] = {}
    for e in entries:
        if e["claim"] and e["type"] and e["claim"] not in home:
            home[e["claim"]] = e["date"]
    named: dict[str, list[str]] = {}
    for e in entries:
        if e["claim"]:
            named.setdefault(e["claim"], []).append(e["date"])
    for cid, days in named.items():
        c = claims.get(cid)
        first = next((t[:10] for t in (c.times if c else []) if t[:10] in days), days[0])
        home.setdefault(cid, first)
    for e in entries:
        if e["claim"] and home.get(e["claim"]) != e["date"]:
            continue
        claim = claims.get(e["claim"]) if e["claim"] else None
        fact = fact_of_claim.get(claim.id) if claim else None
        doc = docs.get(e["document"])
        original = docs.get(doc.copy_of) if doc and doc.copy_of else None
        key = (e["date"], fact.id) if fact else (e["date"], _norm(e["text"]))
        outlets = [(doc.source_label if doc else e["document"]) + (" (copy)" if original else "")]
        # a syndicated copy is not analysed again: its outlet joins the original's item
        outlets += [c.source_label + " (copy)" for c in copies.get(e["document"], [])]
        if key in index:
            item = index[key]
            for outlet in outlets:
                if outlet not in item["outlets"]:
                    item["outlets"].append(outlet)
            if e["type"] and item["label"] == "reported":
                item["label"] = e["label"]
            if e["place"] and not item["place"]:
                item["place"] = e["place"]
            continue
        days = {t[:10] for t in claim.times} if claim else set()
        also = sorted({d for d in named.get(claim.id, []) if d != e["date"]}) if claim else []
        item = {**e, "outlets": outlets, "status": fact.status if fact else None, "also": also,
                "independent_sources": fact.independent_sources if fact else None,
                "day": _day_label(e["date"]),
                # the hour only when the sentence names one day: "at 04:17 local time on Monday"
                "time": clock_time(e["text"]) if len(days) <= 1 else None}
        index[key] = item
        items.append(item)
    # within a day, items whose hour is known come first, in clock order (stable otherwise)
    items.sort(key=lambda t: (t["date"], t["time"] is None, (t["time"] or {}).get("hm", "")))
    return items


_CLOCK = re.compile(
    r"\b(?P<lead>at|after|before|around|about|by|until|from|since)\s+(?:(?:around|about|approximately|roughly)\s+)?"
    r"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b(?:\s*(?P<ap>[ap])\.?m\b\.?)?"
    r"(?:\s*(?P<zone>local time|GMT|UTC|[A-Z]{2,4}T))?"
    r"|\b(?P<h2>[01]?\d|2[0-3])[:.](?P<m2>[0-5]\d)\s*(?:(?P<ap2>[ap])\.?m\b\.?|(?P<zone2>local time|GMT|UTC))",
    re.IGNORECASE)


def clock_time(text: str) -> dict[str, str] | None:
    """The first clock time a sentence gives for what it tells, as 24-hour "HH:MM" and how
    it reads ("04:17 local time"), or None. Only a time with a preposition ("at 1:30",
    "shortly after 13:20") or a marker ("1:24 a.m.", "7.30pm", "09:00 GMT") counts, so
    that scores, verse numbers and prices ("won 3:1", "at 4.50 a share") are not hours."""
    m = _CLOCK.search(text)
    if not m:
        return None
    h = int(m.group("h") or m.group("h2"))
    minute = m.group("m") or m.group("m2")
    ap = (m.group("ap") or m.group("ap2") or "").lower()
    zone = m.group("zone") or m.group("zone2") or ""
    if ap and not 1 <= h <= 12:
        return None
    if ap == "p" and h != 12:
        h += 12
    elif ap == "a" and h == 12:
        h = 0
    hm = f"{h:02d}:{minute}"
    if zone and zone.lower() != "local time":
        zone = zone.upper()
    return {"hm": hm, "label": f"{hm} {zone}".strip()}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))[:120]


def _day_label(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%a %d %b %Y")
    except ValueError:
        return iso
