"""From source strings (files, folders, globs, URLs) to Documents: listing and dispatch.

The reader is chosen by extension, and by sniffing the first bytes when the extension
says nothing. Size policy (``IngestSettings.max_bytes``): plain text is truncated to the
cap with a warning on the Document; HTML and feeds over the cap are refused (cut markup
yields a broken page or feed); JSONL/CSV are streamed and the cap applies per record.
No more than the cap is ever read into memory.
"""
from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, SkippedInput
from ..model import Document
from ..settings import IngestSettings
from .bulk import read_csv, read_jsonl
from .documents import decode_text, looks_binary, truncate_utf8, unexpected, utf8_view
from .feeds import looks_like_feed, parse_feed
from .html import parse_html
from .text import MARKDOWN_SUFFIXES, parse_text
from .urls import fetch_url, is_url

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
BULK_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | BULK_SUFFIXES
_SNIFF_BYTES = 4096
_READ_HINT = "the file may have been moved, deleted or locked while newsfuse ran"


def read_sources(sources: Iterable[str | os.PathLike[str]],
                 settings: IngestSettings | None = None) -> Iterator[Document | InputError]:
    """Yield a Document per report and an InputError per input that failed; one bad input
    never stops the batch. Folders are read recursively (hidden entries and files with
    unknown extensions skipped; FIFOs, sockets and devices skipped with a SkippedInput),
    globs expanded, and http(s) URLs fetched.

    Every reader is guarded: an exception nobody expected (a parser library's bug on a
    hostile input) becomes an InputError naming the source, after the documents the
    source yielded before it, and the batch goes on with the next source."""
    settings = settings or IngestSettings()
    for source in sources:
        source = os.fspath(source)
        if is_url(source):
            yield from _guarded(read_url(source, settings), source)
            continue
        try:
            files = list_files(source)
        except InputError as error:
            yield error
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. a path the OS cannot even stat
            yield unexpected(source, exc)
            continue
        for file in files:
            if isinstance(file, InputError):
                yield file
            else:
                yield from _guarded(read_file(file, settings), file)


def _guarded(items: Iterator[Document | InputError], source: str) -> Iterator[Document | InputError]:
    """``items``, then an InputError naming ``source`` if the reader raised anything."""
    try:
        yield from items
    except InputError as error:
        yield error
    except Exception as exc:  # noqa: BLE001 - the guard of last resort around every reader
        yield unexpected(source, exc)


def list_files(source: str) -> list[str | InputError]:
    """The files ``source`` names, in a stable order, with a SkippedInput in place of each
    entry of a folder or glob that is not a regular file; raise InputError when none."""
    path = Path(source)
    if path.is_file():
        return [source]
    if path.is_dir():
        files = _walk(source)
        if not any(isinstance(f, str) for f in files):
            if files:
                return files
            raise InputError(source, "folder holds no readable files",
                             f"expected files ending in {', '.join(sorted(KNOWN_SUFFIXES))}")
        return files
    if path.exists():
        raise InputError(source, f"not a regular file ({_kind(source)})",
                         "newsfuse reads regular files and folders of them")
    if glob.has_magic(source):
        files: list[str | InputError] = []
        for match in sorted(glob.glob(source, recursive=True)):
            if os.path.isdir(match):
                files.extend(_walk(match))
            else:
                files.append(_regular(match))
        if not files:
            raise InputError(source, "no files match this pattern")
        return files
    raise InputError(source, "no such file or folder", "check the path and the working folder")


def _kind(path: str) -> str:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "unreadable"
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a file"


def _regular(path: str) -> str | InputError:
    """``path`` when it is a regular file (or a link to one; a broken link is kept so that
    reading it reports it), else a SkippedInput."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return path
    return path if regular else SkippedInput(
        path, f"skipped: {_kind(path)}, not a regular file", "only regular files in folders are read")


def _walk(folder: str) -> list[str | InputError]:
    files: list[str | InputError] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            suffix = os.path.splitext(name)[1].lower()
            if not name.startswith(".") and (suffix in KNOWN_SUFFIXES or not suffix):
                files.append(_regular(os.path.join(root, name)))
    return files


def sniff_kind(head: bytes) -> str:
    """text/html/feed from the opening bytes of a file with no telling extension."""
    head = utf8_view(head)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return "html"
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed" if looks_like_feed(head) else "xml"
    return "text"


def read_file(file: str, settings: IngestSettings) -> Iterator[Document | InputError]:
    """Yield the Documents of one file (one, or one per feed item / bulk record)."""
    suffix = os.path.splitext(file)[1].lower()
    try:
        # O_NONBLOCK: a FIFO put in place of the file after the folder walk must not block
        with open(file, "rb", opener=_open_nonblocking) as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                yield InputError(file, "not a regular file", "newsfuse reads regular files and folders of them")
                return
            if hasattr(os, "set_blocking"):
                os.set_blocking(stream.fileno(), True)
            size = info.st_size
            if suffix in BULK_SUFFIXES:
                reader = read_jsonl if suffix in (".jsonl", ".ndjson") else read_csv
                yielded = False
                for item in reader(stream, file, settings):
                    yielded = True
                    yield item
                if not yielded:
                    yield InputError(file, "empty file", "the file holds no records")
                return
            data = stream.read(settings.max_bytes + 1)
    except FileNotFoundError:
        yield InputError(file, "file disappeared before it could be read", _READ_HINT)
        return
    except PermissionError:
        yield InputError(file, "permission denied", "check the file's permissions")
        return
    except InputError as error:  # a bulk file that is unreadable as a whole
        yield error
        return
    except OSError as exc:
        yield InputError(file, f"could not be read: {exc.strerror or exc}", _READ_HINT)
        return
    yield from read_bytes(data, file, settings, suffix=suffix, size=max(size, len(data)))


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_url(url: str, settings: IngestSettings) -> Iterator[Document | InputError]:
    """Fetch ``url`` and yield its Document(s); Documents keep the URL as given as path."""
    try:
        fetched = fetch_url(url, settings)
    except InputError as error:
        yield error
        return
    kind = fetched.kind
    if kind in ("", "xml"):
        kind = sniff_kind(fetched.data[:_SNIFF_BYTES])
    size = fetched.size if fetched.truncated else len(fetched.data)
    yield from read_bytes(fetched.data, url, settings, kind=kind, size=size, url=fetched.url)


def read_bytes(data: bytes, path: str, settings: IngestSettings, *, suffix: str = "",
               kind: str | None = None, size: int | None = None,
               url: str | None = None) -> Iterator[Document | InputError]:
    """Dispatch ``data`` (at most ``max_bytes + 1`` bytes; more than ``max_bytes`` means the
    input was larger, ``size`` bytes when known) to the reader for its kind."""
    if not data.strip():
        yield InputError(path, "empty file", "the input holds no text")
        return
    if kind is None:
        if suffix in HTML_SUFFIXES:
            kind = "html"
        elif suffix in FEED_SUFFIXES:  # a feed unless it is plainly a web page
            kind = "html" if sniff_kind(data[:_SNIFF_BYTES]) == "html" else "feed"
        elif suffix in TEXT_SUFFIXES:
            kind = "text"
        else:
            kind = sniff_kind(data[:_SNIFF_BYTES])
    if kind == "xml":
        yield InputError(path, "XML that is not an RSS or Atom feed",
                         "newsfuse reads RSS/Atom feeds, web pages, text, JSONL and CSV")
        return
    if looks_binary(data[:8192]) and kind != "text":  # text decoding makes its own check
        yield InputError(path, "binary file, not text",
                         "newsfuse reads text, HTML, RSS/Atom, JSONL and CSV files")
        return
    warnings: list[str] = []
    if len(data) > settings.max_bytes:
        total = f"{size} bytes" if size else "more bytes"
        if kind != "text":
            yield InputError(path, f"{total} is over the limit of {settings.max_bytes} bytes for pages and feeds",
                             "save the article text as a .txt file (long text is truncated, not refused), "
                             "or raise IngestSettings.max_bytes when calling newsfuse from Python")
            return
        data = truncate_utf8(data, settings.max_bytes)
        warnings.append(f"text truncated to the first {len(data)} of {total} "
                        f"(max_bytes={settings.max_bytes})")
    try:
        if kind == "html":
            yield parse_html(data, path, url=url, warnings=warnings)
        elif kind == "feed":
            yield from parse_feed(data, path, url=url, warnings=warnings)
        else:
            text, decode_warnings = decode_text(data, path)
            yield parse_text(text, path, markdown=suffix in MARKDOWN_SUFFIXES,
                             url=url, warnings=warnings + decode_warnings)
    except InputError as error:
        yield error
    except Exception as exc:  # noqa: BLE001 - e.g. a parser library failing on hostile markup
        yield unexpected(path, exc)
