"""Compare two reports: on the seeds (two reports, one upstream: GUR in one, HUR in the
other) and on the example corpus's syndicated copy."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsfuse import pipeline
from newsfuse.cli import main
from newsfuse.report.compare import compare, render_comparison_markdown
from newsfuse.store import Store
from newsfuse.web.app import create_app

from .conftest import EXAMPLES, seed_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "seeds.db"
    store = Store(path)
    pipeline.run([str(p) for p in seed_paths()], store)
    store.close()
    return path


def _seed_ids(path) -> tuple[str, str]:
    docs = sorted(Store(path).documents(), key=lambda d: d.path)
    return docs[0].id, docs[1].id


@pytest.fixture(scope="module")
def seed_comparison(seed_db):
    store = Store(seed_db)
    a, b = _seed_ids(seed_db)
    docs = {d.id: d for d in store.documents([a, b])}
    return compare(docs[a], docs[b], store.analyses([a, b]))


def test_seeds_share_one_upstream_named_differently(seed_comparison):
    cmp = seed_comparison
    assert [s.key for s in cmp.shared_sources] == ["entity:org:ukraine-defence-intelligence"]
    shared = cmp.shared_sources[0]
    assert "GUR" in shared.a_names and "HUR" in shared.b_names
    assert "share an upstream source" in cmp.verdict
    relayed = [r for r in cmp.both if r.shared_source]
    assert relayed and all("Tartus" in r.a_text or "Khmeimim" in r.a_text or "Russia" in r.a_text for r in relayed)


def test_seeds_both_only_a_only_b_quote_their_own_report(seed_comparison):
    cmp = seed_comparison
    assert cmp.both and cmp.only_a and cmp.only_b
    a_text, b_text = cmp.a.text, cmp.b.text
    for r in cmp.both:
        assert r.a_text in a_text and r.b_text in b_text
    assert all(r.a_text in a_text and r.b_text is None for r in cmp.only_a)
    assert all(r.b_text in b_text and r.a_text is None for r in cmp.only_b)
    assert any("November 27" in r.a_text for r in cmp.only_a)  # only the first seed dates the offensive
    # a sentence fusion split into several facts is still one thing the report states: listed once
    for rows in (cmp.both, cmp.only_a, cmp.only_b):
        pairs = [(r.a_text, r.b_text) for r in rows]
        assert len(pairs) == len(set(pairs))
    shared = cmp.shared_sources[0]
    assert 0 < shared.facts <= len(cmp.both) and f"of the {len(cmp.both)} statements" in cmp.verdict


def test_seed_conflict_shows_sides_with_their_sentences(seed_comparison):
    assad = [c for c in seed_comparison.conflicts if any("Assad" in t for s in c.sides for _, t, _ in s["claims"])]
    assert assad
    holders = {h for s in assad[0].sides for h in s["holders"]}
    assert "Russian officials" in holders
    assert assad[0].between in ("A vs B", "within B")
    md = render_comparison_markdown(seed_comparison)
    assert "## Both state" in md and "## Only A states" in md and "## Where they conflict" in md


def test_cli_compare_by_ids_and_errors(seed_db):
    a, b = _seed_ids(seed_db)
    result = CliRunner().invoke(main, ["compare", a, b, "--db", str(seed_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["shared_sources"][0]["name"] == "Defence Intelligence of Ukraine"
    assert {"both", "only_a", "only_b", "conflicts", "verdict"} <= set(data)
    missing = CliRunner().invoke(main, ["compare", a, "dnosuchdoc", "--db", str(seed_db)])
    assert missing.exit_code == 1 and "dnosuchdoc" in missing.stderr and missing.stdout == ""
    same = CliRunner().invoke(main, ["compare", a, a, "--db", str(seed_db)])
    assert same.exit_code == 1 and "same report" in same.stderr


def test_web_compare_page_and_api(seed_db):
    a, b = _seed_ids(seed_db)
    client = TestClient(create_app(seed_db), base_url="http://127.0.0.1")
    page = client.get("/compare", params={"a": a, "b": b})
    assert page.status_code == 200
    assert "Shared upstream: Defence Intelligence of Ukraine" in page.text and 'id="h-only-a"' in page.text
    assert f'href="/documents/{a}#claim-' in page.text
    api = client.get("/api/compare", params={"a": a, "b": b}).json()
    assert api["shared_sources"][0]["b_names"] and api["both"]
    assert client.get("/api/compare", params={"a": a, "b": "dnope"}).status_code == 404
    assert client.get("/compare").status_code == 200


def test_a_syndicated_copy_is_not_independent(tmp_path):
    files = [EXAMPLES / "reports" / "dnieper-dispatch-dam.txt", EXAMPLES / "reports" / "harbour-gazette-dam-syndicated.txt"]
    db = tmp_path / "nf.db"
    store = Store(db)
    pipeline.run([str(p) for p in files], store)
    docs = {d.path.rsplit("/", 1)[-1]: d for d in store.documents()}
    a, b = docs[files[0].name], docs[files[1].name]
    assert b.copy_of == a.id
    cmp = compare(a, b, store.analyses([a.id, b.id]))
    assert cmp.copy == "B is a copy of A" and cmp.verdict.startswith("Not independent")
