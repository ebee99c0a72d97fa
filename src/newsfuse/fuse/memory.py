"""What one story's fusion keeps for the next: its event grouping's story statistics and
the pair scores made under them.

Scoring candidate pairs is the dearest step of fusing a large story (at 2,000 reports,
some 300,000 pairs), and nearly all of them are the same when one report joins. A pair's
score reads the two mentions and the story's statistics (events.StoryStatistics: IDF over
its mentions, each event word's spread); the statistics are kept while the story only
grows, and by less than GROWTH of its mentions since they were made, so each kept score is
still the score of its pair, and re-fusing scores only the pairs the new report brings.
The picture is then the one fusing all reports at once under those statistics gives;
after GROWTH they are made afresh from the whole story and every pair is scored again.

Kept in the store (``Store.fusion_memory``) as JSON and packed arrays, never pickles:
a store may come from elsewhere. A memory from another version of the scoring code or
its tables, or one that cannot be read, is dropped and the story fused as new.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from importlib import resources

from .events import Mention, StoryStatistics

log = logging.getLogger(__name__)

GROWTH = 0.1  # share of new mentions after which the story's statistics are made afresh
# What a pair's score depends on besides its two mentions: the scoring code and its tables.
_SCORING_FILES = (("fuse", "events.py"), ("analyze", "frames.py"), ("data", "frames.yaml"),
                  ("data", "event_coref.json"), ("data", "event_lemmas.tsv.gz"), ("data", "thing_kinds.tsv.gz"))


@functools.lru_cache(maxsize=1)
def scoring_version() -> str:
    """A digest of the scoring code and tables: kept scores are of this version only."""
    digest = hashlib.blake2b(digest_size=12)
    for parts in _SCORING_FILES:
        digest.update(resources.files("newsfuse").joinpath(*parts).read_bytes())
    return digest.hexdigest()


@dataclass
class EventMemory:
    """One story's kept statistics, the reports it had when they were made, and the pair
    scores (by the two mentions' keys, events.mention_key) of its last fusion."""

    statistics: StoryStatistics | None = None
    documents: frozenset[str] = frozenset()
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    version: str = ""

    def statistics_for(self, mentions: list[Mention]) -> StoryStatistics | None:
        """The kept statistics when they still hold for these mentions (same scoring
        version, every report they were made from still in the story, fewer than GROWTH
        new mentions); else None, and the kept scores are forgotten."""
        s = self.statistics
        if s is not None and self.version == scoring_version() and len(mentions) <= s.mentions * (1 + GROWTH) \
                and self.documents <= {m.claim.document for m in mentions}:
            return s
        self.statistics, self.documents, self.scores = None, frozenset(), {}
        return None

    def keep(self, statistics: StoryStatistics, mentions: list[Mention], scores: dict[tuple[int, int], float],
             keys: list[int]) -> None:
        """Remember this fusion's statistics and the scores of pairs of its mentions."""
        if statistics is not self.statistics:
            self.documents = frozenset(m.claim.document for m in mentions)
        current = set(keys)
        self.statistics, self.version = statistics, scoring_version()
        self.scores = {k: v for k, v in scores.items() if k[0] in current and k[1] in current}

    def to_bytes(self) -> bytes:
        if self.statistics is None:
            return b""
        s = self.statistics
        head = json.dumps({"version": self.version, "mentions": s.mentions, "idf": s.idf, "spread": s.spread,
                           "lemmas": sorted(s.lemmas), "documents": sorted(self.documents)}).encode()
        pairs = sorted(self.scores.items())
        first, second = array("Q", (k[0] for k, _ in pairs)), array("Q", (k[1] for k, _ in pairs))
        values = array("d", (v for _, v in pairs))
        if sys.byteorder == "big":  # stored little-endian, whatever machine wrote it
            for a in (first, second, values):
                a.byteswap()
        return zlib.compress(len(head).to_bytes(8, "big") + head + first.tobytes() + second.tobytes()
                             + values.tobytes(), 1)

    @classmethod
    def from_bytes(cls, data: bytes | None) -> "EventMemory":
        """The memory stored as ``to_bytes``; an empty one when there is none or it
        cannot be read (cut short, from an older layout)."""
        if not data:
            return cls()
        try:
            raw = zlib.decompress(data)
            size = int.from_bytes(raw[:8], "big")
            head = json.loads(raw[8:8 + size])
            body = raw[8 + size:]
            n = len(body) // 24
            if len(body) != n * 24:
                raise ValueError("pair arrays of uneven length")
            first, second, values = array("Q"), array("Q"), array("d")
            first.frombytes(body[:8 * n])
            second.frombytes(body[8 * n:16 * n])
            values.frombytes(body[16 * n:])
            if sys.byteorder == "big":
                for a in (first, second, values):
                    a.byteswap()
            statistics = StoryStatistics(int(head["mentions"]), {str(k): float(v) for k, v in head["idf"].items()},
                                         {str(k): float(v) for k, v in head["spread"].items()},
                                         frozenset(map(str, head["lemmas"])))
            return cls(statistics, frozenset(map(str, head["documents"])), dict(zip(zip(first, second), values)),
                       str(head["version"]))
        except (zlib.error, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("a story's kept fusion memory cannot be read (%s); its pairs are scored afresh", exc)
            return cls()
