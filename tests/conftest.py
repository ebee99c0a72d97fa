"""Shared fixtures and helpers: paths to the seeds and the example corpus, a fresh store,
the real per-document analysis of a short text or of the seed reports."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


def seed_paths() -> list[Path]:
    """The seed reports, or skip the test: they live in ../shared, beside the checkout."""
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip(f"seed reports not found in {SEEDS}")
    return paths


@pytest.fixture
def seeds() -> list[Path]:
    return seed_paths()


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server for the test session (tests/pgserver.py), or skip
    with the reason when the server binaries or the driver are not installed
    (scripts/test.sh installs both)."""
    from .pgserver import PostgresServer, server_binaries

    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[postgresql]'")
    if server_binaries() is None:
        pytest.skip("PostgreSQL server binaries not found: apt-get install postgresql")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of a new empty database on the test server."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_address(request, tmp_path) -> str:
    """Where a fresh store lives: a SQLite file, and a PostgreSQL database (every test
    that takes a store runs on both backends)."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_address):
    from newsfuse.store import Store

    s = Store(store_address)
    yield s
    s.close()


def analyse(text: str, published: dt.date | None = dt.date(2024, 12, 8), outlet: str | None = "Test Wire"):
    """The full per-document analysis of ``text`` as one report; fails the test when the
    analysis recorded an error (``analyze_document`` never raises)."""
    from newsfuse.model import Document

    return analyse_checked(Document(id="dtest", path="test.txt", text=text, outlet=outlet, published=published))


def analyse_checked(document):
    """``analyze_document(document)``, failing the test when it recorded an error."""
    from newsfuse.analyze import analyze_document

    result = analyze_document(document)
    assert result.error is None, result.error
    return result


def seed_documents():
    """The seed reports read as Documents (skips the test when they are not there)."""
    from newsfuse.ingest.sources import read_sources
    from newsfuse.model import Document

    paths = sorted(SEEDS.glob("*.txt"))
    if len(paths) < 2:
        pytest.skip(f"seed reports not found in {SEEDS}")
    documents = list(read_sources([str(p) for p in paths]))
    assert all(isinstance(d, Document) for d in documents), documents
    return documents


def seed_key(document) -> str:
    """'000', '001': the number a seed report's file name starts with."""
    return document.path.rsplit("/", 1)[-1][:3]
