"""The web app and REST API over the example corpus and the seed reports, ingested into
a temporary store by the real pipeline."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse import pipeline
from newsfuse.errors import NewsfuseError
from newsfuse.report.html import render_html
from newsfuse.store import Store
from newsfuse.web.app import MAX_UPLOAD_BYTES, create_app, serve

from .conftest import EXAMPLES, SEEDS

pytestmark = pytest.mark.slow
LOCAL = "http://127.0.0.1"  # the app answers only requests addressed to its own (loopback) names

XSS_TITLE = '<script>alert("title")</script>'
XSS_OUTLET = '<img src=x onerror=alert("outlet")>'
XSS_TEXT = ('Rebels entered Damascus on Sunday <script>alert("text")</script> while officials in Tartus '
            'said <a href="javascript:alert(1)">the base</a> was calm <svg onload=alert(2)>. ')


def _error_shape(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed reports not found in {SEEDS}")
    db = tmp_path_factory.mktemp("web") / "corpus.db"
    store = Store(db)
    _, summary = pipeline.run([str(EXAMPLES), *map(str, seeds)], store)
    store.close()
    assert summary.read >= 20, summary.failures
    return db


@pytest.fixture(scope="module")
def client(corpus_db) -> TestClient:
    return TestClient(create_app(corpus_db), raise_server_exceptions=False, base_url=LOCAL)


def _all_stories(client) -> list[dict]:
    return client.get("/api/stories", params={"limit": 500}).json()["items"]


def _seed_story(client) -> dict:
    ids = {p.name for p in SEEDS.glob("*.txt")}
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    seed_docs = {d["id"] for d in docs if Path(d["path"]).name in ids}
    return next(s for s in _all_stories(client) if seed_docs & set(s["documents"]))


def test_story_list_paginates_with_total(client):
    first = client.get("/api/stories", params={"limit": 2}).json()
    assert first["total"] >= 4 and first["limit"] == 2 and first["offset"] == 0 and len(first["items"]) == 2
    seen = []
    for offset in range(0, first["total"], 2):
        seen += [s["id"] for s in client.get("/api/stories", params={"limit": 2, "offset": offset}).json()["items"]]
    assert len(seen) == len(set(seen)) == first["total"]


def test_story_filters_by_place_entity_outlet_status_and_dates(client):
    stories = {s["id"]: s for s in _all_stories(client)}
    titles = lambda r: [stories[s["id"]]["title"] for s in r.json()["items"]]  # noqa: E731
    seed = _seed_story(client)
    by_place = client.get("/api/stories", params={"place": "tartus"}).json()
    assert seed["id"] in {s["id"] for s in by_place["items"]}
    assert not any("Baltimore" in t or "Key Bridge" in t for t in titles(client.get("/api/stories", params={"place": "tartus"})))
    march = client.get("/api/stories", params={"date_from": "2024-03-01", "date_to": "2024-03-31"}).json()
    assert march["total"] >= 1
    assert all(s["start"] <= "2024-03-31" and s["end"] >= "2024-03-01" for s in march["items"])
    contested = client.get("/api/stories", params={"status": "contested"}).json()["items"]
    assert seed["id"] in {s["id"] for s in contested}
    for s in contested:
        facts = client.get(f"/api/stories/{s['id']}/facts").json()["items"]
        assert any(f["status"] == "contested" for f in facts)
    docs = client.get("/api/documents", params={"limit": 500}).json()["items"]
    outlet = next(d["outlet"] for d in docs if d["outlet"])
    with_outlet = client.get("/api/stories", params={"outlet": outlet}).json()["items"]
    outlet_docs = {d["id"] for d in docs if d["outlet"] and outlet.lower() in d["outlet"].lower()}
    assert with_outlet and all(outlet_docs & set(s["documents"]) for s in with_outlet)
    entity = client.get(f"/api/stories/{seed['id']}/entities").json()["items"][0]["name"]
    assert seed["id"] in {s["id"] for s in client.get("/api/stories", params={"entity": entity}).json()["items"]}
    assert client.get("/api/stories", params={"place": "no-such-place-anywhere"}).json()["total"] == 0


def test_seed_story_shows_the_assad_dispute_and_hur_sourced_facts(client):
    seed = _seed_story(client)
    story = client.get(f"/api/stories/{seed['id']}").json()
    contradictions = client.get(f"/api/stories/{seed['id']}/contradictions").json()["items"]
    claims = {c["id"]: c for c in story["claims"]}
    assert any("Assad" in claims[c]["text"] for x in contradictions for c in x["claims"])
    facts = client.get(f"/api/stories/{seed['id']}/facts").json()["items"]
    assert story["facts"] == facts
    page = client.get(f"/stories/{seed['id']}")
    assert page.status_code == 200 and "Contested issues" in page.text and 'id="map"' in page.text
    for part in ("places", "events", "entities", "discrepancies"):
        assert client.get(f"/api/stories/{seed['id']}/{part}").json()["items"] == story[part]


def test_document_page_highlights_claims_entities_and_times(client):
    seed = _seed_story(client)
    doc_id = seed["documents"][0]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["story"] == seed["id"] and doc["analysis"]["claims"]
    page = client.get(f"/documents/{doc_id}").text
    first = doc["analysis"]["claims"][0]
    assert f'id="claim-{first["id"]}"' in page
    assert 'class="m-time"' in page and ('class="m-entity"' in page or 'class="m-place"' in page)


def test_search_finds_reports_and_their_stories(client):
    hits = client.get("/api/search", params={"q": "Khmeimim"}).json()["items"]
    assert hits and all(h["story"] for h in hits)
    assert _seed_story(client)["id"] in {h["story"] for h in hits}
    page = client.get("/", params={"q": "Khmeimim"}).text
    assert "Matching reports" in page


def test_every_error_has_one_shape(client, corpus_db, tmp_path):
    _error_shape(client.get("/api/stories/s-nope"), 404, "not_found")
    _error_shape(client.get("/api/documents/d-nope"), 404, "not_found")
    _error_shape(client.get("/api/stories/s-nope/facts"), 404, "not_found")
    _error_shape(client.get("/api/no-such-route"), 404, "not_found")
    _error_shape(client.get("/api/export/xlsx"), 404, "not_found")
    detail = _error_shape(client.get("/api/stories", params={"limit": 0}), 422, "validation_error")["detail"]
    assert detail[0]["loc"] == ["query", "limit"]
    _error_shape(client.get("/api/stories", params={"date_from": "8 Dec"}), 422, "validation_error")
    _error_shape(client.get("/api/search"), 422, "validation_error")
    _error_shape(client.delete("/api/stories"), 405, "method_not_allowed")
    broken = tmp_path / "broken.db"
    shutil.copy(corpus_db, broken)
    with sqlite3.connect(broken) as db:
        sid = db.execute("SELECT id FROM stories LIMIT 1").fetchone()[0]
        db.execute("UPDATE stories SET picture = '{not json' WHERE id = ?", (sid,))
    bad = TestClient(create_app(broken), raise_server_exceptions=False, base_url=LOCAL)
    resp = bad.get(f"/api/stories/{sid}")
    _error_shape(resp, 500, "internal_error")
    assert "Content-Security-Policy" in resp.headers


def test_exports_over_the_api(client):
    geo = client.get("/api/export/geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = json.loads(geo.text)["features"]
    assert any(f["properties"]["kind"] == "place" and f["properties"]["name"] == "Damascus" for f in features)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/csv").text)))
    assert rows and {"event_date", "event_type", "latitude", "notes"} <= set(rows[0])
    assert len(client.get("/api/export/json").json()["stories"]) == client.get("/api/stories").json()["total"]


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest", "/api/export/{fmt}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_security_headers_on_pages_api_static_and_errors(client):
    for url in ["/", "/ingest", "/api/stories", "/static/app.js", "/api/stories/s-nope", "/stories/s-nope"]:
        resp = client.get(url)
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"], url
        assert "unsafe-inline" not in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_ingest_upload_runs_the_pipeline(corpus_db, tmp_path):
    db = tmp_path / "upload.db"
    shutil.copy(corpus_db, db)
    client = TestClient(create_app(db), raise_server_exceptions=False, base_url=LOCAL)
    before = client.get("/api/documents").json()["total"]
    text = (EXAMPLES / "reports" / "levant-strategic-tartous.txt").read_bytes()
    fresh = (b"Date: 2024-12-09\n\nRussian transport aircraft left the Khmeimim air base near Latakia on Monday, "
             b"a Syrian opposition spokesman said, as the new authorities in Damascus took over ministries.\n")
    resp = client.post("/api/ingest", files=[("files", ("again.txt", text, "text/plain")),
                                             ("files", ("../../etc/fresh report.txt", fresh, "text/plain"))])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["read"] == 2 and body["added"] == 1 and body["already_stored"] == 1 and not body["failures"]
    assert body["stories"]
    assert client.get("/api/documents").json()["total"] == before + 1
    paths = [d["path"] for d in client.get("/api/documents", params={"limit": 500}).json()["items"]]
    assert any(p.startswith("upload:") and p.endswith("report.txt") for p in paths), paths
    again = client.post("/api/ingest", files=[("files", ("fresh report.txt", fresh, "text/plain"))]).json()
    assert again["added"] == 0 and again["already_stored"] == 1
    page = client.post("/ingest", files=[("files", ("empty.txt", b"", "text/plain"))])
    assert page.status_code == 200 and "Failed" in page.text and "upload:empty.txt" in page.text
    _error_shape(client.post("/api/ingest", json={"url": "file:///etc/passwd"}), 400, "bad_request")
    _error_shape(client.post("/api/ingest", json={"link": "https://x.example"}), 422, "validation_error")
    _error_shape(client.post("/api/ingest", content=b"x", headers={"content-type": "text/plain"}), 415,
                 "unsupported_media_type")
    too_big = b"a" * (MAX_UPLOAD_BYTES + 1)
    _error_shape(client.post("/api/ingest", files=[("files", ("big.txt", too_big, "text/plain"))]), 413,
                 "payload_too_large")


def test_token_is_required_on_every_route_when_set(corpus_db):
    client = TestClient(create_app(corpus_db, token="s3cret-token"), raise_server_exceptions=False, base_url=LOCAL)
    for url in ["/", "/api/stories", "/static/app.js", "/openapi.json", "/api/export/csv"]:
        _error_shape(client.get(url), 401, "unauthorized")
    _error_shape(client.get("/api/stories", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
    assert client.get("/api/stories", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    _error_shape(client.get("/api/stories?token=s3cret-token"), 400, "bad_request")  # never in a URL
    assert client.get("/?token=s3cret-token").status_code == 400
    page = client.get("/?place=tartus", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2F"
    assert "password" in client.get("/login").text
    assert client.post("/login", data={"token": "wrong", "next": "/"}).status_code == 401
    login = client.post("/login", data={"token": "s3cret-token", "next": "/?place=tartus"}, follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/?place=tartus"
    assert "httponly" in login.headers["set-cookie"].lower() and "samesite=strict" in login.headers["set-cookie"].lower()
    assert client.get("/?place=tartus").status_code == 200  # the cookie now carries the token
    assert client.get("/static/app.js").status_code == 200
    evil = client.post("/login", data={"token": "s3cret-token", "next": "//evil.example/"}, follow_redirects=False)
    assert evil.headers["location"] == "/"


def test_serve_refuses_to_bind_beyond_localhost_without_token(corpus_db):
    with pytest.raises(NewsfuseError, match="without a token"):
        serve(corpus_db, host="0.0.0.0", port=1)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src"))
        if tag in {"img", "iframe", "object"} or (tag == "svg" and attrs.get("class") != "map"):
            self.bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {name}={value}")


def _assert_inert(page: str, where: str) -> None:
    for payload in (XSS_TITLE, XSS_OUTLET, '<script>alert("text")</script>', '<svg onload=alert(2)>',
                    '<a href="javascript:alert(1)"'):
        assert payload not in page, f"{where}: raw payload {payload!r}"
    tags = _Tags()
    tags.feed(page)
    assert not tags.bad, f"{where}: {tags.bad}"
    assert all(src and src.startswith("/static/") for src in tags.scripts), f"{where}: {tags.scripts}"


def test_hostile_corpus_renders_inert_everywhere(tmp_path):
    records = [
        {"title": XSS_TITLE, "outlet": XSS_OUTLET, "date": "2024-12-08", "text": XSS_TEXT * 3},
        {"title": f"Damascus falls {XSS_TITLE}", "outlet": f"Wire {XSS_OUTLET}", "date": "2024-12-08",
         "text": "According to HUR, Russian ships left Tartus on Sunday. " + XSS_TEXT},
    ]
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "hostile.db"
    store = Store(db)
    report, summary = pipeline.run([str(corpus)], store)
    store.close()
    assert summary.added == 2 and report.stories
    _assert_inert(render_html(report), "HTML report")
    client = TestClient(create_app(db), raise_server_exceptions=False, base_url=LOCAL)
    urls = ["/", "/?q=script", "/?place=%3Cscript%3E", "/ingest", "/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
    urls += [f"/stories/{p.story.id}" for p in report.stories]
    urls += [f"/documents/{d.id}" for d in report.documents]
    for url in urls:
        resp = client.get(url, headers={"Accept": "text/html"})
        assert resp.status_code in (200, 404), url
        assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
        _assert_inert(resp.text, url)
    api = client.get(f"/api/stories/{report.stories[0].story.id}/places")
    assert api.headers["content-type"] == "application/json"


def test_api_docs_page_lists_every_api_route_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "script" not in page.text.lower().split("<body", 1)[1].split("</main>")[0]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest"):
        assert f"<code>{path}</code>" in page.text
    assert client.get("/openapi.json").json()["paths"]
    assert "Api Story Part" not in page.text and "One part of a story" in page.text  # real summaries
    assert "GET /api/search?q=Hmeimim" in page.text  # an example to copy for every operation
    spec = client.get("/openapi.json").json()
    assert all(op.get("summary") and op.get("description") for item in spec["paths"].values() for op in item.values())


def test_search_page_finds_a_spelling_variant_with_dates_and_facets(client):
    page = client.get("/search", params={"q": "Hmeimim"})
    assert page.status_code == 200
    assert "<mark>Khmeimim" in page.text and "2024-12-08" in page.text and "undated" in page.text
    assert 'data-facet="place"' in page.text and "Also searched" in page.text
    narrowed = client.get("/search", params={"q": "Hmeimim", "date": "2024-12-08"}).text
    assert "date: 2024-12-08" in narrowed and "undated" not in narrowed.split('id="h-hits"')[1]
    api = client.get("/api/search", params={"q": "Tartus withdrawal"}).json()
    assert api["total"] >= 2 and any("[withdrew]" in h["snippet"] for h in api["items"])
    assert {"outlet", "place", "entity", "date"} <= set(api["facets"])
    assert client.get("/search", params={"q": '"<script>alert(1)</script>'}).text.count("<script>alert") == 0


def test_clock_time_reads_hours_a_sentence_gives_and_nothing_else():
    from newsfuse.web.story_view import clock_time

    assert clock_time("A magnitude 7.8 earthquake struck at 04:17 local time on Monday")["label"] == "04:17 local time"
    assert clock_time("Shortly after 13:20 a second quake hit")["hm"] == "13:20"
    assert clock_time("the ship struck a pier at about 1:29 a.m. on Tuesday")["hm"] == "01:29"
    assert clock_time("talks resumed at 7.30pm")["hm"] == "19:30"
    assert clock_time("the council meets at 12:05 p.m.")["hm"] == "12:05"
    for text in ("Shakhtar won 3:1 on Sunday", "as John 3:16 says", "shares traded at 4.50 a share", "at 13:20 p.m."):
        assert clock_time(text) is None, text


def test_cached_pages_are_rendered_again_after_any_write_to_the_store(corpus_db, tmp_path):
    """Story list and story pages are cached by the store's revision, which every committed
    transaction changes (a correction here, written through another Store as another
    process would): the next request shows the new state, never the cached one."""
    db = tmp_path / "copy.db"
    shutil.copy(corpus_db, db)
    client = TestClient(create_app(db), base_url=LOCAL)
    story = _seed_story(client)
    page = f"/stories/{story['id']}"
    before, listed = client.get(page).text, client.get("/").text
    assert client.get(page).text == before and client.get("/").text == listed
    writer = Store(db)
    revision = writer.revision()
    doc_id = story["documents"][0]
    pipeline.correct(writer, doc_id, title="Corrected headline about Tartus")
    assert writer.revision() != revision
    writer.close()
    after = client.get(page).text
    assert "Corrected headline about Tartus" in after and "Corrected headline about Tartus" not in before
