"""Plain-text and Markdown reports, with an optional metadata header.

Accepted header forms (all optional):

* ``key: value`` lines at the top, ended by a blank line
  (keys: title/headline, outlet/source/publisher/site, date/published, url/link, author);
* Markdown front matter between ``---`` lines, with the same keys;
* a leading ``date YYYY-MM-DD`` with the body continuing on the same line (the form
  some scrapers write: ``date 2024-12-08 Due to the overthrow ...``).

Without a header the text is kept whole and ``title`` stays None: the first line of a
plain text file is often the lead paragraph, and guessing a headline would invent one.
In Markdown a leading ``# Heading`` is the title (the author marked it as one).
"""
from __future__ import annotations

import re

from ..model import Document
from .documents import make_document

_KEYS = {
    "title": "title", "headline": "title",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "site": "outlet",
    "sitename": "outlet", "site_name": "outlet",
    "date": "published", "published": "published", "pubdate": "published",
    "published_at": "published", "date_published": "published",
    "url": "url", "link": "url",
    "author": "author", "byline": "author", "by": "author",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,24}):[ \t]*(.*?)\s*$")
_INLINE_DATE = re.compile(
    r"^\s*(?:date|published|dated)\s*:?\s+(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?"
    r"[ \t]+(?=\S)", re.IGNORECASE)
MARKDOWN_SUFFIXES = {".md", ".markdown"}


def _parse_header_lines(lines: list[str]) -> dict[str, str] | None:
    """Metadata from ``key: value`` lines, or None when they are not a header: every line
    must be one, and at least one key must be a known one."""
    fields: dict[str, str] = {}
    known = False
    for line in lines:
        match = _HEADER_LINE.match(line)
        if not match:
            return None
        key = match.group(1).strip().lower().replace(" ", "_").replace("-", "_")
        if key in _KEYS:
            known = True
            fields.setdefault(_KEYS[key], match.group(2).strip().strip("\"'"))
    return fields if known else None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split ``text`` into (metadata, body) according to the header forms above."""
    stripped = text.lstrip("\ufeff")
    inline = _INLINE_DATE.match(stripped)
    if inline:
        return {"published": inline.group(1)}, stripped[inline.end():]
    lines = stripped.lstrip("\n").split("\n")
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:40], start=1):
            if line.strip() in ("---", "..."):
                fields = _parse_header_lines([ln for ln in lines[1:i] if ln.strip()])
                if fields is not None:
                    return fields, "\n".join(lines[i + 1:])
                break
        return {}, stripped
    for i, line in enumerate(lines[:30]):
        if not line.strip():
            if i == 0:
                break
            fields = _parse_header_lines(lines[:i])
            if fields is not None:
                return fields, "\n".join(lines[i + 1:])
            break
    return {}, stripped


def markdown_to_text(markdown: str) -> tuple[str | None, str]:
    """(first ``# heading`` or None, the text with Markdown markup removed)."""
    title = None
    lines: list[str] = []
    for line in markdown.split("\n"):
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            if title is None and heading.group(1) == "#" and not any(ln.strip() for ln in lines):
                title = heading.group(2)
                continue
            line = heading.group(2)
        elif re.match(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", line):  # horizontal rule
            line = ""
        else:
            line = re.sub(r"^\s{0,3}>\s?", "", line)  # block quote marker
            line = re.sub(r"^(\s*)[-*+]\s+", r"\1", line)  # bullet marker
        line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)  # images -> alt text
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links -> link text
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", line)
        line = re.sub(r"`([^`]+)`", r"\1", line)
        lines.append(line)
    return title, "\n".join(lines)


def parse_text(text: str, path: str, *, markdown: bool = False, url: str | None = None,
               warnings: list[str] | None = None) -> Document:
    """One Document from a plain-text or Markdown report (see the module docstring)."""
    fields, body = split_header(text)
    title = fields.get("title")
    if markdown:
        heading, body = markdown_to_text(body)
        title = title or heading
    return make_document(
        body, path, title=title, outlet=fields.get("outlet"), url=fields.get("url") or url,
        published=fields.get("published"), warnings=warnings,
    )
