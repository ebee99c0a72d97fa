"""Web pages: the article text and its metadata via trafilatura; HTML fragments to text."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re

from ..errors import InputError
from ..model import Document
from .documents import make_document

# Fewer words than this is navigation or a cookie banner, not an article (trafilatura
# returns "Menu" for a page that holds only a menu).
MIN_ARTICLE_WORDS = 15
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


def fragment_to_text(markup: str) -> str:
    """Readable text of an HTML fragment (a feed's content or summary), keeping paragraph
    breaks; scripts and styles are dropped."""
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
