"""Shared steps of every reader: decode bytes, normalise text, parse dates, build a Document.

Every reader ends in ``make_document`` so ids, hashes, language and outlet are derived the
same way whatever the input kind.
"""
from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Document
from .language import detect_language

INVALID_UTF8_WARNING = "invalid UTF-8 decoded with replacement characters"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab/newline/carriage return/form feed mark a binary file.
_CONTROL = bytes(range(0, 9)) + b"\x0b" + bytes(range(14, 32))


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ``head`` is UTF-16 without a byte-order mark (mostly
    ASCII text: a NUL in nearly every odd / even byte and almost none in the others)."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and others.count(0) <= 0.02 * len(others):
            return encoding
    return None


def looks_binary(head: bytes) -> bool:
    """True for data that is not text: many NUL bytes or control characters (images,
    archives, executables). A text file with a UTF-16/32 byte-order mark, or UTF-16 text
    without one, is text; so is a text with a stray NUL byte (one bad byte must not lose a
    report)."""
    if not head or any(head.startswith(bom) for bom, _ in _BOMS) or utf16_without_bom(head):
        return False
    if head.count(0) > max(2, len(head) // 200):
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def utf8_view(data: bytes) -> bytes:
    """``data`` re-encoded as UTF-8 when a BOM or the ``<`` of markup shows it is UTF-16/32,
    so byte patterns (sniffing, the feed entity guard) see the same text; else unchanged."""
    for prefix, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
                             (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                             (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if data.startswith(prefix):
            usable = len(data) - len(data) % (4 if "32" in encoding else 2)
            return data[:usable].decode(encoding, errors="replace").encode("utf-8")
    encoding = utf16_without_bom(data[:8192])
    if encoding:
        return data[: len(data) - len(data) % 2].decode(encoding, errors="replace").encode("utf-8")
    return data


def decode_text(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data`` as text (UTF-8 unless a byte-order mark says otherwise).

    Invalid UTF-8 is decoded with U+FFFD replacement and a warning rather than refused:
    one bad byte in a long report should not lose the report.
    Raises InputError for binary data.
    """
    encoding, start = "utf-8", 0
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding, start = bom_encoding, len(bom)
            break
    else:
        encoding = utf16_without_bom(data[:8192]) or "utf-8"
        if looks_binary(data[:8192]):
            raise InputError(source, "binary file, not text",
                             "newsfuse reads text, HTML, RSS/Atom, JSONL and CSV files")
    try:
        return data[start:].decode(encoding), []
    except UnicodeDecodeError:
        warning = INVALID_UTF8_WARNING if encoding == "utf-8" else (
            f"invalid {encoding.upper()} decoded with replacement characters")
        return data[start:].decode(encoding, errors="replace"), [warning]


def unexpected(source: str, exc: BaseException) -> InputError:
    """The InputError for an exception no reader expected (a parser library's bug or a
    hostile input): the batch records it against ``source`` and goes on."""
    message = " ".join(str(exc).split())[:200]
    return InputError(source, f"could not be read: {type(exc).__name__}" + (f": {message}" if message else ""),
                      "the input was skipped; the rest of the batch was read")


def truncate_utf8(data: bytes, limit: int) -> bytes:
    """Cut ``data`` to at most ``limit`` bytes without splitting a UTF-8 character or word."""
    if len(data) <= limit:
        return data
    cut = data[:limit]
    space = max(cut.rfind(b" "), cut.rfind(b"\n"))
    if space > limit * 0.9:
        return cut[:space]
    while cut and (cut[-1] & 0xC0) == 0x80:  # drop continuation bytes of a split character
        cut = cut[:-1]
    return cut[:-1] if cut and cut[-1] >= 0xC0 else cut


def normalise_text(text: str) -> str:
    """Canonical form the id and hash are computed over: NFC, ``\\n`` newlines, no trailing
    spaces, at most one blank line between paragraphs, no zero-width or control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)
    text = text.replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    """Full sha256 hex of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


# Web archives whose copies carry the original address in their own path
# ("http://web.archive.org/web/20160421144440/http://www.abqjournal.com:80/...").
_ARCHIVED = re.compile(r"^https?://(?:web\.)?archive\.(?:org|today|is|ph)/(?:web/)?[\w*]+/(?P<original>.+)$", re.I)


def outlet_from_url(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, as the outlet of last resort. An archived
    copy names the original site, not the archive: independence counts outlets."""
    if not url:
        return None
    url = url.strip()
    archived = _ARCHIVED.match(url)
    if archived:
        original = archived.group("original")
        url = original if "://" in original else "http://" + original
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[oops": no host to name
        return None
    return host.removeprefix("www.") or None


def clean_url(value: object, warnings: list[str]) -> str | None:
    """A metadata URL as a single-line string, or None (with a warning) when it cannot be
    parsed as a URL (``http://[oops``): later steps split URLs into parts."""
    text = clean_field(value)
    if text is None:
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        warnings.append(f"url {text[:100]!r} ignored: not a valid URL ({exc})")
        return None
    return text


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_DOTTED_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")  # European D.M.Y


def parse_date(value: object) -> dt.date | None:
    """A calendar date from a metadata value (ISO, RFC 2822, "8 December 2024", D.M.Y, a
    date/datetime, a Unix timestamp number), or None. Relative phrases ("yesterday") are refused: metadata dates
    must not depend on when newsfuse runs. The date is the one written, never shifted to UTC."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not -1e15 < value < 1e15:  # also NaN; a 400-digit integer would overflow a float
            return None
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
        if 1e8 < seconds < 4.1e9:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
        return None
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DOTTED_DATE, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import (~2 s): only for the rare free-form metadata date

    parsed = dateparser.parse(text, settings={
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["custom-formats", "absolute-time"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    })
    return parsed.date() if parsed else None


def clean_field(value: object) -> str | None:
    """A metadata value as a single-line string, or None when empty."""
    if value is None:
        return None
    try:
        text = " ".join(str(value).split())
    except ValueError:  # an integer too long to print (over 4,300 digits)
        return None
    return text or None


def document_id(source: str, content_hash: str) -> str:
    """Stable id of a report: its source (URL, else path) and its text's hash."""
    return "d" + hashlib.sha256(f"{source}\x00{content_hash}".encode("utf-8")).hexdigest()[:12]


def renamed(doc: Document, path: str) -> Document:
    """The same report under another path (e.g. an upload's own file name instead of the
    temporary file it was read from), with the id that path gives."""
    import dataclasses

    return dataclasses.replace(doc, path=path, id=document_id(doc.url or path, doc.content_hash))


def make_document(
    text: str,
    path: str,
    *,
    title: object = None,
    outlet: object = None,
    url: object = None,
    published: object = None,
    partial: bool = False,
    warnings: list[str] | None = None,
) -> Document:
    """Build a Document from extracted text and metadata.

    The id is ``"d"`` + 12 hex of the sha256 of the source (URL, else path) and the
    normalised text: the same report read again gets the same id (ingesting is idempotent),
    while the same text from another source is a separate document that dedup links to
    its original as a copy. ``content_hash`` is the text's own sha256. The outlet falls
    back to the URL's domain.
    Raises InputError when no text is left after normalisation.
    """
    body = normalise_text(text)
    if not body:
        raise InputError(path, "no text found", "the input is empty or holds only markup/metadata")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    warnings = list(warnings or [])
    url_text = clean_url(url, warnings)
    return Document(
        id=document_id(url_text or path, digest),
        path=path,
        text=body,
        title=clean_field(title),
        outlet=clean_field(outlet) or outlet_from_url(url_text),
        url=url_text,
        published=parse_date(published),
        language=detect_language(body),
        content_hash=digest,
        partial=partial,
        warnings=warnings,
    )
