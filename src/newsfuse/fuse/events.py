"""Events across reports: which propositions of a story tell of the same happening.

Cross-document event coreference in the manner of strong ECB+ systems: a cheap
candidate filter in large stories (sharing a verb lemma, a participant, a place, a day,
a counted role or a rare word), a pair scorer (logistic weights fitted on ECB+ even topics by
``scripts/train_event_coref.py``, stored in ``data/event_coref.json``; event words compared
through WordNet senses, ``data/event_lemmas.tsv.gz``), then
average-link agglomeration with a threshold. Agent, place, day and count differences
lower the score but never forbid a merge: two reports that disagree on who did it or how
many died still tell of one event, and the disagreement becomes a contested aspect.
Opposite frames (withdraw vs deploy) never merge, nor the tellings of two reports whose
days say they tell of different happenings (``apart``, when.weekdays_apart). The story's
statistics the scores read (StoryStatistics) and the scores themselves can be kept from
one fusion to the next (fuse/memory.py), so a report joining a large story is scored
against it, not the whole story again.
"""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import math
import operator
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ..analyze.frames import COMPATIBLE, OPPOSITE
from ..model import Claim, Place, Proposition

# Places of these kinds say nothing about which event: a whole country or region.
GENERAL_FEATURES = {"country", "admin1", "region", "continent", "sea", "ocean"}
ALL_PAIRS = 250  # a story with more mentions scores only pairs that share an anchor
BUCKET = 300  # an anchor more mentions share than this tells nothing about which event
TOP_CANDIDATES = 16  # in a large story, a mention is scored against this many best-anchored others


@dataclass
class Mention:
    """One proposition of one claim: what event coreference clusters."""

    claim: Claim
    prop: Proposition
    index: int  # position in the story's mention list
    nominal: bool = False  # the event word is a noun ("the explosion"), not a verb; claims' propositions are verbs
    past: bool = False  # history: told of years before the story's first report ("the bridge opened in 1977")


FEATURES = ("bias", "same_frame", "compatible_frame", "no_frame", "same_lemma", "same_light_lemma",
            "same_patient", "same_patient_key", "other_patient", "same_agent", "other_agent", "shared_place",
            "other_place", "same_day", "other_day", "content_cosine", "shared_role", "same_document",
            "shared_entity", "one_negated",
            # beyond the proposition's own slots: one's agent or object named elsewhere in
            # the other's sentence, how many entities the two sentences share, days far
            # apart, WordNet senses of an event noun and another word, a noun beside a verb,
            # how many of the story's reports use the shared word, two event words of one
            # sentence (mostly two happenings), and an argument shared by two unrelated
            # event words ("captured Damascus" / "fled Damascus": on ECB+ a third corefer,
            # against nineteen in twenty with one word)
            "agent_in_other", "patient_in_other", "entity_overlap", "days_far", "wn_same_sense",
            "wn_related_sense", "both_nominal", "one_nominal", "same_lemma_same_document",
            "same_lemma_spread", "same_sentence", "unlinked_argument")
# Verbs that carry little event meaning of their own: their lemma matching says less.
LIGHT_VERBS = {"be", "have", "do", "make", "take", "give", "get", "go", "come", "say", "tell", "see", "put",
               "keep", "remain", "become", "seem", "show", "include", "continue", "begin", "start", "decide",
               "want", "need", "use", "leave", "find", "know", "think", "believe", "add", "report"}


@functools.lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float, bool]:
    """Pair weights, the merge threshold and whether the no-argument rule of
    PairScorer.score holds (data/event_coref.json, written by scripts/train_event_coref.py
    with the held-out scores of the rule on and off)."""
    with (resources.files("newsfuse") / "data" / "event_coref.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return data["weights"], data["threshold"], data.get("no_argument_rule", True)


@functools.lru_cache(maxsize=1)
def _event_lemmas() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Event word -> (its WordNet senses, their direct hypernyms), nouns mapped onto the
    verbs they derive from (data/event_lemmas.tsv.gz, scripts/build_event_lemmas.py)."""
    out = {}
    with resources.files("newsfuse").joinpath("data", "event_lemmas.tsv.gz").open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            lemma, senses, broader = line.rstrip("\n").split("\t")
            out[lemma] = (frozenset(senses.split(",")), frozenset(broader.split(",")) - {""})
    return out


def senses(word: str) -> frozenset[str]:
    """The WordNet senses of an event word (empty when the table lacks it): two words
    with a sense in common are one word to sense_relation ("same")."""
    entry = _event_lemmas().get(word)
    return entry[0] if entry else frozenset()


def sense_relation(a: str | None, b: str | None) -> str | None:
    """"same" when two different event words share a WordNet sense ("explosion" /
    "explode", "slay" / "kill"), "related" when one's sense is the other's broader sense
    or both share one ("sack" / "dismiss"), else None."""
    if not a or not b or a == b:
        return None
    table = _event_lemmas()
    if a not in table or b not in table:
        return None
    (sa, ba), (sb, bb) = table[a], table[b]
    if sa & sb:
        return "same"
    if (sa | ba) & (sb | bb):
        return "related"
    return None


_DETACH = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def detached_forms(word: str) -> list[str]:
    """The word without each regular ending Morphy's detachment rules strip ("collapses"
    -> "collapse", "destroyed" -> "destroy"), for a word no lemmatiser has seen (a headline's)."""
    return [word[:-len(end)] + new for end, new in _DETACH if word.endswith(end) and len(word) > len(end) + 2]


def base_lemmas(lemmas: list[str | None], used: set[str] | frozenset[str] | None = None) -> list[str | None]:
    """The story's event words with what a lemmatiser left inflected brought to their
    base: a plural whose singular another proposition of the story (``used``, by default
    these) uses ("oscars" / "oscar", "dies" / "die"), else a word the WordNet table lacks
    stripped of a regular ending (Morphy's detachment rules) when that gives a word it has
    ("kills" -> "kill")."""
    table = _event_lemmas()
    used = {w for w in lemmas if w} if used is None else used
    out = []
    for w in lemmas:
        if w and w.endswith("s") and (w[:-1] in used or w.endswith("es") and w[:-2] in used):
            w = w[:-1] if w[:-1] in used else w[:-2]
        elif w and w not in table:
            w = next((form for form in detached_forms(w) if form in table), w)
        out.append(w)
    return out


def frame_family(frame: str | None) -> str | None:
    """The connected group of a frame under COMPATIBLE ("kill" ~ "attack" ~ "injure")."""
    if frame is None:
        return None
    return _families().get(frame, frame)


@functools.lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    return {f: min(group) for group in _disjoint([sorted(pair) for pair in COMPATIBLE]) for f in group}


def opposite(a: Proposition, b: Proposition) -> bool:
    """Two tellings that cannot be one event: opposite frames (withdraw / deploy), or one
    told as another event than the other ("a second quake" / "the earthquake")."""
    return a.another != b.another or bool(
        a.frame and b.frame and a.frame != b.frame and frozenset((a.frame, b.frame)) in OPPOSITE)


def specific_places(prop: Proposition, places: dict[str, Place]) -> set[str]:
    return {k for k in prop.places if k in places and (places[k].feature or "") not in GENERAL_FEATURES}


@dataclass
class StoryStatistics:
    """What a pair's score reads of the whole story rather than of the pair: the IDF of
    the story's content words over its mentions, each event word's spread over its
    reports, and the event words it uses (base_lemmas). A story fused anew has them made
    from its mentions; re-fusing one that has grown little keeps those of its last
    refresh (fuse/memory.py), so that the pairs scored then keep their scores."""

    mentions: int
    idf: dict[str, float]
    spread: dict[str, float]
    lemmas: frozenset[str]

    @classmethod
    def of(cls, mentions: list[Mention]) -> "StoryStatistics":
        df: dict[str, int] = defaultdict(int)
        for m in mentions:
            for w in set(m.prop.content):
                df[w] += 1
        n = max(len(mentions), 1)
        # Rare words of the story weigh more; never less than 1, so in a story of a few
        # claims the words two reports share are not discounted for being shared.
        idf = {w: max(1.0, math.log((n + 1) / (c + 0.5))) for w, c in df.items()}
        used = frozenset(m.prop.lemma for m in mentions if m.prop.lemma)
        # In how many of the story's documents each event word occurs (counted, not as a
        # share: in a story of two reports every shared word is in all of them): the word
        # many reports use is the story's main event, where a shared word says most.
        docs_of: dict[str, set[str]] = defaultdict(set)
        for m, w in zip(mentions, base_lemmas([m.prop.lemma for m in mentions], used)):
            if w:
                docs_of[w].add(m.claim.document)
        spread = {w: min(len(d) - 1, SPREAD) / SPREAD for w, d in docs_of.items() if w not in LIGHT_VERBS}
        return cls(len(mentions), idf, spread, used)

    @property
    def unseen(self) -> float:
        """The IDF of a word the story did not use when these were made: as one that a
        single mention uses."""
        return max(1.0, math.log((max(self.mentions, 1) + 1) / 1.5))


class PairScorer:
    """Pair features and the fitted logistic score over them, with IDF weights of the
    story's content words (so "the" of a headline and "dam" of this story weigh apart).
    ``known`` holds scores already made under the same ``statistics``, by the keys of
    their two mentions (mention_key): a pair found there is not scored again, and each
    new score is added to it."""

    def __init__(self, mentions: list[Mention], places: dict[str, Place],
                 apart: set[frozenset[str]] | None = None, statistics: StoryStatistics | None = None,
                 known: dict[tuple[int, int], float] | None = None) -> None:
        self.places = places
        self.apart = apart or set()  # pairs of documents that tell of different days (when.weekdays_apart)
        self.statistics = statistics or StoryStatistics.of(mentions)
        self.idf, self.spread, self.unseen = self.statistics.idf, self.statistics.spread, self.statistics.unseen
        self.vectors = [self._vector(m.prop) for m in mentions]
        self.spec = [specific_places(m.prop, places) for m in mentions]
        # What every pair compares, made once per mention: days, counted roles, entities, frame family.
        self.sets = [(set(m.prop.days), {c.role for c in m.prop.counts}, set(m.claim.entities),
                      frame_family(m.prop.frame) if m.prop.frame else None) for m in mentions]
        self.dates = [_dates(m.prop.days) for m in mentions]
        self.lemmas = base_lemmas([m.prop.lemma for m in mentions], self.statistics.lemmas)
        self.keys = [mention_key(m, w, spec) for m, w, spec in zip(mentions, self.lemmas, self.spec)]
        self.known = {} if known is None else known
        self.weights, self.threshold, rule = _model()
        self.weight_vector = [self.weights.get(k, 0.0) for k in FEATURES]  # weights in FEATURES order
        self.penalty = NO_ARGUMENT_PENALTY if rule else 0.0

    def _vector(self, prop: Proposition) -> dict[str, float]:
        idf, unseen = self.idf, self.unseen
        vec = {w: idf.get(w, unseen) for w in set(prop.content)}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def features(self, a: Mention, b: Mention) -> dict[str, float]:
        pa, pb = a.prop, b.prop
        va, vb = self.vectors[a.index], self.vectors[b.index]
        if len(va) > len(vb):
            va, vb = vb, va
        cosine = sum(v * vb.get(w, 0.0) for w, v in va.items())
        sa, sb = self.spec[a.index], self.spec[b.index]
        (da, ra, ea, fa), (db, rb, eb, fb) = self.sets[a.index], self.sets[b.index]
        la, lb = self.lemmas[a.index], self.lemmas[b.index]
        same_lemma = bool(la) and la == lb
        # WordNet relates a noun to its verb reliably ("the explosion" / "exploded"); two
        # verbs sharing a sense are too often two acts of one story ("established control"
        # / "launched the offensive" share launch's first sense), so verbs are left to their lemmas.
        relation = sense_relation(la, lb) if a.nominal or b.nominal else None
        return {
            "bias": 1.0,
            "same_frame": float(bool(pa.frame) and pa.frame == pb.frame),
            "compatible_frame": float(bool(pa.frame and pb.frame) and pa.frame != pb.frame
                                      and fa == fb),
            "no_frame": float(not pa.frame or not pb.frame),
            "same_lemma": float(same_lemma and la not in LIGHT_VERBS),
            "same_light_lemma": float(same_lemma and la in LIGHT_VERBS),
            "same_patient": float(bool(pa.patient) and pa.patient == pb.patient),
            "same_patient_key": float(bool(pa.patient_key) and pa.patient_key == pb.patient_key),
            "other_patient": float(bool(pa.patient and pb.patient) and pa.patient != pb.patient
                                   and not (pa.patient_key and pa.patient_key == pb.patient_key)),
            "same_agent": float(bool(pa.agent_key) and pa.agent_key == pb.agent_key),
            "other_agent": float(bool(pa.agent_key and pb.agent_key) and pa.agent_key != pb.agent_key),
            "shared_place": float(bool(sa & sb)),
            "other_place": float(bool(sa and sb) and not (sa & sb)),
            "same_day": float(bool(da & db)),
            "other_day": float(bool(da and db) and not (da & db)),
            "content_cosine": cosine,
            "shared_role": float(bool(ra & rb)),
            "same_document": float(a.claim.document == b.claim.document),
            "shared_entity": float(bool(ea & eb)),
            "one_negated": float(pa.negated != pb.negated),
            "agent_in_other": float(bool(pa.agent_key) and pa.agent_key in eb and pa.agent_key != pb.agent_key
                                    or bool(pb.agent_key) and pb.agent_key in ea and pa.agent_key != pb.agent_key),
            "patient_in_other": float(bool(pa.patient_key) and pa.patient_key in eb and pa.patient_key != pb.patient_key
                                      or bool(pb.patient_key) and pb.patient_key in ea
                                      and pa.patient_key != pb.patient_key),
            "entity_overlap": len(ea & eb) / len(ea | eb) if ea and eb else 0.0,
            "days_far": float(bool(da and db) and not (da & db)
                              and _days_apart(self.dates[a.index], self.dates[b.index]) > 7),
            "wn_same_sense": float(relation == "same"),
            "wn_related_sense": float(relation == "related"),
            "both_nominal": float(a.nominal and b.nominal),
            "one_nominal": float(a.nominal != b.nominal),
            "same_lemma_same_document": float(same_lemma and a.claim.document == b.claim.document),
            "same_lemma_spread": self.spread.get(la, 0.0) if same_lemma else 0.0,
            "same_sentence": float(a.claim.document == b.claim.document and a.claim.sentence == b.claim.sentence),
            "unlinked_argument": float(not same_lemma and relation != "same" and (
                bool(pa.patient) and pa.patient == pb.patient or bool(pa.patient_key) and pa.patient_key == pb.patient_key
                or bool(pa.agent_key) and pa.agent_key == pb.agent_key or bool(sa & sb))),
        }

    def score(self, a: Mention, b: Mention) -> float:
        """Logit of "same event"; -inf for opposite frames; far below the threshold for
        two different verbs that share nothing but a frame (no object, agent, place or most of their words):
        "Assad fled Damascus" and "the army withdrew its warships" are both withdrawals,
        not one: such a pair never merges on its own, though it may sit in one event
        through others. (ECB+'s validated sentences, where the weights are fitted, are nearly all
        about one event, so a shared frame there says more than it does in a whole report.)
        The rule is for two verbs, the predicates of claims; an event noun ("the
        explosion") is left to the weights. Acts on things of different kinds never merge,
        not even through a third telling ("the quakes also caused heavy damage" joining the
        damaged church to the damaged roads)."""
        if self.apart and frozenset((a.claim.document, b.claim.document)) in self.apart:
            return -math.inf
        ka, kb = self.keys[a.index], self.keys[b.index]
        key = (ka, kb) if ka <= kb else (kb, ka)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._score(a, b)
        return found

    def _score(self, a: Mention, b: Mention) -> float:
        if opposite(a.prop, b.prop) or a.past != b.past or other_things(a.prop, b.prop):
            return -math.inf
        f = self.features(a, b)
        logit = sum(map(operator.mul, self.weight_vector, map(f.__getitem__, FEATURES)))
        # (Asking one frameless verb shared for something else shared too, "called for
        # tugboats" / "called it a mass casualty event", lost ECB+'s held-out recall: facts
        # pair P/R 0.679 / 0.258 -> 0.696 / 0.209.)
        if self.penalty and not (a.nominal or b.nominal) and not (
                f["same_lemma"] or f["same_patient"] or f["same_patient_key"] or f["shared_place"]
                or f["same_agent"] or f["content_cosine"] >= MIN_COSINE_ALONE):
            logit -= self.penalty
        if self.penalty and (other_named_things(a.prop, b.prop) or other_phases(a.prop, b.prop)):
            logit -= self.penalty
        return logit


def mention_key(m: Mention, lemma: str | None, spec: set[str]) -> int:
    """A digest of all that PairScorer reads of one mention (its document and sentence,
    its proposition's slots and words, its event word brought to its base, its specific
    places): two mentions with one key score alike against any third under the same
    statistics, in this fusion or a later one (a 64-bit digest: not Python's hash, which
    changes with every process)."""
    p = m.prop
    fields = (m.claim.document, m.claim.sentence, tuple(sorted(m.claim.entities)), p.frame, lemma, p.patient,
              p.patient_key, p.agent_key, p.negated, p.another, tuple(sorted({c.role for c in p.counts})),
              tuple(sorted(set(p.days))), tuple(sorted(set(p.content))), tuple(sorted(spec)), m.nominal, m.past)
    return int.from_bytes(hashlib.blake2b(repr(fields).encode(), digest_size=8).digest(), "big")


def other_named_things(pa: Proposition, pb: Proposition) -> bool:
    """Whether two acts are done to two different named things, places or bodies
    ("captured Damascus" / "captured Hama": two captures of one campaign). People are
    left to the weights: one shooting has several named victims."""
    ka, kb = pa.patient_key, pb.patient_key
    return bool(ka and kb) and ka != kb and not ka.startswith("person:") and not kb.startswith("person:")


# Frames of verbs that name a phase of another happening (it starts, stops, resumes):
# the happening is their object's ("suspended its search", "traffic was suspended").
PHASE_FRAMES = frozenset({"start", "stop"})


def other_phases(pa: Proposition, pb: Proposition) -> bool:
    """Whether two phase verbs (start, stop, suspend, resume ...) tell of phases of two
    different happenings: their objects are two words for happenings (data/event_lemmas)
    of no common WordNet sense, naming no one thing ("the Coast Guard suspended its
    search" / "ship traffic was suspended": a search and the port's traffic). A phase
    verb names no event of its own, so its lemma shared says nothing when its objects are
    other happenings; "halted the search" / "suspended the search" stay one, and objects
    that are things ("stopped the cars" / "halted traffic") are left to the weights."""
    if not (pa.frame in PHASE_FRAMES and pb.frame in PHASE_FRAMES):
        return False
    a, b = pa.patient, pb.patient
    if not a or not b or a == b or (pa.patient_key and pa.patient_key == pb.patient_key):
        return False
    acts = _event_lemmas()
    return a in acts and b in acts and sense_relation(a, b) is None


@functools.lru_cache(maxsize=1)
def _thing_kinds() -> dict[str, frozenset[str]]:
    """Object noun -> the broad kinds of man-made thing it names (structure, way,
    facility, instrumentality: data/thing_kinds.tsv.gz, scripts/build_thing_kinds.py)."""
    out = {}
    with resources.files("newsfuse").joinpath("data", "thing_kinds.tsv.gz").open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                noun, kinds = line.rstrip("\n").split("\t")
                out[noun] = frozenset(kinds.split(","))
    return out


def is_thing(noun: str) -> bool:
    """Whether a noun names a man-made thing (a building, road, vehicle ...)."""
    return noun in _thing_kinds()


def other_things(pa: Proposition, pb: Proposition) -> bool:
    """Whether two acts are done to man-made things of different kinds ("the church had
    been badly damaged" / "roads into the province had been badly damaged": a building
    and a road, two facts of one earthquake; "the dam" / "the plant" are both structures
    and may be one). Nouns the table lacks, and one named thing, are left to the
    weights; so are two different act nouns ("suspended its search" / "traffic was
    suspended"): keeping unrelated ones apart lost more right than wrong pairs on ECB+'s
    held-out topics (facts pair P/R 0.679 / 0.258 -> 0.674 / 0.250)."""
    a, b = pa.patient, pb.patient
    if not a or not b or a == b or (pa.patient_key and pa.patient_key == pb.patient_key):
        return False
    kinds = _thing_kinds()
    return a in kinds and b in kinds and not kinds[a] & kinds[b]


def _dates(days: list[str]) -> list[dt.date]:
    out = []
    for d in days:
        try:
            out.append(dt.date.fromisoformat(d[:10]))
        except ValueError:
            pass
    return out


def _days_apart(a: list[dt.date], b: list[dt.date]) -> int:
    """The least number of days between a date of ``a`` and one of ``b``."""
    return min((abs((x - y).days) for x in a for y in b), default=0)


def _anchors(m: Mention, scorer: PairScorer) -> set[str]:
    """Keys two mentions must share to be scored at all in a large block."""
    p = m.prop
    out = {f"p:{p.patient}"} if p.patient else set()
    out |= {f"k:{p.patient_key}"} if p.patient_key else set()
    out |= {f"a:{p.agent_key}"} if p.agent_key else set()
    out |= {f"l:{k}" for k in scorer.spec[m.index]}
    out |= {f"d:{d}" for d in p.days}
    out |= {f"r:{c.role}" for c in p.counts}
    out |= {f"v:{p.lemma}"} if p.lemma else set()
    idf, unseen = scorer.idf, scorer.unseen
    rare = sorted(p.content, key=lambda w: -idf.get(w, unseen))[:3]
    out |= {f"w:{w}" for w in rare}
    return out


def is_event_word(prop: Proposition) -> bool:
    """Whether a proposition's predicate names an event: a framed verb or noun, or any
    verb but a light one. The pair weights were fitted on ECB+ event mentions, so a
    copular or reporting statement with no event word ("the officers were heroes") is
    no event mention: it stays a fact of its own."""
    return bool(prop.frame) or bool(prop.lemma) and prop.lemma not in LIGHT_VERBS


def candidate_pairs(mentions: list[Mention], scorer: PairScorer) -> dict[tuple[int, int], float]:
    """Scores of the pairs worth comparing: every pair in a story of up to ALL_PAIRS
    mentions; in a larger one each mention with the TOP_CANDIDATES others it shares the
    most (and rarest) anchors with (verb lemma, participant, place, day, counted role,
    rare word; an anchor held by more than BUCKET mentions is ignored; ties go to the
    earlier mention), so the cost grows with the story, not with its square."""
    eventful = [m.index for m in mentions if is_event_word(m.prop)]
    if len(eventful) <= ALL_PAIRS:
        pairs = [(i, j) for x, i in enumerate(eventful) for j in eventful[x + 1:]]
    else:
        pairs = _best_anchored(eventful, [_anchors(mentions[i], scorer) for i in eventful])
    scores: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        s = scorer.score(mentions[i], mentions[j])
        if s > -math.inf:
            scores[(i, j)] = s
    return scores


def _best_anchored(eventful: list[int], anchors: list[set[str]], block: int = 1024) -> list[tuple[int, int]]:
    """The pairs of each mention with the TOP_CANDIDATES others of most shared anchor
    weight (an anchor of k mentions weighs 1 / log(k + 1)), as one sparse product of
    the mention-by-anchor matrix with itself, a block of rows at a time."""
    from scipy import sparse

    index: dict[str, list[int]] = defaultdict(list)
    for row, keys in enumerate(anchors):
        for key in keys:
            index[key].append(row)
    columns = [rows for rows in index.values() if 2 <= len(rows) <= BUCKET]
    rows = np.fromiter((r for col in columns for r in col), dtype=np.int64)
    cols = np.repeat(np.arange(len(columns)), [len(col) for col in columns])
    weight = np.array([1.0 / math.log(len(col) + 1) for col in columns])
    n = len(eventful)
    has = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
    weighted = (has @ sparse.diags(weight)).T.tocsr()
    seen: set[tuple[int, int]] = set()
    for lo in range(0, n, block):
        shared = (has[lo:lo + block] @ weighted).tocsr()
        shared.sort_indices()
        for r in range(shared.shape[0]):
            a = lo + r
            start, stop = shared.indptr[r], shared.indptr[r + 1]
            others, weights = shared.indices[start:stop], shared.data[start:stop]
            keep = others != a
            others, weights = others[keep], weights[keep]
            if len(others) > TOP_CANDIDATES:
                best = np.lexsort((others, -weights))[:TOP_CANDIDATES]  # heaviest, then earliest
                others = others[best]
            for b in others.tolist():
                seen.add((eventful[a], eventful[b]) if a < b else (eventful[b], eventful[a]))
    return sorted(seen)


SPREAD = 5  # further reports using one event word beyond which its spread counts no more
NO_ARGUMENT_PENALTY = 4.0  # logit taken from a pair with nothing in common but a frame
MIN_COSINE_ALONE = 0.5  # words two different verbs' sentences must share when no argument does
SAMPLE = 8  # members of each group compared when deciding a merge (bounded cost)


def cluster_events(mentions: list[Mention], places: dict[str, Place],
                   apart: set[frozenset[str]] | None = None, memory=None) -> list[list[int]]:
    """Groups of mention indices, one per event: greedy average-link merging of the
    candidate pairs, best first, while the mean logit between two groups (over up to
    SAMPLE members of each, scored on demand) stays above the threshold and no pair
    across them has opposite frames (nor any other pair PairScorer.score forbids).
    ``memory`` (fuse/memory.EventMemory), the story's last fusion's, lends its
    statistics and pair scores while they hold, and keeps this fusion's."""
    if not mentions:
        return []
    statistics = memory.statistics_for(mentions) if memory is not None else None
    scorer = PairScorer(mentions, places, apart, statistics, memory.scores if statistics else None)
    groups = _agglomerate(mentions, scorer)
    if memory is not None:
        memory.keep(scorer.statistics, mentions, scorer.known, scorer.keys)
    return groups


def _agglomerate(mentions: list[Mention], scorer: PairScorer) -> list[list[int]]:
    """cluster_events' merging, over the scorer's pairs."""
    group_of = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    # One sentence copied into several reports is one mention (by its words and its
    # predicate: two predicates of one claim may both read as the whole claim).
    copies: dict[tuple, list[int]] = defaultdict(list)
    for m in mentions:
        copies[(" ".join(m.prop.text.lower().split()), m.prop.lemma, m.prop.patient)].append(m.index)
    for g in (g for g in copies.values() if len(g) > 1):
        head = g[0]
        for x in g[1:]:
            group_of[x] = head
            members[head].append(x)
            del members[x]
    scores = candidate_pairs(mentions, scorer)

    def link(x: int, y: int) -> float:
        key = (min(x, y), max(x, y))
        if key not in scores:
            scores[key] = scorer.score(mentions[x], mentions[y])
        return scores[key]

    for (i, j), s in sorted(scores.items(), key=lambda kv: -kv[1]):
        if s < scorer.threshold:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        links = [link(x, y) for x in _sample(a) for y in _sample(b)]
        if -math.inf in links or sum(links) / len(links) < scorer.threshold:
            continue
        if len(a) < len(b):
            gi, gj, a, b = gj, gi, b, a
        a.extend(b)
        for x in b:
            group_of[x] = gi
        del members[gj]
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def _disjoint(groups: list[list]) -> list[list]:
    """Groups (of mention indices, of frames) that share a member, joined."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for g in groups:
        for x in g[1:]:
            parent[find(x)] = find(g[0])
    out: dict = defaultdict(list)
    for x in {x for g in groups for x in g}:
        out[find(x)].append(x)
    return [sorted(g) for g in out.values()]


def _sample(group: list[int]) -> list[int]:
    if len(group) <= SAMPLE:
        return group
    step = len(group) / SAMPLE
    return [group[int(k * step)] for k in range(SAMPLE)]
