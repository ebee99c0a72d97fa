"""The data model every stage reads and writes: plain dataclasses, no loose dicts.

Flow: ingest -> Document; analyze -> DocumentAnalysis (sentences, mentions, entities,
places, times, claims, events); cluster -> Story; fuse -> StoryPicture (facts,
contradictions, discrepancies, merged entities/places, timeline); report -> Report.
Dates are ``datetime.date`` in memory and ISO ``YYYY-MM-DD`` strings in JSON.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Certainty = Literal["asserted", "hedged", "speculative", "denied"]
FactStatus = Literal["corroborated", "single-source", "contested"]
ClaimKind = Literal["report", "quote", "background", "opinion"]
EntityType = Literal[
    "PERSON", "ORG", "GPE", "LOC", "FAC", "MILITARY", "VESSEL", "NORP", "EVENT", "OTHER"
]


@dataclass
class Document:
    """One report as ingested. ``published`` is never invented: None when unknown."""

    id: str  # stable: derived from the content hash ("d" + 12 hex)
    path: str  # input path as given; feed items "feedfile#guid"; URL for fetched pages
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    content_hash: str = ""
    partial: bool = False  # feed summary only, not the full article
    copy_of: str | None = None  # id of the original this is an exact/near copy of
    warnings: list[str] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        """How to name where it came from: the outlet, else the file or feed item name."""
        if self.outlet:
            return self.outlet
        return self.path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or self.id


@dataclass(slots=True)
class Sentence:
    index: int
    start: int  # character offsets into Document.text
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """A span that names an entity, place or time."""

    text: str
    start: int
    end: int
    sentence: int
    label: str  # EntityType for entities, "TIME" for times
    entity: str | None = None  # Entity.key it resolves to


@dataclass
class Entity:
    """A real-world actor or thing. ``key`` is the canonical id shared across documents
    (e.g. ``org:ukraine-defence-intelligence``), so merging across documents is a join."""

    key: str
    name: str
    type: str  # EntityType
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


@dataclass
class Place:
    """A geocoded location. ``role`` separates where something happened from places
    merely mentioned."""

    key: str  # "geonames:<id>" or "facility:<slug>" or "unresolved:<name>"
    name: str
    aliases: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str | None = None  # "city", "country", "admin1", "facility", "region", ...
    source: str | None = None  # gazetteer or table the coordinates came from
    role: Literal["event", "mentioned"] = "mentioned"
    mentions: int = 0


@dataclass(slots=True)
class TimeExpr:
    """A time expression resolved against the document's date. ``date`` is the start of
    the range (``end`` its last day) or None when it cannot be resolved."""

    text: str
    start: int
    end: int
    sentence: int
    date: dt.date | None = None
    end_date: dt.date | None = None
    granularity: Literal["day", "week", "month", "year", "range", "unknown"] = "day"
    relative: bool = False
    inferred: bool = False  # resolved by borrowing the story's date, not the document's


@dataclass(slots=True)
class Count:
    """A number a claim gives for one role ("at least 5 people were killed" -> killed,
    5..None). ``high`` None is an open upper bound; ``low == high`` an exact figure."""

    role: str  # "killed", "injured", "missing", "arrested", "rescued", "displaced", ... or "amount"
    low: float
    high: float | None
    text: str  # as written: "at least five", "two dozen", "nearly 1,000 feet"
    unit: str | None = None  # "people" for counts of persons; "km", "ft", "usd", ... for amounts
    scope: str | None = None  # a part of the whole it counts: "in Turkey", "in government-held areas"
    # the kind of person it counts when that is a kind of the victims ("two men", "three
    # children"): compared with a count of all of them ("three people") as a part
    noun: str | None = None
    one: bool = False  # one person told without a number ("a man", "the victim", "he"): at least one
    # the dead of one place ("three died at the scene"): at least that many in all, and
    # all the report itself tells
    in_one_place: bool = False


@dataclass(slots=True)
class Attribution:
    """A further attribution written inside a claim's clause, beside the claim's own
    source: "Clinton had mocked the complaint, saying ...", "Trump said he plans to use
    the $18 million he says he raised". Character offsets into the document text."""

    source: str  # as written ("a senior official")
    source_entity: str | None = None  # Entity.key when the source resolves to one
    reporting_verb: str | None = None
    source_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    content_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Proposition:
    """What a claim says happened, as the slots fusion compares: read once from the parse
    at analysis time, so fusion never parses again."""

    text: str = ""  # the proposition in the source's words (a conjunct of a compound claim)
    frame: str | None = None  # main frame of the predicate: "kill", "capture", "withdraw", ...
    frames: list[str] = field(default_factory=list)  # every frame the clause evokes
    lemma: str | None = None  # lemma of the content verb
    agent: str | None = None  # who acts, as written
    agent_key: str | None = None  # "country:RU" or an Entity.key
    patient: str | None = None  # lemma of what is acted on ("dam")
    patient_key: str | None = None  # Entity/Place key of the patient when it names one
    counts: list[Count] = field(default_factory=list)
    days: list[str] = field(default_factory=list)  # ISO days of the predicate's own date phrases
    places: list[str] = field(default_factory=list)  # Place.keys where the predicate happens ("in", "at", "near" ...)
    content: list[str] = field(default_factory=list)  # content lemmas
    negated: bool = False
    checkable: bool = True  # False for "did not immediately comment", "it is unclear if ..."
    certainty: str | None = None  # its own, when it differs from the claim's ("speculation that he died")
    # Told inside another predicate (a relative or adverbial clause, an event noun: "police
    # responded to a shooting at Shawnee Park Sunday"): read for the incident's day and
    # place, never a fact of its own.
    secondary: bool = False
    # Told as another event than the one the story reports ("a second quake hit Elbistan",
    # "another shooting"): never the same event as an unmarked telling.
    another: bool = False
    # Where the report sets it without the predicate saying so (Place.keys): a local
    # dateline ("ANCHORAGE — A man was shot ..."), the jurisdiction of the police or
    # officials who tell it ("Lubbock police say ..."). Only a region: it contradicts a
    # place far away, never the scene itself.
    setting: list[str] = field(default_factory=list)
    # Where a movement takes its doer (Place.keys): "fled to Moscow", "arrived in the Russian
    # capital". Apart from ``places``, which also holds where it starts ("fled from Damascus").
    goal: list[str] = field(default_factory=list)
    # Told in a non-restrictive relative clause ("the bridge, which opened in 1977"): the
    # writer's description of a thing, not the words of whoever the claim quotes.
    aside: bool = False


@dataclass(slots=True)
class Claim:
    """One proposition from one sentence (or clause), with who says it and how surely."""

    id: str  # "<document id>:c<n>"
    document: str
    sentence: int
    text: str  # exact text of the sentence or clause
    start: int
    end: int
    attribution: str  # the source as named: "HUR", "Russian officials", or the outlet
    attribution_entity: str | None = None  # Entity.key when the source is a known entity
    attribution_kind: Literal["entity", "group", "media", "outlet"] = "outlet"
    reporting_verb: str | None = None
    certainty: Certainty = "asserted"
    kind: ClaimKind = "report"
    negated: bool = False
    disputes: bool = False  # carries an explicit dispute marker ("contrary to", "denied")
    entities: list[str] = field(default_factory=list)  # Entity.keys
    places: list[str] = field(default_factory=list)  # Place.keys
    times: list[str] = field(default_factory=list)  # ISO dates at their own precision (2024, 2024-12, 2024-12-08)
    numbers: list[float] = field(default_factory=list)
    propositions: list[Proposition] = field(default_factory=list)  # one per coordinated predicate; read at analysis
    planned: bool = False  # a plan, intention or prediction ("plans to", "will", "is expected to")
    # Where the attribution is written (character offsets into the document text): the
    # source as named ("a senior official"; for a carried-over "he", the pronoun), the cue
    # ("said", "according to") and what is attributed, as fragments (a quote split by
    # "he said" has two). None / empty for the outlet's own claims.
    source_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    content_spans: list[tuple[int, int]] = field(default_factory=list)
    # other attributions inside the same clause (a second cue, a nested sayer): kept so
    # that no attributed statement is lost, not used to decide the claim's own source
    attributions: list[Attribution] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """A typed happening (ACLED-style types plus Disaster and Accident)."""

    id: str
    document: str
    type: str
    sub_type: str | None = None
    date: dt.date | None = None
    place: str | None = None  # Place.key
    actors: list[str] = field(default_factory=list)  # Entity.keys
    claims: list[str] = field(default_factory=list)  # Claim.ids
    trigger: str | None = None
    date_inferred: bool = False  # the date was borrowed from the story (undated document)


@dataclass
class DocumentAnalysis:
    """Everything the per-document step found; ``error`` is set when it failed."""

    document: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # A long document's analysis is stored section by section: this object then holds the
    # first section and the whole document's entities and places, and ``sections`` more
    # sections are stored apart (``Store.analyses`` joins them back unless asked not to).
    sections: int = 0


@dataclass
class Story:
    id: str
    title: str
    documents: list[str]
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class SourceLink:
    """One step of a fact's provenance: the outlet that published, and whom it cites."""

    document: str
    outlet: str
    cited_source: str | None  # attribution as named, None when the outlet asserts it
    source_key: str  # what independence is counted over
    reliability: str | None = None  # the outlet's A-F grade from the user's config, if any


@dataclass
class Value:
    """One answer to an aspect ("8", "Russian forces", "2024-12-08"), with who gives it."""

    text: str
    claims: list[str]
    documents: list[str]
    independent_sources: int
    holders: list[str] = field(default_factory=list)  # who gives it: attributions as named
    first_seen: dt.date | None = None  # earliest publication date among its documents
    low: float | None = None  # counts: the interval the value stands for
    high: float | None = None


@dataclass
class Fact:
    """One aspect of one event ("how many were killed in the shooting") with its values.
    ``statement`` says the leading value in a source's words; ``status`` and
    ``credibility`` are those of this aspect only."""

    id: str
    statement: str
    claims: list[str]
    documents: list[str]
    independent_sources: int
    status: FactStatus
    sources: list[SourceLink] = field(default_factory=list)
    credibility: int = 6  # Admiralty 1 (confirmed) .. 6 (cannot be judged)
    event: str | None = None  # StoryEvent.id
    aspect: str = "occurrence"  # "occurrence", "agent", "date", "place", a count role ("killed"), "manner"
    value: str | None = None  # the leading value's text
    values: list[Value] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)  # how a count changed over time, oldest first
    # Claims that tell the event inside a statement about something else ("the toll from
    # Monday's earthquake climbed past 5,000"): support for its occurrence, not its statement.
    told_in: list[str] = field(default_factory=list)
    # Documents whose headline names the event (an occurrence fact only): which reports
    # lead with it. A headline is no claim and no source: it never counts towards
    # independent_sources, status or credibility (fuse/headlines.py says why).
    headlines: list[str] = field(default_factory=list)


@dataclass
class Side:
    """One position in a contested issue: the value, who holds it, since when."""

    value: str
    holders: list[str]
    claims: list[str]
    documents: list[str]
    independent_sources: int
    since: dt.date | None = None


@dataclass
class Contradiction:
    """One contested issue: an aspect of an event that reports answer in ways that cannot
    all hold. ``claims`` holds every claim of every side."""

    claims: list[str]
    kind: str  # "number", "date", "place", "actor", "manner", "negation", "status", "attributed-dispute"
    explanation: str
    event: str | None = None
    aspect: str | None = None
    sides: list[Side] = field(default_factory=list)
    id: str = ""


@dataclass
class Discrepancy:
    """A difference that is not a contradiction: spelling, rounding, detail."""

    kind: str  # "spelling", "rounding", "update", "inconsistent" (one outlet, two values), "detail"
    explanation: str
    claims: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


@dataclass
class TimeRef:
    document: str
    text: str
    date: dt.date | None
    inferred: bool = False


@dataclass
class StoryEvent:
    """One happening as the story's reports tell it (cross-document event coreference)."""

    id: str  # "<story id>:e<n>"
    frame: str | None
    label: str  # the clearest sentence that tells it
    claims: list[str]
    documents: list[str]
    type: str | None = None  # ACLED-style type of the per-document events behind it
    sub_type: str | None = None
    date: dt.date | None = None
    date_inferred: bool = False
    place: str | None = None  # Place.key
    actors: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # Fact.ids of its aspects
    main: bool = False  # the story's main event: what its tolls, day and place are of


@dataclass
class BottomLine:
    """What the first screen says: established facts, contested issues, single-source
    facts worth noting (ids), and what changed since the story was last fused."""

    established: list[str] = field(default_factory=list)  # Fact.ids
    contested: list[str] = field(default_factory=list)  # Contradiction.ids
    single_source: list[str] = field(default_factory=list)  # Fact.ids
    changed: list[str] = field(default_factory=list)  # one line each, for a reader


@dataclass
class StoryPicture:
    """A story fused across its documents: what the report renders."""

    story: Story
    claims: list[Claim] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    summary: str = ""
    story_events: list[StoryEvent] = field(default_factory=list)
    bottom_line: BottomLine = field(default_factory=BottomLine)


@dataclass
class Report:
    documents: list[Document]
    stories: list[StoryPicture]
    generated: dt.datetime | None = None


def iso_date(d: dt.date | None) -> str | None:
    """``YYYY-MM-DD`` or None: how dates leave the model (JSON, SQLite)."""
    return d.isoformat() if d else None


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_jsonable(obj: Any) -> Any:
    """Dataclasses -> dicts, dates -> ISO strings, tuples -> lists (for JSON output).
    The common exact types are recognised first, a dataclass's fields are looked up once
    per type (reports and the web app convert every claim and fact of a story)."""
    tp = type(obj)
    if tp in _PLAIN:
        return obj
    if tp is list or tp is tuple:
        return [to_jsonable(x) for x in obj]
    names = _field_names(tp)
    if names is not None:
        return {name: to_jsonable(getattr(obj, name)) for name in names}
    if tp is dict:
        return {k: to_jsonable(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


def to_json(obj: Any) -> str:
    """``json.dumps(to_jsonable(obj), ensure_ascii=False)``, made by the json module's C
    encoder walking the objects itself (asked only to turn each dataclass into a dict of
    its fields and each date into ISO): how the store writes analyses and pictures,
    several times faster than building the dicts first."""
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


def _json_default(obj: Any) -> Any:
    names = _field_names(type(obj))
    if names is not None:
        return {name: getattr(obj, name) for name in names}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


@functools.lru_cache(maxsize=None)
def _field_names(tp: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type."""
    if dataclasses.is_dataclass(tp):
        return tuple(f.name for f in dataclasses.fields(tp))
    return None


def from_jsonable(cls: type, data: Any) -> Any:
    """Inverse of ``to_jsonable`` for the dataclasses above (used by the store). The
    conversion of each type is worked out once (type hints resolved per class, not per
    object) and cached: reading analyses back is on every clustering and fusion path."""
    return _converter(cls)(data)


def _identity(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=None)
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning the JSON form of ``tp`` back into ``tp`` (None stays None)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _identity
    if origin is list:
        (arg,) = typing.get_args(tp)
        item = _converter(arg)
        if item is _identity:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is tuple:
        item = _converter(typing.get_args(tp)[0])
        return lambda value: None if value is None else tuple(item(v) for v in value)
    if origin is dict or origin is typing.Literal:
        return _identity
    if tp is dt.datetime:
        return lambda value: None if value is None else dt.datetime.fromisoformat(value)
    if tp is dt.date:
        return lambda value: None if value is None else dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.name: _converter(hints[f.name]) for f in dataclasses.fields(tp)}
        plain = {name for name, conv in fields.items() if conv is _identity}

        def build(value: Any) -> Any:
            if value is None:
                return None
            return tp(**{k: (v if k in plain or v is None else fields[k](v)) for k, v in value.items() if k in fields})

        return build
    return _identity
