"""Shared fixtures: paths to the seeds and the example corpus, a fresh store."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seeds() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip(f"seed reports not found in {SEEDS}")
    return paths


@pytest.fixture
def store(tmp_path):
    from newsfuse.store import Store

    s = Store(tmp_path / "test.db")
    yield s
    s.close()
