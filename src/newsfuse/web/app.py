"""The web app and REST API over one newsfuse database.

Pages (Jinja2, autoescaped, no inline script) and JSON endpoints read the same Store
queries and the same JSON contract as the CLI (``report.json.story_dict``). Every
response carries a Content-Security-Policy; every error has one body shape:
``{"error": {"code": ..., "message": ..., "detail": ...}}``."""
from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import ipaddress
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator
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
from ..report.html import CREDIBILITY, Span, highlight_text
from ..report.json import report_dict, story_dict
from ..settings import IngestSettings
from ..store import Store

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # whole request body of an ingest
PAGE_SIZE = 25
TOKEN_COOKIE = "newsfuse_token"
STORY_PARTS = ("facts", "contradictions", "discrepancies", "entities", "places", "events", "claims", "times")


MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024  # a multipart body: the files and their part headers
MAX_SMALL_BODY_BYTES = 64 * 1024  # any other body: JSON {"url": ...}, the login form
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int = MAX_UPLOAD_BYTES) -> None:
        super().__init__(413, f"request body larger than {_size(limit)}")
        self.limit = limit


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def allowed_host_names(extra: Iterable[str] | None = None) -> frozenset[str]:
    """Host names requests may be addressed to: loopback names, then ``extra`` (default
    ``$NEWSFUSE_ALLOWED_HOSTS``, comma-separated; ``*`` allows any). Loopback IP addresses
    are always allowed."""
    if extra is None:
        extra = os.environ.get("NEWSFUSE_ALLOWED_HOSTS", "").split(",")
    names = {_host_name(h) for h in extra if h and h.strip()}
    return frozenset(names | set(LOOPBACK_NAMES))


def _host_name(value: str) -> str:
    """The host of a ``Host`` header or netloc, lower-case, without port, brackets or the
    trailing dot: ``[::1]:8000`` -> ``::1``, ``Example.org.:80`` -> ``example.org``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _host_allowed(host: str, allowed: frozenset[str]) -> bool:
    if "*" in allowed or host in allowed:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Guard:
    """The outermost layer of every request (pure ASGI, so it sees the body as it streams):

    * ``Host`` must name an allowed host (loopback by default): a page on
      ``attacker.example`` whose DNS name is rebound to 127.0.0.1 is refused (400);
    * state-changing requests (not GET/HEAD/OPTIONS) from a browser must come from this
      origin: ``Origin`` (or, without one, ``Referer``) must name the ``Host`` it was sent
      to, and ``Sec-Fetch-Site`` must not say cross-site (403), so another site's page
      cannot post a form or a fetch to the local server;
    * with a token, every route but ``/login`` needs it in ``Authorization: Bearer`` or
      the login cookie; a ``token`` query parameter is refused (400), since URLs end up
      in logs and browser history;
    * bodies are counted as they arrive, whatever ``Content-Length`` says (chunked
      bodies have none): more than ``MAX_BODY_BYTES`` for multipart, or
      ``MAX_SMALL_BODY_BYTES`` for anything else, ends the request with a 413 before
      more is read or written anywhere;
    * every response, errors included, carries the security headers.
    """

    def __init__(self, app, *, token: str | None, allowed_hosts: frozenset[str], csp: str) -> None:
        self.app, self.token, self.allowed_hosts = app, token, allowed_hosts
        self.security_headers = [
            (b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
            # same-origin (not no-referrer): with no-referrer a browser sends "Origin: null"
            # on our own form posts, and the origin check above needs the real one
            (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in self.security_headers}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] += self.security_headers
                if message.get("status") == 413:  # close rather than read and discard the rest
                    message["headers"].append((b"connection", b"close"))
            await send(message)

        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        multipart = request.headers.get("content-type", "").lower().startswith("multipart/form-data")
        limit = MAX_BODY_BYTES if multipart else MAX_SMALL_BODY_BYTES
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _error(413, BodyTooLarge(limit).detail, {"limit_bytes": limit})(scope, receive, send_with_headers)
            return
        received = 0

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except BodyTooLarge as exc:
            if started:
                raise
            await _error(413, exc.detail, {"limit_bytes": exc.limit})(scope, receive, send_with_headers)
        except Exception as exc:  # noqa: BLE001 - the one 500 shape, with the security headers
            if started:
                raise
            await _error(500, "internal error", type(exc).__name__)(scope, receive, send_with_headers)

    def refusal(self, request: Request) -> Response | None:
        """The error response for a request that may not go on, or None."""
        host = _host_name(request.headers.get("host", ""))
        if not host or not _host_allowed(host, self.allowed_hosts):
            return _error(400, f"requests to host {host!r} are refused",
                          "only this server's own names are accepted (DNS rebinding); "
                          "start newsfuse serve with --allowed-host NAME to add one")
        if request.method not in SAFE_METHODS:
            why = _cross_origin(request)
            if why:
                return _error(403, f"cross-origin request refused: {why}",
                              "state-changing requests must come from this server's own pages or a non-browser client")
        if self.token is None:
            return None
        if "token" in request.query_params:
            return _error(400, "a token in the URL is refused (URLs end up in logs and browser history)",
                          "send 'Authorization: Bearer <token>', or log in at /login")
        if request.url.path == "/login":
            return None
        auth = request.headers.get("authorization", "")
        offered = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        offered = offered or request.cookies.get(TOKEN_COOKIE)
        if offered and _same(offered, self.token):
            return None
        if request.method in ("GET", "HEAD") and _wants_html(request):
            return RedirectResponse("/login?" + urlencode({"next": _local_path(request.url.path)}), status_code=303)
        return _error(401, "a valid token is required",
                      "send 'Authorization: Bearer <token>', or log in once at /login (a cookie then carries it)")


def _cross_origin(request: Request) -> str | None:
    """Why a state-changing request is from another origin, or None when it is not (or
    comes from a client that names no origin, such as curl)."""
    fetch_site = request.headers.get("sec-fetch-site", "").lower()
    if fetch_site in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site is {fetch_site}"
    host = request.headers.get("host", "").strip().lower()
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value is None:
            continue
        if value.strip().lower() == "null":
            return f"{header.title()} is null"
        try:
            netloc = urlsplit(value.strip()).netloc.lower()
        except ValueError:
            return f"{header.title()} is not a URL"
        if netloc != host:
            return f"{header.title()} {value[:100]!r} is not this server ({host})"
        return None
    return None


def _local_path(target: str) -> str:
    """``target`` when it is a path on this server, else ``/`` (no open redirect)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
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


class PageCache:
    """Rendered pages (story list, story page) by (store revision, URL, start of the
    analyst's visit): everything a page shows is a function of those, and the revision
    changes with every committed write by any process (``Store.revision``), so a cached
    page is never stale. Rendering a story page of a 10k-document store takes tens of
    milliseconds; a hit is one indexed read. Bounded (least recently used out)."""

    def __init__(self, size: int = 256) -> None:
        from collections import OrderedDict

        self.size = size
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def create_app(db_path: str | Path, token: str | None = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The app over the database at ``db_path``. With ``token`` set, every route but
    ``/login`` needs it: ``Authorization: Bearer <token>``, or the cookie ``/login`` sets
    (never in the URL). ``allowed_hosts`` are the names the ``Host`` header may carry
    besides loopback ones (default ``$NEWSFUSE_ALLOWED_HOSTS``, comma-separated): see ``Guard``."""
    db_path = str(db_path)
    Store(db_path).close()  # fail at start, with the store's message, when the file is not a database
    tile_url = os.environ.get("NEWSFUSE_TILE_URL") or None
    csp = _csp(tile_url)
    ingest_lock = threading.Lock()
    pages = PageCache()
    app = FastAPI(
        title="newsfuse", version=__version__, docs_url=None, redoc_url=None,
        description="Stories, facts counted in independent sources, contradictions, places and timelines "
                    "fused from many news reports. Errors: {\"error\": {\"code\", \"message\", \"detail\"}}.",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(credibility_label=lambda n: CREDIBILITY.get(n, "unknown"), tile_url=tile_url)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    app.add_middleware(Guard, token=token, allowed_hosts=allowed_host_names(allowed_hosts), csp=csp)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/"):
        return templates.TemplateResponse(request, "login.html", {"next": _local_path(next), "failed": False},
                                          status_code=200 if token else 404)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        """The token from a form field (never the URL) into an HttpOnly, SameSite=Strict cookie."""
        form = await request.form(max_files=0, max_fields=4)
        offered, target = form.get("token"), _local_path(str(form.get("next") or "/"))
        if token is None:
            raise HTTPException(404, "this server has no token to log in with")
        if not isinstance(offered, str) or not _same(offered, token):
            return templates.TemplateResponse(request, "login.html", {"next": target, "failed": True},
                                              status_code=401)
        redirect = RedirectResponse(target, status_code=303)
        redirect.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
        return redirect

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
    def page_of_stories(store: Store, limit: int, offset: int, q: str | None, date_from: dt.date | None,
                        date_to: dt.date | None, place: str | None, entity: str | None, outlet: str | None,
                        status: str | None) -> tuple[int, list[Story]]:
        """(total, one page of stories, newest first). Unfiltered, only the page is read
        (the common case: the front page); filtered, the matches are found first."""
        if not any((q, date_from, date_to, place, entity, outlet, status)):
            return store.stories_page(limit, offset)
        stories = find_stories(store, q, date_from, date_to, place, entity, outlet, status)
        return len(stories), stories[offset : offset + limit]

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
            narrow(set(store.story_of([d for d, _ in store.search(q, 1000)]).values()))
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
        with ingest_lock, _process_lock(db_path):
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
                    raise BodyTooLarge(MAX_UPLOAD_BYTES)
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
        from .workbench import mark_visit, news_since, visit_start

        key = (store.revision(), str(request.url), visit_start(request))
        body = pages.get(key)
        if body is not None:
            return mark_visit(HTMLResponse(body), request)
        filters = {"q": q, "date_from": date_from, "date_to": date_to, "place": place, "entity": entity,
                   "outlet": outlet, "status": status}
        total, shown = page_of_stories(store, PAGE_SIZE, (page - 1) * PAGE_SIZE, q, _date(date_from), _date(date_to),
                                       place, entity, outlet, status)
        overviews = store.overviews([s.id for s in shown])
        hits = []
        if q:
            found = store.search(q, 20)
            docs = {d.id: d for d in store.documents([d for d, _ in found])}
            hits = [(docs[d], snippet) for d, snippet in found if d in docs]
        active = {k: v for k, v in filters.items() if v}
        news = news_since(request, store)
        response = templates.TemplateResponse(request, "stories.html", {
            "stories": shown, "overviews": overviews, "total": total, "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)), "filters": filters, "hits": hits,
            "query_for": lambda n: urlencode({**active, "page": n}), "news": news,
        })
        pages.put(key, response.body)
        return mark_visit(response, request)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, store: Store = Depends(get_store)):
        from .story_view import story_view
        from .workbench import news_since, visit_start

        key = (store.revision(), str(request.url), visit_start(request))
        body = pages.get(key)
        if body is not None:
            return HTMLResponse(body)
        p = picture_or_404(store, story_id)
        docs = {d.id: d for d in store.documents(p.story.documents)}
        news = news_since(request, store, story_id)
        view = story_view(p, docs, [c for _, _, items in news["stories"] for c in items])
        positions = {}
        if view["timeline"]:
            first = dt.date.fromisoformat(view["timeline"][0]["date"])
            span = max(1, (dt.date.fromisoformat(view["timeline"][-1]["date"]) - first).days)
            positions = {day: round((dt.date.fromisoformat(day) - first).days / span * 100, 1)
                         for day, _ in view["timeline_days"]}
        response = templates.TemplateResponse(request, "story.html", {
            "p": p, "docs": docs, "v": view, "positions": positions, "since": news["since"],
        })
        pages.put(key, response.body)
        return response

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
        story_id = store.story_of([doc_id]).get(doc_id)
        return templates.TemplateResponse(request, "document.html", {
            "doc": doc, "analysis": analysis, "body": highlight_text(doc.text, spans), "story_id": story_id,
            "corrected": request.query_params.get("corrected") == "1", "corrections": store.corrections(doc_id),
            "grade": store.reliability_grades().get(doc.outlet) if doc.outlet else None,
        })

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        """The OpenAPI schema rendered on the server: works offline and under the CSP
        (Swagger UI would need a CDN and inline script)."""
        schema = app.openapi()
        operations = [
            {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
             "description": op.get("description", ""), "example": _example(method, path, op),
             "parameters": [(p["name"], p.get("in", ""), p.get("required", False), p.get("description", ""))
                            for p in op.get("parameters", [])]}
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

    from .workbench import register as register_workbench

    register_workbench(app, templates, get_store)

    # -- REST API ------------------------------------------------------------------
    @app.get("/api/documents", tags=["documents"], summary="List stored reports (metadata, no text)")
    def api_documents(store: Store = Depends(get_store), limit: int = Query(50, ge=1, le=500),
                      offset: int = Query(0, ge=0), outlet: str | None = None):
        """Reports in ingest order, a page at a time; `outlet` keeps those whose outlet contains it."""
        total, docs = store.page_documents(limit, offset, outlet)
        meta = report_dict(Report(documents=docs, stories=[]))["documents"]
        return {"total": total, "limit": limit, "offset": offset, "items": meta}

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One report: text, story and full analysis")
    def api_document(doc_id: str, store: Store = Depends(get_store)):
        """The report's metadata and text, the story it belongs to, and its analysis (sentences, entities, places, times, claims, events)."""
        from ..model import to_jsonable

        doc = document_or_404(store, doc_id)
        item = report_dict(Report(documents=[doc], stories=[]))["documents"][0]
        analysis = store.analyses([doc_id]).get(doc_id)
        item.update(text=doc.text, story=store.story_of([doc_id]).get(doc_id),
                    analysis=to_jsonable(analysis) if analysis else None)
        return item

    @app.get("/api/stories", tags=["stories"], summary="List stories, newest first, with filters")
    def api_stories(store: Store = Depends(get_store), q: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, place: str | None = None, entity: str | None = None,
                    outlet: str | None = None, status: str | None = Query(None, pattern="^(corroborated|single-source|contested)$"),
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        """Stories filtered by words (`q`), dates, a place, an entity, an outlet or a fact status; e.g. `?place=Tartus&status=contested`."""
        total, shown = page_of_stories(store, limit, offset, q, date_from, date_to, place, entity, outlet, status)
        items = [{"id": s.id, "title": s.title, "start": iso_date(s.start), "end": iso_date(s.end), "documents": s.documents}
                 for s in shown]
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="One story's whole situation picture")
    def api_story(story_id: str, store: Store = Depends(get_store)):
        """The JSON contract of one story (schema: `report.schema.json`): claims, facts with independent-source counts, contradictions, places, events, timeline."""
        return story_dict(picture_or_404(store, story_id))

    @app.get("/api/stories/{story_id}/{part}", tags=["stories"], summary="One part of a story (facts, places, ...)")
    def api_story_part(story_id: str, part: str, store: Store = Depends(get_store)):
        """One list of the story picture: facts, contradictions, discrepancies, entities, places, events, claims or times; e.g. `/api/stories/s2f0a0c6020c8/places` for the map."""
        if part not in STORY_PARTS:
            raise HTTPException(404, f"no story part {part!r}; one of: {', '.join(STORY_PARTS)}")
        return {"story": story_id, "items": story_dict(picture_or_404(store, story_id))[part]}

    @app.get("/api/search", tags=["search"], summary="Search reports (stemmed, with spelling variants and facets)")
    def api_search(q: str = Query(..., min_length=1, description="Words or \"quoted phrases\"; e.g. Hmeimim"),
                   limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0),
                   outlet: str | None = Query(None, description="Only this outlet (a facet value)"),
                   place: str | None = Query(None, description="Only reports naming this place (a facet value)"),
                   entity: str | None = Query(None, description="Only reports naming this entity (a facet value)"),
                   date: str | None = Query(None, description="Only reports published this day, YYYY-MM-DD"),
                   store: Store = Depends(get_store)):
        """Full-text search over every stored report. Words are stemmed and irregular forms
        added ("withdrawal" finds "withdrew"); a place or entity is also searched by its other
        names ("Hmeimim" finds "Khmeimim"). `facets` counts every match by outlet, place,
        entity and publication day; pass one back as a filter to narrow."""
        result = store.search_documents(q, limit, offset,
                                        {"outlet": outlet, "place": place, "entity": entity, "date": date})
        return {"query": q, "total": result.total, "limit": limit, "offset": offset,
                "searched": result.groups, "filters": result.filters,
                "facets": {k: [{"value": v, "count": n} for v, n in vals] for k, vals in result.facets.items()},
                "items": [{"document": h.document, "title": h.title, "outlet": h.outlet, "published": h.published,
                           "snippet": h.snippet, "story": h.story} for h in result.hits]}

    @app.post("/api/ingest", tags=["ingest"], summary="Ingest reports (upload files or give a URL) and fuse them")
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

    @app.get("/api/export/{fmt}", tags=["export"], summary="Export everything as JSON, GeoJSON or ACLED-like CSV")
    def api_export(fmt: str, store: Store = Depends(get_store)):
        """`json`: the report contract; `geojson`: places and events as features; `csv`: one row per event, ACLED-like columns."""
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


_EXAMPLE_VALUES = {"story_id": "s2f0a0c6020c8", "doc_id": "d0eefdcb23903", "part": "places", "fmt": "geojson",
                   "q": "Hmeimim"}


def _example(method: str, path: str, op: dict) -> str:
    """A request to copy for the API page: path parameters filled in, required (or
    exemplified) query parameters given their example values."""
    query = {}
    for p in op.get("parameters", []):
        value = (p.get("examples") or p.get("schema", {}).get("examples") or [None])[0] or _EXAMPLE_VALUES.get(p["name"])
        if p.get("in") == "path":
            path = path.replace("{" + p["name"] + "}", str(value or p["name"]))
        elif p.get("in") == "query" and value is not None and (p.get("required") or p["name"] in ("q", "a", "b")):
            query[p["name"]] = value
    return f"{method.upper()} {path}" + (f"?{urlencode(query)}" if query else "")


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


def bind_host(host: str) -> str:
    """The address to bind for ``--host``: ``[::1]`` -> ``::1`` (uvicorn wants the bare
    IPv6 address); raise NewsfuseError for something that is no address or host name."""
    bare = host.strip()
    if bare.startswith("[") and bare.endswith("]"):
        bare = bare[1:-1]
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
        return bare
    except ValueError:
        pass
    if not re.fullmatch(r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?", bare):
        raise NewsfuseError(f"--host {host!r} is not an IP address or host name (e.g. 127.0.0.1, ::1, localhost)")
    return bare


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_unspecified
    except ValueError:
        return False


@contextlib.contextmanager
def _process_lock(db_path: str) -> Iterator[None]:
    """One ingest at a time across the server's worker processes too (``serve --workers``):
    an update reads and writes the clusterer's rows, which must not interleave. A lock
    file beside a SQLite database; PostgreSQL serialises writers itself."""
    if "://" in db_path or db_path == ":memory:":
        yield
        return
    import fcntl

    with open(db_path + ".ingest-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def app_from_environment() -> FastAPI:
    """The app for a uvicorn worker process (``serve --workers N``): database and token
    are passed through the environment, as uvicorn imports the app in each worker."""
    names = [n for n in os.environ.get("NEWSFUSE_SERVE_HOSTS", "").split("\n") if n]
    return create_app(os.environ["NEWSFUSE_SERVE_DB"], os.environ.get("NEWSFUSE_SERVE_TOKEN") or None, names)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          allowed_hosts: Iterable[str] = (), workers: int = 1) -> None:
    """Run the app with uvicorn, in ``workers`` processes (pages are CPU-bound Python:
    one process per core serves more requests). Binding beyond loopback without a token
    is refused. The host bound to (unless a wildcard such as 0.0.0.0) is an allowed
    ``Host`` name, with ``allowed_hosts`` and ``$NEWSFUSE_ALLOWED_HOSTS``."""
    host = bind_host(host)
    if not _is_loopback(host) and not token:
        raise NewsfuseError(
            f"refusing to serve on {host} without a token: anyone on the network could read and ingest. "
            "Pass --token (or set NEWSFUSE_TOKEN), or bind to 127.0.0.1."
        )
    import uvicorn

    names = [*allowed_hosts, *os.environ.get("NEWSFUSE_ALLOWED_HOSTS", "").split(",")]
    if not _is_wildcard(host):
        names.append(host)
    if workers <= 1:
        uvicorn.run(create_app(db_path, token, names), host=host, port=port, log_level="warning")
        return
    create_app(db_path, token, names)  # fail here, once, with the store's message
    os.environ["NEWSFUSE_SERVE_DB"] = str(db_path)
    os.environ["NEWSFUSE_SERVE_HOSTS"] = "\n".join(n for n in names if n)
    if token:
        os.environ["NEWSFUSE_SERVE_TOKEN"] = token
    uvicorn.run("newsfuse.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")
