"""RSS and Atom feeds: one Document per item.

The full text comes from ``content:encoded`` / Atom ``<content>`` when present; otherwise
the item's summary is used and the Document is marked ``partial``.

Feeds are untrusted XML. feedparser does not expand entities (a billion-laughs bomb is left
as literal ``&lol9;`` text and an external entity such as ``file:///etc/passwd`` is never
read), but a feed that declares entities in its DOCTYPE has no business doing so: it is
refused before parsing, so neither feedparser nor anything after it sees the declarations.
"""
from __future__ import annotations

import email.utils
import io
import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import Document
from .documents import make_document, outlet_from_url, parse_date, unexpected, utf8_view
from .html import fragment_to_text

_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF|channel)[\s>]", re.IGNORECASE)
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,64})|([0-9]{1,64}));")


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of an XML document open an RSS, Atom or RDF feed."""
    return bool(_FEED_ROOT.search(head))


def refuse_entity_declarations(data: bytes, source: str) -> None:
    """Raise InputError when the document declares XML entities (internal or external).

    Entity declarations are how billion-laughs bombs and external-entity (XXE) reads work;
    real feeds do not use them. Any ``<!ENTITY`` outside a CDATA section counts, so hiding
    the DOCTYPE behind a comment or another encoding does not slip past.
    """
    if _ENTITY_DECLARATION.search(_CDATA.sub(b"", utf8_view(data))):
        raise InputError(source, "feed declares XML entities in its DOCTYPE; refused",
                         "entity declarations can expand without bound or read local files "
                         "(billion laughs, XXE); real feeds do not need them")


def _replace_impossible_charrefs(data: bytes) -> bytes:
    """``data`` with character references to no character (``&#x110000;``, surrogates,
    ``&#0;``) replaced by U+FFFD: feedparser's lenient parser passes them to ``chr()`` and
    the UTF-8 encoder, which raise, and one such reference must not lose the whole feed."""
    def fix(match: re.Match[bytes]) -> bytes:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return match.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"

    return _CHARREF.sub(fix, data) if b"&#" in data else data


def _item_date(entry) -> object:
    """The item's own date as written (not shifted to UTC, which can change the day)."""
    for key in ("published", "updated", "created", "dc_date"):
        raw = entry.get(key)
        if raw:
            try:
                return email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                if parse_date(raw):
                    return raw
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _item_text(entry) -> tuple[str, bool]:
    """(text, partial): full content when the feed carries it, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    full = "\n\n".join(fragment_to_text(value) for value in contents).strip()
    summary = fragment_to_text(entry.get("summary", "") or "").strip()
    if full and len(full) >= len(summary):
        return full, False
    return summary, True


def parse_feed(data: bytes, path: str, *, url: str | None = None,
               warnings: list[str] | None = None) -> Iterator[Document | InputError]:
    """Yield a Document per feed item, an InputError per unusable item; raise InputError
    when the whole feed is unreadable."""
    import feedparser

    refuse_entity_declarations(data, path)
    data = _replace_impossible_charrefs(data)
    try:
        # Bytes in a file-like object: a str argument would be tried as a path or URL.
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser raises more than its own errors on hostile XML
        raise unexpected(path, exc) from exc
    entries = parsed.get("entries", [])
    usable = [e for e in entries if e.get("title") or e.get("summary") or e.get("content")]
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not usable:
        raise InputError(path, f"malformed feed: {problem}",
                         "the file is not well-formed RSS/Atom XML; check it in a validator")
    if not parsed.get("version") and not usable:
        raise InputError(path, "not an RSS or Atom feed (no channel or items found)")
    feed_warnings = list(warnings or [])
    if parsed.get("bozo") and problem is not None and not isinstance(
            problem, feedparser.CharacterEncodingOverride):
        feed_warnings.append(f"feed is not well-formed ({problem}); items read leniently")
    feed = parsed.get("feed", {})
    feed_title = feed.get("title")
    feed_link = feed.get("link") or url
    for number, entry in enumerate(entries, start=1):
        item_path = f"{path}#item{number}"
        try:
            item_path = f"{path}#{entry.get('id') or entry.get('link') or f'item{number}'}"
            yield _item_document(entry, item_path, feed_title, feed_link, feed_warnings)
        except InputError as error:
            yield error
        except Exception as exc:  # noqa: BLE001 - one hostile item must not end the feed
            yield unexpected(item_path, exc)


def _item_document(entry, item_path: str, feed_title: str | None, feed_link: str | None,
                   warnings: list[str]) -> Document:
    text, partial = _item_text(entry)
    if not text:
        raise InputError(item_path, "feed item has no text (no content or summary)")
    source = entry.get("source") or {}
    item_url = entry.get("link")
    outlet = source.get("title") or outlet_from_feed_title(feed_title) or outlet_from_url(item_url or feed_link)
    return make_document(
        text, item_path, title=entry.get("title"), outlet=outlet,
        url=item_url, published=_item_date(entry), partial=partial, warnings=warnings,
    )


def outlet_from_feed_title(title: str | None) -> str | None:
    """The outlet named by a feed title: "Meridian Wire - World: editors' selection" and
    "World news | The Daily Example" name their section too; keep the part that names
    the outlet (the first part before " - " / " – " / ": ", or the last after " | ")."""
    if not title or not title.strip():
        return None
    title = " ".join(title.split())
    if " | " in title:
        return title.rsplit(" | ", 1)[-1].strip() or None
    for sep in (" - ", " – ", " — ", ": "):
        if sep in title:
            return title.split(sep, 1)[0].strip() or None
    return title
