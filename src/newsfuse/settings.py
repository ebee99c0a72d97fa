"""Settings with documented defaults, overridable by environment variables and CLI flags."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_db_path() -> Path | str:
    """``$NEWSFUSE_DB`` if set, else ``./newsfuse.db``: a SQLite path, or a
    ``postgresql://`` URL kept as a string (a Path would fold its ``//``)."""
    return db_address(os.environ.get("NEWSFUSE_DB", "newsfuse.db"))


def db_address(value: str | Path) -> Path | str:
    """A ``--db`` value as the Store takes it: a URL as given, anything else a path."""
    value = str(value)
    return value if value.startswith(("postgresql://", "postgres://")) else Path(value)


def cache_dir() -> Path:
    """Where derived data (the gazetteer index) is built once: ``$NEWSFUSE_CACHE`` or
    ``~/.cache/newsfuse``."""
    return Path(os.environ.get("NEWSFUSE_CACHE", Path.home() / ".cache" / "newsfuse"))


@dataclass
class IngestSettings:
    """How untrusted inputs are read (the CLI sets ``allow_private_urls`` from its flag)."""

    max_bytes: int = 20 * 1024 * 1024  # per input: text truncated with a warning, HTML/feeds refused, per record in JSONL/CSV
    url_timeout: float = 15.0  # seconds per network wait; four times this caps a whole download
    allow_private_urls: bool = False  # loopback/private/link-local targets refused unless set
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard estimate for "copy of"
