"""Count a fact's support in independent sources, not in articles.

Every (document, claim) of a fact becomes one SourceLink: outlet -> cited source. Its
``source_key`` names the origin the information came from; independent sources are the
distinct keys. The rules, in order:

1. Copies are one document: a document marked ``copy_of`` (to the root of the chain),
   and documents whose claims in this fact are near-identical text, take the origin of
   the earliest of them.
2. A claim attributed to a known entity counts as that entity (``entity:<key>``), however
   many outlets repeat it: HUR, GUR and "Main Directorate of Intelligence of Ukraine"
   merge to one key upstream, so they count once.
3. A claim attributed to a named group ("Russian officials") counts as that group by its
   normalised name (``group:russian officials``).
4. Vague media attributions ("reports indicate", "media reported") all share one key
   (``media``): unnamed reports may be the very articles we read, so together they count
   at most once.
5. A claim the outlet asserts itself counts as that outlet (``outlet:<name>``, one per
   distinct outlet; an unknown outlet counts as its own document, ``document:<id>``) --
   unless it relays: when another link of the fact cites upstream U and this document
   cites U elsewhere in the story ("This was reported by HUR" a few sentences away), the
   outlet is presumed to pass U on and the link counts as U (``cited_source`` "U
   (relayed)").
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Claim, Document, SourceLink

NEAR_IDENTICAL = 0.85  # token Jaccard at which two claim texts are one text copied
_WORD = re.compile(r"\w+")
_REPORTING = re.compile(
    r"\b(accord(ing|s)? to|report(ed|s)?|sa(id|ys)|stat(ed|es)|claim(ed|s)?|not(ed|es)|"
    r"announc(ed|es)|confirm(ed|s)?|told|cit(ed|ing)|assert(ed|s)?)\b", re.I)


def normalise_name(name: str) -> str:
    """Case-, space- and article-insensitive form of a source or outlet name."""
    name = re.sub(r"^(the|www\.)\s*", "", name.strip().lower())
    return " ".join(_WORD.findall(name))


def copy_root(doc_id: str, documents: dict[str, Document]) -> str:
    """Follow ``copy_of`` to the original (cycle-safe)."""
    seen = {doc_id}
    while True:
        doc = documents.get(doc_id)
        nxt = doc.copy_of if doc else None
        if not nxt or nxt in seen:
            return doc_id
        seen.add(nxt)
        doc_id = nxt


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def upstream_key(claim: Claim) -> str | None:
    """The key of the cited upstream source, None when the outlet asserts the claim."""
    if claim.attribution_kind == "outlet":
        return None
    if claim.attribution_kind == "media":
        return "media"
    if claim.attribution_kind == "entity" and claim.attribution_entity:
        return f"entity:{claim.attribution_entity}"
    return f"group:{normalise_name(claim.attribution) or 'unnamed'}"


def document_citations(claims: Iterable[Claim], sentences_text: dict[str, list[str]],
                       entity_names: dict[str, set[str]]) -> dict[str, set[str]]:
    """document id -> upstream keys it cites anywhere: attributed claims, plus sentences
    that name a known entity next to a reporting cue ("This was reported by ...")."""
    cites: dict[str, set[str]] = {}
    for c in claims:
        key = upstream_key(c)
        if key and key != "media":
            cites.setdefault(c.document, set()).add(key)
    for doc_id, texts in sentences_text.items():
        for text in texts:
            if not _REPORTING.search(text):
                continue
            low = text.lower()
            for key, names in entity_names.items():
                if any(_contains_name(low, n) for n in names):
                    cites.setdefault(doc_id, set()).add(f"entity:{key}")
    return cites


def _contains_name(low_text: str, name: str) -> bool:
    name = name.lower().strip()
    if len(name) < 3:
        return False
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", low_text) is not None


def source_links(claims: list[Claim], documents: dict[str, Document],
                 citations: dict[str, set[str]] | None = None) -> list[SourceLink]:
    """One SourceLink per claim of a fact, with ``source_key`` set by the rules above."""
    citations = citations or {}
    origin = _origins(claims, documents)
    upstream = {upstream_key(c) for c in claims} - {None, "media"}
    links = []
    for c in claims:
        doc = documents.get(c.document)
        outlet = doc.source_label if doc else c.document
        key = upstream_key(c)
        cited = c.attribution if key else None
        if key is None:
            relayed = sorted(upstream & citations.get(c.document, set()))
            if relayed:
                key = relayed[0]
                name = next((o.attribution for o in claims if upstream_key(o) == key), key)
                cited = f"{name} (relayed)"
            else:
                root = documents.get(origin[c.document])
                if root is not None and root.outlet:
                    key = f"outlet:{normalise_name(root.outlet)}"
                else:
                    key = f"document:{origin[c.document]}"
        links.append(SourceLink(c.document, outlet, cited, key))
    return links


def _origins(claims: list[Claim], documents: dict[str, Document]) -> dict[str, str]:
    """document id -> the document its text in this fact originates from."""
    origin = {c.document: copy_root(c.document, documents) for c in claims}
    toks = [(c.document, _tokens(c.text)) for c in claims]
    for i, (di, ti) in enumerate(toks):
        for dj, tj in toks[i + 1:]:
            if di == dj or len(ti) < 6 or len(tj) < 6:
                continue
            if len(ti & tj) / len(ti | tj) >= NEAR_IDENTICAL:
                a, b = origin[di], origin[dj]
                first = min((a, b), key=lambda d: _published_order(d, documents))
                for d, o in origin.items():
                    if o in (a, b):
                        origin[d] = first
    return origin


def _published_order(doc_id: str, documents: dict[str, Document]) -> tuple:
    doc = documents.get(doc_id)
    published = doc.published.toordinal() if doc and doc.published else 10**9
    return (published, doc_id)


def count_independent(links: list[SourceLink]) -> int:
    """Distinct origins among a fact's links."""
    return len({link.source_key for link in links})
