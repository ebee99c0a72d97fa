"""Claim alignment scored as cross-document event coreference on ECB+.

For every ECB+ sub-topic (e.g. 3_ecb: documents about one real-world event), the
validated sentences of ECBplus_coreference_sentences.csv that carry an event mention
(ACTION_* / NEG_ACTION_*) of a CROSS_DOC_COREF chain are run through the real claim
extraction (analyze_document on a document made of those sentences), then through the
same view building and grouping fuse_story uses (story.claim_views + align.align_claims).
Two sentences are gold-coreferent when they share an event chain; predicted-coreferent
when claims of theirs land in one group.

Scores: pairwise P/R/F1 over cross-document sentence pairs (the aligner never groups two
claims of one document, by design), and extended BCubed (Amigo et al. 2009, for items
in several clusters: a sentence may carry several chains and several claims) over all
sentences of a sub-topic. The threshold is tuned on even topics and reported on odd
ones, for the aligner and for a cosine-only baseline (same grouping, score = cosine).

Anchor: event coreference on ECB+ with gold mentions reaches CoNLL F1 about 85-86
(Caciularu et al. 2021). That is a different, mention-level task (every event mention,
gold mention spans, CoNLL metric); this is sentence-level grouping of extracted claims,
so the numbers are not comparable, only indicative.

Usage: python benchmarks/bench_alignment.py [--bench ../shared/bench] [--topics N] [--why]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from newsfuse.analyze import analyze_documents
from newsfuse.analyze.embed import embed
from newsfuse.fuse.align import ALIGN_THRESHOLD, align_claims, pair_score
from newsfuse.fuse.story import claim_views, parse_claims
from newsfuse.model import Document

THRESHOLDS = [round(0.1 + 0.05 * k, 2) for k in range(19)]  # 0.10 .. 1.00
# Most cross-document pairs of a sub-topic are coreferent (about 3 in 4), so maximising
# F1 drifts to merging everything; the precision-held row instead takes the threshold
# with the highest even-topic recall whose even-topic pairwise precision stays at least this.
PRECISION_FLOOR = 0.93
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s|'re|'ve|'ll|'d|n't|'m)(?= |$)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


@dataclass
class Sentence:
    key: tuple[str, int]  # (file, sentence number)
    text: str
    chains: set[str]
    start: int = 0  # character offset in its document
    end: int = 0


@dataclass
class SubTopic:
    name: str
    topic: int
    documents: dict[str, list[Sentence]] = field(default_factory=dict)


def detokenise(tokens: list[str]) -> str:
    """ECB+ tokens back to readable text (no space before punctuation and clitics)."""
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def read_document(path: Path, wanted: set[int]) -> list[Sentence]:
    """The wanted sentences of one ECB+ XML with the cross-document event chains of
    their mentions; sentences without such a mention are dropped."""
    root = ET.parse(path).getroot()
    tokens: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for t in root.iter("token"):
        s = int(t.get("sentence"))
        tokens[t.get("t_id")] = (s, t.text or "")
        by_sentence[s].append(t.text or "")
    mention_sentences: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if not (m.tag.startswith("ACTION_") or m.tag.startswith("NEG_ACTION_")):
            continue
        anchors = [a.get("t_id") for a in m.findall("token_anchor")]
        if anchors:
            mention_sentences[m.get("m_id")] = {tokens[a][0] for a in anchors if a in tokens}
    chains: dict[int, set[str]] = defaultdict(set)
    relations = root.find("Relations")
    for r in relations.findall("CROSS_DOC_COREF") if relations is not None else []:
        for src in r.findall("source"):
            for s in mention_sentences.get(src.get("m_id"), ()):
                chains[s].add(r.get("note"))
    return [Sentence((path.stem, s), detokenise(by_sentence[s]), chains[s])
            for s in sorted(wanted) if chains.get(s) and by_sentence.get(s)]


def load_ecbplus(root: Path, max_topics: int | None = None) -> list[SubTopic]:
    wanted: dict[tuple[str, str], set[int]] = defaultdict(set)
    with (root / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wanted[(row["Topic"].strip(), row["File"].strip())].add(int(row["Sentence Number"]))
    subtopics: dict[str, SubTopic] = {}
    topics = sorted({int(t) for t, _ in wanted})[:max_topics]
    for (topic, name), sentences in sorted(wanted.items()):
        if int(topic) not in topics:
            continue
        path = root / "ECB+" / topic / f"{topic}_{name}.xml"
        if not path.exists():
            print(f"missing {path}", file=sys.stderr)
            continue
        kind = "ecbplus" if name.endswith("ecbplus") else "ecb"
        sub = subtopics.setdefault(f"{topic}_{kind}", SubTopic(f"{topic}_{kind}", int(topic)))
        found = read_document(path, sentences)
        if found:
            sub.documents[path.stem] = found
    return list(subtopics.values())


def as_document(name: str, sentences: list[Sentence]) -> Document:
    """One newsfuse Document of a file's validated sentences, a paragraph each."""
    parts, offset = [], 0
    for s in sentences:
        s.start, s.end = offset, offset + len(s.text)
        parts.append(s.text)
        offset = s.end + 2
    return Document(id=name, path=f"ecbplus/{name}.xml", text="\n\n".join(parts), language="en")


@dataclass
class Prepared:
    sub: SubTopic
    sentences: list[Sentence]
    views: list
    vectors: np.ndarray
    view_sentence: list[int]


def prepare(sub: SubTopic) -> Prepared:
    """Claims, views and embeddings of one sub-topic (done once, scored per threshold)."""
    docs = [as_document(n, ss) for n, ss in sub.documents.items()]
    analyses = analyze_documents(docs)
    sentences = [s for n in sub.documents for s in sub.documents[n]]
    index = {id(s): i for i, s in enumerate(sentences)}
    claims, places, times = [], [], {}
    for d, a in zip(docs, analyses):
        if a.error:
            print(f"{d.id}: {a.error}", file=sys.stderr)
            continue
        claims += a.claims
        places += a.places
        times[d.id] = a.times
    views = claim_views(claims, parse_claims(claims), places, times)
    view_sentence = []
    for v in views:
        own = sub.documents[v.claim.document]
        s = next((s for s in own if s.start <= v.claim.start < s.end + 1), own[0])
        view_sentence.append(index[id(s)])
    vectors = embed([v.text for v in views]) if views else np.zeros((0, 1))
    return Prepared(sub, sentences, views, vectors, view_sentence)


def memberships(p: Prepared, groups: list[list[int]]) -> list[set[str]]:
    """Each sentence's predicted clusters: the multi-claim groups of its claims, else a
    cluster of its own."""
    out: list[set[str]] = [set() for _ in p.sentences]
    for g_id, g in enumerate(groups):
        if len(g) > 1:
            for i in g:
                out[p.view_sentence[i]].add(f"g{g_id}")
    for i, m in enumerate(out):
        if not m:
            m.add(f"s{i}")
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    b3_p: float = 0.0
    b3_r: float = 0.0
    items: int = 0

    def add(self, other: "Tally") -> None:
        for f in ("tp", "fp", "fn", "b3_p", "b3_r", "items"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def scores(self) -> tuple[float, float, float, float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        bp = self.b3_p / self.items if self.items else 0.0
        br = self.b3_r / self.items if self.items else 0.0
        return p, r, _f1(p, r), bp, br, _f1(bp, br)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(p: Prepared, predicted: list[set[str]]) -> Tally:
    """Pairwise counts over cross-document pairs; extended BCubed over all sentences."""
    t = Tally()
    gold = [s.chains for s in p.sentences]
    docs = [s.key[0] for s in p.sentences]
    n = len(gold)
    for i in range(n):
        for j in range(i + 1, n):
            if docs[i] == docs[j]:
                continue
            g, s = bool(gold[i] & gold[j]), bool(predicted[i] & predicted[j])
            t.tp += g and s
            t.fp += s and not g
            t.fn += g and not s
    for i in range(n):
        prec, rec = [], []
        for j in range(n):
            c, l = len(predicted[i] & predicted[j]), len(gold[i] & gold[j])
            if c:
                prec.append(min(c, l) / c)
            if l:
                rec.append(min(c, l) / l)
        t.b3_p += sum(prec) / len(prec)
        t.b3_r += sum(rec) / len(rec)
        t.items += 1
    return t


def cosine_only(a, b, cosine: float) -> float:
    return cosine


def evaluate(prepared: list[Prepared], threshold: float, scorer) -> Tally:
    total = Tally()
    for p in prepared:
        groups = align_claims(p.views, p.vectors, threshold, scorer)
        total.add(score(p, memberships(p, groups)))
    return total


def missed_reasons(prepared: list[Prepared], threshold: float) -> Counter:
    """For gold-coreferent cross-document sentence pairs left apart, the first rule that
    kept them apart: no claim for a sentence (headings are not claims), a forbidden pair
    (opposite predicates, opinion), a score under the threshold, or the grouping (one
    claim per document, the average-link floor)."""
    out: Counter = Counter()
    for p in prepared:
        groups = align_claims(p.views, p.vectors, threshold)
        predicted = memberships(p, groups)
        by_sentence: dict[int, list[int]] = defaultdict(list)
        for v, s in enumerate(p.view_sentence):
            by_sentence[s].append(v)
        sims = p.vectors @ p.vectors.T if p.views else None
        for i, j in combinations(range(len(p.sentences)), 2):
            a, b = p.sentences[i], p.sentences[j]
            if a.key[0] == b.key[0] or not a.chains & b.chains or predicted[i] & predicted[j]:
                continue
            if not by_sentence[i] or not by_sentence[j]:
                out["a sentence has no claim view"] += 1
                continue
            scores = [pair_score(p.views[x], p.views[y], float(sims[x, y]))
                      for x in by_sentence[i] for y in by_sentence[j]]
            if all(s is None for s in scores):
                out["forbidden (opposite predicates or opinion)"] += 1
            elif max(s for s in scores if s is not None) < threshold:
                out["pair score under threshold"] += 1
            else:
                out["grouping (one claim per document, average-link floor)"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
    ap.add_argument("--topics", type=int, default=None, help="only the first N topics (a quick run)")
    ap.add_argument("--why", action="store_true", help="count missed gold pairs by the rule that blocked them")
    args = ap.parse_args()
    root = Path(args.bench) / "ecbplus"
    if not root.is_dir():
        sys.exit(f"ECB+ not found at {root}")
    t0 = time.time()
    subs = load_ecbplus(root, args.topics)
    prepared = [prepare(s) for s in subs if len(s.documents) >= 1]
    n_sent = sum(len(p.sentences) for p in prepared)
    print(f"ECB+: {len(prepared)} sub-topics, {sum(len(s.documents) for s in subs)} documents, "
          f"{n_sent} validated sentences with cross-document event mentions, "
          f"{sum(len(p.views) for p in prepared)} claim views; prepared in {time.time() - t0:.0f}s")
    even = [p for p in prepared if p.sub.topic % 2 == 0]
    odd = [p for p in prepared if p.sub.topic % 2 == 1]
    rows = []
    for label, scorer in (("fuse aligner (pair_score)", None), ("cosine only", cosine_only)):
        tuned = max(THRESHOLDS, key=lambda th: evaluate(even, th, scorer).scores()[2])
        rows.append((label, tuned, evaluate(even, tuned, scorer).scores()[2], evaluate(odd, tuned, scorer).scores()))
    held = [th for th in THRESHOLDS if evaluate(even, th, None).scores()[0] >= PRECISION_FLOOR]
    if held:
        th = max(held, key=lambda t: evaluate(even, t, None).scores()[1])
        rows.append((f"fuse aligner, even P>={PRECISION_FLOOR}", th, evaluate(even, th, None).scores()[2],
                     evaluate(odd, th, None).scores()))
    default = evaluate(odd, ALIGN_THRESHOLD, None).scores()
    rows.append((f"fuse aligner at ALIGN_THRESHOLD", ALIGN_THRESHOLD, evaluate(even, ALIGN_THRESHOLD, None).scores()[2], default))
    print()
    print(f"{'system (odd topics: test)':34} {'thr':>5} {'evenF1':>7} {'pairP':>6} {'pairR':>6} {'pairF1':>6} "
          f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}")
    for label, th, even_f1, (p, r, f, bp, br, bf) in rows:
        print(f"{label:34} {th:5.2f} {even_f1:7.3f} {p:6.3f} {r:6.3f} {f:6.3f} {bp:6.3f} {br:6.3f} {bf:6.3f}")
    print("\npairwise: cross-document sentence pairs; BCubed: extended (multi-cluster) over all sentences,")
    print("which includes same-document gold pairs the aligner never joins by design.")
    print("Anchor: event coreference, gold mentions, CoNLL F1 ~85-86 (Caciularu et al. 2021): a different,")
    print("mention-level task; not comparable to this sentence-level claim grouping.")
    if args.why:
        print("\nmissed gold pairs (odd topics, fuse aligner at ALIGN_THRESHOLD), by the rule that blocked them:")
        for reason, count in missed_reasons(odd, ALIGN_THRESHOLD).most_common():
            print(f"  {count:6d}  {reason}")
    print(f"total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
