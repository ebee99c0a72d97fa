"""The self-contained HTML report: content, links to sentences, offline, inert payloads."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newsfuse.report.html import Span, highlight_text, render_html, timeline_entries
from .test_exports import sample_report

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


class _Collector(HTMLParser):
    """Every tag, attribute and id of a page, to check structure rather than strings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    return c


def test_report_is_self_contained_and_scriptless():
    page = render_html(sample_report())
    tags = _parse(page).tags
    assert not [t for t, _ in tags if t in {"script", "iframe", "link", "img", "object"}]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_every_statement_links_to_an_anchored_sentence():
    page = render_html(sample_report())
    tags = _parse(page).tags
    ids = {a["id"] for _, a in tags if a.get("id")}
    links = {a["href"][1:] for t, a in tags if t == "a" and a.get("href", "").startswith("#")}
    claim_links = {x for x in links if x.startswith("claim-")}
    picture = sample_report().stories[0]
    assert claim_links >= {f"claim-{cid}" for f in picture.facts for cid in f.claims}
    assert {f"claim-{c.id}" for c in picture.claims} <= ids  # every claim's sentence is anchored
    assert links <= ids  # no dangling link
    assert 'id="claim-d000000000b2:c2" class="claim">Russian officials claim Assad voluntarily resigned.</mark>' in page


def test_facts_are_ranked_by_credibility_with_status_and_source_chain():
    page = render_html(sample_report())
    key = page.index("Key facts")
    assert page.index("Assad left Damascus.", key) < page.index("Single-source claims")
    single = page.index("Single-source claims")
    assert page.index("Russian warships left the naval base", single) < page.index("Active clashes began on 27", single)
    assert '<span class="badge contested">contested</span>' in page
    assert "2 independent sources" in page and "1 independent source<" in page
    assert "Kyiv Herald → HUR" in page and "Eastmed Wire → Russian officials" in page


def test_contradiction_quotes_both_sides_with_attribution():
    page = render_html(sample_report())
    block = page[page.index('class="contradiction"'):]
    block = block[: block.index("</div>")]
    assert "attributed-dispute" in block
    assert "“Russian officials claim Assad voluntarily resigned.”" in block
    assert "“Reports indicate that Assad fled Damascus.”" in block
    assert "— Russian officials <span class=\"cert\">(hedged)</span>; <cite>Eastmed Wire</cite>, 2024-12-08" in block


def test_map_timeline_entities_and_places():
    page = render_html(sample_report())
    svg = page[page.index("<svg"): page.index("</svg>")]
    assert "<title>Tartus (34.889, 35.887)</title>" in svg and ">Damascus</text>" in svg
    assert 'class="land"' in svg  # country outlines drawn from the vendored world atlas
    assert "Khmeimim" not in svg and "not geocoded" in page  # no coordinates, no marker
    dates = re.findall(r'<time datetime="([0-9-]+)">', page)
    assert dates == sorted(dates) and {"2024-11-27", "2024-12-08"} <= set(dates)
    assert "GUR, Main Directorate of Intelligence of Ukraine, Defence Intelligence Directorate" in page
    assert "Tartous" in page
    assert len(page) < 200_000


def test_timeline_adds_dated_claims_no_event_covers():
    p = sample_report().stories[0]
    p.events = [e for e in p.events if e.id != "e2"]
    entries = timeline_entries(p)
    clash = next(e for e in entries if e["date"] == "2024-11-27")
    assert clash["label"] == "reported" and clash["claim"] == "d000000000a1:c3"


def test_payloads_in_text_titles_outlets_render_inert():
    page = render_html(sample_report(outlet_b=XSS, text_payload=XSS))
    assert "<script>" not in page and "onerror=" not in page.replace("onerror=alert(2)&gt;", "")
    tags = _parse(page).tags
    assert not [t for t, _ in tags if t in {"script", "img"}]
    assert not [a for _, a in tags for k, v in a.items() if k.startswith("on") or (v or "").startswith("javascript:")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_highlight_nests_clips_and_escapes():
    text = "A <b> & Tartus"
    out = highlight_text(text, [Span(0, 14, "mark", {"id": "claim-1"}), Span(9, 99, "span", {"class": "place"}),
                                Span(2, 11, "span", {"class": "x"})])
    assert out == ('<mark id="claim-1">A <span class="x">&lt;b&gt; &amp; T<span class="place">ar</span></span>'
                   '<span class="place">tus</span></mark>')
    with pytest.raises(ValueError):
        highlight_text(text, [Span(0, 1, "a", {"onclick": "x"})])
