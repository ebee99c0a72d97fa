"""Cross-document event coreference on ECB+, mention level, as fusion does it.

Every gold event mention (ACTION_* / NEG_ACTION_*) of the validated sentences
(ECBplus_coreference_sentences.csv) is read into a proposition at its head word by the
same code analysis uses (analyze.propositions.proposition_at, over newsfuse's own parse,
entities, places and times of the document; a mention whose head is not a verb is marked
nominal), then clustered within its gold sub-topic by fuse.events.cluster_events with the
shipped pair weights (data/event_coref.json). The propositions are cached on disk
(mention_data), so refitting and re-scoring take seconds.
Gold chains come from CROSS_DOC_COREF; mentions in no chain are singletons.

Scores: MUC, B-cubed, CEAF-e and their mean (CoNLL F1), on odd topics (held out) and
even topics (where scripts/train_event_coref.py fits the weights), beside the trivial
baselines: all singletons, one cluster per sub-topic, and same head lemma.
Published systems with gold mentions reach CoNLL F1 about 85-88 (Caciularu et al. 2021);
the same-lemma baseline is strong on ECB+ (about 76 in Upadhyay et al. 2016's setting).

Usage: python benchmarks/bench_event_coref.py [--bench ../shared/bench] [--topics N]
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from newsfuse.analyze import analyze_documents
from newsfuse.analyze.nlp import load_nlp
from newsfuse.analyze.propositions import proposition_at
from newsfuse.fuse.events import Mention, PairScorer, cluster_events
from newsfuse.model import Claim, Document, Place

DEFAULT_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


@dataclass
class GoldMention:
    doc: str
    sentence: int
    start: int  # character offsets in the document text we build
    end: int
    chain: str


@dataclass
class SubTopic:
    name: str
    topic: int
    documents: list[Document] = field(default_factory=list)
    mentions: list[GoldMention] = field(default_factory=list)


def read_document(path: Path, wanted: set[int]) -> tuple[str, list[GoldMention]]:
    """A document of its validated sentences (tokens joined by spaces, one paragraph
    each) and its gold event mentions with character offsets in that text."""
    root = ET.parse(path).getroot()
    tokens: dict[str, tuple[int, int, str]] = {}
    by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for t in root.iter("token"):
        s = int(t.get("sentence"))
        if s in wanted:
            by_sentence[s].append((t.get("t_id"), t.text or ""))
    offsets: dict[str, tuple[int, int]] = {}
    parts, at = [], 0
    for s in sorted(by_sentence):
        words = []
        for tid, text in by_sentence[s]:
            offsets[tid] = (at, at + len(text))
            words.append(text)
            at += len(text) + 1
        parts.append(" ".join(words))
        at += 1  # the second newline of "\n\n" (the first replaced the last space)
    text = "\n\n".join(parts)
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for r in relations.findall("CROSS_DOC_COREF") if relations is not None else []:
        for src in r.findall("source"):
            chain_of[src.get("m_id")] = r.get("note")
    mentions = []
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if not (m.tag.startswith("ACTION_") or m.tag.startswith("NEG_ACTION_")):
            continue
        anchors = [a.get("t_id") for a in m.findall("token_anchor") if a.get("t_id") in offsets]
        if not anchors:
            continue
        start, end = offsets[anchors[0]][0], offsets[anchors[-1]][1]
        sent = next(s for s in by_sentence if any(tid == anchors[0] for tid, _ in by_sentence[s]))
        mentions.append(GoldMention(path.stem, sent, start, end,
                                    chain_of.get(m.get("m_id"), f"single:{path.stem}:{m.get('m_id')}")))
    return text, mentions


def load(root: Path, max_topics: int | None = None) -> list[SubTopic]:
    wanted: dict[tuple[str, str], set[int]] = defaultdict(set)
    with (root / "ecbplus" / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wanted[(row["Topic"].strip(), row["File"].strip())].add(int(row["Sentence Number"]))
    topics = sorted({int(t) for t, _ in wanted})[:max_topics]
    subs: dict[str, SubTopic] = {}
    for (topic, name), sentences in sorted(wanted.items()):
        path = root / "ecbplus" / "ECB+" / topic / f"{topic}_{name}.xml"
        if int(topic) not in topics or not path.exists():
            continue
        kind = "ecbplus" if name.endswith("ecbplus") else "ecb"
        sub = subs.setdefault(f"{topic}_{kind}", SubTopic(f"{topic}_{kind}", int(topic)))
        text, mentions = read_document(path, sentences)
        if mentions:
            sub.documents.append(Document(id=path.stem, path=str(path), text=text, language="en"))
            sub.mentions += mentions
    return list(subs.values())


def read_mentions(subs: list[SubTopic]) -> dict[str, tuple[list[Mention], list[str], dict[str, Place]]]:
    """Per sub-topic: fusion mentions (one proposition per gold mention), their gold
    chains, and the sub-topic's places."""
    docs = [d for s in subs for d in s.documents]
    analyses = {a.document: a for a in analyze_documents(docs)}
    parsed = {d.id: doc for d, doc in zip(docs, load_nlp().pipe((d.text for d in docs), batch_size=32))}
    out = {}
    for sub in subs:
        mentions, chains, places = [], [], {}
        for a in (analyses[d.id] for d in sub.documents):
            places.update({p.key: p for p in a.places})
        for g in sub.mentions:
            a, doc = analyses[g.doc], parsed[g.doc]
            span = doc.char_span(g.start, g.end, alignment_mode="expand")
            if span is None:
                continue
            head = span.root
            sent = head.sent
            keys = [m.entity for m in a.mentions if m.entity and sent.start_char <= m.start < sent.end_char]
            claim = Claim(f"{g.doc}:{g.start}", g.doc, g.sentence, sent.text, sent.start_char, sent.end_char,
                          "outlet", entities=list(dict.fromkeys(keys)))
            prop = proposition_at(head, sent, claim, a.mentions, a.places, a.times)
            mentions.append(Mention(claim, prop, len(mentions), nominal=head.pos_ not in ("VERB", "AUX")))
            chains.append(g.chain)
        out[sub.name] = (mentions, chains, places)
    return out


def mention_data(bench: Path, max_topics: int | None = None):
    """read_mentions(load(...)), pickled under the benchmark cache keyed by what the
    mentions depend on (analyze/, data/ but fusion's event tables, model.py
    and this file): reading the propositions is the slow step, fitting and clustering fast."""
    import hashlib
    import pickle

    import fusionkit as kit

    base = kit.ROOT / "src" / "newsfuse"
    h = hashlib.sha1((str(bench) + str(max_topics)).encode())
    for f in sorted([*base.joinpath("analyze").rglob("*.py"), *base.joinpath("data").rglob("*"),
                     base / "model.py", Path(__file__)]):
        if f.is_file() and not f.name.startswith("event_"):  # fusion's own tables: not read here
            h.update(f.name.encode() + f.read_bytes())
    path = kit.CACHE / f"event-coref-{h.hexdigest()[:16]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    data = read_mentions(load(bench, max_topics))
    kit.CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    return data


# --- coreference metrics ----------------------------------------------------------

def _clusters(labels: list) -> list[set[int]]:
    groups: dict = defaultdict(set)
    for i, lab in enumerate(labels):
        groups[lab].add(i)
    return list(groups.values())


def muc(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    def score(a, b):
        where = {i: n for n, c in enumerate(b) for i in c}
        num = sum(len(c) - len({where.get(i, ("x", i)) for i in c}) for c in a)
        den = sum(len(c) - 1 for c in a)
        return num, den
    rn, rd = score(key, response)
    pn, pd = score(response, key)
    return (pn / pd if pd else 0.0), (rn / rd if rd else 0.0)


def b_cubed(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    k = {i: c for c in key for i in c}
    r = {i: c for c in response for i in c}
    items = list(k)
    p = sum(len(k[i] & r[i]) / len(r[i]) for i in items) / len(items)
    rec = sum(len(k[i] & r[i]) / len(k[i]) for i in items) / len(items)
    return p, rec


def ceaf_e(key: list[set[int]], response: list[set[int]]) -> tuple[float, float]:
    sim = np.array([[2 * len(a & b) / (len(a) + len(b)) for b in response] for a in key])
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    return total / len(response), total / len(key)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def conll(pairs: list[tuple[list, list]]) -> dict[str, float]:
    """Micro-averaged over sub-topics: each metric's P and R averaged by item count."""
    sums = defaultdict(float)
    n = 0
    for gold, pred in pairs:
        key, resp = _clusters(gold), _clusters(pred)
        w = len(gold)
        n += w
        for name, fn in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e)):
            p, r = fn(key, resp)
            sums[name + "_p"] += p * w
            sums[name + "_r"] += r * w
    out = {k: v / n for k, v in sums.items()}
    for name in ("muc", "b3", "ceafe"):
        out[name + "_f1"] = f1(out[name + "_p"], out[name + "_r"])
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out


def predict(data, names: list[str]) -> list[tuple[list, list]]:
    out = []
    for name in names:
        mentions, chains, places = data[name]
        labels = [0] * len(mentions)
        for g, members in enumerate(cluster_events(mentions, places)):
            for i in members:
                labels[i] = g
        out.append((chains, labels))
    return out


def baselines(data, names: list[str]) -> dict[str, list[tuple[list, list]]]:
    return {
        "all singletons": [(data[n][1], list(range(len(data[n][1])))) for n in names],
        "one cluster per sub-topic": [(data[n][1], [0] * len(data[n][1])) for n in names],
        "same head lemma": [(data[n][1], [m.prop.lemma for m in data[n][0]]) for n in names],
    }


def table(rows: list[tuple[str, dict]]) -> str:
    head = f"{'method':<34} {'MUC F1':>7} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'CEAFe':>6} {'CoNLL':>6}"
    lines = [head, "-" * len(head)]
    for label, s in rows:
        lines.append(f"{label:<34} {s['muc_f1']:7.3f} {s['b3_p']:6.3f} {s['b3_r']:6.3f} {s['b3_f1']:6.3f} "
                     f"{s['ceafe_f1']:6.3f} {s['conll_f1']:6.3f}")
    return "\n".join(lines)


def split(data) -> tuple[list[str], list[str]]:
    even = sorted(n for n in data if int(n.split("_")[0]) % 2 == 0)
    odd = sorted(n for n in data if int(n.split("_")[0]) % 2 == 1)
    return even, odd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--topics", type=int, default=None)
    args = ap.parse_args()
    t0 = time.time()
    data = mention_data(args.bench, args.topics)
    even, odd = split(data)
    print(f"ECB+ {len(data)} sub-topics, {sum(len(v[0]) for v in data.values())} gold event mentions "
          f"(read in {time.time() - t0:.0f} s)")
    for label, names in (("held-out odd topics", odd), ("tuning even topics", even)):
        t1 = time.time()
        rows = [("newsfuse (shipped weights)", conll(predict(data, names)))]
        took = time.time() - t1
        rows += [(k, conll(v)) for k, v in baselines(data, names).items()]
        print(f"\n{label}: {len(names)} sub-topics, {sum(len(data[n][0]) for n in names)} mentions; "
              f"clustering {took:.1f} s")
        print(table(rows))


if __name__ == "__main__":
    sys.exit(main())
