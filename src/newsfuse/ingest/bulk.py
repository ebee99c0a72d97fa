"""Bulk files: JSON Lines (.jsonl/.ndjson) and CSV, one report per line or row.

Field names (case-insensitive; the first non-empty one wins):

=========  ===================================================================
text       ``text``, ``body``, ``content``, ``article``, ``full_text`` (required)
title      ``title``, ``headline``
outlet     ``outlet``, ``source`` (a string, or an object with ``name``/``title``),
           ``publisher``, ``site``, ``sitename``, ``source_name``
published  ``date``, ``published``, ``published_at``, ``publishedat``, ``pubdate``
url        ``url``, ``link``
id         ``id``, ``guid``: names the record in its path (``file.jsonl#<id>``);
           without one the path is ``file.jsonl#line-N``
=========  ===================================================================

Files are streamed, so a bulk file may be any size; ``max_bytes`` caps each record's
text (truncated with a warning) and each physical line (longer lines are refused).
One bad line yields an InputError naming ``file:line N``; the other lines still load.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError
from ..model import Document
from ..settings import IngestSettings
from .documents import INVALID_UTF8_WARNING, make_document, unexpected

TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
TITLE_FIELDS = ("title", "headline")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "sitename", "source_name")
DATE_FIELDS = ("date", "published", "published_at", "publishedat", "pubdate")
URL_FIELDS = ("url", "link")
ID_FIELDS = ("id", "guid")
_LINE_MARGIN = 64 * 1024  # room for a record's metadata and JSON escaping beyond its text


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):  # {"source": {"id": "bbc-news", "name": "BBC News"}}
            value = value.get("name") or value.get("title")
        if value not in (None, "", [], {}):
            return value
    return None


def record_to_document(record: dict[str, Any], file: str, line: int, settings: IngestSettings,
                       warnings: list[str]) -> Document:
    """A Document from one JSONL object or CSV row; raise InputError naming the line."""
    record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    where = f"{file}:line {line}"
    text = _first(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no text",
                         f"put the report's text in one of: {', '.join(TEXT_FIELDS)}")
    warnings = list(warnings)
    encoded = text.encode("utf-8")
    if len(encoded) > settings.max_bytes:
        text = encoded[: settings.max_bytes].decode("utf-8", errors="ignore")
        warnings.append(f"text truncated to max_bytes={settings.max_bytes} "
                        f"(record had {len(encoded)} bytes)")
    record_id = _first(record, ID_FIELDS)
    path = f"{file}#{record_id}" if record_id is not None else f"{file}#line-{line}"
    try:
        return make_document(
            text, path, title=_first(record, TITLE_FIELDS), outlet=_first(record, OUTLET_FIELDS),
            url=_first(record, URL_FIELDS), published=_first(record, DATE_FIELDS),
            warnings=warnings,
        )
    except InputError as error:
        raise InputError(where, error.problem, error.hint) from error
    except Exception as exc:  # noqa: BLE001 - one hostile record must not end the file
        raise unexpected(where, exc) from exc


def _lines(stream: IO[bytes], file: str, limit: int) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, raw line) with every line bounded by ``limit`` bytes; an over-long
    line becomes an InputError and is skipped without being held in memory."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, InputError(f"{file}:line {number}",
                                     f"line is longer than {limit} bytes; skipped",
                                     "raise max_bytes or split the record")
            continue
        yield number, raw


def _decode(raw: bytes) -> tuple[str, list[str]]:
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), [INVALID_UTF8_WARNING]


def read_jsonl(stream: IO[bytes], file: str,
               settings: IngestSettings) -> Iterator[Document | InputError]:
    """One Document per JSON object line; blank lines are skipped."""
    for number, raw in _lines(stream, file, settings.max_bytes + _LINE_MARGIN):
        if isinstance(raw, InputError):
            yield raw
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        line, warnings = _decode(raw)
        where = f"{file}:line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            # some messages end in "at" ("Unterminated string starting at"): no "at at"
            message = exc.msg.removesuffix(" at")
            yield InputError(where, f"invalid JSON ({message} at column {exc.colno})",
                             "each line must be one complete JSON object")
            continue
        except RecursionError:
            yield InputError(where, "invalid JSON (arrays or objects nested too deeply)",
                             "each line must be one JSON object of report fields")
            continue
        except ValueError as exc:  # Python refuses integers of more than 4,300 digits
            problem = ("a number of more than 4,300 digits" if "integer string conversion" in str(exc)
                       else str(exc)[:200])
            yield InputError(where, f"invalid JSON ({problem})",
                             "each line must be one JSON object of report fields")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"expected a JSON object, got {type(record).__name__}")
            continue
        try:
            yield record_to_document(record, file, number, settings, warnings)
        except InputError as error:
            yield error


def read_csv(stream: IO[bytes], file: str,
             settings: IngestSettings) -> Iterator[Document | InputError]:
    """One Document per CSV row after a header row naming the columns."""
    problems: list[InputError] = []
    row_warnings: list[str] = []
    line_numbers: list[int] = []

    def decoded_lines() -> Iterator[str]:
        for number, raw in _lines(stream, file, settings.max_bytes + _LINE_MARGIN):
            if isinstance(raw, InputError):
                problems.append(raw)
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            line, warnings = _decode(raw)
            row_warnings.extend(w for w in warnings if w not in row_warnings)
            line_numbers.append(number)
            yield line

    if csv.field_size_limit() < settings.max_bytes + _LINE_MARGIN:
        csv.field_size_limit(settings.max_bytes + _LINE_MARGIN)
    reader = csv.reader(decoded_lines())
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(file, f"CSV header could not be read: {exc}") from exc
    yield from problems
    problems.clear()
    if not header:
        raise InputError(file, "CSV file has no header row")
    columns = [name.strip().lower() for name in header]
    if not any(name in columns for name in TEXT_FIELDS):
        raise InputError(file, f"CSV has no text column (columns: {', '.join(columns)})",
                         f"name the text column one of: {', '.join(TEXT_FIELDS)}")
    while True:
        row_warnings.clear()
        consumed = len(line_numbers)
        try:
            row = next(reader)
        except StopIteration:
            yield from problems
            return
        except csv.Error as exc:
            row = None
            error = InputError(f"{file}:line {line_numbers[-1] if line_numbers else 1}",
                               f"malformed CSV row: {exc}")
        yield from problems
        problems.clear()
        if row is None:
            yield error
            continue
        where = line_numbers[consumed] if consumed < len(line_numbers) else reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield InputError(f"{file}:line {where}",
                             f"row has {len(row)} fields, the header has {len(columns)}",
                             "quote fields that contain commas or line breaks")
            continue
        try:
            yield record_to_document(dict(zip(columns, row)), file, where, settings,
                                     list(row_warnings))
        except InputError as error:
            yield error
