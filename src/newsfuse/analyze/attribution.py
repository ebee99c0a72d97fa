"""Attribution spans learned from PolNeAR: the cue ("said", "according to", "has argued"),
its source ("a senior official", "Trump") and what is attributed (the content).

Two small logistic-regression models over the spaCy parse, trained by
``scripts/train_attribution.py`` on PolNeAR ``train/`` only and stored as feature
weights in ``data/attribution_model.json.gz`` (its held-out dev score is recorded in
the file under ``"dev"``):

1. **cue tagger**: every token is B(egin)/I(nside)/O(utside) of a cue, from its lemma,
   part of speech, dependency, head, children and neighbours, and whether it sits in a
   quotation;
2. **role classifier**: for each cue, every other token of the cue's sentence is
   Source/Content/Outside, from the dependency path between the cue and the token
   ("nsubj" of the cue, inside its "ccomp", the main clause above an "according to"),
   the side it is on, quotation marks and other cues in between.

A content that runs to the edge of its sentence inside an open quotation continues to
the quotation's end (or start): PolNeAR's multi-sentence quotes. Each token belongs to at
most one attribution (as in PolNeAR): the cue that claims it most surely keeps it.

Linear models with hand-made features are used rather than a neural tagger so that the
step costs a few milliseconds per document on top of the parse the analysis already has.
"""
from __future__ import annotations

import functools
import gzip
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "attribution_model.json.gz"
CUE_CLASSES = ("O", "B", "I")
ROLE_CLASSES = ("O", "S", "C")


@dataclass
class Found:
    """One attribution: token ranges (end exclusive) and character spans into the text."""

    cue_tokens: tuple[int, int]
    head: int  # the cue's head token (the reporting verb, "according", ...)
    source_tokens: tuple[int, int] | None = None
    content_tokens: list[tuple[int, int]] = field(default_factory=list)
    cue: tuple[int, int] = (0, 0)
    source: tuple[int, int] | None = None
    content: list[tuple[int, int]] = field(default_factory=list)
    cue_p: float = 1.0  # the tagger's probability that the cue's head word is (part of) a cue
    statement: bool = False  # the content is a clause of the cue or a quotation, not a bare object


class LinearModel:
    """Multinomial logistic regression over string features (weights per class)."""

    def __init__(self, classes, weights: dict[str, list[float]], bias: list[float]):
        self.classes = tuple(classes)
        self.weights = weights
        self.bias = bias

    def probs(self, features: list[str]) -> list[float]:
        scores = list(self.bias)
        w = self.weights
        k = len(scores)
        for f in features:
            row = w.get(f)
            if row is not None:
                for c in range(k):
                    scores[c] += row[c]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@functools.lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict | None:
    """The trained models, or None when the data file is missing (rules are used then)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {
        "cue": LinearModel(CUE_CLASSES, data["cue"]["weights"], data["cue"]["bias"]),
        "cue_lemmas": frozenset(data["cue"].get("lemmas", ())),
        # per lemma, the share of its training occurrences that were (part of) a cue
        "cue_rates": data["cue"].get("rates", {}),
        "role": LinearModel(ROLE_CLASSES, data["role"]["weights"], data["role"]["bias"]),
        "meta": {k: v for k, v in data.items() if k not in ("cue", "role")},
    }


# --- shared context ------------------------------------------------------------------

_OPEN = {"“": "”", "«": "»", "„": "“"}


def quote_ids(doc) -> list[int]:
    """Per token, the number of the quotation it is inside (0 = none). Curly, guillemet
    and straight pairs within a paragraph; a quote left open runs to the paragraph end."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        s, base = para.group(), para.start()
        open_at, closer = None, ""
        for i, ch in enumerate(s):
            if open_at is None:
                if ch in _OPEN:
                    open_at, closer = i, _OPEN[ch]
                elif ch == '"':
                    open_at, closer = i, '"'
            elif ch == closer or (closer == "“" and ch == "”"):
                spans.append((base + open_at, base + i + 1))
                open_at = None
        if open_at is not None:
            spans.append((base + open_at, base + len(s)))
    ids = [0] * len(doc)
    k = 0
    for n, (a, b) in enumerate(spans, 1):
        while k < len(doc) and doc[k].idx < a:
            k += 1
        j = k
        while j < len(doc) and doc[j].idx < b:
            ids[j] = n
            j += 1
    return ids


def _shape(tok) -> str:
    t = tok.text
    if t.isupper() and len(t) > 1:
        return "XX"
    if t[:1].isupper():
        return "Xx"
    if t.isdigit():
        return "d"
    if t.isalpha():
        return "x"
    return "p"


def cue_candidate(tok, lemmas) -> bool:
    """Only tokens whose lemma was part of a cue in training are tagged (speed)."""
    if tok.is_space or (tok.is_punct and tok.text not in ("―", "—", ":")):
        return False
    return tok.lemma_.lower() in lemmas


def cue_features(doc, i: int, quotes: list[int]) -> list[str]:
    tok = doc[i]
    lemma = tok.lemma_.lower()
    head = tok.head
    prev = doc[i - 1] if i > 0 and doc[i - 1].sent.start == tok.sent.start else None
    nxt = doc[i + 1] if i + 1 < len(doc) and doc[i + 1].sent.start == tok.sent.start else None
    deps = sorted({c.dep_ for c in tok.children})
    q = "q" if quotes[i] else "n"
    f = [
        "l=" + lemma, "w=" + tok.lower_, "p=" + tok.pos_, "t=" + tok.tag_, "d=" + tok.dep_,
        "s=" + _shape(tok), "q=" + q, "ld=" + lemma + "|" + tok.dep_, "lp=" + lemma + "|" + tok.pos_,
        "hl=" + head.lemma_.lower(), "hp=" + head.pos_, "dhl=" + tok.dep_ + "|" + head.lemma_.lower(),
        "lhl=" + lemma + "|" + head.lemma_.lower(), "lq=" + lemma + "|" + q,
        "pw=" + (prev.lower_ if prev is not None else "<s>"),
        "nw=" + (nxt.lower_ if nxt is not None else "</s>"),
        "pl_l=" + (prev.lemma_.lower() if prev is not None else "<s>") + "|" + lemma,
        "l_nw=" + lemma + "|" + (nxt.lower_ if nxt is not None else "</s>"),
        "pp=" + (prev.pos_ if prev is not None else "<s>"), "np=" + (nxt.pos_ if nxt is not None else "</s>"),
        "hq=" + ("q" if quotes[head.i] else "n") + q,
    ]
    if nxt is not None:
        f.append("nl=" + nxt.lemma_.lower() + "|" + nxt.dep_)
        f.append("nhl=" + nxt.head.lemma_.lower() + "|" + str(nxt.head.i - i))
    if prev is not None:
        f.append("phl=" + prev.head.lemma_.lower() + "|" + str(prev.head.i - i))
    for d in deps:
        f.append("cd=" + d)
        f.append("lcd=" + lemma + "|" + d)
    if head.i != i:
        f.append("hdir=" + ("L" if head.i < i else "R") + "|" + tok.dep_)
        f.append("hld=" + head.lemma_.lower() + "|" + tok.lemma_.lower())
    # who or what the word's subject is: "officials said" vs "the army withdrew"
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        kind = subj.ent_type_ or subj.pos_
        f.append("sj=" + kind)
        f.append("lsj=" + lemma + "|" + kind)
        f.append("sjl=" + subj.lemma_.lower())
    else:
        f.append("lsj=" + lemma + "|none")
    comp = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis")]
    for c in comp:
        f.append("lcp=" + lemma + "|" + c.dep_ + "|" + c.pos_)
    return f


def _ancestors(tok) -> list:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def role_features(doc, cue: tuple[int, int], head, j: int, quotes: list[int], chain_h: list,
                  other_cues: list[tuple[int, int]]) -> list[str]:
    tok = doc[j]
    chain_j = _ancestors(tok)
    pos_h = {t.i: k for k, t in enumerate(chain_h)}
    up, down = None, None
    for k, t in enumerate(chain_j):
        if t.i in pos_h:
            up = [x.dep_ for x in chain_h[: pos_h[t.i]]]
            down = [x.dep_ for x in reversed(chain_j[:k])]
            break
    if up is None:
        up, down = ["X"], ["X"]
    u = "/".join(up[:3]) or "-"
    d1 = down[0] if down else "self"
    d2 = "/".join(down[:2]) or "self"
    side = "L" if j < cue[0] else "R"
    dist = abs(j - (cue[0] if j < cue[0] else cue[1] - 1))
    db = str(dist) if dist < 4 else ("s" if dist < 8 else ("m" if dist < 16 else "f"))
    qj, qh = quotes[j], quotes[head.i]
    qrel = ("same" if qj == qh else "other") if qj else ("hq" if qh else "none")
    lemma = head.lemma_.lower()
    between = any((a > j and b <= cue[0]) or (a >= cue[1] and b <= j) for a, b in other_cues)
    crossq = 0
    lo, hi = (j, cue[0]) if j < cue[0] else (cue[1], j)
    for k in range(lo, hi):
        if doc[k].text in ('"', "“", "”", "«", "»"):
            crossq += 1
    f = [
        "u=" + u, "d1=" + d1, "d2=" + d2, "ud=" + u + ">" + d2, "u1d1=" + (up[0] if up else "-") + ">" + d1,
        "side=" + side, "sd1=" + side + "|" + d1, "db=" + side + db, "qrel=" + qrel, "sq=" + side + qrel,
        "p=" + tok.pos_, "dp=" + d1 + "|" + tok.pos_, "dep=" + tok.dep_, "cl=" + lemma + "|" + d1,
        "clu=" + lemma + "|" + u, "btw=" + str(between), "btws=" + str(between) + side,
        "xq=" + side + str(min(crossq, 3)), "pn=" + str(tok.is_punct) + side + d1,
        "cl2=" + lemma + "|" + side + "|" + d2,
        "w=" + tok.lower_ + "|" + side,
        "ent=" + (tok.ent_type_ or "-") + "|" + side + "|" + d1,
    ]
    if not down:
        f.append("anc=" + u)  # the token is an ancestor of the cue ("according to" -> main verb)
    return f


# --- decoding ------------------------------------------------------------------------

def _char(doc, t0: int, t1: int) -> tuple[int, int]:
    return doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1].text)


def find_cues(doc, model, quotes: list[int], t0: int = 0, t1: int | None = None) -> list[tuple[int, int, int, float]]:
    """(start, end, head, probability) of the cues in doc[t0:t1]; the probability is the
    tagger's B+I probability of the head word."""
    t1 = len(doc) if t1 is None else t1
    cues: list[list[int]] = []
    cue_model = model["cue"]
    lemmas = model["cue_lemmas"]
    last_label = "O"
    cue_p: dict[int, float] = {}
    for i in range(t0, t1):
        tok = doc[i]
        if not cue_candidate(tok, lemmas):
            last_label = "O"
            continue
        p = cue_model.probs(cue_features(doc, i, quotes))
        cue_p[i] = p[1] + p[2]
        label = CUE_CLASSES[max(range(3), key=p.__getitem__)]
        if label == "I" and last_label == "O" and p[2] < 0.5:
            label = "O"
        if label == "B" or (label == "I" and last_label == "O"):
            cues.append([i, i + 1])
        elif label == "I":
            cues[-1][1] = i + 1
        last_label = label
    out = []
    for a, b in cues:
        span = [doc[k] for k in range(a, b)]
        tops = [t for t in span if not (a <= t.head.i < b) or t.head.i == t.i]
        verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")] or tops or span
        out.append((a, b, verbs[0].i, cue_p.get(verbs[0].i, max(cue_p.get(k, 0.0) for k in range(a, b)))))
    return out


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1]:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]


def find_attributions(doc, t0: int = 0, t1: int | None = None, model=None) -> list[Found]:
    """Every attribution whose cue lies in doc[t0:t1] (default: the whole document)."""
    model = model or load_model()
    if model is None:
        return []
    quotes = quote_ids(doc)
    cues = find_cues(doc, model, quotes, t0, t1)
    if not cues:
        return []
    role_model = model["role"]
    ranges = [(a, b) for a, b, _, _ in cues]
    # token -> (probability, cue number, role)
    claim: dict[int, tuple[float, int, str]] = {}
    for n, (a, b, h, _) in enumerate(cues):
        head = doc[h]
        sent = head.sent
        chain_h = _ancestors(head)
        others = [r for r in ranges if r != (a, b)]
        for j in range(sent.start, sent.end):
            if a <= j < b or doc[j].is_space or any(x <= j < y for x, y in others):
                continue
            p = role_model.probs(role_features(doc, (a, b), head, j, quotes, chain_h, others))
            k = max(range(3), key=p.__getitem__)
            if k == 0:
                continue
            if j not in claim or claim[j][0] < p[k]:
                claim[j] = (p[k], n, ROLE_CLASSES[k])
    found: list[Found] = []
    for n, (a, b, h, cp) in enumerate(cues):
        sources = [j for j, (_, m, r) in claim.items() if m == n and r == "S"]
        content = [j for j, (_, m, r) in claim.items() if m == n and r == "C"]
        f = Found(cue_tokens=(a, b), head=h, cue=_char(doc, a, b), cue_p=cp)
        if sources:
            runs = _runs(sources)
            best = max(runs, key=lambda r: sum(claim[j][0] for j in range(*r)))
            f.source_tokens = best
            f.source = _char(doc, *best)
        runs = _runs(content)
        runs = [r for r in runs if not all(doc[j].is_punct for j in range(*r))]
        runs = _extend_quotes(doc, runs, quotes)
        f.content_tokens = runs
        f.content = [_char(doc, *r) for r in runs]
        f.statement = _is_statement(doc, f, quotes)
        found.append(f)
    _share_sources(doc, found)
    return found


def _share_sources(doc, found: list[Found]) -> None:
    """A cue left without a source that continues another cue ("Clinton mocked the
    complaint, saying ...", "he said, adding that ...", "she denied it and asked ...")
    has that cue's source: PolNeAR annotates the sayer for both, while the role
    classifier gives each token to one cue."""
    by_head = {f.head: f for f in found}
    for f in found:
        if f.source_tokens is not None:
            continue
        tok = doc[f.head]
        for _ in range(3):
            if tok.dep_ not in ("advcl", "conj", "xcomp") or tok.head.i == tok.i:
                break
            tok = tok.head
            g = by_head.get(tok.i)
            if g is not None and g.source_tokens is not None:
                f.source_tokens, f.source = g.source_tokens, g.source
                break


def _is_statement(doc, f: Found, quotes: list[int]) -> bool:
    """What the cue introduces is said, not done: a clause hanging from the cue ("ruled
    that ...", "continued: ...") or words in quotation marks ("called them 'deplorables'"),
    as against a bare object ("withdrew its warships")."""
    inside = {j for a, b in f.content_tokens for j in range(a, b)}
    if any(quotes[j] and not doc[j].is_punct for j in inside):
        return True
    head = doc[f.head]
    for c in head.children:
        if c.i in inside and (c.dep_ in ("ccomp", "parataxis", "csubj") or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"))):
            return True
    return False


def _extend_quotes(doc, runs: list[tuple[int, int]], quotes: list[int]) -> list[tuple[int, int]]:
    """A content ending (starting) at its sentence's edge inside an open quotation runs on
    to the quotation's end (start): multi-sentence quotes."""
    if not runs:
        return runs
    out = list(runs)
    a, b = out[-1]
    last = b - 1
    sent_end = doc[last].sent.end
    q = quotes[last] or (quotes[last + 1] if last + 1 < len(doc) else 0)
    if q and all(doc[k].is_punct or doc[k].is_space for k in range(b, sent_end)):
        k = b
        while k < len(doc) and quotes[k] == q and doc[k].text != "\n":
            k += 1
        out[-1] = (a, max(b, k))
    a, b = out[0]
    sent_start = doc[a].sent.start
    q = quotes[a]
    if q and all(doc[k].is_punct or doc[k].is_space for k in range(sent_start, a)):
        k = a
        while k > 0 and quotes[k - 1] == q:
            k -= 1
        out[0] = (min(a, k), out[0][1])
    return out
