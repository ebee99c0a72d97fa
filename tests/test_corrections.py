"""The analyst corrects what ingest could not know (a headerless file's outlet, title,
date) and grades outlets; re-fusing applies both without re-analysing."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from newsfuse import pipeline
from newsfuse.cli import main
from newsfuse.store import Store

from .conftest import seed_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("corr") / "seeds.db"
    store = Store(path)
    pipeline.run([str(p) for p in seed_paths()], store)
    store.close()
    return path


@pytest.fixture
def db(seeds_db, tmp_path):
    copy = tmp_path / "nf.db"
    shutil.copy(seeds_db, copy)
    return copy


def _ids(path):
    docs = sorted(Store(path).documents(), key=lambda d: d.path)
    return docs[0].id, docs[1].id


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_correct_sets_outlet_title_date_and_grade_then_refuses_without_reanalysis(db):
    a, b = _ids(db)
    analysed_before = Store(db).db.execute("SELECT analyzed_at FROM analyses ORDER BY document").fetchall()
    result = _run(["correct", a, "--outlet", "Ukrainska Pravda", "--title", "Russia leaves Syria", "--grade", "b",
                   "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "re-fused 1 story" in result.stderr
    dated = _run(["correct", b, "--outlet", "Kyiv Post", "--date", "2024-12-09", "--db", str(db)])
    assert dated.exit_code == 0
    store = Store(db)
    doc = store.document(a)
    assert (doc.outlet, doc.title) == ("Ukrainska Pravda", "Russia leaves Syria")
    assert store.document(b).published.isoformat() == "2024-12-09"
    assert [c["field"] for c in store.corrections(a)] == ["outlet", "title"]
    assert store.reliability_grades() == {"Ukrainska Pravda": "B"}
    picture = store.pictures()[0]
    outlets = {link.outlet: link.reliability for f in picture.facts for link in f.sources}
    assert outlets["Ukrainska Pravda"] == "B" and "Kyiv Post" in outlets
    assert picture.story.end.isoformat() == "2024-12-09"
    assert store.db.execute("SELECT analyzed_at FROM analyses ORDER BY document").fetchall() == analysed_before
    md = _run(["report", "--db", str(db)]).output
    assert "Ukrainska Pravda [B]" in md and "### Sources" in md and "Kyiv Post [ungraded]" in md
    assert [d for d, _ in store.search("Russia leaves Syria")] == [a]  # the corrected title is searchable


def test_correct_refuses_bad_input(db):
    a, _ = _ids(db)
    assert CliRunner().invoke(main, ["correct", a, "--db", str(db)]).exit_code == 2
    bad_date = CliRunner().invoke(main, ["correct", a, "--date", "8 Dec", "--db", str(db)])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    missing = CliRunner().invoke(main, ["correct", "dnosuch", "--outlet", "X", "--db", str(db)])
    assert missing.exit_code == 1 and "no document with id 'dnosuch'" in missing.stderr


def test_analyze_with_a_grades_file_on_an_existing_database_refuses(db, tmp_path):
    a, _ = _ids(db)
    _run(["correct", a, "--outlet", "Ukrainska Pravda", "--db", str(db)])
    grades = tmp_path / "grades.yaml"
    grades.write_text("Ukrainska Pravda: A\n")
    result = _run(["analyze", *map(str, seed_paths()), "--db", str(db), "--reliability", str(grades),
                   "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "0 analysed" in result.stderr and "1 story re-fused" in result.stderr
    report = json.loads(result.stdout)
    links = [link for f in report["stories"][0]["facts"] for link in f["sources"]]
    assert {link["reliability"] for link in links if link["outlet"] == "Ukrainska Pravda"} == {"A"}
    again = _run(["analyze", *map(str, seed_paths()), "--db", str(db), "--reliability", str(grades)])
    assert "re-fused" not in again.stderr  # same grades: nothing to redo


def test_web_correction_form_and_api(db):
    from fastapi.testclient import TestClient

    from newsfuse.web.app import create_app

    a, b = _ids(db)
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    page = client.get(f"/documents/{a}").text
    assert f'action="/documents/{a}/correct"' in page and "outlet unknown" in page
    saved = client.post(f"/documents/{a}/correct", data={"outlet": "Ukrainska Pravda", "grade": "C"},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/documents/{a}?corrected=1"
    after = client.get(saved.headers["location"]).text
    assert "Saved; the story was fused again" in after and '<span class="grade"' in after and "outlet (none) → Ukrainska Pravda" in after
    api = client.patch(f"/api/documents/{b}", json={"date": "2024-12-09", "outlet": "Kyiv Post"})
    assert api.status_code == 200 and api.json()["published"] == "2024-12-09" and api.json()["refused_stories"]
    assert client.patch(f"/api/documents/{b}", json={"date": "yesterday"}).status_code == 400
    assert client.patch("/api/documents/dnope", json={"outlet": "X"}).status_code == 404
    story = client.get(f"/stories/{api.json()['refused_stories'][0]}").text
    assert "Ukrainska Pravda" in story
