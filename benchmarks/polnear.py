"""Reading PolNeAR (../shared/bench/polnear): articles, their attributions, and the span
scores the attribution benchmark and the trainer share.

An attribution is a Source (absent for "Attribution-no-source"), a Cue and one or more
Content spans; brat may write a span as several fragments ("315 448;463 553"). A span is
kept as its tuple of (start, end) fragments, trimmed of edge whitespace and punctuation
so that "said," and "said" are the same cue.

Articles with a second annotator have several ``.ann`` files; the benchmark scores the
first (sorted by annotator id) so every article counts once, the trainer may use all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "polnear"
KINDS = ("source", "cue", "content")
_EDGE = " \t\n\r,.;:!?\"'“”‘’()[]—–-"


@dataclass
class Attribution:
    source: tuple[tuple[int, int], ...] | None
    cue: tuple[tuple[int, int], ...] | None
    content: list[tuple[tuple[int, int], ...]] = field(default_factory=list)


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]
    publisher: str = ""


def trim(text: str, fragments) -> tuple[tuple[int, int], ...]:
    """Fragments without edge whitespace/punctuation, empty ones dropped, and fragments
    separated by nothing but whitespace/punctuation joined."""
    out: list[list[int]] = []
    for s, e in sorted(fragments):
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if s >= e:
            continue
        if out and all(ch in _EDGE for ch in text[out[-1][1] : s]):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def read_ann(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    relations: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"T\d+\t", line):
            tid, rest = line.split("\t", 1)
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            frags = []
            for part in offsets.split(";"):
                a, b = part.split()
                frags.append((int(a), int(b)))
            spans[tid] = (label, trim(text, frags))
        elif re.match(r"E\d+\t", line):
            roles: dict[str, list[str]] = {}
            for arg in line.split("\t", 1)[1].split():
                role, _, tid = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(tid)
            relations.append(roles)
    out: list[Attribution] = []
    for roles in relations:
        if not roles.get("Attribution") and not roles.get("Attribution-no-source"):
            continue

        def get(role):
            ids = roles.get(role) or []
            found = [spans[t][1] for t in ids if t in spans and spans[t][1]]
            return found

        sources, cues = get("Source"), get("Cue")
        out.append(Attribution(source=sources[0] if sources else None, cue=cues[0] if cues else None,
                               content=get("Content")))
    return out


def articles(split: str, all_annotators: bool = False, limit: int | None = None) -> list[Article]:
    """The articles of ``split`` ("train" or "dev"), each with its gold attributions."""
    base = ROOT / split
    publishers = {}
    meta = ROOT / "metadata.tsv"
    if meta.exists():
        for row in meta.read_text(encoding="utf-8").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) > 4:
                publishers[cols[1]] = cols[4]
    result: list[Article] = []
    for txt in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(txt.stem + "_*.ann"))
        anns = [a for a in anns if re.fullmatch(re.escape(txt.stem) + r"_[0-9a-f]+", a.stem)]
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        for ann in anns if all_annotators else anns[:1]:
            result.append(Article(txt.stem, text, read_ann(ann, text), publishers.get(txt.stem, "")))
        if limit and len(result) >= limit:
            break
    return result


# --- scoring -------------------------------------------------------------------------

def _chars(span) -> set[int]:
    return {i for s, e in span for i in range(s, e)}


def score_spans(gold: list, predicted: list) -> dict[str, float]:
    """Exact and overlap matching of two lists of spans (each a tuple of fragments), one
    to one. Exact: the same trimmed fragments. Overlap: any shared character, pairs taken
    greedily by the size of what they share. Returns counts for precision and recall."""
    exact_g = {}
    for g in gold:
        exact_g[g] = exact_g.get(g, 0) + 1
    exact = 0
    for p in predicted:
        if exact_g.get(p, 0) > 0:
            exact_g[p] -= 1
            exact += 1
    gsets = [_chars(g) for g in gold]
    psets = [_chars(p) for p in predicted]
    pairs = []
    for i, ps in enumerate(psets):
        for j, gs in enumerate(gsets):
            n = len(ps & gs)
            if n:
                pairs.append((n, i, j))
    pairs.sort(reverse=True)
    used_p, used_g, overlap = set(), set(), 0
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        overlap += 1
    gold_chars = set().union(*gsets) if gsets else set()
    pred_chars = set().union(*psets) if psets else set()
    return {"gold": len(gold), "pred": len(predicted), "exact": exact, "overlap": overlap,
            "gold_chars": len(gold_chars), "pred_chars": len(pred_chars),
            "shared_chars": len(gold_chars & pred_chars)}


def gold_spans(article: Article) -> dict[str, list]:
    out = {k: [] for k in KINDS}
    for a in article.attributions:
        if a.source:
            out["source"].append(a.source)
        if a.cue:
            out["cue"].append(a.cue)
        out["content"].extend(c for c in a.content if c)
    return out


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Scorer:
    """Adds up span counts per kind over articles and prints the P/R/F1 table."""

    def __init__(self):
        self.counts = {k: {} for k in KINDS}

    def add(self, article: Article, predicted: dict[str, list]) -> None:
        gold = gold_spans(article)
        for k in KINDS:
            c = score_spans(gold[k], [trim(article.text, p) for p in predicted.get(k, []) if trim(article.text, p)])
            for key, v in c.items():
                self.counts[k][key] = self.counts[k].get(key, 0) + v

    def table(self) -> dict[str, dict[str, tuple[float, float, float]]]:
        out = {}
        for k in KINDS:
            c = self.counts[k]
            out[k] = {
                "exact": prf(c.get("exact", 0), c.get("pred", 0), c.get("gold", 0)),
                "overlap": prf(c.get("overlap", 0), c.get("pred", 0), c.get("gold", 0)),
                "chars": prf(c.get("shared_chars", 0), c.get("pred_chars", 0), c.get("gold_chars", 0)),
            }
        return out

    def print(self, title: str) -> None:
        print(f"\n{title}")
        print(f"  {'span':8} {'exact P/R/F1':>20} {'overlap P/R/F1':>20} {'chars P/R/F1':>20}  gold/pred")
        t = self.table()
        for k in KINDS:
            row = "  ".join(f"{p:.3f}/{r:.3f}/{f:.3f}" for p, r, f in (t[k]["exact"], t[k]["overlap"], t[k]["chars"]))
            print(f"  {k:8} {row}  {self.counts[k].get('gold', 0)}/{self.counts[k].get('pred', 0)}")
