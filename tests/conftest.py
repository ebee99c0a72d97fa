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


@pytest.fixture
def store(tmp_path):
    from newsfuse.store import Store

    s = Store(tmp_path / "test.db")
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
