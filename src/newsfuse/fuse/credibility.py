"""Credibility of facts and reliability of outlets, kept apart as the NATO Admiralty
code (STANAG 2511) keeps them: a fact's credibility (1-6) comes from its corroboration,
hedging and contradictions only; an outlet's reliability (A-F) comes from the user's own
rating of the outlet and is shown beside it, never folded in.

Credibility of one aspect of one event (the occurrence of an event is graded apart from
its disputed cause or toll):
1 confirmed        >= 3 independent sources, at least one asserting, uncontested
2 probably true    2 independent sources asserting, uncontested; or contested, with
                   >= 3 independent sources and at least twice the opposition's
3 possibly true    one source asserting it; or only hedged but >= 2 independent sources;
                   or contested with more independent support than opposition
4 doubtful         one source, hedged or speculative only
5 improbable       contested by more independent sources than support it
6 cannot be judged opinion only; or contested with support and opposition level
"""
from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import yaml

from ..errors import InputError
from ..model import Claim, Fact, StoryPicture
from .independence import normalise_name

log = logging.getLogger(__name__)

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
UNKNOWN_RELIABILITY = "F"  # Admiralty F: reliability cannot be judged


def grade_fact(claims: list[Claim], independent: int, contested: bool, opposing: int) -> int:
    """Admiralty credibility 1-6 of one aspect's leading value (see the module docstring):
    ``independent`` sources support it, ``opposing`` ones hold another value."""
    factual = [c for c in claims if c.kind != "opinion"]
    if not factual:
        return 6
    asserted = any(c.certainty in ("asserted", "denied") for c in factual)
    if contested:
        if opposing > independent:
            return 5
        if independent >= 3 and independent >= 2 * opposing and asserted:
            return 2
        if independent > opposing:
            return 3
        return 6
    if not asserted:
        return 3 if independent >= 2 else 4
    if independent >= 3:
        return 1
    if independent == 2:
        return 2
    return 3


def load_reliability(path: str | Path) -> dict[str, str]:
    """Outlet ratings A-F from a YAML mapping ({outlet: grade}, optionally under a
    ``reliability:`` key) or a CSV with columns outlet, grade (header optional).
    Unreadable files raise InputError; a bad row is skipped with a warning."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the reliability file: {exc.strerror or exc}",
                         "pass a YAML or CSV file mapping outlet to a grade A-F") from exc
    rows: list[tuple[str, object]]
    if path.suffix.lower() in (".csv", ".tsv"):
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        rows = [(r[0], r[1]) for r in csv.reader(io.StringIO(text), dialect=dialect) if len(r) >= 2]
        if rows and normalise_name(rows[0][0]) in ("outlet", "source", "name"):
            rows = rows[1:]
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise InputError(str(path), f"not valid YAML: {exc}",
                             "write one 'outlet: grade' line per outlet") from exc
        if isinstance(data, dict) and isinstance(data.get("reliability"), dict):
            data = data["reliability"]
        if not isinstance(data, dict):
            raise InputError(str(path), "expected a mapping of outlet to grade",
                             "write one 'outlet: grade' line per outlet")
        rows = list(data.items())
    out: dict[str, str] = {}
    for outlet, grade in rows:
        letter = str(grade).strip().upper()
        if not str(outlet).strip() or letter not in RELIABILITY_GRADES:
            log.warning("%s: skipping %r: grade %r is not one of A-F", path, outlet, grade)
            continue
        out[str(outlet).strip()] = letter
    return out


def reliability_of(outlet: str | None, reliability: dict[str, str] | None) -> str:
    """The user's grade for an outlet (name matched case- and article-insensitively);
    F (cannot be judged) when unrated."""
    if not outlet or not reliability:
        return UNKNOWN_RELIABILITY
    table = {normalise_name(k): v for k, v in reliability.items()}
    return table.get(normalise_name(outlet), UNKNOWN_RELIABILITY)


def outlet_reliability(picture: StoryPicture, reliability: dict[str, str] | None) -> dict[str, str]:
    """outlet -> grade A-F for every outlet that appears among the picture's facts."""
    outlets = {link.outlet for fact in picture.facts for link in fact.sources}
    return {o: reliability_of(o, reliability) for o in sorted(outlets)}


def fact_reliability(fact: Fact, reliability: dict[str, str] | None) -> str:
    """The best grade among the outlets that carry the fact: the Admiralty pair shown
    beside a fact's credibility, e.g. "B2"."""
    grades = [reliability_of(link.outlet, reliability) for link in fact.sources]
    return min(grades) if grades else UNKNOWN_RELIABILITY
