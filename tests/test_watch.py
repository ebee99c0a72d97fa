"""watch tells what changed: which story each new report joined, new facts and
contradictions, counts updated; on stdout, in a file and posted to a webhook (a local
HTTP server here)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.digest import Change
from newsfuse.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def hook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"type": self.headers["Content-Type"], "body": json.loads(body)})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()
    server.server_close()


def test_watch_digest_names_the_story_and_what_changed(tmp_path, seeds, hook):
    url, received = hook
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db, digest = str(tmp_path / "nf.db"), tmp_path / "digest.txt"
    args = ["watch", str(inbox), "--db", db, "--rounds", "1", "--interval", "0", "--digest", str(digest), "--webhook", url]
    (inbox / seeds[0].name).write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "(new story)" in first.stdout and seeds[0].name in first.stdout
    (inbox / seeds[1].name).write_text(seeds[1].read_text(encoding="utf-8"), encoding="utf-8")
    second = CliRunner().invoke(main, args, catch_exceptions=False)
    assert second.exit_code == 0, second.output
    story = Store(db).stories()[0]
    assert f"[{story.id}]" in second.stdout and "(new story)" not in second.stdout
    assert f"new report: {seeds[1].name} (unknown outlet, undated)" in second.stdout
    assert "independent sources 1 → 2" in second.stdout  # Damascus: now in two independent reports
    assert "new fact" in second.stdout
    assert digest.read_text(encoding="utf-8").count("newsfuse digest") == 2
    assert len(received) == 2 and received[1]["type"] == "application/json"
    posted = received[1]["body"]
    assert posted["stories"][0]["story"] == story.id and posted["stories"][0]["documents"][0]["path"].endswith(seeds[1].name)
    assert {c["kind"] for c in posted["stories"][0]["changes"]} >= {"new-report", "new-fact", "count-updated"}
    assert "independent sources 1 → 2" in posted["text"]
    quiet = CliRunner().invoke(main, args, catch_exceptions=False)  # nothing new: no digest, no post
    assert quiet.stdout == "" and len(received) == 2
    assert Store(db).changes_since(None, story.id)

    from fastapi.testclient import TestClient

    from newsfuse.web.app import create_app

    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    first_visit = client.get("/").text
    assert "Latest changes" in first_visit and "new report" in first_visit
    assert "Latest changes" in client.get("/").text  # still the first visit: nothing to compare with yet
    # the analyst comes back an hour after their last page view; one change happened since
    client.cookies.set("newsfuse_active", "2000-01-01T00:00:00")
    store = Store(db)
    store.db.execute("UPDATE story_changes SET at = '1999-12-31 23:00:00'")
    store.record_changes([Change("new-fact", "new fact (single-source, 1 independent source): a later report", story.id)])
    later = client.get("/").text
    assert "New since your last visit (2000-01-01 00:00 UTC)" in later and "a later report" in later
    assert "new report:" not in later
    page = client.get(f"/stories/{story.id}").text  # reading on: the same visit, the same "since"
    assert "since 2000-01-01 00:00 UTC" in page and "a later report" in page


def test_a_webhook_that_fails_is_reported_and_exits_1(tmp_path, seeds):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / seeds[0].name).write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["watch", str(inbox), "--db", str(tmp_path / "nf.db"), "--rounds", "1",
                                       "--interval", "0", "--webhook", "http://127.0.0.1:9/nothing-listens"])
    assert result.exit_code == 1 and "warning: webhook" in result.stderr
    assert "(new story)" in result.stdout
