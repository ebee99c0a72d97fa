"""Attribution on PolNeAR dev (84 US political news articles, 2,193 attributions): who
says what, scored as Source, Cue and Content spans against the annotators.

What is run: newsfuse's real per-document analysis (``analyze_document``) on each dev
text; every claim not the outlet's own gives one predicted attribution from its
``source_span``, ``cue_span`` and ``content_spans``, and each further attribution inside
its clause (``Claim.attributions``: a second cue, a nested sayer) one more. Also scored:
- ``extractor``: the learned extractor alone (``analyze.attribution``), every
  attribution it finds, before claims are formed;
- ``rules``: the same analysis with the learned extractor switched off (the
  dependency rules of ``analyze.claims`` alone);
- ``baseline``: a fixed reporting-verb list (say, tell, according to, ...), the verb's
  subject as source, the rest of the sentence as content.

Scores per span kind: exact (same trimmed span), overlap (one-to-one, any shared
character) and character-level P/R/F1. "statement source" is the issue's measure: of the
gold attributions with a source, the share whose content a prediction overlaps with a
source that overlaps the gold source (recall), and of the predictions overlapping some
gold content, the share whose source is right (precision).

Also (system mode): what fusion's ``countable`` keeps of the claims' sources: a source
that names no one who can say anything counts as the outlet's report there; the share of
kept and dropped sources on an annotated source, beside keeping all of them.

Run: nice -n 10 .venv/bin/python benchmarks/bench_attribution.py [--limit N] [--modes system,rules,extractor,baseline]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear  # noqa: E402

from newsfuse.analyze import analyze_document  # noqa: E402
from newsfuse.analyze import claims as claims_module  # noqa: E402
from newsfuse.analyze.nlp import load_nlp  # noqa: E402
from newsfuse.model import Document  # noqa: E402

BASELINE_VERBS = {"say", "tell", "add", "note", "write", "claim", "argue", "report", "announce",
                  "state", "explain", "warn", "insist", "suggest", "tweet", "declare", "acknowledge"}


def _overlaps(a, b) -> bool:
    return bool(a and b) and any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


class StatementScore:
    """The issue's "right named source per attributed statement"."""

    def __init__(self):
        self.gold = self.gold_hit = self.pred = self.pred_right = 0

    def add(self, article: polnear.Article, predicted: list[tuple]) -> None:
        golds = [a for a in article.attributions if a.source and a.content]
        for g in golds:
            self.gold += 1
            if any(_overlaps(p[2], [f for c in g.content for f in c]) and _overlaps(p[0], g.source)
                   for p in predicted):
                self.gold_hit += 1
        for p in predicted:
            match = [g for g in golds if _overlaps(p[2], [f for c in g.content for f in c])]
            if match:
                self.pred += 1
                if any(_overlaps(p[0], g.source) for g in match):
                    self.pred_right += 1

    def line(self) -> str:
        p, r, f = polnear.prf(self.pred_right, self.pred, 1)[0], self.gold_hit / max(1, self.gold), 0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"  statement source: P {p:.3f} ({self.pred_right}/{self.pred})  R {r:.3f} ({self.gold_hit}/{self.gold})  F1 {f:.3f}"


class SourceReading:
    """How the system reads the sayer of a statement the annotators attribute (system
    mode): how often such a statement is left to the outlet by default although the
    annotators found a source, and how often a source that is a description ("a senior
    official", "the campaign") is resolved to a named entity (with examples to check)."""

    def __init__(self):
        self.gold = self.outlet = self.missed = 0
        self.descriptions = self.resolved = 0
        self.examples: list[str] = []

    def add(self, article: polnear.Article, analysis, doc) -> None:
        golds = [a for a in article.attributions if a.source and a.content]
        for g in golds:
            content = [f for c in g.content for f in c]
            over = [c for c in analysis.claims if _overlaps([(c.start, c.end)], content)]
            if not over:
                self.missed += 1
                continue
            self.gold += 1
            if all(c.attribution_kind == "outlet" for c in over):
                self.outlet += 1
        for c in analysis.claims:
            if c.attribution_kind == "outlet" or not c.source_span:
                continue
            span = doc.char_span(*c.source_span, alignment_mode="expand")
            if span is None or span.root.pos_ != "NOUN":
                continue
            self.descriptions += 1
            if c.attribution_kind == "entity":
                self.resolved += 1
                if len(self.examples) < 12:
                    self.examples.append(f"{span.text!r} -> {c.attribution_entity or c.attribution}")

    def lines(self) -> list[str]:
        return [f"  outlet by default where the annotators name a source: {self.outlet}/{self.gold} "
                f"({self.outlet / max(1, self.gold):.3f}; {self.missed} statements in no claim)",
                f"  description sources resolved to a named entity: {self.resolved}/{self.descriptions}"] + \
            [f"    {e}" for e in self.examples]


class CountableSources:
    """What fusion's ``countable`` (fuse/independence.py) keeps of the system's sources:
    a source that names no one who can say something ("the shooting", "documents") is
    counted as the outlet's. Of the claims' sources, the share whose span overlaps an
    annotated source, for all of them (the trivial keep-all baseline) and for the kept
    and the dropped ones apart, with the dropped ones' names to read."""

    def __init__(self):
        self.counts = {"kept": [0, 0], "dropped": [0, 0]}
        self.dropped: list[str] = []

    def add(self, article: polnear.Article, analysis) -> None:
        from newsfuse.fuse.independence import countable

        golds = [g.source for g in article.attributions if g.source]
        for c in analysis.claims:
            if c.attribution_kind == "outlet" or not c.source_span:
                continue
            kind = "kept" if countable(c) else "dropped"
            right = any(_overlaps([tuple(c.source_span)], g) for g in golds)
            self.counts[kind][0] += 1
            self.counts[kind][1] += right
            if kind == "dropped":
                self.dropped.append(f"{c.attribution!r}{'' if right else ' (no gold source)'}")

    def lines(self) -> list[str]:
        (kept, kept_ok), (drop, drop_ok) = self.counts["kept"], self.counts["dropped"]
        return [f"  countable sources (fusion): kept {kept}, of them on an annotated source {kept_ok / max(1, kept):.3f}; "
                f"dropped {drop}, on an annotated source {drop_ok / max(1, drop):.3f}; keep-all "
                f"{(kept_ok + drop_ok) / max(1, kept + drop):.3f}",
                "    dropped: " + "; ".join(f"{n} x{k}" if k > 1 else n for n, k in Counter(self.dropped).most_common(30))]


def _predicted(triples) -> dict[str, list]:
    out = {"source": [], "cue": [], "content": []}
    for source, cue, content in triples:
        if source:
            out["source"].append(source)
        if cue:
            out["cue"].append(cue)
        if content:
            out["content"].append(content)
    return out


def _claim_attributions(analysis):
    for c in analysis.claims:
        if c.attribution_kind != "outlet" and (c.cue_span or c.source_span):
            yield c
        yield from c.attributions


def system_triples(analysis) -> list[tuple]:
    seen, out = set(), []
    for c in _claim_attributions(analysis):
        key = (c.cue_span, c.source_span)
        content = tuple(tuple(f) for f in c.content_spans)
        if key in seen:  # one attribution split over clauses: join the contents
            i = [k for k, o in enumerate(out) if (o[1][0] if o[1] else None, o[0][0] if o[0] else None) == key][0]
            out[i] = (out[i][0], out[i][1], tuple(sorted(set(out[i][2]) | set(content))))
            continue
        seen.add(key)
        out.append((((tuple(c.source_span),) if c.source_span else None),
                    ((tuple(c.cue_span),) if c.cue_span else None), content))
    return out


def extractor_triples(doc) -> list[tuple]:
    from newsfuse.analyze.attribution import find_attributions

    out = []
    for a in find_attributions(doc):
        out.append(((a.source,) if a.source else None, (a.cue,), tuple(a.content)))
    return out


def baseline_triples(doc) -> list[tuple]:
    out = []
    for sent in doc.sents:
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
                cue = (tok.i, tok.i + 2)
                src = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            elif tok.pos_ == "VERB" and lemma in BASELINE_VERBS:
                cue = (tok.i, tok.i + 1)
                src = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            else:
                continue
            source = (src.left_edge.i, src.right_edge.i + 1) if src is not None else None
            blocked = [cue] + ([source] if source else [])
            content, run = [], None
            for t in sent:
                if any(a <= t.i < b for a, b in blocked):
                    if run:
                        content.append(run)
                    run = None
                    continue
                run = (run[0] if run else t.idx, t.idx + len(t.text))
            if run:
                content.append(run)

            def chars(r):
                return (doc[r[0]].idx, doc[r[1] - 1].idx + len(doc[r[1] - 1].text))

            out.append(((chars(source),) if source else None, (chars(cue),), tuple(content)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N dev articles")
    parser.add_argument("--modes", default="system,rules,extractor,baseline")
    args = parser.parse_args()
    modes = args.modes.split(",")
    learned = claims_module.find_attributions
    arts = polnear.articles("dev", limit=args.limit)
    nlp = load_nlp()
    t = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in arts), batch_size=16))
    parse_s = time.perf_counter() - t
    print(f"PolNeAR dev: {len(arts)} articles, {sum(len(a.attributions) for a in arts)} attributions; "
          f"spaCy parse {parse_s:.1f} s")
    for mode in modes:
        scorer, statements, reading, elapsed = polnear.Scorer(), StatementScore(), SourceReading(), 0.0
        sources = CountableSources()
        for art, doc in zip(arts, docs):
            t = time.perf_counter()
            if mode in ("system", "rules"):
                claims_module.find_attributions = (lambda d: []) if mode == "rules" else learned
                analysis = analyze_document(Document(id=art.name, path=art.name, text=art.text,
                                                     outlet=art.publisher or None), doc)
                if analysis.error:
                    print(f"  {art.name}: {analysis.error}")
                triples = system_triples(analysis)
                reading.add(art, analysis, doc)
                sources.add(art, analysis)
            elif mode == "extractor":
                triples = extractor_triples(doc)
            else:
                triples = baseline_triples(doc)
            elapsed += time.perf_counter() - t
            scorer.add(art, _predicted(triples))
            statements.add(art, triples)
        scorer.print(f"{mode}: {elapsed / max(1, len(arts)) * 1000:.1f} ms per article (after the parse)")
        print(statements.line())
        if mode in ("system", "rules"):
            print("\n".join(reading.lines() + sources.lines()))
    claims_module.find_attributions = learned


if __name__ == "__main__":
    main()
