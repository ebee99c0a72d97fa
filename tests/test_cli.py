"""End to end through the `newsfuse` command: the JSON contract on the seeds, the example
corpus, bad inputs in a batch, and the read-only commands."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import newsfuse
from newsfuse.cli import main

from .conftest import EXAMPLES

SCHEMA = json.loads((Path(newsfuse.__file__).parent / "schema" / "report.schema.json").read_text())


def _run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    from .conftest import SEEDS

    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip("seeds missing")
    db = tmp_path_factory.mktemp("seeds") / "nf.db"
    result = _run(["analyze", *paths, "--format", "json", "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_report_validates_against_the_published_schema(seed_report):
    jsonschema.validate(seed_report, SCHEMA)


def test_seed_dates_are_read_not_invented(seed_report):
    published = {Path(d["path"]).name: d["published"] for d in seed_report["documents"]}
    assert published == {"000_3dcdeaa06c3ae479.txt": "2024-12-08", "001_a2b24de0ad6c2626.txt": None}


def test_seed_reports_form_one_story(seed_report):
    assert len(seed_report["stories"]) == 1
    assert len(seed_report["stories"][0]["documents"]) == 2


def test_every_claim_quotes_its_document(seed_report):
    texts = {}
    for d in seed_report["documents"]:
        texts[d["id"]] = Path(d["path"]).read_text(encoding="utf-8")
    claims = seed_report["stories"][0]["claims"]
    assert claims
    for c in claims:
        assert c["text"] in texts[c["document"]]


def test_example_corpus_ingests_with_documents_and_the_syndicated_copy(tmp_path):
    db = tmp_path / "nf.db"
    result = _run(["ingest", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "18 documents read: 18 new, 0 already stored, 1 copy of another" in result.stderr
    from newsfuse.store import Store

    docs = {Path(d.path).name: d for d in Store(db).documents()}
    copy = docs["harbour-gazette-dam-syndicated.txt"]
    assert copy.copy_of == docs["dnieper-dispatch-dam.txt"].id
    again = _run(["ingest", str(EXAMPLES), "--db", str(db)])
    assert "0 new, 18 already stored" in again.stderr


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path, seeds):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "A protest took place in Tbilisi on Sunday.", "title": "Protest"}\n{not json\n')
    db = tmp_path / "nf.db"
    result = _run(["ingest", str(seeds[0]), str(empty), str(broken), str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "broken.jsonl" in result.stderr and "missing.txt" in result.stderr
    assert "2 documents read: 2 new" in result.stderr


def test_stories_search_and_report_read_the_store(tmp_path, seeds):
    db = str(tmp_path / "nf.db")
    assert _run(["analyze", *map(str, seeds), "--db", db, "--quiet"]).exit_code == 0
    listing = _run(["stories", "--db", db])
    assert "2 docs" in listing.output
    hits = _run(["search", "Khmeimim", "--db", db])
    assert "[Khmeimim]" in hits.output
    md = _run(["report", "--db", db])
    assert md.output.startswith("# Situation report")


def test_missing_database_directory_is_created_and_garbage_db_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"\x00garbage" * 1000)
    result = CliRunner().invoke(main, ["stories", "--db", str(bogus)])
    assert result.exit_code == 3
    assert "bogus.db" in result.stderr


def test_watch_folds_new_reports_into_the_store_each_round(tmp_path, seeds):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / seeds[0].name).write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "nf.db")
    first = _run(["watch", str(inbox), "--db", db, "--rounds", "1", "--interval", "0"])
    assert "1 new document," in first.stderr
    (inbox / seeds[1].name).write_text(seeds[1].read_text(encoding="utf-8"), encoding="utf-8")
    second = _run(["watch", str(inbox), "--db", db, "--rounds", "1", "--interval", "0"])
    assert "1 new document," in second.stderr
    from newsfuse.store import Store

    stories = Store(db).stories()
    assert len(stories) == 1 and len(stories[0].documents) == 2


def test_recluster_rebuilds_the_same_stories_from_stored_analyses(tmp_path, seeds):
    db = str(tmp_path / "nf.db")
    assert _run(["analyze", *map(str, seeds), "--db", db, "--quiet"]).exit_code == 0
    from newsfuse.store import Store

    before = Store(db).stories()
    result = _run(["recluster", "--db", db])
    assert result.exit_code == 0 and "1 story from 2 documents" in result.stderr
    after = Store(db)
    assert [sorted(s.documents) for s in after.stories()] == [sorted(s.documents) for s in before]
    assert after.picture(after.stories()[0].id).facts


# -- failures never look like success ---------------------------------------------------
@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from .conftest import seed_paths

    db = tmp_path_factory.mktemp("seeddb") / "nf.db"
    result = _run(["analyze", *map(str, seed_paths()), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def test_report_on_an_unknown_story_id_fails_with_a_message_and_no_report(seed_db):
    result = CliRunner().invoke(main, ["report", "--story", "snosuchid", "--db", str(seed_db)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no story with id snosuchid" in result.stderr and "newsfuse stories" in result.stderr


@pytest.mark.parametrize("command", [["stories"], ["report"], ["search", "Tartus"], ["export"], ["recluster"]])
def test_read_commands_refuse_a_database_that_does_not_exist(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(main, [*command, "--db", str(typo)])
    assert result.exit_code == 3
    assert f"no database at {typo}" in result.stderr
    assert not typo.exists(), "a read command created a database"
    elsewhere = CliRunner().invoke(main, [*command, "--db", "/nonexistent/x.db"])
    assert elsewhere.exit_code == 3 and "no database at /nonexistent/x.db" in elsewhere.stderr
    assert not Path("/nonexistent").exists()


def test_watch_on_a_missing_folder_exits_1(tmp_path):
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "nonexist"), "--db", str(tmp_path / "nf.db"),
                                       "--rounds", "1", "--interval", "0"])
    assert result.exit_code == 1
    assert "nonexist" in result.stderr and "1 failed" in result.stderr


def test_analyze_on_a_bad_path_prints_no_empty_report(tmp_path):
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "nf.db")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no report" in result.stderr and "nothing-here" in result.stderr
    assert "1 input failed" in result.stderr


def test_counts_in_messages_are_singular_for_one(seed_db):
    listing = _run(["stories", "--db", str(seed_db)])
    assert "2 docs" in listing.output
    from .conftest import seed_paths

    one = _run(["ingest", str(seed_paths()[0]), "--db", str(seed_db)])
    assert "1 document read: 0 new, 1 already stored, 0 copies of others" in one.stderr
    md = _run(["report", "--db", str(seed_db)])
    assert "2 documents, 1 story." in md.output
