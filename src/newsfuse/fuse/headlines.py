"""Which event of the story each report's headline names.

A headline is metadata, never a claim: it is the outlet's one-line summary of its own
report, written to be read first, often compressed or hyped and without the attribution
the body gives ("Russia blew up the dam" over a body that says Kyiv accuses Russian
forces). So it makes no fact and is no source of one. But it does tell which happening
the report is about, and an analyst (and the alignment benchmark) should see that the
report's headline tells the event: the occurrence fact lists the reports whose headline
names it (``Fact.headlines``), beside, never among, its claims and sources.

A headline names an event when one of its words is the event's word (its lemma as a
report's predicate, a regular inflection of it: "collapses", "destroyed", or a word of
the same WordNet sense: "quake" / "earthquake", "blast" / "explode"). A report's own
events come first (a headline summarises its body): each of them in the headline's
words, those sharing most of its other words (who, what, where) and told first in the
report before the others, up to NAMED.
A headline whose word is no event of its own report names the story's event in that
word only when it shares another word with it (a participant, a place), the event most
reports tell.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .events import LIGHT_VERBS, Mention, base_lemmas, detached_forms, senses

NAMED = 3  # events one headline may name ("Ship strikes bridge, which collapses"); 1 measured 0.274 vs 0.287 pair recall (ECB+ even topics)
_WORD = re.compile(r"[a-z][a-z'-]+")
# Words of a headline that name no participant, place or act.
_FILLER = frozenset("""a an the of in on at to for from by with and or but as is are was were be been
has have had will would may might could can after before over under into out up down off new says said
say report reports reported update live breaking video photos watch exclusive more than its their his her
this that these those it they he she who what when where why how not no""".split())


def headline_words(title: str) -> set[str]:
    """A headline's content words with their regular endings detached ("kills" ->
    "kill", "destroyed" -> "destroy"): a headline is lemmatised by no one."""
    out = set()
    for w in _WORD.findall(title.lower()):
        w = w.strip("'-").removesuffix("'s")
        if len(w) > 2 and w not in _FILLER:
            out |= {w, *detached_forms(w)}
    return out


def _senses_of(words: set[str]) -> frozenset[str]:
    return frozenset().union(*(senses(w) for w in words))


def _word_match(words: set[str], lemmas: set[str], word_senses: frozenset[str], lemma_senses: frozenset[str]) -> int:
    """2 when a headline word is one of the event's words, 1 when it shares a WordNet
    sense with one of them (events.sense_relation "same": the words differ here, so
    their senses' sets meeting is that relation), else 0."""
    if words & lemmas:
        return 2
    return int(not word_senses.isdisjoint(lemma_senses))


def headline_events(titles: dict[str, str], events: Sequence[tuple[str, list[Mention]]]) -> dict[str, list[str]]:
    """{event id: the documents whose headline names it}, each headline naming at most
    NAMED events of its own report, or one of the story's. ``events``: (event id, its tellings: the claims that state it and those
    that tell it inside another statement)."""
    info = []
    for event_id, ms in events:
        lemmas = {w for w in base_lemmas([m.prop.lemma for m in ms]) if w and w not in LIGHT_VERBS}
        lemmas |= {m.prop.lemma for m in ms if m.prop.lemma and m.prop.lemma not in LIGHT_VERBS}
        if not lemmas:
            continue
        content = {w for m in ms for w in m.prop.content} - lemmas
        docs = {m.claim.document for m in ms}
        first = {}
        for m in ms:
            first[m.claim.document] = min(first.get(m.claim.document, m.claim.sentence), m.claim.sentence)
        info.append((event_id, lemmas, _senses_of(lemmas), content, docs, first))
    # The events a headline may name, found by its words and their senses (a story of
    # 2,000 reports has as many headlines and events: not every pair is compared).
    by_key: dict[str, set[int]] = {}
    for n, (_, lemmas, lemma_senses, *_) in enumerate(info):
        for key in [*(f"w:{w}" for w in lemmas), *(f"s:{s}" for s in lemma_senses)]:
            by_key.setdefault(key, set()).add(n)
    out: dict[str, list[str]] = {}
    for doc, title in titles.items():
        words = headline_words(title or "")
        if not words:
            continue
        own, other = [], []
        word_senses = _senses_of(words)
        keys = [*(f"w:{w}" for w in words), *(f"s:{s}" for s in word_senses)]
        for n in sorted(set().union(*(by_key.get(k, ()) for k in keys))):
            event_id, lemmas, lemma_senses, content, docs, first = info[n]
            match = _word_match(words, lemmas, word_senses, lemma_senses)
            if not match:
                continue
            shared = len(words & content)
            if doc in docs:
                own.append(((match, shared, -first[doc]), event_id))
            elif shared:
                other.append(((match, shared, len(docs)), event_id))
        named = sorted(own, reverse=True)[:NAMED] if own else sorted(other, reverse=True)[:1]
        for _, event_id in named:
            out.setdefault(event_id, []).append(doc)
    return out
