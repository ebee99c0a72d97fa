"""Contested issues: one item per disputed aspect of an event, with its sides.

Two roads lead to an issue: an aspect whose values cannot all hold (aspects.py: two
tolls, two agents, two days, two places, "happened" against a denial), and an explicit
dispute ("Contrary to these reports, Russian officials claim ..."): a claim with a
dispute marker answers the nearest earlier claim of its document with another
attribution; the issue is then how the answered event happened, with the answered
event's reports on one side and the disputer's on the other. Each side says who holds
it, since when, and in how many independent sources.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..analyze.propositions import estimating_verbs
from ..model import Claim, Contradiction, Document, Side
from .aspects import Aspect, earliest

# A denial answers a claim only when it says so ("denied that ...", "denied the reports"):
# "the magistrate denied a motion to set bail" answers nothing.
_CLAIM_WORDS = r"(the |these |those |such |earlier |media )?(claims?|reports?|allegations?|accusations?|rumou?rs?|accounts?)"
DISPUTE_MARKER = re.compile(
    r"\b(contrary to|contradict(s|ed|ing)?|den(y|ies|ied) (that|" + _CLAIM_WORDS + r")|"
    r"reject(s|ed)? " + _CLAIM_WORDS + r"|dismiss(es|ed)? " + _CLAIM_WORDS + r"|refut(e|es|ed)|"
    r"disput(e|es|ed) " + _CLAIM_WORDS + r"|(is|are|was|were) (false|untrue|fake)|no truth)\b", re.I)
_BACK_REFERENCE = re.compile(r"\b(these|those|such|the|earlier|previous|media) (reports?|claims?|allegations?|rumou?rs?)\b", re.I)
_RECIPROCAL = re.compile(r"\b(each other|one another|both sides|either side|neither side)\b", re.I)
LOOKBACK_SENTENCES = 2  # how far back a dispute marker may answer

Independent = Callable[[list[str]], int]


def speaker(claim: Claim, documents: dict[str, Document]) -> str:
    """Who says it: the cited source, else a named subject giving its own figure ("AFAD
    measured the first shock at 7.7"), else the outlet, else the document's title or file."""
    if claim.attribution_kind != "outlet" and claim.attribution:
        return claim.attribution
    estimator = next((p.agent for p in claim.propositions if p.agent_key and p.agent and p.counts
                      and p.lemma in estimating_verbs()), None)
    if estimator:
        return estimator
    doc = documents.get(claim.document)
    if doc is None:
        return f"document {claim.document}"
    if doc.outlet:
        return doc.outlet
    if doc.title:
        return f'"{doc.title}"'
    return re.split(r"[/\\#]", doc.path.rstrip("/"))[-1] or f"document {claim.document}"


def quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'


def make_side(value: str, claims: list[str], by_id: dict[str, Claim], documents: dict[str, Document],
              independent: Independent) -> Side:
    holders = list(dict.fromkeys(speaker(by_id[c], documents) for c in claims))
    docs = list(dict.fromkeys(by_id[c].document for c in claims))
    return Side(value=value, holders=holders, claims=list(claims), documents=docs,
                independent_sources=independent(claims), since=earliest(claims, by_id, documents))


_QUESTION = {"occurrence": "whether it happened", "agent": "who did it", "date": "when it happened",
             "place": "where it happened", "account": "how it happened", "alive": "whether alive",
             "magnitude": "what magnitude", "in-water": "how many went into the water",
             "perpetrator killed": "whether the perpetrator was killed",
             "perpetrator injured": "whether the perpetrator was injured",
             "perpetrator shot": "whether the perpetrator was shot"}


def aspect_question(aspect: str) -> str:
    """The aspect as a reader's question: "how many killed", "who did it"."""
    return _QUESTION.get(aspect, f"how many {aspect}")


def issue_from_aspect(event_id: str, event_label: str, aspect: Aspect, by_id: dict[str, Claim],
                      documents: dict[str, Document], independent: Independent) -> Contradiction:
    sides = [make_side(v.label, v.claims, by_id, documents, independent) for v in aspect.values]
    parts = "; ".join(f"{s.value} ({', '.join(s.holders[:3])}{' …' if len(s.holders) > 3 else ''})" for s in sides)
    return Contradiction(
        claims=[c for s in sides for c in s.claims], kind=aspect.kind,
        explanation=f"{aspect_question(aspect.name)} in {quote(event_label, 70)} is disputed: {parts}",
        event=event_id, aspect=aspect.name, sides=sides)


def is_disputing(claim: Claim) -> bool:
    """An explicit dispute marker in the claim's own words (the claim's ``disputes`` flag
    also fires on contrast words, which answer nothing by themselves)."""
    return bool(DISPUTE_MARKER.search(claim.text))


def _attribution_differs(a: Claim, b: Claim) -> bool:
    return (a.attribution_entity or a.attribution.lower()) != (b.attribution_entity or b.attribution.lower())


def find_disputes(claims_by_doc: dict[str, list[Claim]]) -> list[tuple[Claim, Claim]]:
    """(answered, disputer) pairs: a claim with a dispute marker answers the claims of
    the nearest preceding sentence (up to LOOKBACK_SENTENCES back) of its document with
    another attribution; a back-reference ("these reports") prefers media-attributed
    claims. A claim that reports both sides ("blame each other") answers nothing."""
    out = []
    for doc_claims in claims_by_doc.values():
        ordered = sorted(doc_claims, key=lambda c: (c.sentence, c.start))
        for i, claim in enumerate(ordered):
            if not is_disputing(claim) or _RECIPROCAL.search(claim.text):
                continue
            earlier = [c for c in ordered[:i]
                       if claim.sentence - LOOKBACK_SENTENCES <= c.sentence <= claim.sentence
                       and c.id != claim.id and _attribution_differs(c, claim) and not is_disputing(c)
                       and not _RECIPROCAL.search(c.text)]
            if not earlier:
                continue
            if _BACK_REFERENCE.search(claim.text):
                earlier = [c for c in earlier if c.attribution_kind == "media"] or earlier
            nearest = max(c.sentence for c in earlier)
            target = next(c for c in earlier if c.sentence == nearest)
            out.append((target, claim))
    return out


def dispute_issue(target_event: tuple[str, str, list[str]], disputer_event: tuple[str, str, list[str]],
                  by_id: dict[str, Claim], documents: dict[str, Document], independent: Independent,
                  disputer: Claim) -> Contradiction:
    """The issue an explicit dispute raises: how the answered event happened; the
    answered event's claims on one side, the disputing claim's event on the other.
    Events are (id, label, claim ids)."""
    tid, tlabel, tclaims = target_event
    did, dlabel, dclaims = disputer_event
    sides = [make_side(tlabel, tclaims, by_id, documents, independent),
             make_side(dlabel, dclaims, by_id, documents, independent)]
    who = ", ".join(sides[1].holders[:2])
    return Contradiction(
        claims=[c for s in sides for c in s.claims], kind="attributed-dispute",
        explanation=f"{who} dispute{'' if who.endswith('s') else 's'} {', '.join(sides[0].holders[:2])}: "
                    f"{quote(tlabel)} vs {quote(dlabel)}",
        event=tid, aspect="account", sides=sides)



# A person's state: reported (or speculated) dead against placed alive somewhere.
_DEATH_OF_PATIENT = {"kill", "murder", "assassinate", "execute", "slay"}
_DEATH_OF_AGENT = {"die", "perish"}
_ALIVE_MOVES = {"arrive", "flee", "fly", "travel", "escape", "land", "reach", "meet", "stay", "live", "appear"}
_REFUGE = {"asylum", "refuge", "sanctuary"}


def status_issues(mentions, by_id: dict[str, Claim], documents: dict[str, Document], independent: Independent,
                  event_of: dict[str, str], people: dict[str, str]) -> list[Contradiction]:
    """One "status" issue per person reported (or speculated) dead by one source and
    placed alive by another, unless every death report is later than every sighting
    (then it is news, not a conflict). ``people`` maps person keys to names."""
    dead: dict[str, list[str]] = {}
    alive: dict[str, list[str]] = {}
    hedged: set[str] = set()
    last_person = _last_person_before(by_id, people)
    for m in mentions:
        p, c = m.prop, m.claim
        if p.negated or c.certainty == "denied":
            continue
        person = None
        victim = p.patient_key if p.patient_key in people else (
            last_person(c) if p.patient in ("he", "she", "him", "her") else None)
        if p.lemma in _DEATH_OF_PATIENT and victim:
            dead.setdefault(victim, []).append(c.id)
        elif p.lemma in _DEATH_OF_AGENT and p.agent_key in people:
            dead.setdefault(p.agent_key, []).append(c.id)
        elif (p.lemma in _ALIVE_MOVES or p.lemma == "be" and p.places) and p.agent_key in people:
            person = p.agent_key
        elif p.patient in _REFUGE and p.patient_key in people:  # "granted asylum to Assad"
            person = p.patient_key
        if person:
            alive.setdefault(person, []).append(c.id)
        if (p.certainty or c.certainty) in ("hedged", "speculative"):
            hedged.add(c.id)
    out = []
    for person, died in dead.items():
        seen = alive.get(person)
        if not seen:
            continue
        dd = [documents[by_id[x].document].published for x in died if documents[by_id[x].document].published]
        da = [documents[by_id[x].document].published for x in seen if documents[by_id[x].document].published]
        if dd and da and min(dd) > max(da):
            continue
        sides = [make_side("dead", list(dict.fromkeys(died)), by_id, documents, independent),
                 make_side("alive", list(dict.fromkeys(seen)), by_id, documents, independent)]
        if not set(sides[0].holders) - set(sides[1].holders) and len(sides[0].holders) == 1:
            continue  # one source saying both is no dispute
        name = people[person]
        verb = "speculates" if set(died) & hedged else "says"
        out.append(Contradiction(
            claims=[x for s in sides for x in s.claims], kind="status",
            explanation=f"{name} dead or alive: {', '.join(sides[0].holders[:2])} {verb} that {name} died "
                        f"({quote(by_id[died[0]].text)}); {', '.join(sides[1].holders[:2])} places {name} alive "
                        f"({quote(by_id[seen[0]].text)})",
            event=event_of.get(died[0]), aspect="alive", sides=sides))
    return out


def _last_person_before(by_id: dict[str, Claim], people: dict[str, str]):
    """A function: claim -> the person last named in its document up to
    LOOKBACK_SENTENCES before it (what "he" refers to), or None."""
    named: dict[str, list[tuple[int, str]]] = {}
    for c in by_id.values():
        for k in c.entities:
            if k in people:
                named.setdefault(c.document, []).append((c.sentence, k))

    def find(claim: Claim) -> str | None:
        found = [(s, k) for s, k in named.get(claim.document, [])
                 if claim.sentence - LOOKBACK_SENTENCES <= s <= claim.sentence]
        return max(found)[1] if found else None

    return find
