"""Whether a sentence can label a fact on the bottom line: a declarative sentence that
says what happened, not a page heading, caption or widget text left in the body, not a
first-person reaction or quote, not a habitual generic. Cue lists: data/labels.yaml."""
from __future__ import annotations

import functools
import re
from importlib import resources

from .. import yamlfast

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}-\d{4}\b")
HEADING_CAPS = 0.6  # share of a sentence's words written capitalised at which it reads as a heading


@functools.lru_cache(maxsize=1)
def _cues() -> dict:
    with (resources.files("newsfuse") / "data" / "labels.yaml").open(encoding="utf-8") as fh:
        table = yamlfast.safe_load(fh)
    return {"openings": tuple(sorted((o.lower() for o in table["debris_openings"]), key=len, reverse=True)),
            "marks": tuple(table["debris_marks"]),
            "first": frozenset(table["first_person"]), "habitual": frozenset(table["habitual"])}


def label_problem(text: str) -> str | None:
    """"heading", "reaction" or "generic" when ``text`` should not label a fact, else None.
    A heading: page debris at its start ("READ MORE:", "Share", "Embed"), a separator
    joining headline and caption ("... | 1:53 Three officers ..."), a link or a telephone
    number (a notice: "Call 407-228-1448 for info"), or most of its words
    capitalised ("IDENTIFIED BY POLICE AS PERSONS OF INTEREST", "Shooting at Mr. G's
    Record Release Party Leaves Seven Wounded"). A reaction: spoken in the first person,
    or a quotation. A generic: a habitual adverb ("often", "usually")."""
    cues = _cues()
    plain = " ".join(text.split())
    low = plain.lower()
    if any(m in plain for m in cues["marks"]) or _PHONE.search(plain):
        return "heading"
    for opening in cues["openings"]:
        if low.startswith(opening) and not low[len(opening):len(opening) + 1].isalpha():
            return "heading"
    words = _WORD.findall(plain)
    if len(words) >= 3 and sum(w[0].isupper() for w in words[1:]) >= HEADING_CAPS * (len(words) - 1):
        return "heading"
    lower = {w.lower().replace("’", "'") for w in words}
    if lower & cues["first"] or plain[:1] in "\"“'‘":
        return "reaction"
    if lower & cues["habitual"]:
        return "generic"
    return None
