"""Both store backends: the same schema from the same migrations, several processes
writing at once, and the whole pipeline on PostgreSQL giving the SQLite run's report.

The PostgreSQL server is a throwaway one started from Debian's packages (tests/pgserver.py);
test_store.py runs every store test on both backends through the ``store`` fixture."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest
from click.testing import CliRunner

from newsfuse.errors import StoreError
from newsfuse.model import Document, DocumentAnalysis
from newsfuse.store import Store


def _sqlite_schema(path: str) -> dict[str, set[str]]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    virtual = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    # FTS5's own shadow tables (documents_fts_data, ...) are how SQLite stores the index
    tables = [t for t in tables if not any(t.startswith(v + "_") for v in virtual)]
    return {t: {r[1] for r in db.execute(f"PRAGMA table_info({t})")} for t in tables}


def _postgres_schema(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for table, column in store.db.conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    ):
        out.setdefault(table, set()).add(column)
    return out


def test_postgres_has_the_sqlite_schema_after_the_same_migrations(tmp_path, postgres_url):
    sqlite_path = str(tmp_path / "nf.db")
    Store(sqlite_path).close()
    pg = Store(postgres_url)
    lite = _sqlite_schema(sqlite_path)
    ours = _postgres_schema(pg)
    assert set(ours) - {"schema_version"} == set(lite)
    for table, columns in lite.items():
        # rowid is implicit in SQLite; tsv is the text search vector FTS5 keeps in its shadow tables
        assert ours[table] - {"rowid", "tsv"} == columns, table
    assert pg.schema_version() == Store(sqlite_path).schema_version()
    pg.close()


def _doc(key: str) -> Document:
    return Document(f"d{key}", f"{key}.txt", f"Shelling hit the port of Odesa overnight, officials said ({key}).",
                    title=f"Report {key}", outlet="Wire", published=dt.date(2024, 3, 2), content_hash=f"h{key}")


def _writer(address: str, worker: int, start_at: float) -> list[str]:
    """One process: ingest batches that every writer also ingests plus its own documents,
    analyse what it added, record a failure; return the ids it added."""
    store = Store(address)
    time.sleep(max(0.0, start_at - time.time()))
    added: list[str] = []
    for batch in range(6):
        docs = [_doc(f"shared{batch}-{i}") for i in range(8)] + [_doc(f"own{worker}-{batch}-{i}") for i in range(3)]
        new = store.add_documents(docs)
        store.save_analyses([DocumentAnalysis(d.id) for d in new])
        added += [d.id for d in new]
    store.record_failures([(f"w{worker}", "test failure")])
    store.close()
    return added


def test_several_processes_write_at_once_and_each_document_is_added_once(store_address):
    Store(store_address).close()  # migrate once, so the writers race on data, not on the schema
    workers = 4
    start_at = time.time() + 3.0
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_writer, [store_address] * workers, range(workers), [start_at] * workers))
    added = [i for r in results for i in r]
    expected = {f"dshared{b}-{i}" for b in range(6) for i in range(8)}
    expected |= {f"down{w}-{b}-{i}" for w in range(workers) for b in range(6) for i in range(3)}
    assert sorted(added) == sorted(expected)  # every document added by exactly one writer
    store = Store(store_address)
    assert store.count_documents() == len(expected)
    assert set(store.analyses(expected)) == expected and store.unanalyzed() == []
    assert len(store.search("Odesa shelling", limit=500)) == len(expected)
    store.close()


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
        Store("postgresql://newsfuse:secret@127.0.0.1:9/none")
    assert "secret" not in str(caught.value) and "127.0.0.1:9" in str(caught.value)


def _report(args: list[str], env: dict | None = None) -> dict:
    from newsfuse.cli import main

    result = CliRunner().invoke(main, args, catch_exceptions=False, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _comparable(report: dict) -> dict:
    report.pop("generated", None)
    return report


@pytest.mark.slow
def test_the_pipeline_on_postgres_gives_the_sqlite_report(tmp_path, postgres_url, seeds):
    from newsfuse.cli import main

    paths = [str(p) for p in seeds]
    on_sqlite = _report(["analyze", *paths, "--format", "json", "--quiet", "--db", str(tmp_path / "nf.db")])
    # $NEWSFUSE_DB selects the server as --db does
    on_postgres = _report(["analyze", *paths, "--format", "json", "--quiet"], env={"NEWSFUSE_DB": postgres_url})
    assert on_postgres["stories"] and _comparable(on_postgres) == _comparable(on_sqlite)
    runner = CliRunner()
    hits = runner.invoke(main, ["search", "Khmeimim", "--db", postgres_url])
    assert hits.exit_code == 0 and "[Khmeimim]" in hits.output
    listing = runner.invoke(main, ["stories", "--db", postgres_url])
    assert f"{len(seeds)} docs" in listing.output
    # the web app reads the server store as it reads the file
    from fastapi.testclient import TestClient

    from newsfuse.web.app import create_app

    on_file, on_server = (TestClient(create_app(db), base_url="http://127.0.0.1")  # a loopback Host
                          for db in (str(tmp_path / "nf.db"), postgres_url))
    listed = on_server.get("/api/stories").json()["items"]
    assert listed and listed == on_file.get("/api/stories").json()["items"]
    def hits(client):
        return sorted((h["document"], h["story"]) for h in client.get("/api/search", params={"q": "Khmeimim"}).json()["items"])

    assert hits(on_server) and hits(on_server) == hits(on_file)
    assert on_server.get(f"/stories/{listed[0]['id']}").status_code == 200
    again = runner.invoke(main, ["recluster", "--db", postgres_url])
    assert again.exit_code == 0 and f"1 story from {len(seeds)} documents" in again.stderr
