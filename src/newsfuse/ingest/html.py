"""Web pages: the article text and its metadata via trafilatura; HTML fragments to text."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from html.parser import HTMLParser

from ..errors import InputError
from ..model import Document
from .documents import make_document

# Fewer words than this is navigation or a cookie banner, not an article (trafilatura
# returns "Menu" for a page that holds only a menu).
MIN_ARTICLE_WORDS = 15
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_LIBXML2_DEPTH = 255  # libxml2 builds no deeper tree (lxml, hence trafilatura)
_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "pre", "table", "tr", "section", "article", "header", "footer", "figure",
               "figcaption", "dd", "dt")


def parse_html(data: bytes | str, path: str, *, url: str | None = None,
               warnings: list[str] | None = None) -> Document:
    """One Document from a web page. The date comes only from the page's metadata (meta
    tags, ``<time>``, JSON-LD, a date in the URL): trafilatura's extensive search, which
    guesses from any date in the text, is off so ``published`` is never a guess."""
    from trafilatura import bare_extraction

    date_params = {
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }
    try:
        extracted = bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                    date_extraction_params=date_params)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise InputError(path, f"HTML could not be parsed: {exc}",
                         "check that the file is a web page") from exc
    fields = extracted.as_dict() if extracted is not None else {}
    text = fields.get("text") or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        # libxml2 stops building the tree past 256 nested elements, so trafilatura sees
        # an empty page; the flat reading below has no depth limit.
        depth, flat_title, flat_text = flat_reading(data)
        if depth > MAX_LIBXML2_DEPTH and len(flat_text.split()) >= MIN_ARTICLE_WORDS:
            fields["title"] = fields.get("title") or flat_title
            text = flat_text
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise InputError(path, "no article text found",
                         "the page may be an index, a login wall or built by JavaScript; "
                         "save the article page itself or paste its text into a .txt file")
    title = fields.get("title")
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title.strip():  # the headline is the title, not body text
            text = rest
    return make_document(
        text, path, title=title, outlet=fields.get("sitename"),
        url=url or fields.get("url"), published=fields.get("date"), warnings=warnings,
    )


class _FlatReader(HTMLParser):
    """Text and nesting depth of a page read as a stream of tags (no tree, so no depth
    limit): block tags break paragraphs, script/style/template contents are dropped."""

    _SKIP = {"script", "style", "noscript", "template", "head"}
    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.max_depth = self.skipping = 0
        self.parts: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        self.skipping += tag in self._SKIP
        self.in_title = tag == "title" or self.in_title
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._VOID:
            return
        self.depth = max(0, self.depth - 1)
        self.skipping = max(0, self.skipping - (tag in self._SKIP))
        self.in_title = self.in_title and tag != "title"
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def flat_reading(data: bytes | str) -> tuple[int, str | None, str]:
    """(deepest nesting, title, text) of a page, read without building a tree."""
    markup = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    reader = _FlatReader()
    reader.feed(markup)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    title = " ".join("".join(reader.title).split()) or None
    return reader.max_depth, title, "\n\n".join(line for line in lines if line)


def fragment_to_text(markup: str) -> str:
    """Readable text of an HTML fragment (a feed's content or summary), keeping paragraph
    breaks; scripts and styles are dropped."""
    # lxml refuses strings with NUL or control characters (they are dropped later anyway)
    markup = _CONTROL.sub(" ", markup)
    if "<" not in markup:
        return html_lib.unescape(markup)
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", html_lib.unescape(markup))
    for element in list(root.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)
