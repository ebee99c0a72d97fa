"""Alternations of many literal names for ``re``, grouped by first letter.

Python's ``re`` tries the branches of an alternation one by one at every place a match
could start; a pattern of a few hundred names ("Khmeimim Air Base", every ship-type
noun) then costs milliseconds per report. Grouping the names behind their first letter
("a(?:bc|b)|x(?:yz)") gives exactly the same matches, since a name of another first
letter can never match where a letter does and within a letter the names keep their
order, while each start tries only a few names."""
from __future__ import annotations

import re


def by_first_letter(alts: list[str], ignore_case: bool) -> str:
    """The alternation of the literal strings ``alts`` (in their order of preference)
    for a pattern compiled with re.IGNORECASE (``ignore_case``) or without. Left flat
    when a string starts with anything but an ASCII letter or digit (case folding might
    then join two groups)."""
    if not all(a[:1].isascii() and a[:1].isalnum() for a in alts):
        return "|".join(re.escape(a) for a in alts)
    groups: dict[str, list[str]] = {}
    for a in alts:
        groups.setdefault(a[0].lower() if ignore_case else a[0], []).append(a[1:])
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
                    for first, rests in groups.items())
