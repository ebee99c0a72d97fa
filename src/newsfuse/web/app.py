"""The web app and REST API over one newsfuse database.

Pages (Jinja2, autoescaped, no inline script) and JSON endpoints read the same Store
queries and the same JSON contract as the CLI (``report.json.story_dict``). Every
response carries a Content-Security-Policy; every error has one body shape:
``{"error": {"code": ..., "message": ..., "detail": ...}}``."""
from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException

from .. import __version__, pipeline
from ..errors import NewsfuseError
from ..model import Document, Report, Story, StoryPicture, iso_date
from ..report.html import CREDIBILITY, Span, highlight_text, ranked_facts, source_chain, timeline_entries
from ..report.json import report_dict, story_dict
from ..settings import IngestSettings
from ..store import Store

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # whole request body of an ingest
PAGE_SIZE = 25
TOKEN_COOKIE = "newsfuse_token"
STORY_PARTS = ("facts", "contradictions", "discrepancies", "entities", "places", "events", "claims", "times")


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"request body larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    codes = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
             413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error", 500: "internal_error"}
    body = {"error": {"code": codes.get(status, f"http_{status}"), "message": message, "detail": detail}}
    return JSONResponse(body, status_code=status)


def _csp(tile_url: str | None) -> str:
    img = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url)
        img += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )


def create_app(db_path: str | Path, token: str | None = None) -> FastAPI:
    """The app over the database at ``db_path``. With ``token`` set, every route needs
    it: ``Authorization: Bearer <token>``, or ``?token=`` once on a page (then a cookie)."""
    db_path = str(db_path)
    Store(db_path).close()  # fail at start, with the store's message, when the file is not a database
    tile_url = os.environ.get("NEWSFUSE_TILE_URL") or None
    csp = _csp(tile_url)
    ingest_lock = threading.Lock()
    app = FastAPI(
        title="newsfuse", version=__version__, docs_url=None, redoc_url=None,
        description="Stories, facts counted in independent sources, contradictions, places and timelines "
                    "fused from many news reports. Errors: {\"error\": {\"code\", \"message\", \"detail\"}}.",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(credibility_label=lambda n: CREDIBILITY.get(n, "unknown"), tile_url=tile_url)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- middleware: body cap, auth, security headers -------------------------------
    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
            response: Response = _error(413, BodyTooLarge().detail, {"limit_bytes": MAX_UPLOAD_BYTES})
        elif token is not None:
            response = await _authenticated(request, call_next)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:  # noqa: BLE001 - the one 500 shape, with the security headers
                response = _error(500, "internal error", type(exc).__name__)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    async def _authenticated(request: Request, call_next) -> Response:
        auth = request.headers.get("authorization", "")
        offered = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        offered = offered or request.cookies.get(TOKEN_COOKIE)
        query_token = request.query_params.get("token")
        if query_token and _same(query_token, token) and not request.url.path.startswith("/api/"):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return redirect
        offered = offered or query_token
        if not offered or not _same(offered, token):
            return _error(401, "a valid token is required",
                          "send 'Authorization: Bearer <token>', or open a page once with ?token=<token>")
        try:
            return await call_next(request)
        except Exception as exc:  # noqa: BLE001
            return _error(500, "internal error", type(exc).__name__)

    # -- errors: one shape everywhere ----------------------------------------------
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if not _wants_html(request):
            return _error(exc.status_code, message, None if isinstance(exc.detail, str) else exc.detail)
        return templates.TemplateResponse(request, "error.html", {"status": exc.status_code, "message": message},
                                          status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return _error(422, "the request is not valid", detail)

    @app.exception_handler(NewsfuseError)
    async def newsfuse_error(request: Request, exc: NewsfuseError):
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        return _error(500, "internal error", type(exc).__name__)

    def get_store() -> Iterator[Store]:
        store = Store(db_path)
        try:
            yield store
        finally:
            store.close()

    # -- queries shared by pages and API -------------------------------------------
    def find_stories(store: Store, q: str | None, date_from: dt.date | None, date_to: dt.date | None,
                     place: str | None, entity: str | None, outlet: str | None, status: str | None) -> list[Story]:
        stories = store.stories()
        keep: set[str] | None = None

        def narrow(ids: set[str]) -> None:
            nonlocal keep
            keep = ids if keep is None else keep & ids

        for kind, value in (("place", place), ("entity", entity), ("status", status)):
            if value:
                narrow(store.stories_matching(kind, value))
        if q:
            memberships = store.memberships()
            narrow({memberships[d] for d, _ in store.search(q, 1000) if d in memberships})
        if outlet:
            narrow(store.stories_with_outlet(outlet))
        out = []
        for s in stories:
            if keep is not None and s.id not in keep:
                continue
            if date_from and (s.end or s.start) and (s.end or s.start) < date_from:
                continue
            if date_to and (s.start or s.end) and (s.start or s.end) > date_to:
                continue
            out.append(s)
        return out

    def picture_or_404(store: Store, story_id: str) -> StoryPicture:
        picture = store.picture(story_id)
        if picture is None:
            story = store.story(story_id)
            if story is None:
                raise HTTPException(404, f"no story with id {story_id!r}")
            picture = StoryPicture(story=story)
        return picture

    def document_or_404(store: Store, doc_id: str) -> Document:
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        return doc

    def run_ingest(store: Store, sources: list[str], settings: IngestSettings | None = None,
                   display_names: dict[str, str] | None = None) -> dict[str, Any]:
        with ingest_lock:
            story_ids, summary = pipeline.update(sources, store, settings or IngestSettings(),
                                                 display_names=display_names)
        stories = [s for s in map(store.story, story_ids) if s is not None]
        return {
            "read": summary.read, "added": summary.added, "already_stored": summary.already_stored,
            "copies": summary.copies, "analyzed": summary.analyzed,
            "failures": [{"source": s, "problem": p} for s, p in summary.failures],
            "warnings": [{"source": s, "warning": w} for s, w in summary.warnings],
            "stories": [{"id": s.id, "title": s.title} for s in stories],
        }

    async def ingest_uploads(store: Store, files: list[StarletteUpload], url: str | None) -> dict[str, Any]:
        if not files and not url:
            raise HTTPException(400, "nothing to ingest: upload files or give a URL")
        if url and not re.match(r"^https?://", url.strip(), re.I):
            raise HTTPException(400, f"{url!r} is not an http(s) URL")
        with tempfile.TemporaryDirectory(prefix="newsfuse-upload-") as tmp:
            sources, names, total = [], {}, 0
            for i, upload in enumerate(files):
                data = await upload.read(MAX_UPLOAD_BYTES + 1 - total)
                total += len(data)
                if total > MAX_UPLOAD_BYTES:
                    raise BodyTooLarge()
                folder = Path(tmp) / str(i)
                folder.mkdir()
                path = folder / _safe_name(upload.filename or f"upload-{i}.txt")
                path.write_bytes(data)
                sources.append(str(path))
                names[str(path)] = f"upload:{path.name}"
            if url:
                sources.append(url.strip())
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(run_ingest, store, sources, None, names)

    # -- pages ---------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list(request: Request, store: Store = Depends(get_store), q: str | None = None,
                   date_from: str | None = None, date_to: str | None = None, place: str | None = None,
                   entity: str | None = None, outlet: str | None = None, status: str | None = None,
                   page: int = Query(1, ge=1)):
        filters = {"q": q, "date_from": date_from, "date_to": date_to, "place": place, "entity": entity,
                   "outlet": outlet, "status": status}
        stories = find_stories(store, q, _date(date_from), _date(date_to), place, entity, outlet, status)
        total = len(stories)
        shown = stories[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        overviews = store.overviews([s.id for s in shown])
        hits = []
        if q:
            found = store.search(q, 20)
            docs = {d.id: d for d in store.documents([d for d, _ in found])}
            hits = [(docs[d], snippet) for d, snippet in found if d in docs]
        active = {k: v for k, v in filters.items() if v}
        return templates.TemplateResponse(request, "stories.html", {
            "stories": shown, "overviews": overviews, "total": total, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "filters": filters, "hits": hits,
            "query_for": lambda n: urlencode({**active, "page": n}),
        })

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, store: Store = Depends(get_store)):
        p = picture_or_404(store, story_id)
        docs = {d.id: d for d in store.documents(p.story.documents)}
        claims = {c.id: c for c in p.claims}
        timeline = timeline_entries(p)
        if timeline:
            first = dt.date.fromisoformat(timeline[0]["date"])
            days = max(1, (dt.date.fromisoformat(timeline[-1]["date"]) - first).days)
            for entry in timeline:
                entry["pos"] = round((dt.date.fromisoformat(entry["date"]) - first).days / days * 100, 1)
        facts = [(f, source_chain(f)) for f in ranked_facts(p)]
        return templates.TemplateResponse(request, "story.html", {
            "p": p, "docs": docs, "claims": claims, "timeline": timeline, "facts": facts,
        })

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, store: Store = Depends(get_store)):
        doc = document_or_404(store, doc_id)
        analysis = store.analyses([doc_id]).get(doc_id)
        spans: list[Span] = []
        if analysis:
            spans += [Span(c.start, c.end, "mark", {"id": f"claim-{c.id}", "class": "claim",
                                                    "title": f"{c.attribution} ({c.certainty})"})
                      for c in analysis.claims]
            kinds = {pl.key for pl in analysis.places}
            for m in analysis.mentions:
                kind = "time" if m.label == "TIME" else "place" if m.entity in kinds else "entity"
                spans.append(Span(m.start, m.end, "span", {"class": f"m-{kind}", "title": f"{kind}: {m.label}"}))
            spans += [Span(t.start, t.end, "span", {"class": "m-time", "title": f"time: {t.date or 'unresolved'}"})
                      for t in analysis.times if not any(m.start == t.start and m.label == "TIME" for m in analysis.mentions)]
        story_id = store.memberships().get(doc_id)
        return templates.TemplateResponse(request, "document.html", {
            "doc": doc, "analysis": analysis, "body": highlight_text(doc.text, spans), "story_id": story_id,
        })

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        """The OpenAPI schema rendered on the server: works offline and under the CSP
        (Swagger UI would need a CDN and inline script)."""
        schema = app.openapi()
        operations = [
            {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
             "description": op.get("description", ""),
             "parameters": [(p["name"], p.get("in", ""), p.get("required", False)) for p in op.get("parameters", [])]}
            for path, item in schema.get("paths", {}).items() for method, op in item.items()
        ]
        return templates.TemplateResponse(request, "api_docs.html", {"operations": operations, "info": schema["info"]})

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request):
        return templates.TemplateResponse(request, "ingest.html", {"result": None, "limit_mb": MAX_UPLOAD_BYTES // 2**20})

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_submit(request: Request, files: list[UploadFile] = File(default=[]),
                            url: str = Form(default=""), store: Store = Depends(get_store)):
        result = await ingest_uploads(store, [f for f in files if f.filename], url or None)
        return templates.TemplateResponse(request, "ingest.html", {"result": result, "limit_mb": MAX_UPLOAD_BYTES // 2**20})

    # -- REST API ------------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"])
    def api_documents(store: Store = Depends(get_store), limit: int = Query(50, ge=1, le=500),
                      offset: int = Query(0, ge=0), outlet: str | None = None):
        total, docs = store.page_documents(limit, offset, outlet)
        meta = report_dict(Report(documents=docs, stories=[]))["documents"]
        return {"total": total, "limit": limit, "offset": offset, "items": meta}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str, store: Store = Depends(get_store)):
        from ..model import to_jsonable

        doc = document_or_404(store, doc_id)
        item = report_dict(Report(documents=[doc], stories=[]))["documents"][0]
        analysis = store.analyses([doc_id]).get(doc_id)
        item.update(text=doc.text, story=store.memberships().get(doc_id),
                    analysis=to_jsonable(analysis) if analysis else None)
        return item

    @app.get("/api/stories", tags=["stories"])
    def api_stories(store: Store = Depends(get_store), q: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, place: str | None = None, entity: str | None = None,
                    outlet: str | None = None, status: str | None = Query(None, pattern="^(corroborated|single-source|contested)$"),
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        stories = find_stories(store, q, date_from, date_to, place, entity, outlet, status)
        items = [{"id": s.id, "title": s.title, "start": iso_date(s.start), "end": iso_date(s.end), "documents": s.documents}
                 for s in stories[offset : offset + limit]]
        return {"total": len(stories), "limit": limit, "offset": offset, "items": items}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str, store: Store = Depends(get_store)):
        return story_dict(picture_or_404(store, story_id))

    @app.get("/api/stories/{story_id}/{part}", tags=["stories"])
    def api_story_part(story_id: str, part: str, store: Store = Depends(get_store)):
        if part not in STORY_PARTS:
            raise HTTPException(404, f"no story part {part!r}; one of: {', '.join(STORY_PARTS)}")
        return {"story": story_id, "items": story_dict(picture_or_404(store, story_id))[part]}

    @app.get("/api/search", tags=["search"])
    def api_search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=200),
                   store: Store = Depends(get_store)):
        found = store.search(q, limit)
        docs = {d.id: d for d in store.documents([d for d, _ in found])}
        memberships = store.memberships()
        return {"query": q, "items": [
            {"document": d, "title": docs[d].title, "outlet": docs[d].outlet, "snippet": snippet,
             "story": memberships.get(d)}
            for d, snippet in found if d in docs
        ]}

    @app.post("/api/ingest", tags=["ingest"])
    async def api_ingest(request: Request, store: Store = Depends(get_store)):
        """Multipart ``files`` (and optional ``url`` field), or JSON ``{"url": "..."}``
        (a page or a feed). Runs the whole pipeline; answers what was read and failed."""
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/json"):
            try:
                body = await request.json()
            except ValueError as exc:
                raise HTTPException(400, f"body is not valid JSON: {exc}") from exc
            if not isinstance(body, dict) or not isinstance(body.get("url"), str):
                return _error(422, "the request is not valid", [{"loc": ["body", "url"], "msg": "a URL string is required"}])
            return await ingest_uploads(store, [], body["url"])
        if not ctype.startswith("multipart/form-data"):
            raise HTTPException(415, "send multipart/form-data with files, or JSON {\"url\": ...}")
        form = await request.form(max_files=200, max_fields=20)
        files = [f for f in form.getlist("files") if isinstance(f, StarletteUpload) and f.filename]
        url = form.get("url")
        return await ingest_uploads(store, files, url if isinstance(url, str) and url else None)

    @app.get("/api/export/{fmt}", tags=["export"])
    def api_export(fmt: str, store: Store = Depends(get_store)):
        from ..report import exports, render_json

        report = pipeline.build_report(store)
        if fmt == "json":
            return Response(render_json(report), media_type="application/json")
        if fmt == "geojson":
            return Response(exports.render_geojson(report), media_type="application/geo+json",
                            headers={"Content-Disposition": 'attachment; filename="newsfuse.geojson"'})
        if fmt == "csv":
            return Response(exports.render_csv(report), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="newsfuse-events.csv"'})
        raise HTTPException(404, f"no export format {fmt!r}; one of: json, geojson, csv")

    @app.get("/healthz", include_in_schema=False)
    def health():
        return PlainTextResponse("ok")

    return app


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _safe_name(name: str) -> str:
    """An uploaded file's base name, reduced to safe characters (its suffix picks the reader)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    return base[-120:]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn. Binding beyond loopback without a token is refused."""
    if not _is_loopback(host) and not token:
        raise NewsfuseError(
            f"refusing to serve on {host} without a token: anyone on the network could read and ingest. "
            "Pass --token (or set NEWSFUSE_TOKEN), or bind to 127.0.0.1."
        )
    import uvicorn

    uvicorn.run(create_app(db_path, token), host=host, port=port, log_level="warning")
