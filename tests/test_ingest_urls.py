"""Fetching URLs: success paths against a local http.server, and every refusal."""
from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from newsfuse.errors import InputError
from newsfuse.ingest import read_sources
from newsfuse.ingest.urls import check_url, fetch_url
from newsfuse.model import Document
from newsfuse.settings import IngestSettings

DATA = Path(__file__).parent / "data" / "ingest"
LOCAL = IngestSettings(allow_private_urls=True, url_timeout=5.0)
BIG_TEXT = ("Witnesses said the column of trucks moved north through the night. " * 40 + "\n") * 800


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/article": ("text/html; charset=utf-8", (DATA / "article.html").read_bytes()),
        "/feed": ("application/rss+xml", (DATA / "feed_full.rss").read_bytes()),
        "/untyped-feed": ("", (DATA / "feed.atom").read_bytes()),
        "/plain": ("text/plain; charset=utf-8",
                   b"date: 2024-11-02\n\nThe airport reopened on Saturday after the fog lifted."),
        "/photo": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "/big.txt": ("text/plain", BIG_TEXT.encode()),
        "/big.html": ("text/html", b"<html><body>" + b"<p>Paragraph of news.</p>" * 40_000),
    }

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path not in self.routes:
            self.send_error(404)
            return
        content_type, body = self.routes[self.path]
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its size cap

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def read(url: str, settings: IngestSettings = LOCAL) -> list[Document | InputError]:
    return list(read_sources([url], settings))


def test_html_page_is_fetched_and_extracted(server):
    [doc] = read(f"{server}/article")
    assert isinstance(doc, Document)
    assert doc.path == f"{server}/article"
    assert doc.url == f"{server}/article"
    assert doc.title == "Floodwaters force evacuations in river valley towns"
    assert doc.outlet == "The Valley Courier"
    assert doc.published == dt.date(2024, 10, 19)


def test_redirect_is_followed_and_the_final_url_kept(server):
    [doc] = read(f"{server}/redirect")
    assert doc.path == f"{server}/redirect"
    assert doc.url == f"{server}/article"


def test_feed_url_yields_one_document_per_item(server):
    docs = read(f"{server}/feed")
    assert [d.path for d in docs] == [
        f"{server}/feed#hg-2024-0304-strike",
        f"{server}/feed#https://harbourgazette.example/2024/03/05/ferry-resumes",
    ]
    assert [d.partial for d in docs] == [False, True]


def test_feed_without_content_type_is_sniffed(server):
    [doc] = read(f"{server}/untyped-feed")
    assert doc.path.endswith("#urn:uuid:1d7b2c6e-avalanche")


def test_plain_text_url_reads_its_header(server):
    [doc] = read(f"{server}/plain")
    assert doc.published == dt.date(2024, 11, 2)
    assert doc.text == "The airport reopened on Saturday after the fog lifted."
    assert doc.outlet == "127.0.0.1"


def test_unsupported_content_type_is_refused(server):
    [error] = read(f"{server}/photo")
    assert isinstance(error, InputError)
    assert error.source == f"{server}/photo"
    assert "unsupported content type 'image/png'" in error.problem


def test_http_error_status_is_an_input_error(server):
    [error] = read(f"{server}/missing")
    assert isinstance(error, InputError) and "HTTP 404" in error.problem


def test_download_stops_at_the_size_cap(server):
    settings = IngestSettings(allow_private_urls=True, max_bytes=100_000)
    [doc] = read(f"{server}/big.txt", settings)
    assert isinstance(doc, Document)
    assert len(doc.text.encode()) <= 100_000
    assert "truncated" in doc.warnings[0] and str(len(BIG_TEXT)) in doc.warnings[0]
    [error] = read(f"{server}/big.html", settings)
    assert isinstance(error, InputError) and "over the limit of 100000" in error.problem


def test_timeout_is_an_input_error(server):
    [error] = read(f"{server}/slow", IngestSettings(allow_private_urls=True, url_timeout=0.5))
    assert isinstance(error, InputError) and "timed out" in error.problem


def test_redirect_loop_is_an_input_error(server):
    [error] = read(f"{server}/loop")
    assert isinstance(error, InputError) and "redirects" in error.problem


def test_unreachable_url_is_an_input_error_with_a_hint():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/report"
    docs = list(read_sources([url, str(DATA / "feed.atom")], LOCAL))
    error, after = docs
    assert isinstance(error, InputError)
    assert error.source == url
    assert "could not be fetched" in error.problem
    assert "network" in error.hint
    assert isinstance(after, Document)  # the batch goes on


def test_private_addresses_are_refused_without_the_setting(server):
    [error] = read(f"{server}/article", IngestSettings())
    assert isinstance(error, InputError)
    assert "loopback address 127.0.0.1" in error.problem
    assert "allow_private_urls" in error.hint
    for url, reason in (("http://10.1.2.3/", "private"), ("http://169.254.169.254/latest/",
                        "link-local"), ("http://[::1]:8080/", "loopback"),
                        ("http://[::ffff:192.168.0.1]/", "private"), ("http://0.0.0.0/", "")):
        with pytest.raises(InputError, match=f"resolves to a {reason}"):
            check_url(url, IngestSettings())


def test_every_resolved_address_is_checked(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        addresses = {"mixed.example": ["93.184.215.14", "192.168.1.20"]}[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(InputError, match="private address 192.168.1.20"):
        check_url("https://mixed.example/news", IngestSettings())


def test_redirect_to_a_private_address_is_refused(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        address = {"news.example": "93.184.215.14"}.get(host, host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    requested = []

    def respond(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data"})

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(InputError, match="link-local address 169.254.169.254") as caught:
        fetch_url("https://news.example/story", IngestSettings(),
                  transport=httpx.MockTransport(respond))
    assert requested == ["https://news.example/story"]  # the metadata service never asked
    assert caught.value.source == "https://news.example/story"


def test_only_http_and_https_are_fetched():
    docs = list(read_sources(["file:///etc/passwd", "ftp://files.example/report.txt"]))
    assert all(isinstance(d, InputError) for d in docs)
    assert [d.problem for d in docs] == ["unsupported URL scheme 'file'",
                                         "unsupported URL scheme 'ftp'"]


def test_unknown_host_is_an_input_error():
    [error] = read("http://no-such-host.invalid/report", IngestSettings())
    assert isinstance(error, InputError) and "could not be resolved" in error.problem
