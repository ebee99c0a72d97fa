"""Cross-site writes, DNS rebinding, tokens in URLs and unbounded request bodies
(issue 13), against the app in-process and a real uvicorn server on loopback."""
from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from newsfuse.errors import NewsfuseError
from newsfuse.store import Store
from newsfuse.web import app as web
from newsfuse.web.app import MAX_BODY_BYTES, MAX_SMALL_BODY_BYTES, bind_host, create_app

LOCAL = "http://127.0.0.1"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "web.db"
    Store(path).close()
    return path


@pytest.fixture
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False, base_url=LOCAL)


def _code(resp) -> str:
    return resp.json()["error"]["code"]


def _documents(db) -> int:
    store = Store(db)
    try:
        return store.count_documents()
    finally:
        store.close()


def test_requests_to_a_foreign_host_name_are_refused(db, client, monkeypatch):
    for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example"):
        resp = client.get("/healthz", headers={"Host": host})
        assert resp.status_code == 400 and _code(resp) == "bad_request", host
        assert "Content-Security-Policy" in resp.headers
    assert client.post("/api/ingest", json={"url": "https://x.example"},
                       headers={"Host": "attacker.example"}).status_code == 400
    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:9", "[::1]:8000", "127.0.0.2"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    named = TestClient(create_app(db, allowed_hosts=["news.example"]), base_url="http://news.example")
    assert named.get("/healthz").status_code == 200
    monkeypatch.setenv("NEWSFUSE_ALLOWED_HOSTS", "intranet.example, other.example")
    from_env = TestClient(create_app(db), base_url="http://other.example")
    assert from_env.get("/healthz").status_code == 200
    assert from_env.get("/healthz", headers={"Host": "news.example"}).status_code == 400


def test_cross_origin_writes_are_refused_before_anything_is_read(db, client):
    files = [("files", ("x.txt", b"Rebels entered Damascus on Sunday, officials said.", "text/plain"))]
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"},
                    {"Origin": "http://127.0.0.1:9999"},  # another port is another origin
                    {"Referer": "http://evil.example/page.html"},
                    {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1"}):
        resp = client.post("/api/ingest", files=files, headers=headers)
        assert resp.status_code == 403 and _code(resp) == "forbidden", headers
        assert client.post("/ingest", files=files, headers=headers).status_code == 403
    assert _documents(db) == 0
    # the same origin, and clients that name no origin (curl, scripts), pass the check
    for headers in ({"Origin": LOCAL}, {"Referer": LOCAL + "/ingest"}, {"Sec-Fetch-Site": "same-origin"}, {}):
        resp = client.post("/api/ingest", content=b"x", headers={**headers, "Content-Type": "text/plain"})
        assert resp.status_code == 415, headers
    # reads are not writes: a cross-origin GET is answered (the browser keeps the answer from the page)
    assert client.get("/api/stories", headers={"Origin": "http://evil.example"}).status_code == 200


def test_token_only_in_a_header_or_the_cookie(db):
    client = TestClient(create_app(db, token="t0ken"), raise_server_exceptions=False, base_url=LOCAL)
    assert client.get("/api/stories", params={"token": "t0ken"}).status_code == 400
    assert client.get("/api/stories", params={"token": "wrong"}).status_code == 400
    assert client.get("/api/stories", headers={"Authorization": "Bearer t0ken"}).status_code == 200
    assert client.get("/api/stories", cookies={web.TOKEN_COOKIE: "t0ken"}).status_code == 200
    assert client.get("/api/stories", cookies={web.TOKEN_COOKIE: "nope"}).status_code == 401
    # a cross-site page cannot log the browser in with its own token either
    assert client.post("/login", data={"token": "t0ken"}, headers={"Origin": "http://evil.example"}).status_code == 403


def test_oversized_bodies_are_refused_whatever_the_headers_say(client):
    def chunks(total: int, size: int = 64 * 1024):
        sent = 0
        while sent < total:
            yield b" " * size
            sent += size

    # no Content-Length (chunked): counted as it arrives
    resp = client.post("/api/ingest", content=chunks(MAX_SMALL_BODY_BYTES * 4),
                       headers={"Content-Type": "application/json"})
    assert resp.status_code == 413 and _code(resp) == "payload_too_large"
    resp = client.post("/api/ingest", content=chunks(MAX_BODY_BYTES + 2**20),
                       headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert resp.status_code == 413
    resp = client.post("/api/ingest", content=b"{}", headers={"Content-Type": "application/json",
                                                             "Content-Length": str(MAX_SMALL_BODY_BYTES + 1)})
    assert resp.status_code == 413


@pytest.fixture
def live_server(db):
    import uvicorn

    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not (server.started and server.servers):
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(10)


def _stream_chunked(port: int, content_type: str, total: int, start: bytes = b"") -> tuple[int, bytes]:
    """Send a chunked body of ``start`` and then up to ``total`` bytes; (bytes the server
    took, its answer)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(f"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    if start:
        sock.sendall(f"{len(start):x}\r\n".encode() + start + b"\r\n")
    chunk = b"x" * (1 << 20)
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    try:
        while sent < total:
            sock.sendall(frame)
            sent += len(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:  # the server answered and closed: stop sending
        pass
    sock.settimeout(20)
    answer = b""
    try:
        while chunk_in := sock.recv(65536):
            answer += chunk_in
    except OSError:
        pass
    sock.close()
    return sent, answer


def test_real_server_stops_reading_a_chunked_body_at_the_limit(live_server):
    sent, answer = _stream_chunked(live_server, "application/json", 600 << 20)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 64 << 20, f"the server took {sent >> 20} MB of a JSON body"
    part = (b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n")
    sent, answer = _stream_chunked(live_server, "multipart/form-data; boundary=b", 400 << 20, part)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < MAX_BODY_BYTES + (64 << 20), f"the server took {sent >> 20} MB of a multipart body"


def test_serve_host_checks(db, monkeypatch):
    import uvicorn

    assert bind_host("[::1]") == "::1" and bind_host("127.0.0.1") == "127.0.0.1"
    assert bind_host("localhost") == "localhost" and bind_host("fe80::1%eth0") == "fe80::1%eth0"
    for bad in ("[oops", "evil host", "http://127.0.0.1", ""):
        with pytest.raises(NewsfuseError, match="not an IP address or host name"):
            bind_host(bad)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    web.serve(db, host="[::1]", port=1)  # loopback: no token needed, and uvicorn gets "::1"
    assert calls[-1]["host"] == "::1"
    with pytest.raises(NewsfuseError, match="without a token"):
        web.serve(db, host="[::ffff:10.0.0.1]", port=1)


def test_cli_serve_host_is_checked_before_uvicorn(db, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from newsfuse.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "[::1]", "--port", "1"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "::1"
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--host", "[oops"])
    assert result.exit_code == 2 and "not an IP address or host name" in result.output


def test_an_upload_with_a_hostile_record_stores_the_rest(db, client):
    body = ('{"text": "Rescue teams searched collapsed buildings in Antakya on Tuesday, officials said.", '
            '"url": "http://[oops"}\n{"n": ' + "1" * 5000 + '}\n[' + "[" * 100_000 + "]\n")
    resp = client.post("/api/ingest", files=[("files", ("wire.jsonl", body.encode(), "application/x-ndjson"))])
    assert resp.status_code == 200, resp.text
    result = resp.json()
    assert result["added"] == 1 and result["stories"]
    assert [f["source"] for f in result["failures"]] == ["upload:wire.jsonl:line 2", "upload:wire.jsonl:line 3"]
    assert _documents(db) == 1
