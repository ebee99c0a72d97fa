"""Incremental story clustering: each new report joins the best existing story or opens
a new one, comparing it only with stories found through a blocking index (shared
people, organisations, places and rare words, within a time window), so the cost per
report does not grow with the store. ``recluster`` redoes everything with average
linkage over the same similarity.

Similarity = text (TF-IDF cosine, blended with the embedding when both sides have one)
plus who/where agreement, minus conflicts: two reports whose main people, countries,
years or dates disagree are different events even when their words match (two
earthquakes, two arrests)."""
from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..model import Document
from .features import StoryFeatures, lead_text, tokenize

MAIN_KEYS = 3  # a report's main people/orgs/places: its most-mentioned ones
STORY_KEYS = 5  # a story's: the keys most often among its reports' main ones


@dataclass
class ClusterSettings:
    """Weights and thresholds of the story similarity. Weights come from a logistic
    fit of same-story pairs on the even ECB+ topics (conflict penalties then raised by
    hand, people's most), threshold from the same half; see benchmarks/bench_clustering.py."""

    threshold: float = 0.45  # join a story when similarity >= this (with names_weight 0.5, tuned on even ECB+ topics, full analysis)
    text_weight: float = 0.47  # TF-IDF cosine; blended with the embedding when present
    embedding_weight: float = 0.53
    people_bonus: float = 0.17  # times the share of main people in common
    org_bonus: float = 0.1
    place_bonus: float = 0.17
    people_conflict: float = 0.15  # main people known on both sides, none shared (0.3 split multi-actor stories)
    country_conflict: float = 0.2
    year_conflict: float = 0.2
    date_conflict: float = 0.1  # dated more than window_days apart
    date_agreement: float = 0.1  # both published within window_days of each other and both naming things (two unread pages of one week are no evidence): a victim's profile or a survivor's interview days after a shooting shares few of its words (GVA even half; ECB+ even topics no worse)
    weekday_conflict: float = 0.2  # an undated report and a dated story (or the reverse) tell of different weekdays (see _weekday_conflict)
    names_weight: float = 0.5  # IDF-weighted cosine of all named people, organisations and places
    names_unknown: float = 0.2  # name cosine assumed when a side has no names (no analysis): halfway between same-story (0.34) and same-kind (0.05) pairs' medians on even ECB+ topics
    names_full: int = 6  # a report naming fewer things than this gives proportionally weaker name evidence (headlines)
    lexical_offset: float = 0.16  # added when a side has no embedding (the default: pipeline.story_embedding): text-only scores run lower; tuned on even ECB+ topics, full analysis, incremental (bench_clustering.py --shipped)
    window_days: int = 14  # dated reports further apart than this are different stories
    posting_cap: int = 64  # stories kept per index key and week (most recent first)
    max_candidates: int = 20  # stories fully scored per new report, best index score first (was 100: held-out ECB+ and GVA F1 the same at 10, 20 and 100; the count scored, and so the cost, no longer grows with the store)
    norm_refresh: float = 8.0  # a story's norm reads its terms' counts again when the collection has grown this many times
    blocking_terms: int = 20  # heaviest (tf-idf) words of a report used as index keys
    story_terms: int = 400  # terms kept in a story's centroid
    story_names: int = 150  # named keys kept in a story's name centroid


def _main(counts: dict[str, int], k: int = MAIN_KEYS) -> list[str]:
    return [key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def _overlap(a: set[str] | Counter, b: set[str] | Counter) -> tuple[float, bool]:
    """(shared / smaller, conflict) for two key sets; conflict = both known, none shared."""
    if not a or not b:
        return 0.0, False
    shared = sum(1 for k in a if k in b)
    return shared / min(len(a), len(b)), shared == 0


@dataclass
class _Story:
    """A story's running summary: enough to score a new report against it."""

    id: str
    docs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)  # sum of unit tf vectors
    names: dict[str, float] = field(default_factory=dict)  # sum of unit name vectors
    emb_sum: np.ndarray | None = None
    people: Counter = field(default_factory=Counter)  # main keys of members -> #docs
    orgs: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    first: int | None = None  # date ordinals
    last: int | None = None
    dated: int = 0  # members with a published date
    weekdays_dated: Counter = field(default_factory=Counter)  # main weekdays of dated members -> #docs
    weekdays_undated: Counter = field(default_factory=Counter)  # of undated members
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "_cache"}
        data["emb_sum"] = None if self.emb_sum is None else [float(x) for x in self.emb_sum]
        for name in ("people", "orgs", "places", "countries"):
            data[name] = dict(data[name])
        data["years"] = {str(k): v for k, v in self.years.items()}
        for name in ("weekdays_dated", "weekdays_undated"):
            data[name] = {str(k): v for k, v in data[name].items()}
        data["norms"] = {part: list(self._cache[part]) for part in ("terms", "names") if part in self._cache}
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "_Story":
        """From ``to_dict``'s data (taken over, not copied: it comes fresh from the JSON
        decoder or from ``to_dict``'s own copies)."""
        emb = data.get("emb_sum")
        norms = {part: tuple(v) for part, v in (data.get("norms") or {}).items() if len(v) == len(_NORM_MOMENTS)}
        return cls(
            id=data["id"],
            docs=data["docs"],
            titles=data.get("titles") or [],
            terms=data["terms"],
            names=data.get("names") or {},
            emb_sum=None if emb is None else np.asarray(emb, dtype=np.float32),
            people=Counter(data["people"]),
            orgs=Counter(data["orgs"]),
            places=Counter(data["places"]),
            countries=Counter(data["countries"]),
            years=Counter({int(k): v for k, v in data["years"].items()}),
            first=data.get("first"),
            last=data.get("last"),
            dated=int(data.get("dated") or 0),
            weekdays_dated=Counter({int(k): v for k, v in (data.get("weekdays_dated") or {}).items()}),
            weekdays_undated=Counter({int(k): v for k, v in (data.get("weekdays_undated") or {}).items()}),
            _cache=norms,  # norms of an older form (without the moments) are worked out again
        )


STORY_WEEKDAYS = 2  # a story's main weekdays: the two its members name most


def _weekday_conflict(feats: StoryFeatures, story: _Story) -> bool:
    """An undated report whose main weekdays are none of a dated story's (or a dated
    report and a story of undated reports only, the same way round): last year's raid
    on a Saturday told without a date beside this year's dated raid on a Monday. Two
    dated reports are kept apart by their dates, and two undated ones may name any
    day of a story that lasts a week, so neither is compared."""
    if not feats.weekdays:
        return False
    if feats.published is None:
        other = story.weekdays_dated if story.dated else Counter()
    else:
        other = story.weekdays_undated if not story.dated else Counter()
    if not other:
        return False
    main = {w for w, _ in sorted(other.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_WEEKDAYS]}
    return not feats.weekdays & main


# A story centroid's stored norm: (n_docs, A, B, C) with A = sum v^2, B = sum v^2 L,
# C = sum v^2 L^2 over its terms, L = 1 - log(df + 1) at the time; its squared TF-IDF norm
# for any later collection size N is A l^2 + 2 B l + C with l = log(N + 1) (IDF = l + L).
_NORM_MOMENTS = ("n_docs", "A", "B", "C")


def _unit(terms: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in terms.values())) or 1.0
    return {t: v / norm for t, v in terms.items()}


class _Backed(dict):
    """A dict that asks ``load(keys) -> {key: value}`` for keys it has not seen yet, so a
    clusterer backed by the store reads only the rows a new report touches."""

    def __init__(self, load: Callable[[list], dict]) -> None:
        super().__init__()
        self._load = load
        self._absent: set = set()

    def prefetch(self, keys: Iterable) -> None:
        todo = [k for k in dict.fromkeys(keys) if not dict.__contains__(self, k) and k not in self._absent]
        if todo:
            found = self._load(todo)
            for k in todo:
                if k in found:
                    dict.__setitem__(self, k, found[k])
                else:
                    self._absent.add(k)

    def _has(self, key) -> bool:
        if dict.__contains__(self, key):
            return True
        if key in self._absent:
            return False
        self.prefetch([key])
        return dict.__contains__(self, key)

    def __contains__(self, key) -> bool:
        return self._has(key)

    def __getitem__(self, key):
        if not self._has(key):
            raise KeyError(key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        return dict.__getitem__(self, key) if self._has(key) else default

    def setdefault(self, key, default=None):
        if not self._has(key):
            dict.__setitem__(self, key, default)
        return dict.__getitem__(self, key)

    def __setitem__(self, key, value) -> None:
        self._absent.discard(key)
        dict.__setitem__(self, key, value)

    def forget(self, keep: set) -> None:
        """Drop what was loaded (except ``keep``): bounds memory over a long run."""
        for k in [k for k in dict.keys(self) if k not in keep]:
            dict.__delitem__(self, k)
        self._absent.clear()


class ClusterTables(Protocol):
    """The rows a store keeps for a clusterer (see ``StoryClusterer.backed_by``)."""

    def cluster_count(self) -> int: ...
    def cluster_df(self, terms: list[str]) -> dict[str, int]: ...
    def cluster_posting_lists(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]: ...
    def cluster_stories(self, ids: list[str]) -> dict[str, dict]: ...
    def story_of(self, doc_ids: list[str]) -> dict[str, str]: ...


class StoryClusterer:
    """Assigns reports to stories one at a time. In memory, ``state()`` / ``from_state()``
    make it storable as plain JSON-friendly data; ``backed_by(store)`` instead reads the
    rows a new report needs (its words' document frequencies, its index keys' postings,
    its candidate stories) and ``changes()`` gives back only the rows it changed, so the
    cost of a report does not grow with the store."""

    def __init__(self, settings: ClusterSettings | None = None) -> None:
        self.settings = settings or ClusterSettings()
        self.stories: dict[str, _Story] = {}
        self.story_of: dict[str, str] = {}
        self.df: Counter = Counter()
        self.n_docs = 0
        self._postings: dict = {}  # key -> bucket -> story ids; backed: (key, bucket) -> story ids
        self._dirty: dict[str, set] = {"df": set(), "postings": set(), "stories": set()}

    @classmethod
    def backed_by(cls, tables: ClusterTables, settings: ClusterSettings | None = None) -> "StoryClusterer":
        """A clusterer over the store's cluster tables: nothing is loaded up front."""
        self = cls(settings)
        self.n_docs = tables.cluster_count()
        self.df = _Backed(tables.cluster_df)
        self._postings = _Backed(tables.cluster_posting_lists)  # by (key, bucket): only the weeks asked for
        self.stories = _Backed(lambda ids: {k: _Story.from_dict(v) for k, v in tables.cluster_stories(ids).items()})
        self.story_of = _Backed(tables.story_of)
        return self

    def all_rows(self) -> dict:
        """Every row of this (in-memory) clusterer, as ``changes()`` gives them: moves a
        state kept as one JSON value into the store's tables."""
        pairs = {(k, b) for k, per in self._postings.items() for b in per}
        self._dirty = {"df": set(self.df), "postings": pairs, "stories": set(self.stories)}
        return self.changes()

    def changes(self) -> dict:
        """The rows changed since the last call, for the store to write (and forget):
        ``{"n_docs", "df": [(term, n)], "postings": [(key, bucket, [story ids])],
        "stories": [(id, data)]}``. Loaded rows are dropped afterwards (memory stays
        bounded over a long run)."""
        out = {
            "n_docs": self.n_docs,
            "df": [(t, self.df[t]) for t in self._dirty["df"]],
            "postings": [(k, b, list(self._posting(k, b))) for k, b in self._dirty["postings"]],
            "stories": [(sid, self.stories[sid].to_dict()) for sid in self._dirty["stories"]],
        }
        self._dirty = {"df": set(), "postings": set(), "stories": set()}
        for part in (self.df, self._postings, self.stories, self.story_of):
            if isinstance(part, _Backed):
                part.forget(set())
        return out

    # -- scoring -------------------------------------------------------------------
    def _idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def _story_norm2(self, story: _Story, part: str = "terms") -> float:
        """Squared TF-IDF norm of a story centroid (``terms`` or ``names``) at the current
        collection size, from moments of its terms' document frequencies worked out when
        the story last changed (``_norm_moments``, stored with the story): IDF's growth
        with the collection is followed exactly, its terms' own counts as they were then,
        read again only once the collection has grown ``norm_refresh`` times since. So
        scoring a candidate story seldom reads counts or rewrites its row, whatever the
        store's size, and costs nothing per term of the story."""
        cached = story._cache.get(part)
        if cached is None or self.n_docs > cached[0] * self.settings.norm_refresh + 1:
            if isinstance(self.df, _Backed):
                self._dirty["stories"].add(story.id)  # stored for the next run
            cached = story._cache[part] = self._norm_moments(getattr(story, part))
        _, a, b, c = cached
        ell = math.log(self.n_docs + 1)
        return max(a * ell * ell + 2 * b * ell + c, 0.0)

    def _norm_moments(self, centroid: dict[str, float]) -> tuple[int, float, float, float]:
        if isinstance(self.df, _Backed):  # one query for the story's terms
            self.df.prefetch(centroid)
        # the story's few hundred terms looked up in the counts directly (a _Backed's
        # per-key checks cost more than the arithmetic); L + log(n + 1) is _idf's value
        counts, log = self.df, math.log
        a = b = c = 0.0
        for t, v in centroid.items():
            v2 = v * v
            low = 1.0 - log(dict.get(counts, t, 0) + 1)
            a += v2
            b += v2 * low
            c += v2 * low * low
        return self.n_docs, a, b, c

    def _weighted(self, weights: dict[str, float]) -> tuple[dict[str, float], float]:
        vec = {t: v * self._idf(t) for t, v in _unit(weights).items()}
        return vec, math.sqrt(sum(w * w for w in vec.values()))

    def _cosine(self, vec: dict[str, float], norm: float, story: _Story, part: str) -> float:
        centroid = getattr(story, part)
        dot = sum(w * centroid[t] * self._idf(t) for t, w in vec.items() if t in centroid)
        other = math.sqrt(self._story_norm2(story, part))
        return dot / (norm * other) if norm and other else 0.0

    def _main_sets(self, story: _Story) -> tuple[set[str], set[str], set[str], set[str]]:
        cached = story._cache.get("main")
        if cached is None:
            cached = story._cache["main"] = (
                set(_main(story.people, STORY_KEYS)), set(_main(story.orgs, STORY_KEYS)),
                set(_main(story.places, STORY_KEYS)), set(_main(story.countries, STORY_KEYS)),
            )
        return cached

    def _prepare(self, feats: StoryFeatures) -> tuple:
        """Report-side parts of the score, computed once per report, not per candidate."""
        weighted, norm = self._weighted(feats.terms)
        names, names_norm = self._weighted(feats.names) if self.settings.names_weight else ({}, 0.0)
        return (
            weighted, norm, names, names_norm, set(_main(feats.people)), set(_main(feats.orgs)), set(_main(feats.places)),
            set(_main(feats.countries, 2)), {str(y) for y in feats.years},
        )

    def score(self, feats: StoryFeatures, story: _Story, prepared: tuple | None = None) -> float:
        """Similarity of a report to a story (the join rule is ``>= threshold``)."""
        s = self.settings
        weighted, norm_a, names_d, names_norm, people_d, orgs_d, places_d, countries_d, years_d = (
            prepared or self._prepare(feats)
        )
        text = self._cosine(weighted, norm_a, story, "terms")
        names = s.names_unknown
        if names_d and story.names:
            trust = min(1.0, len(names_d) / s.names_full, len(story.names) / s.names_full)
            names = trust * self._cosine(names_d, names_norm, story, "names") + (1 - trust) * s.names_unknown
        if feats.embedding is not None and story.emb_sum is not None:
            norm = float(np.linalg.norm(story.emb_sum)) or 1.0
            emb = float(feats.embedding @ story.emb_sum) / norm
            base = (s.text_weight * text + s.embedding_weight * emb) / (s.text_weight + s.embedding_weight)
        else:
            base = text + s.lexical_offset
        s_people, s_orgs, s_places, s_countries = self._main_sets(story)
        people, people_conflict = _overlap(people_d, s_people)
        orgs, _ = _overlap(orgs_d, s_orgs)
        places, _ = _overlap(places_d, s_places)
        _, country_conflict = _overlap(countries_d, s_countries)
        _, year_conflict = _overlap(years_d, {str(y) for y in story.years})
        date_conflict = date_agreement = False
        day = feats.date.toordinal() if feats.date else None
        if day is not None and story.first is not None:
            gap = max(story.first - day, day - story.last, 0)
            date_conflict = gap > s.window_days
            date_agreement = not date_conflict and feats.published is not None and story.dated > 0 \
                and bool(names_d) and bool(story.names)
        return (
            base + s.names_weight * names
            + s.people_bonus * people + s.org_bonus * orgs + s.place_bonus * places
            - s.people_conflict * people_conflict - s.country_conflict * country_conflict
            - s.year_conflict * year_conflict - s.date_conflict * date_conflict + s.date_agreement * date_agreement
            - s.weekday_conflict * _weekday_conflict(feats, story)
        )

    # -- blocking index --------------------------------------------------------------
    def _posting(self, key: str, bucket: str, create: bool = False) -> list[str]:
        """The story ids indexed under ``key`` in ``bucket`` (most recent first); made
        empty when ``create``, else () when there are none."""
        if isinstance(self._postings, _Backed):
            pair = (key, bucket)
            return self._postings.setdefault(pair, []) if create else self._postings.get(pair, ())
        if create:
            return self._postings.setdefault(key, {}).setdefault(bucket, [])
        return self._postings.get(key, {}).get(bucket, ())

    def _prefetch_postings(self, pairs: list[tuple[str, str]]) -> None:
        if isinstance(self._postings, _Backed):  # one query for the report's (key, bucket) postings
            self._postings.prefetch(pairs)

    def _keys(self, feats: StoryFeatures) -> list[tuple[str, float]]:
        keys = [(f"p:{k}", 3.0) for k in _main(feats.people)]
        keys += [(f"o:{k}", 1.0) for k in _main(feats.orgs)]
        keys += [(f"l:{k}", 1.0) for k in _main(feats.places)]
        rare = sorted(feats.terms, key=lambda t: (-feats.terms[t] * self._idf(t), t))[: self.settings.blocking_terms]
        keys += [(f"t:{t}", 1.0) for t in rare]
        return keys

    def _buckets(self, feats: StoryFeatures, for_query: bool) -> list[str]:
        day = feats.date
        if day is None:
            return ["all"]
        week = day.toordinal() // 7
        if not for_query:
            return [f"w{week}", "all"]
        span = self.settings.window_days // 7 + 1
        return [f"w{w}" for w in range(week - span, week + span + 1)] + ["undated"]

    def _index(self, feats: StoryFeatures, story_id: str) -> None:
        buckets = self._buckets(feats, for_query=False)
        if feats.date is None:
            buckets.append("undated")
        cap = self.settings.posting_cap
        keys = [key for key, _ in self._keys(feats)]
        self._prefetch_postings([(k, b) for k in keys for b in buckets])
        for key in keys:
            for b in buckets:
                self._dirty["postings"].add((key, b))
                lst = self._posting(key, b, create=True)
                if story_id in lst:
                    lst.remove(story_id)
                lst.insert(0, story_id)
                del lst[cap:]

    def candidates(self, feats: StoryFeatures) -> list[str]:
        """Story ids sharing an index key with the report in its time window, best first,
        at most ``max_candidates`` (bounded, whatever the store size). A dated report's
        main people are also looked up at any time: the arrest, the trial and the
        sentencing months after a shooting name its victims and suspect, and without
        this their story was never scored (GVA, even half). Places and words are not:
        another shooting in the same town months later shares them."""
        hits: Counter = Counter()
        buckets = self._buckets(feats, for_query=True)
        keys = self._keys(feats)
        far = ["all"] if feats.date is not None else []
        lookups = [(key, weight, buckets + far if key.startswith("p:") else buckets) for key, weight in keys]
        self._prefetch_postings([(key, b) for key, _, bs in lookups for b in bs])
        for key, weight, bs in lookups:
            for b in bs:
                for sid in self._posting(key, b):
                    hits[sid] += weight
        return [sid for sid, _ in hits.most_common(self.settings.max_candidates)]

    # -- updates -------------------------------------------------------------------
    def best_story(self, feats: StoryFeatures) -> tuple[str | None, float]:
        """The best-scoring candidate story and its score (None when there is none)."""
        best, best_score = None, -math.inf
        prepared = self._prepare(feats)
        candidates = self.candidates(feats)
        if isinstance(self.stories, _Backed):
            self.stories.prefetch(candidates)
        for sid in candidates:
            sc = self.score(feats, self.stories[sid], prepared)
            if sc > best_score:
                best, best_score = sid, sc
        return best, best_score

    def add(self, feats: StoryFeatures) -> str:
        """Put a report into the best story (or a new one) and return the story id.
        Adding a report that is already placed returns its story unchanged."""
        if feats.document in self.story_of:
            return self.story_of[feats.document]
        if isinstance(self.df, _Backed):  # one query for every word and name of the report
            self.df.prefetch([*feats.terms, *feats.names])
        self._count(feats)
        sid, sc = self.best_story(feats)
        if sid is None or sc < self.settings.threshold:
            sid = "s" + hashlib.sha1(feats.document.encode()).hexdigest()[:12]
            self.stories[sid] = _Story(id=sid)
        self._join(self.stories[sid], feats)
        self._dirty["stories"].add(sid)
        self._index(feats, sid)
        return sid

    def place(self, feats: StoryFeatures, story_id: str) -> str:
        """Put a report into the given story (made when new) without scoring: restores a
        grouping known from elsewhere, and fills benchmark stores quickly
        (benchmarks/bench_incremental.py). The rows change as ``add`` changes them."""
        if feats.document in self.story_of:
            return self.story_of[feats.document]
        if isinstance(self.df, _Backed):
            self.df.prefetch([*feats.terms, *feats.names])
        if isinstance(self.stories, _Backed):
            self.stories.prefetch([story_id])
        self._count(feats)
        if story_id not in self.stories:
            self.stories[story_id] = _Story(id=story_id)
        story = self.stories[story_id]
        self._join(story, feats)
        for part in ("terms", "names") if self.settings.names_weight else ("terms",):
            self._story_norm2(story, part)  # stored with the row, as if scored since (add leaves it to the first scoring)
        self._dirty["stories"].add(story_id)
        self._index(feats, story_id)
        return story_id

    def _count(self, feats: StoryFeatures) -> None:
        """Document frequencies of the report's words (and names, when they are scored)."""
        self.n_docs += 1
        keys = [*feats.terms, *feats.names] if self.settings.names_weight else list(feats.terms)
        for key in keys:
            self.df[key] = self.df.get(key, 0) + 1
        self._dirty["df"].update(keys)

    def _join(self, story: _Story, feats: StoryFeatures) -> None:
        story._cache.clear()
        story.docs.append(feats.document)
        story.titles.append(feats.title)
        parts = [("terms", feats.terms, self.settings.story_terms)]
        if self.settings.names_weight:
            parts.append(("names", feats.names, self.settings.story_names))
        for part, weights, cap in parts:
            centroid = getattr(story, part)
            for t, v in _unit(weights).items():
                centroid[t] = centroid.get(t, 0.0) + v
            if len(centroid) > cap:
                setattr(story, part, dict(sorted(centroid.items(), key=lambda kv: -kv[1])[:cap]))
        if feats.embedding is not None:
            story.emb_sum = feats.embedding.copy() if story.emb_sum is None else story.emb_sum + feats.embedding
        story.people.update(_main(feats.people))
        story.orgs.update(_main(feats.orgs))
        story.places.update(_main(feats.places))
        story.countries.update(_main(feats.countries, 2))
        story.years.update(feats.years)
        if feats.published:
            story.dated += 1
        (story.weekdays_dated if feats.published else story.weekdays_undated).update(feats.weekdays)
        if feats.date:
            day = feats.date.toordinal()
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        self.story_of[feats.document] = story.id

    def clusters(self) -> list[list[str]]:
        return [list(s.docs) for s in self.stories.values()]

    # -- full re-clustering ----------------------------------------------------------
    def recluster(self, all_features: list[StoryFeatures]) -> list[list[str]]:
        """Cluster all reports from scratch (average linkage, cut at ``threshold``) and
        rebuild this clusterer's state from the result. Quadratic in the number of
        reports: meant for batches up to a few thousand."""
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        self.__init__(self.settings)
        feats = list({f.document: f for f in all_features}.values())
        if not feats:
            return []
        for f in feats:
            self._count(f)
        if len(feats) == 1:
            groups = [[0]]
        else:
            sim = self.pairwise(feats)
            dist = np.clip(1.0 - sim, 0.0, None)
            np.fill_diagonal(dist, 0.0)
            tree = linkage(squareform(dist, checks=False), method="average")
            labels = fcluster(tree, t=1.0 - self.settings.threshold, criterion="distance")
            by_label: dict[int, list[int]] = {}
            for i, lab in enumerate(labels):
                by_label.setdefault(int(lab), []).append(i)
            groups = list(by_label.values())
        for members in groups:
            sid = "s" + hashlib.sha1(feats[members[0]].document.encode()).hexdigest()[:12]
            story = self.stories[sid] = _Story(id=sid)
            for i in members:
                self._join(story, feats[i])
                self._index(feats[i], sid)
        return self.clusters()

    def pairwise(self, feats: list[StoryFeatures]) -> np.ndarray:
        """Report-to-report similarity matrix; equals ``score`` against a one-report story."""
        s = self.settings
        n = len(feats)
        from scipy.sparse import csr_matrix

        def cosines(bags: list[dict[str, float]]) -> np.ndarray:
            vocab: dict[str, int] = {}
            data, cols, ptr = [], [], [0]
            for bag in bags:
                for t, v in _unit(bag).items():
                    cols.append(vocab.setdefault(t, len(vocab)))
                    data.append(v * self._idf(t))
                ptr.append(len(cols))
            x = csr_matrix((np.asarray(data, dtype=np.float32), cols, ptr), shape=(n, max(1, len(vocab))))
            norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel()).astype(np.float32)
            x = csr_matrix(x.multiply(1.0 / np.maximum(norms, 1e-12)[:, None]))
            return np.asarray((x @ x.T).todense(), dtype=np.float32)

        sim = cosines([f.terms for f in feats])
        names = np.zeros_like(sim)
        if s.names_weight:
            named = np.array([bool(f.names) for f in feats])
            own = np.array([min(1.0, len(f.names) / s.names_full) for f in feats])
            trust = np.minimum(own[:, None], own[None, :])
            mixed = trust * cosines([f.names for f in feats]) + (1 - trust) * s.names_unknown
            names = np.where(named[:, None] & named[None, :], mixed, s.names_unknown)
        has_emb = np.array([f.embedding is not None for f in feats])
        if has_emb.any():
            e = np.zeros((n, feats[np.argmax(has_emb)].embedding.shape[0]), dtype=np.float32)
            for i, f in enumerate(feats):
                if f.embedding is not None:
                    e[i] = f.embedding
            both = has_emb[:, None] & has_emb[None, :]
            blended = (s.text_weight * sim + s.embedding_weight * (e @ e.T)) / (s.text_weight + s.embedding_weight)
            sim = np.where(both, blended, sim + s.lexical_offset)
        else:
            sim = sim + s.lexical_offset

        def overlap(sets: list[set[str]]) -> tuple[np.ndarray, np.ndarray]:
            index: dict[str, int] = {}
            cols, ptr = [], [0]
            for ks in sets:
                cols.extend(index.setdefault(k, len(index)) for k in ks)
                ptr.append(len(cols))
            m = csr_matrix((np.ones(len(cols), dtype=np.float32), cols, ptr), shape=(n, max(1, len(index))))
            shared = np.asarray((m @ m.T).todense(), dtype=np.float32)
            size = np.array([len(ks) for ks in sets], dtype=np.float32)
            smaller = np.minimum(size[:, None], size[None, :])
            known = smaller > 0
            ratio = np.where(known, shared / np.maximum(smaller, 1), 0.0).astype(np.float32)
            return ratio, known & (shared == 0)

        people, people_conf = overlap([set(_main(f.people)) for f in feats])
        orgs, _ = overlap([set(_main(f.orgs)) for f in feats])
        places, _ = overlap([set(_main(f.places)) for f in feats])
        _, country_conf = overlap([set(_main(f.countries, 2)) for f in feats])
        _, year_conf = overlap([{str(y) for y in f.years} for f in feats])
        days = np.array([f.date.toordinal() if f.date else np.nan for f in feats])
        gap = np.abs(days[:, None] - days[None, :])
        date_conf = np.nan_to_num(gap, nan=0.0) > s.window_days
        week = np.zeros((n, 7), dtype=np.float32)
        for i, f in enumerate(feats):
            week[i, sorted(f.weekdays)] = 1.0
        named = week.any(axis=1)
        dated = np.array([f.published is not None for f in feats])
        weekday_conf = named[:, None] & named[None, :] & (dated[:, None] != dated[None, :]) & ((week @ week.T) == 0)
        has_names = np.array([bool(f.names) for f in feats]) if s.names_weight else np.zeros(n, dtype=bool)
        date_agree = dated[:, None] & dated[None, :] & ~date_conf & has_names[:, None] & has_names[None, :]
        return (
            sim + s.names_weight * names + s.people_bonus * people + s.org_bonus * orgs + s.place_bonus * places
            - s.people_conflict * people_conf - s.country_conflict * country_conf
            - s.year_conflict * year_conf - s.date_conflict * date_conf - s.weekday_conflict * weekday_conf
            + s.date_agreement * date_agree
        )

    # -- persistence -----------------------------------------------------------------
    def state(self) -> dict:
        """Everything needed to continue clustering later, as JSON-friendly data."""
        return {
            "version": 1,
            "settings": dataclasses.asdict(self.settings),
            "n_docs": self.n_docs,
            "df": dict(self.df),
            "stories": [s.to_dict() for s in self.stories.values()],
            "postings": self._postings,
        }

    @classmethod
    def from_state(cls, state: dict, settings: ClusterSettings | None = None) -> "StoryClusterer":
        """Continue from ``state()``. Scoring uses ``settings`` (default: the current
        defaults), not the ones saved, so improved defaults reach existing stores; the
        saved settings are kept in the state only as a record."""
        if not isinstance(state, dict) or state.get("version") != 1:
            raise ValueError("story clusterer state: unknown format (expected version 1); "
                             "run `newsfuse recluster` to rebuild the stories")
        self = cls(settings)
        self.n_docs = int(state["n_docs"])
        self.df = Counter(state["df"])
        for data in state["stories"]:
            story = _Story.from_dict(data)
            self.stories[story.id] = story
            for doc in story.docs:
                self.story_of[doc] = story.id
        self._postings = {k: {b: list(v) for b, v in per.items()} for k, per in state["postings"].items()}
        return self


def _headline(sentence: str, limit: int = 90) -> str:
    """A lead sentence cut to headline length at a word boundary."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def story_title(docs: list[Document]) -> str:
    """The title of the report most similar in words to the others (the most central);
    its lead sentence when it has no title; "" for no reports."""
    if not docs:
        return ""
    heads = [(d.title or "").strip() or _headline(lead_text(d, sentences=1)) for d in docs]
    bags = [Counter(tokenize(f"{h} {lead_text(d, sentences=2)}")) for h, d in zip(heads, docs)]
    df = Counter(t for bag in bags for t in bag)

    def centrality(i: int) -> float:
        return sum(math.log(1 + df[t]) for t in bags[i] if df[t] > 1) / math.sqrt(1 + len(bags[i]))

    best = max(range(len(docs)), key=lambda i: (centrality(i), bool(docs[i].title), -i))
    return heads[best]
