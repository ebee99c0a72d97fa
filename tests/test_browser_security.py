"""Cross-site writes in a real browser (issue 13): a page on another origin, opened in
headless chromium, posts to the local `newsfuse serve` by form and by fetch; nothing may be
stored. The server's own ingest form must still work (the browser's Origin on it is real)."""
from __future__ import annotations

import http.server
import threading

import pytest

from newsfuse.store import Store
from newsfuse.web.local import start_server, stop_server

from .conftest import ROOT
from .test_browser import _wait, browser  # noqa: F401 - the shared chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def local_server(tmp_path):
    db = tmp_path / "web.db"
    Store(db).close()
    try:
        proc, base = start_server(db, env={"PYTHONPATH": str(ROOT / "src")})
    except RuntimeError as e:
        pytest.fail(str(e))
    yield base, db
    stop_server(proc)


@pytest.fixture
def attacker(local_server):
    """Another origin (another port) serving a page that posts to the local server."""
    target = local_server[0] + "/api/ingest"
    page = f"""<!DOCTYPE html><html><head><title>cat pictures</title></head><body>
<form id="f" action="{target}" method="post" enctype="multipart/form-data">
<input type="hidden" name="url" value="https://example.org/feed.xml"></form>
<script>
const fd = new FormData();
fd.append("files", new Blob(["Rebels entered Damascus on Sunday, officials said."], {{type: "text/plain"}}), "x.txt");
fetch("{target}", {{method: "POST", mode: "no-cors", body: fd}})
  .catch(() => null)
  .finally(() => {{ document.title = "sent"; document.getElementById("f").submit(); }});
</script></body></html>""".encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_page_on_another_origin_cannot_store_anything(local_server, attacker, browser):  # noqa: F811
    base, db = local_server
    browser.get(attacker)
    _wait(browser, lambda d: d.current_url.startswith(base))  # the form was submitted to the local server
    assert "forbidden" in browser.page_source and "cross-origin" in browser.page_source
    store = Store(db)
    try:
        assert store.count_documents() == 0
    finally:
        store.close()


def test_own_ingest_form_still_posts(local_server, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _ = local_server
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    browser.get(base + "/ingest")
    browser.find_element(By.ID, "files").send_keys(str(empty))
    browser.find_element(By.CSS_SELECTOR, "form.ingest button[type=submit]").click()
    result = _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "section.result"))
    assert "upload:empty.txt" in result.text and "empty file" in result.text
