"""Settings with documented defaults, overridable by environment variables and CLI flags."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_db_path() -> Path:
    """``$NEWSFUSE_DB`` if set, else ``./newsfuse.db``."""
    return Path(os.environ.get("NEWSFUSE_DB", "newsfuse.db"))


def cache_dir() -> Path:
    """Where derived data (the gazetteer index) is built once: ``$NEWSFUSE_CACHE`` or
    ``~/.cache/newsfuse``."""
    return Path(os.environ.get("NEWSFUSE_CACHE", Path.home() / ".cache" / "newsfuse"))


@dataclass
class IngestSettings:
    max_bytes: int = 20 * 1024 * 1024  # larger inputs are truncated, with a warning
    url_timeout: float = 15.0
    allow_private_urls: bool = False  # loopback/private/link-local targets refused unless set
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard estimate for "copy of"


@dataclass
class Settings:
    db: Path = field(default_factory=default_db_path)
    ingest: IngestSettings = field(default_factory=IngestSettings)
