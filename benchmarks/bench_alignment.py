"""Sentence-level fact alignment on ECB+ through the shipped path, beside trivial groupings.

What an analyst relies on is that the facts of the picture put together the sentences of
different reports that tell of the same happening, and only those. ECB+ says which: two
validated sentences (ECBplus_coreference_sentences.csv) of different documents tell of
the same happening when they share a gold event chain (CROSS_DOC_COREF over ACTION_* /
NEG_ACTION_* mentions).

The documents of the chosen half of the topics (default: the held-out odd topics; nothing
in this script is tuned, and the event-pair weights it runs with are fitted on even
topics only) go through the shipped path in one fresh store: full per-document analysis
(cached on disk by benchmarks/fusionkit.py), incremental story clustering with the
default settings, fusion. Each claim of a picture is mapped to the ECB+ sentence its
start lies in. Groupings scored, as pairwise P / R / F1 over cross-document pairs of
validated sentences that carry an event mention (a pair is predicted when some group
holds both sentences; a sentence may sit in several groups, as it may in several chains):

- events: the picture's story events (cross-document event coreference);
- facts: the picture's facts, every aspect (the alignment the issue measured), with and
  without the claims that tell an event only inside another statement (Fact.told_in);
- stories: everything of one clustered story together (what clustering alone gives);
- trivial baselines: all sentences of a gold sub-topic together, of a gold topic
  together, all singletons, and same head lemma (sentences sharing the spaCy lemma of
  one of their gold event mentions, within the gold sub-topic).

Scored as pairwise P / R / F1 and as BCubed over sentences (b_cubed), once over all
validated sentences and once over the body sentences only: a validated sentence that is
the document's title is metadata to ingest and analysis, never a claim (a third of the
coreferent pairs); a fact holds it when its ``Fact.headlines`` name the report (the
headline names the fact's event), and the facts are scored with and without that. ``--errors`` sorts the facts' missed and wrong
pairs into categories (title, story clustering, no claim, the event told only inside a
predicate or as a noun, different facts; different sub-topics merged ...).

Usage: nice -n 10 python benchmarks/bench_alignment.py [--half odd|even] [--topics N]
       [--bench ../shared/bench] [--errors]
"""
from __future__ import annotations

import argparse
import bisect
import csv
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import fusionkit as kit
from bench_clustering import parse_date
from corpora import detokenize

from newsfuse.model import Document


@dataclass
class Sentence:
    doc: str
    number: int  # ECB+ sentence attribute
    topic: int
    subtopic: str  # "3_ecb" / "3_ecbplus"
    chains: set[str] = field(default_factory=set)
    lemmas: set[str] = field(default_factory=set)  # of its gold event mentions' heads
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (chain, head lemma) of each gold event mention


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    sentences: dict[tuple[str, int], Sentence] = field(default_factory=dict)
    # per document: line start offsets in its text and the ECB+ sentence number of each line
    lines: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    titles: dict[str, int] = field(default_factory=dict)  # document -> its title's ECB+ sentence number


def read_document(path: Path, wanted: set[int], topic: int, corpus: Corpus) -> None:
    """One ECB+ document, split as bench_clustering.load_ecbplus splits it (url, title
    and dateline lines become metadata), with its validated sentences' gold chains."""
    root = ET.parse(path).getroot()
    tokens: dict[int, list[str]] = defaultdict(list)
    sentence_of: dict[str, int] = {}
    for t in root.iter("token"):
        s = int(t.get("sentence"))
        tokens[s].append(t.text or "")
        sentence_of[t.get("t_id")] = s
    numbered = [(k, detokenize(tokens[k])) for k in sorted(tokens)]
    url = title = published = None
    if numbered and numbered[0][1].startswith("http"):
        url = numbered.pop(0)[1].replace(" ", "")
        if numbered and not numbered[0][1].rstrip().endswith(".") and not parse_date(numbered[0][1]):
            corpus.titles[path.name] = numbered[0][0]
            title = numbered.pop(0)[1]
    for i, (_, line) in enumerate(numbered[:3]):
        published = parse_date(line)
        if published:
            numbered.pop(i)
            break
    doc_id = path.name
    starts, numbers, at = [], [], 0
    for k, line in numbered:
        starts.append(at)
        numbers.append(k)
        at += len(line) + 1
    corpus.lines[doc_id] = (starts, numbers)
    corpus.documents.append(Document(id=doc_id, path=str(path), text="\n".join(l for _, l in numbered),
                                     title=title, url=url, published=published))
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for r in relations.findall("CROSS_DOC_COREF") if relations is not None else []:
        for src in r.findall("source"):
            chain_of[src.get("m_id")] = r.get("note")
    sub = f"{topic}_{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        if not (m.tag.startswith("ACTION_") or m.tag.startswith("NEG_ACTION_")):
            continue
        anchors = [a.get("t_id") for a in m.findall("token_anchor") if a.get("t_id") in sentence_of]
        if not anchors or sentence_of[anchors[0]] not in wanted:
            continue
        s = sentence_of[anchors[0]]
        sent = corpus.sentences.setdefault((doc_id, s), Sentence(doc_id, s, topic, sub))
        chain = chain_of.get(m.get("m_id"), f"single:{doc_id}:{m.get('m_id')}")
        sent.chains.add(chain)
        words = [t.text or "" for t in root.iter("token") if t.get("t_id") in set(anchors)]
        sent.lemmas.add(" ".join(words))  # lemmatised below, in one batch
        sent.mentions.append((chain, " ".join(words)))


def load(bench: Path, half: str, max_topics: int | None) -> Corpus:
    wanted: dict[tuple[int, str], set[int]] = defaultdict(set)
    with (bench / "ecbplus" / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wanted[(int(row["Topic"]), row["File"].strip())].add(int(row["Sentence Number"]))
    topics = sorted(t for t in {t for t, _ in wanted} if (t % 2 == 1) == (half == "odd"))[:max_topics]
    corpus = Corpus()
    for path in sorted((bench / "ecbplus" / "ECB+").glob("*/*.xml")):
        topic = int(path.name.split("_")[0])
        if topic in topics:
            read_document(path, wanted.get((topic, path.stem.split("_", 1)[1]), set()), topic, corpus)
    _lemmatise(corpus)
    return corpus


def _lemmatise(corpus: Corpus) -> None:
    """Gold mention words -> the lemma of their syntactic head (spaCy, as analysis reads)."""
    from newsfuse.analyze.nlp import load_nlp

    phrases = sorted({p for s in corpus.sentences.values() for p in s.lemmas})
    head = {p: doc[:].root.lemma_.lower() for p, doc in zip(phrases, load_nlp().pipe(phrases, batch_size=256))}
    for s in corpus.sentences.values():
        s.lemmas = {head[p] for p in s.lemmas}
        s.mentions = [(c, head[p]) for c, p in s.mentions]


# -- the shipped path ------------------------------------------------------------------
def run_shipped(corpus: Corpus) -> list:
    """Pictures of the corpus's documents: one fresh store, analysis (cached), incremental
    clustering with default settings, fusion: what `newsfuse run` does after ingest."""
    from newsfuse import pipeline
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "ecb.db")
        store.add_documents(corpus.documents)
        done = kit.analyse(corpus.documents)
        store.save_analyses([done[d.id][0] for d in corpus.documents],
                            {d.id: done[d.id][1] for d in corpus.documents})
        t = time.time()
        changed = pipeline.cluster_pending(store)
        pipeline.fuse_stories(store, changed)
        print(f"  clustered and fused {len(changed)} stories in {time.time() - t:.0f} s", file=sys.stderr)
        pictures = store.pictures()
        store.close()
    return pictures


def sentence_of_claim(corpus: Corpus, claim) -> tuple[str, int] | None:
    if claim.document not in corpus.lines:
        return None
    starts, numbers = corpus.lines[claim.document]
    i = bisect.bisect_right(starts, claim.start) - 1
    key = (claim.document, numbers[i]) if i >= 0 else None
    return key if key in corpus.sentences else None


def headline_keys(corpus: Corpus, fact) -> set[tuple[str, int]]:
    """The title sentences of the reports whose headline names the fact's event."""
    keys = {(d, corpus.titles[d]) for d in getattr(fact, "headlines", []) if d in corpus.titles}
    return {k for k in keys if k in corpus.sentences}


def picture_groups(corpus: Corpus, pictures: list) -> dict[str, list[set]]:
    events, stated, facts, bare, stories, lemma_in_story = [], [], [], [], [], []
    for p in pictures:
        where = {c.id: sentence_of_claim(corpus, c) for c in p.claims}

        def keys(claim_ids):
            return {where[c] for c in claim_ids if where.get(c)}

        events += [keys(e.claims) for e in p.story_events]
        stated += [keys([c for c in f.claims if c not in set(f.told_in)]) for f in p.facts]
        facts += [keys(f.claims) | headline_keys(corpus, f) for f in p.facts]
        bare += [keys(f.claims) for f in p.facts]
        stories.append({k for k in corpus.sentences if k[0] in set(p.story.documents)})
        by_lemma: dict[str, set] = defaultdict(set)
        for c in p.claims:
            for prop in c.propositions:
                if prop.lemma and where.get(c.id):
                    by_lemma[prop.lemma].add(where[c.id])
        lemma_in_story += list(by_lemma.values())
    return {"newsfuse story events": events, "newsfuse facts (every aspect)": facts,
            "newsfuse facts without headlines": bare,
            "newsfuse facts, stating claims only (no told_in, no headlines)": stated,
            "newsfuse stories (clustering alone)": stories,
            "same verb lemma within newsfuse's stories": lemma_in_story}


def baseline_groups(corpus: Corpus) -> dict[str, list[set]]:
    by_sub, by_topic, by_lemma = defaultdict(set), defaultdict(set), defaultdict(set)
    for k, s in corpus.sentences.items():
        by_sub[s.subtopic].add(k)
        by_topic[s.topic].add(k)
        for lemma in s.lemmas:
            by_lemma[(s.subtopic, lemma)].add(k)
    return {"all in gold sub-topic": list(by_sub.values()), "all in gold topic": list(by_topic.values()),
            "all singletons": [{k} for k in corpus.sentences],
            "same head lemma (gold mentions, sub-topic)": list(by_lemma.values())}


# -- scoring ---------------------------------------------------------------------------
def pairs(groups: list[set]) -> set[tuple]:
    out = set()
    for g in groups:
        for a, b in combinations(sorted(g), 2):
            if a[0] != b[0]:  # cross-document pairs only
                out.add((a, b))
    return out


def gold_pairs(corpus: Corpus) -> set[tuple]:
    by_chain: dict[str, set] = defaultdict(set)
    for k, s in corpus.sentences.items():
        for c in s.chains:
            by_chain[c].add(k)
    return pairs(list(by_chain.values()))


def score(pred: set, gold: set) -> tuple[float, float, float, int]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(pred)


def b_cubed(pred: set, gold: set, items) -> tuple[float, float, float]:
    """BCubed over sentences with links instead of clusters (a sentence may sit in several
    facts and several chains): each sentence's precision is the share of the sentences
    linked to it (itself included, cross-document links only) that gold links to it too,
    its recall the share of its gold links found; both averaged over sentences."""
    linked_p: dict = defaultdict(set)
    linked_g: dict = defaultdict(set)
    for a, b in pred:
        linked_p[a].add(b)
        linked_p[b].add(a)
    for a, b in gold:
        linked_g[a].add(b)
        linked_g[b].add(a)
    items = list(items)
    p = sum((1 + len(linked_p[k] & linked_g[k])) / (1 + len(linked_p[k])) for k in items) / len(items)
    r = sum((1 + len(linked_p[k] & linked_g[k])) / (1 + len(linked_g[k])) for k in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def in_text(corpus: Corpus, key: tuple[str, int]) -> bool:
    """Whether a validated sentence is in the document's text (its title and dateline
    are metadata: analysis reads no claim from them)."""
    return key[1] in corpus.lines[key[0]][1]


def error_analysis(corpus: Corpus, pictures: list, gold: set, pred: set) -> None:
    """Why the facts miss coreferent pairs and make wrong ones, one category per pair
    (the first that applies), with counts: what to fix first."""
    from newsfuse.fuse.events import base_lemmas

    story_of = {d: p.story.id for p in pictures for d in p.story.documents}
    props: dict[tuple, list] = defaultdict(list)
    for p in pictures:
        for c in p.claims:
            k = sentence_of_claim(corpus, c)
            if k:
                props[k] += [(c, prop) for prop in c.propositions]
    facts_of: dict[tuple, set] = defaultdict(set)
    for p in pictures:
        where = {c.id: sentence_of_claim(corpus, c) for c in p.claims}
        for f in p.facts:
            for cid in f.claims:
                if where.get(cid):
                    facts_of[where[cid]].add(f.id)
            for k in headline_keys(corpus, f):
                facts_of[k].add(f.id)
    missed: dict[str, int] = defaultdict(int)

    def stated(k) -> bool:  # a main proposition of the sentence has the shared event's word
        return any({pr.lemma, base_lemmas([pr.lemma])[0]} & words[k] for c, pr in props[k] if not pr.secondary)

    for a, b in gold - pred:
        sa, sb = corpus.sentences[a], corpus.sentences[b]
        shared = sa.chains & sb.chains
        words = {k: {w for c, w in corpus.sentences[k].mentions if c in shared} for k in (a, b)}
        if not (in_text(corpus, a) and in_text(corpus, b)):
            title = a if not in_text(corpus, a) else b
            if facts_of[title]:
                missed["a sentence is the title, whose headline names another event (or the other is in no fact)"] += 1
            else:
                missed["a sentence is the title, whose headline names no event of the picture"] += 1
        elif story_of.get(a[0]) != story_of.get(b[0]):
            missed["split by story clustering"] += 1
        elif not (props[a] and props[b]):
            missed["a body sentence with no claim"] += 1
        elif not all(any(pr.checkable and c.kind != "opinion" and not pr.secondary for c, pr in props[k])
                     for k in (a, b)):
            missed["a sentence with no checkable main proposition (opinion, non-assertion, told inside only)"] += 1
        elif not all(stated(k) for k in (a, b)):
            side = a if not stated(a) else b
            if any(pr.lemma in words[side] for c, pr in props[side]):
                missed["the shared event is told inside a predicate only (secondary proposition)"] += 1
            elif any(w in pr.content for c, pr in props[side] for w in words[side]):
                missed["the shared event is a word inside another predicate (noun, adjective)"] += 1
            else:
                missed["the shared event's word is in no proposition"] += 1
        elif not (facts_of[a] and facts_of[b]):
            missed["a sentence's proposition is in no fact"] += 1
        else:
            missed["both stated, in different facts (pair score or grouping)"] += 1
    wrong: dict[str, int] = defaultdict(int)
    for a, b in pred - gold:
        sa, sb = corpus.sentences[a], corpus.sentences[b]
        if sa.subtopic != sb.subtopic:
            wrong["different gold sub-topics (two events of one kind in one story)"] += 1
        elif sa.lemmas & sb.lemmas:
            wrong["one sub-topic, a shared event word of different chains"] += 1
        else:
            wrong["one sub-topic, different events"] += 1
    for title, counts, total in (("missed coreferent pairs", missed, len(gold - pred)),
                                 ("wrong pairs", wrong, len(pred - gold))):
        print(f"\nfacts: {title} ({total})")
        for k, v in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {v:6}  {k}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=kit.BENCH)
    ap.add_argument("--half", choices=("odd", "even"), default="odd")
    ap.add_argument("--topics", type=int, default=None, help="only the first N topics of the half")
    ap.add_argument("--errors", action="store_true", help="categories of the facts' missed and wrong pairs")
    args = ap.parse_args()
    t = time.time()
    corpus = load(args.bench, args.half, args.topics)
    gold = gold_pairs(corpus)
    pictures = run_shipped(corpus)
    rows = {**picture_groups(corpus, pictures), **baseline_groups(corpus)}
    aligned = {k for g in rows["newsfuse facts (every aspect)"] for k in g}
    print(f"ECB+ {args.half} topics: {len(corpus.documents)} documents, {len(corpus.sentences)} validated sentences "
          f"with an event mention ({len(aligned)} in some fact), {len(gold)} coreferent cross-document pairs; "
          f"{len(pictures)} stories ({time.time() - t:.0f} s)")
    body = {k for k in corpus.sentences if in_text(corpus, k)}
    for label, items in (("all validated sentences", set(corpus.sentences)),
                         (f"body sentences only ({len(body)}: titles are metadata, never claims)", body)):
        g = {(a, b) for a, b in gold if a in items and b in items}
        table = []
        for name, groups in rows.items():
            pred = {(a, b) for a, b in pairs(groups) if a in items and b in items}
            table.append([name, *(kit.fmt(x) for x in score(pred, g)[:3]), str(len(pred)),
                          *(kit.fmt(x) for x in b_cubed(pred, g, items))])
        print(f"\n{label}: {len(g)} coreferent cross-document pairs")
        print(kit.table(table, ["grouping", "pair P", "pair R", "pair F1", "pairs", "B3 P", "B3 R", "B3 F1"]))
    if args.errors:
        error_analysis(corpus, pictures, gold, pairs(rows["newsfuse facts (every aspect)"]))


if __name__ == "__main__":
    sys.exit(main())
