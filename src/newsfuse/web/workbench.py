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
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..store import Store
from ..store.search import FACETS

SEARCH_PAGE = 20


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
