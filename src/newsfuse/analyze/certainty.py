"""How surely a statement is made, read from the cues in its dependency scope.

The cue inventory is ``data/certainty_cues.yaml`` (categories after CoNLL-2010 / BioScope
and FactBank; see the file for sources). A cue counts for a predicate when it is in the
predicate's scope:

- on the predicate itself: a modal ("may close"), an adverb ("reportedly fled"), a
  hedging adjective on a noun ("a possible merger"), a negation ("did not close",
  "no deal"), a conditional marker ("if it closes");
- on a predicate that governs it through a complement: "believed to have fled",
  "expects that ...", "plans to close" (a plan or prediction), "denied that ...",
  "failed to ..."; "allowed to bid" (permission: possible); "it is expected that ..."
  (an expletive passive); and the cues on that governing predicate in turn ("may try
  to close");
- an undecided object: "negotiated the purchase", "is considering a sale";
- a speculation noun heading it: "speculation that he died".

The walk up the tree stops at a plain reporting verb ("officials said the plant may
close": "said" is certain and passes nothing down), at an embedded question ("we want
to know what happened": what happened is not in doubt) and at relative clauses and
adverbial clauses other than conditionals, which are statements of their own.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlfast

CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "certainty_cues.yaml"
_PASS_DEPS = {"xcomp", "ccomp", "conj", "aux", "auxpass", "acomp", "attr"}
_NOUN_UP = {"dobj", "nsubj", "nsubjpass", "pobj", "attr", "oprd"}
_REPORTING_STOP = {"say", "tell", "announce", "report", "state", "add", "write", "confirm", "note", "explain"}
_FUTURE_AUX = {"will", "'ll", "shall", "wo"}


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    data = yamlfast.safe_load(CUES_PATH.read_text(encoding="utf-8"))
    return {k: frozenset(str(w).lower() for w in v) for k, v in data.items()}


@dataclass
class Reading:
    """What the scope of one predicate says about it."""

    hedged: bool = False
    speculative: bool = False
    denied: bool = False
    negated: bool = False
    planned: bool = False  # a plan, intention or prediction ("plans to", "will", "expected to")
    conditional: bool = False
    cues: list[str] = field(default_factory=list)

    @property
    def certainty(self) -> str:
        if self.denied:
            return "denied"
        if self.speculative:
            return "speculative"
        if self.hedged or self.conditional:
            return "hedged"
        return "asserted"


def _own_cues(tok, c, r: Reading, direct: bool) -> None:
    """Cues attached to ``tok`` itself."""
    for ch in tok.children:
        low, lemma = ch.lower_, ch.lemma_.lower()
        if ch.dep_ in ("aux", "auxpass") and low in c["hedge_modals"]:
            if low == "would" and (not direct or _reported(tok)):
                r.planned = True  # future-in-the-past of reported speech ("said it would close")
                continue
            if low == "can" and not direct:
                continue
            r.hedged = True
            r.cues.append(low)
        elif ch.dep_ in ("aux",) and low in _FUTURE_AUX:
            r.planned = True
            r.cues.append(low)
        elif ch.dep_ == "advmod" and low in c["hedge_adverbs"]:
            r.hedged = True
            r.cues.append(low)
        elif ch.dep_ == "amod" and lemma in c["hedge_adjectives"]:
            r.hedged = True
            r.cues.append(low)
        elif ch.dep_ == "amod" and lemma in ("planned", "proposed", "expected", "prospective", "future"):
            r.planned = True
            r.cues.append(low)
        elif ch.dep_ == "neg" or (ch.dep_ == "det" and low == "no"):
            r.negated = True
            r.cues.append(low)
        elif ch.dep_ == "mark" and low in c["conditional"] and tok.dep_ == "advcl":
            r.conditional = True
            r.cues.append(low)
        elif ch.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ in ("no", "neither") for g in ch.children):
            r.negated = True
            r.cues.append("no")
        elif ch.dep_ == "advmod" and low == "never":
            r.negated = True
            r.cues.append(low)


def _managed(adjective) -> bool:
    """An ability told in the past is a deed (an implicative: "police were able to halt
    traffic" says they halted it); "is able to", "will be able to" stay possible."""
    copula = adjective.head
    return adjective.lower_ == "able" and adjective.dep_ == "acomp" and copula.tag_ == "VBD" \
        and not any(x.dep_ in ("neg", "aux") for x in copula.children)


def _reported(tok) -> bool:
    """``tok`` is (through complements) the content of a reporting verb."""
    node = tok
    for _ in range(6):
        if node.dep_ not in ("ccomp", "xcomp", "conj") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _REPORTING_STOP | {"announce", "claim", "expect", "believe", "think", "warn"}:
            return True
    return False


def read_scope(tok, stop_at: int | None = None) -> Reading:
    """The certainty reading of the predicate ``tok`` (a spaCy token). ``stop_at`` is the
    index of a reporting verb whose own cues belong to the attribution, not to the
    statement."""
    c = cues()
    r = Reading()
    node = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in _NOUN_UP:
        _own_cues(tok, c, r, True)
        up = tok.head
        if tok.dep_ == "pobj" and up.dep_ == "prep":
            up = up.head
        if up.pos_ in ("VERB", "AUX") and up.i != tok.i:
            ul = up.lemma_.lower()
            if tok.dep_ in ("nsubj", "nsubjpass") and ul in c["plan_prediction"]:
                r.planned = True  # "the deliveries are scheduled to ..."
                r.hedged = r.hedged or ul in c["plan_unsettled"]
                r.cues.append(ul)
            elif tok.dep_ == "dobj" and ul in c["undecided_objects"]:
                r.hedged = True  # "negotiated the purchase of 22 aircraft"
                r.cues.append(ul)
            node = up
    if tok.dep_ in ("acl", "xcomp") and tok.head.lemma_.lower() in c["plan_nouns"] and tok.head.pos_ == "NOUN":
        r.planned = r.hedged = True  # "has plans to import"
        r.cues.append(tok.head.lemma_.lower())
    direct = True
    for _ in range(8):
        if stop_at is not None and node.i == stop_at:
            break
        lemma = node.lemma_.lower()
        if node is not tok or node.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            if node is not tok and lemma in _REPORTING_STOP:
                break
            _own_cues(node, c, r, direct)
        if lemma in c["speculation"] and node is not tok:
            r.speculative = True
            r.cues.append(lemma)
        dep, head = node.dep_, node.head
        if head.i == node.i or (stop_at is not None and head.i == stop_at):
            break
        hl = head.lemma_.lower()
        if dep in ("acl", "ccomp") and hl in c["speculation"]:
            r.speculative = True
            r.cues.append(hl)
            break
        if dep not in _PASS_DEPS and not (dep == "advcl" and r.conditional):
            break
        if dep == "ccomp" and any(x.tag_ in ("WP", "WDT", "WRB", "WP$") for x in node.children):
            break  # "want to know what happened": an embedded question's event is taken as given
        if dep in ("xcomp", "ccomp"):
            if hl in c["denial"]:
                r.denied = True
                r.cues.append(hl)
            elif hl in ("fail", "refuse", "decline"):
                r.negated = True
                r.cues.append(hl)
            passive = head.tag_ == "VBN" and any(x.dep_ == "auxpass" for x in head.children) \
                and not any(x.dep_ == "agent" for x in head.children)
            expletive = any(x.dep_ in ("nsubjpass", "expl") and x.lower_ == "it" for x in head.children)
            if passive and hl in c["hedge_passives"] and (dep == "xcomp" or expletive):
                r.hedged = True  # "is said to be", "is believed to have fled", "it is expected that"
                r.cues.append(hl)
                if hl == "expect":
                    r.planned = True
            elif dep == "xcomp" and hl in c["permission"] and not _managed(head):
                r.hedged = True  # "allowed to bid", "able to land": possible, not done
                r.cues.append(hl)
            elif hl in c["plan_prediction"]:
                r.planned = True
                r.cues.append(hl)
                if hl in c["plan_unsettled"]:
                    r.hedged = True
            elif hl in c["hedge_verbs"] or (hl in c["hedge_adjectives"] and head.pos_ == "ADJ"):
                r.hedged = True
                r.cues.append(hl)
            elif hl in c["speculation"]:
                r.speculative = True
                r.cues.append(hl)
        direct = False
        node = head
    return r
