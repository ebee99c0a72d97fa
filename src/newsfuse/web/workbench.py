"""The analyst's pages beyond the story list: search with facets, compare two reports,
corrections, and "new since your last visit". Kept apart from ``app.py`` (the app,
its middleware and the REST core) so each can change without touching the other;
``register(app, ...)`` adds the routes."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from fastapi import Form
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..store import Store
from ..store.search import FACETS

SEARCH_PAGE = 20
VISIT_COOKIE = "newsfuse_last_visit"  # when the previous visit ended: what "new since" compares to
ACTIVE_COOKIE = "newsfuse_active"  # the latest page view
VISIT_GAP = __import__("datetime").timedelta(minutes=30)
_CHANGE_ORDER = {"new-story": 0, "new-report": 1, "new-contradiction": 2, "count-updated": 3, "status-changed": 4,
                 "new-fact": 5}


def _cookie_time(request: Request, name: str) -> str | None:
    value = request.cookies.get(name)  # "YYYY-MM-DDTHH:MM:SS", UTC
    return value if value and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value) else None


def news_since(request: Request, store: Store, story: str | None = None) -> dict[str, Any]:
    """What changed since the analyst's last visit; on a first visit, the most recent
    changes. Grouped by story. A visit is a run of page views less than ``VISIT_GAP``
    apart, so "since your last visit" stays put while the analyst reads on."""
    import datetime as dt

    since = visit_start(request)
    since = since.replace("T", " ") if since else None  # as the store stamps changes (datetime('now'))
    changes = store.changes_since(since, story, limit=100)
    by_story: dict[str, list[dict]] = {}
    for c in changes:
        by_story.setdefault(c["story"], []).append(c)
    for items in by_story.values():  # what an analyst wants first: who reported, what is disputed, what moved
        items.sort(key=lambda c: _CHANGE_ORDER.get(c["kind"], 9))
    titles = {sid: (s.title if (s := store.story(sid)) else sid) for sid in list(by_story)[:20]}
    shown = since and dt.datetime.strptime(since, "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d %H:%M UTC")
    return {"since": shown, "first_visit": since is None, "count": len(changes),
            "stories": [(sid, titles[sid], by_story[sid]) for sid in titles]}


def visit_start(request: Request) -> str | None:
    """The end of the previous visit: the last page view before a gap of ``VISIT_GAP``."""
    import datetime as dt

    active, since = _cookie_time(request, ACTIVE_COOKIE), _cookie_time(request, VISIT_COOKIE)
    if active:
        then = dt.datetime.strptime(active, "%Y-%m-%dT%H:%M:%S")
        if dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - then > VISIT_GAP:
            return active  # a new visit begins: what is new since the last one ended
    return since


def mark_visit(response, request: Request | None = None):
    """Remember this page view (UTC, in the format changes are stamped in)."""
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    start = visit_start(request) if request is not None else None
    if start:
        response.set_cookie(VISIT_COOKIE, start, max_age=365 * 86400, httponly=True, samesite="lax")
    response.set_cookie(ACTIVE_COOKIE, now, max_age=365 * 86400, httponly=True, samesite="lax")
    return response


def marked(snippet: str) -> Markup:
    """A search snippet with its [matches] as <mark>, everything else escaped."""
    parts = re.split(r"\[([^\[\]]*)\]", snippet)
    return Markup("".join(str(escape(p)) if i % 2 == 0 else f"<mark>{escape(p)}</mark>" for i, p in enumerate(parts)))


def register(app: FastAPI, templates: Jinja2Templates, get_store: Callable[..., Any]) -> None:
    templates.env.filters["marked"] = marked

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", outlet: str | None = None, place: str | None = None,
                    entity: str | None = None, date: str | None = None, page: int = Query(1, ge=1),
                    store: Store = Depends(get_store)):
        filters = {"outlet": outlet, "place": place, "entity": entity, "date": date}
        result = store.search_documents(q, SEARCH_PAGE, (page - 1) * SEARCH_PAGE, filters) if q.strip() else None
        active = {k: v for k, v in filters.items() if v}
        stories = {}
        if result:
            ids = list(dict.fromkeys(h.story for h in result.hits if h.story))
            stories = {s.id: s for s in map(store.story, ids) if s}

        def link(**change: Any) -> str:
            params = {"q": q, **active, **change}
            return "/search?" + urlencode({k: v for k, v in params.items() if v})

        return templates.TemplateResponse(request, "search.html", {
            "q": q, "result": result, "filters": {"q": q}, "active": active, "facet_kinds": FACETS,
            "stories": stories, "link": link, "page": page,
            "variants": [g for g in result.groups if len(g) > 1] if result else [],
            "pages": max(1, -(-(result.total if result else 0) // SEARCH_PAGE)),
        })

    def comparison(store: Store, a: str, b: str):
        from ..report.compare import compare

        if a == b:
            raise HTTPException(400, "choose two different reports")
        docs = store.documents([a, b])
        found = {d.id for d in docs}
        for ref in (a, b):
            if ref not in found:
                raise HTTPException(404, f"no document with id {ref!r}")
        analyses = store.analyses([a, b])
        for ref in (a, b):
            if ref not in analyses or analyses[ref].error:
                raise HTTPException(409, f"document {ref!r} is not analysed yet")
        by_id = {d.id: d for d in docs}
        return compare(by_id[a], by_id[b], analyses, _grades(store))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(request: Request, a: str | None = None, b: str | None = None,
                           store: Store = Depends(get_store)):
        _, docs = store.page_documents(1000)
        result = await run_in_threadpool(comparison, store, a, b) if a and b else None
        claims = {c.id: c for c in result.picture.claims} if result else {}
        return templates.TemplateResponse(request, "compare.html", {
            "documents": docs, "a": a, "b": b, "cmp": result, "claims": claims, "grades": _grades(store)})

    @app.get("/api/compare", tags=["compare"], summary="Compare two reports")
    async def api_compare(a: str = Query(..., description="Document id of report A", examples=["d0eefdcb23903"]),
                          b: str = Query(..., description="Document id of report B", examples=["dded12904e040"]),
                          store: Store = Depends(get_store)):
        """What both reports state, what only A and only B state, where they conflict (with
        the sides and exact sentences), and whether they share an upstream source: the
        same cited source behind a statement in both (e.g. GUR in one, HUR in the other)
        makes them one source, not two. The two reports are fused as a two-report story."""
        from ..report.compare import comparison_dict

        return comparison_dict(await run_in_threadpool(comparison, store, a, b))

    def apply_correction(store: Store, doc_id: str, outlet: str | None, title: str | None, date: str | None,
                         grade: str | None) -> dict[str, Any]:
        import datetime as dt

        from .. import pipeline

        published = None
        if date:
            try:
                published = dt.date.fromisoformat(date.strip())
            except ValueError:
                raise HTTPException(400, f"{date!r} is not a date YYYY-MM-DD") from None
        grade = (grade or "").strip().upper() or None
        if grade and grade not in "ABCDEF":
            raise HTTPException(400, f"grade {grade!r}: use one letter A-F")
        doc, refused = pipeline.correct(store, doc_id, outlet, title, published, grade)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        return {"document": doc.id, "outlet": doc.outlet, "title": doc.title,
                "published": doc.published.isoformat() if doc.published else None,
                "grade": (store.reliability_grades().get(doc.outlet or "") if doc.outlet else None),
                "refused_stories": refused}

    @app.post("/documents/{doc_id}/correct", include_in_schema=False)
    async def correct_form(doc_id: str, outlet: str = Form(""), title: str = Form(""), date: str = Form(""),
                           grade: str = Form(""), store: Store = Depends(get_store)):
        await run_in_threadpool(apply_correction, store, doc_id, outlet, title, date or None, grade or None)
        return RedirectResponse(f"/documents/{doc_id}?corrected=1", status_code=303)

    @app.patch("/api/documents/{doc_id}", tags=["documents"], summary="Correct a document's outlet, title or date")
    async def api_correct(doc_id: str, body: Correction, store: Store = Depends(get_store)):
        """Set what ingest could not know (a headerless file's outlet, title, date) and
        optionally grade the outlet A-F. The document's story is re-fused from the stored
        analyses (nothing is analysed again); the answer lists the re-fused stories."""
        return await run_in_threadpool(apply_correction, store, doc_id, body.outlet, body.title, body.date, body.grade)


    @app.get("/api/basemap/labels", tags=["map"], summary="Town names for the map, from the offline gazetteer")
    def basemap_labels(south: float = Query(..., ge=-90, le=90, examples=[33.0]),
                       west: float = Query(..., ge=-540, le=540, examples=[35.0]),
                       north: float = Query(..., ge=-90, le=90, examples=[36.5]),
                       east: float = Query(..., ge=-540, le=540, examples=[38.5]),
                       limit: int = Query(40, ge=1, le=200)):
        """The most populous GeoNames cities inside the box, biggest first: the labels the
        story map draws for orientation (no tile server is needed or contacted)."""
        from ..analyze.gazetteer import get_gazetteer

        wrap = lambda x: ((x + 180) % 360) - 180  # noqa: E731 - the map's world copies
        rows = get_gazetteer().largest_cities(min(south, north), wrap(west), max(south, north), wrap(east), limit * 2)
        spacing = max(0.05, (max(south, north) - min(south, north)) / 25)  # labels must not sit on each other
        kept: list[tuple] = []
        for row in rows:
            if all(abs(row[1] - k[1]) > spacing or abs(row[2] - k[2]) > spacing for k in kept):
                kept.append(row)
        return {"items": [{"name": n, "lat": la, "lon": lo, "population": pop} for n, la, lo, pop in kept[:limit]]}


class Correction(BaseModel):
    """Fields to change; leave one out to keep it (an empty string clears outlet or title)."""

    outlet: str | None = Field(None, examples=["Ukrainska Pravda"])
    title: str | None = Field(None, examples=["Russia withdraws its ships from Tartus"])
    date: str | None = Field(None, description="YYYY-MM-DD", examples=["2024-12-08"])
    grade: str | None = Field(None, description="Outlet reliability A (reliable) .. F (cannot be judged)",
                              examples=["B"])


def _grades(store: Store) -> dict[str, str] | None:
    """The outlet grades the analyst set (``newsfuse correct --grade`` or a --reliability file)."""
    getter = getattr(store, "reliability_grades", None)
    return (getter() or None) if getter else None
