"""What the story clusterer knows about one document: words, meaning, who, where, when.

Features are plain data (JSON-friendly through ``to_dict``/``from_dict``) so the store
can keep them and the clusterer can be rebuilt without re-reading documents."""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..model import Document, DocumentAnalysis

LEAD_SENTENCES = 3  # title + lead carry the who/what/where/when of a news report
LEAD_BOOST = 3  # a lead mention outweighs several later ones: the lead names the actors
MAX_TEXT_CHARS = 6000  # later paragraphs are mostly background and dilute the topic
MAX_TERMS = 300  # per document; keeps features small and comparison cheap
PERSON_TYPES = {"PERSON"}
ORG_TYPES = {"ORG", "MILITARY", "VESSEL", "FAC"}

_WORD = re.compile(r"[^\W\d_][\w'\-]*[^\W_]|[^\W\d_]|\d{4}", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'])|\n+")


def _stop_words() -> frozenset[str]:
    """spaCy's English stop list (a plain module import, no model load) plus news filler."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {
        "said", "says", "say", "told", "according", "reported", "reports", "report",
        "news", "year", "years", "day", "days", "week", "time", "new", "people",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mr", "mrs", "ms", "percent", "like", "just", "also",
    }


STOP_WORDS = _stop_words()


@dataclass
class StoryFeatures:
    """One document as the clusterer sees it.

    ``terms`` are log-scaled term frequencies (lead counted twice); ``people``/``orgs``/
    ``places`` map keys to mention counts; ``years`` are the years the report is about
    (published year plus resolved event years)."""

    document: str
    title: str = ""
    terms: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None
    people: dict[str, int] = field(default_factory=dict)
    orgs: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    published: dt.date | None = None
    event_dates: list[dt.date] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    # The weekdays (0 = Monday) the report tells its happenings on most often: the days
    # it names ("on Thursday") and, in a dated report, the weekdays of the days it dates
    # in the week before it was published. What keeps an undated report of last year's
    # raid apart from this year's dated story when their words and names agree.
    weekdays: set[int] = field(default_factory=set)

    @property
    def names(self) -> dict[str, float]:
        """Every named person, organisation and place (not only the main ones) as
        sub-linear weights, keys prefixed "@" so they never meet a word in the shared
        document-frequency table. Rare names tell apart two events of the same kind."""
        counts: dict[str, int] = {}
        for group in (self.people, self.orgs, self.places):
            for key, n in group.items():
                counts["@" + key] = counts.get("@" + key, 0) + n
        return {k: 1.0 + math.log(max(1, n)) for k, n in counts.items()}

    @property
    def date(self) -> dt.date | None:
        """When the story happened as best known: the published date, else the earliest
        resolved event date."""
        if self.published:
            return self.published
        return min(self.event_dates) if self.event_dates else None

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "terms": self.terms,
            "embedding": None if self.embedding is None else [float(x) for x in self.embedding],
            "people": self.people,
            "orgs": self.orgs,
            "places": self.places,
            "countries": self.countries,
            "published": self.published.isoformat() if self.published else None,
            "event_dates": [d.isoformat() for d in self.event_dates],
            "years": sorted(self.years),
            "weekdays": sorted(self.weekdays),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "StoryFeatures":
        emb = data.get("embedding")
        return cls(
            document=str(data["document"]),
            title=data.get("title") or "",
            terms={str(k): float(v) for k, v in (data.get("terms") or {}).items()},
            embedding=None if emb is None else np.asarray(emb, dtype=np.float32),
            people=dict(data.get("people") or {}),
            orgs=dict(data.get("orgs") or {}),
            places=dict(data.get("places") or {}),
            countries=dict(data.get("countries") or {}),
            published=dt.date.fromisoformat(data["published"]) if data.get("published") else None,
            event_dates=[dt.date.fromisoformat(d) for d in data.get("event_dates") or []],
            years=set(int(y) for y in data.get("years") or []),
            weekdays=set(int(w) for w in data.get("weekdays") or []),
        )


def lead_text(document: Document, analysis: DocumentAnalysis | None = None, sentences: int = LEAD_SENTENCES) -> str:
    """Title plus the first few sentences: what the embedding of a report is made from."""
    if analysis and analysis.sentences:
        lead = " ".join(s.text for s in analysis.sentences[:sentences])
    else:
        parts = [p.strip() for p in _SENTENCE_END.split(document.text[:3000]) if p.strip()]
        lead = " ".join(parts[:sentences])
    title = (document.title or "").strip()
    if title and not lead.startswith(title):
        return f"{title}. {lead}"
    return lead


def tokenize(text: str) -> list[str]:
    """Lower-cased content words (stop words and single letters dropped, years kept)."""
    words = (m.group(0).lower().removesuffix("'s").removesuffix("’s") for m in _WORD.finditer(text))
    return [w for w in words if len(w) > 1 and w not in STOP_WORDS]


def term_weights(text: str, lead: str) -> dict[str, float]:
    """Sub-linear term frequencies; lead words count twice because news puts the event
    in the first lines. Keeps the MAX_TERMS heaviest terms."""
    counts = Counter(tokenize(text[:MAX_TEXT_CHARS]))
    counts.update(tokenize(lead))
    weights = {t: 1.0 + math.log(c) for t, c in counts.items()}
    if len(weights) > MAX_TERMS:
        weights = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
    return weights


def features_from(
    document: Document, analysis: DocumentAnalysis | None = None, embedding: np.ndarray | None = None
) -> StoryFeatures:
    """Build clustering features for one document. Without ``analysis`` only words,
    the embedding and the published date are used (no who/where conflicts can be seen)."""
    lead = lead_text(document, analysis)
    text = f"{document.title or ''}\n{document.text}"
    feats = StoryFeatures(
        document=document.id,
        title=(document.title or lead[:120]).strip(),
        terms=term_weights(text, lead),
        published=document.published,
    )
    if embedding is not None:
        vec = np.asarray(embedding, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(vec))
        feats.embedding = vec / norm if norm > 0 else None
    if document.published:
        feats.years.add(document.published.year)
    if analysis is None or analysis.error:
        return feats
    for ent in analysis.entities:
        target = feats.people if ent.type in PERSON_TYPES else feats.orgs if ent.type in ORG_TYPES else None
        if target is not None:
            target[ent.key] = target.get(ent.key, 0) + max(1, ent.mentions)
    for mention in analysis.mentions:
        if mention.entity and mention.sentence < LEAD_SENTENCES - 1:
            for target in (feats.people, feats.orgs):
                if mention.entity in target:
                    target[mention.entity] += LEAD_BOOST
    for place in analysis.places:
        weight = max(1, place.mentions) * (2 if place.role == "event" else 1)
        feats.places[place.key] = feats.places.get(place.key, 0) + weight
        if place.country:
            feats.countries[place.country] = feats.countries.get(place.country, 0) + weight
    dates = [e.date for e in analysis.events if e.date]
    if not dates:
        dates = [t.date for t in analysis.times if t.date and t.granularity == "day" and not t.inferred]
    feats.event_dates = sorted(set(dates))
    for t in analysis.times:
        if t.date and t.granularity in ("day", "week", "month", "year"):
            feats.years.add(t.date.year)
    feats.weekdays = main_weekdays(analysis, document.published)
    return feats


_WEEKDAYS = {name: n for n, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}


def main_weekdays(analysis: DocumentAnalysis, published: dt.date | None) -> set[int]:
    """The weekdays a report names most often for what happened (ties all kept): each
    weekday name, and in a dated report each day it dates in the week up to its date."""
    counts: Counter = Counter()
    for t in analysis.times:
        named = [n for w, n in _WEEKDAYS.items() if w in t.text.lower()]
        if named:
            counts.update(named)
        elif published and t.date and t.granularity == "day" and not t.inferred \
                and 0 <= (published - t.date).days <= 7:
            counts[t.date.weekday()] += 1
    top = max(counts.values(), default=0)
    return {w for w, n in counts.items() if n == top}
