"""Ingest: read reports from files, folders, globs, feeds, bulk files and URLs into
Documents, detect their language, and link duplicate copies to their original."""
from __future__ import annotations

from .dedup import DuplicateIndex
from .documents import content_hash, make_document, normalise_text, parse_date
from .language import SUPPORTED_LANGUAGES, detect_language
from .sources import list_files, read_file, read_sources, read_url

__all__ = [
    "SUPPORTED_LANGUAGES",
    "DuplicateIndex",
    "content_hash",
    "detect_language",
    "list_files",
    "make_document",
    "normalise_text",
    "parse_date",
    "read_file",
    "read_sources",
    "read_url",
]
