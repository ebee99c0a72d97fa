"""Attribution spans learned from PolNeAR: the cue ("said", "according to", "has argued"),
its source ("a senior official", "Trump") and what is attributed (the content).

Two small logistic-regression models over the spaCy parse, trained by
``scripts/train_attribution.py`` on PolNeAR ``train/`` only and stored as feature
weights in ``data/attribution_model.npz`` (its held-out dev score is recorded in
the file's metadata under ``"dev"``):

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

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "attribution_model.npz"
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
    """Multinomial logistic regression over string features (weights per class).

    The weights are held flat: ``index`` maps a feature to the offset of its row in
    ``flat`` (one float per class). Built from the model file, that is one list of
    floats and one dict of ints, instead of a list per feature (346k of them, which
    took most of the model's load time in the process that loads it for the pool)."""

    def __init__(self, classes, weights: dict[str, list[float]] | None, bias: list[float],
                 index: dict[str, int] | None = None, flat: list[float] | None = None):
        self.classes = tuple(classes)
        if weights is not None:
            n = len(self.classes)
            index = {f: n * k for k, f in enumerate(weights)}
            flat = [x for row in weights.values() for x in row]
        self.index = index or {}
        self.flat = flat or []
        self.bias = bias

    def probs(self, features: list[str]) -> list[float]:
        w, flat = self.index, self.flat
        if len(self.bias) == 3:  # both models: unrolled, the step's inner loop
            s0, s1, s2 = self.bias
            for k in map(w.get, features):
                if k is not None:
                    s0 += flat[k]
                    s1 += flat[k + 1]
                    s2 += flat[k + 2]
            scores = [s0, s1, s2]
        else:
            scores = list(self.bias)
            for f in features:
                k = w.get(f)
                if k is not None:
                    for c in range(len(scores)):
                        scores[c] += flat[k + c]
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
    data = read_model_file(p, packed=True)
    return {
        "cue": _linear(CUE_CLASSES, data["cue"]),
        "cue_lemmas": frozenset(data["cue"].get("lemmas", ())),
        # per lemma, the share of its training occurrences that were (part of) a cue
        "cue_rates": data["cue"].get("rates", {}),
        "role": _linear(ROLE_CLASSES, data["role"]),
        "meta": {k: v for k, v in data.items() if k not in ("cue", "role")},
    }


def _linear(classes, part: dict) -> LinearModel:
    if "weights" in part:
        return LinearModel(classes, part["weights"], part["bias"])
    return LinearModel(classes, None, part["bias"], index=part["index"], flat=part["flat"])


# The weights are stored as integers in thousandths (the trainer rounds them to three
# decimals) beside the feature names as one NUL-joined string, and the rest (biases,
# lemma lists, the dev score) as JSON: every worker process loads this file, and as one
# JSON document (346k features, about a million numbers) it took about 1 s of CPU to
# decode, more than loading the spaCy model; this way about a tenth of that, the same
# numbers exactly (k / 1000.0 is the double nearest to the decimal the JSON held).
_MODELS = ("cue", "role")


def save_model_file(data: dict, path: Path) -> None:
    """Write the models (``data`` as ``scripts/train_attribution.py`` builds it) to ``path``."""
    import numpy as np

    arrays = {}
    meta = {k: v for k, v in data.items() if k not in _MODELS}
    for m in _MODELS:
        weights = data[m]["weights"]
        names = list(weights)
        if any("\0" in f for f in names):
            raise ValueError("a feature name holds a NUL character")
        milli = np.array([[round(x * 1000) for x in weights[f]] for f in names], dtype=np.int32)
        arrays[f"{m}_features"] = np.frombuffer("\0".join(names).encode("utf-8"), dtype=np.uint8)
        arrays[f"{m}_weights"] = milli.astype(np.int16) if np.abs(milli).max(initial=0) < 2**15 else milli
        meta[m] = {k: v for k, v in data[m].items() if k != "weights"}
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def read_model_file(path: Path, packed: bool = False) -> dict:
    """The models' data as ``save_model_file`` was given it (a ``.json.gz`` of the same
    shape is read too). ``packed``: each model's weights as ``index`` (feature -> offset)
    and ``flat`` (the rows one after another) instead of ``weights`` (the same numbers)."""
    if path.name.endswith(".json.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        data = json.loads(z["meta"].tobytes().decode("utf-8"))
        for m in _MODELS:
            raw = z[f"{m}_features"].tobytes().decode("utf-8")
            names = raw.split("\0") if raw else []
            milli = z[f"{m}_weights"]
            if packed:
                width = milli.shape[1] if milli.ndim == 2 else 0
                data[m]["index"] = dict(zip(names, range(0, width * len(names), width)))
                data[m]["flat"] = (milli.ravel() / 1000.0).tolist()
            else:
                data[m]["weights"] = dict(zip(names, (milli / 1000.0).tolist()))
    return data


# --- shared context ------------------------------------------------------------------

class Tokens:
    """What the features read of every token of one parse, read from spaCy once per
    document into plain lists. The features ask for a token's head, neighbours,
    children and sentence hundreds of times per document; through spaCy each asking
    builds a Token object, and ``Token.sent`` scans for the sentence's edges, which made
    this step cost as much as the parse itself."""

    __slots__ = ("doc", "n", "text", "lower", "lemma", "pos", "tag", "dep", "head", "ent", "idx",
                 "punct", "space", "sent_start", "sent_end", "children", "shape", "_chains", "_quote_marks")

    def __init__(self, doc):
        # One C-level read of the token attributes (``Doc.to_array``) and the strings
        # looked up by hash through a per-process cache, instead of a Token object built
        # for every attribute of every token (half this step's cost).
        names = _names(doc.vocab.strings)
        cols = doc.to_array(_attrs()).T.tolist() if len(doc) else [[] for _ in range(11)]
        orth, lower, lemma, pos, tag, dep, head, ent, idx, punct, space = cols
        self.doc = doc
        self.n = n = len(orth)
        get = names.__getitem__
        self.text = list(map(get, orth))
        self.lower = list(map(get, lower))
        self.lemma = list(map(names.lower.__getitem__, lemma))
        self.pos = list(map(get, pos))
        self.tag = list(map(get, tag))
        self.dep = list(map(get, dep))
        # HEAD is the head's offset from the token, stored unsigned
        self.head = [i + (h - 2**64 if h >= 2**63 else h) for i, h in enumerate(head)]
        self.ent = list(map(get, ent))
        self.idx = idx
        self.punct = list(map(bool, punct))
        self.space = list(map(bool, space))
        self.sent_start = [0] * n
        self.sent_end = [0] * n
        for sent in doc.sents:
            a, b = sent.start, sent.end
            self.sent_start[a:b] = [a] * (b - a)
            self.sent_end[a:b] = [b] * (b - a)
        self.children: list[list[int]] = [[] for _ in range(self.n)]
        for j, h in enumerate(self.head):  # spaCy's order: lefts then rights, both ascending
            if h != j:
                self.children[h].append(j)
        self.shape = [_shape_of(t) for t in self.text]
        self._chains: dict[int, list[int]] = {}
        marks = [0]
        for t in self.text:
            marks.append(marks[-1] + (t in _QUOTE_MARKS))
        self._quote_marks = marks

    def ancestors(self, i: int) -> list[int]:
        """``i`` and its heads up to the root (at most 40)."""
        chain = self._chains.get(i)
        if chain is None:
            chain = [i]
            head = self.head
            while head[chain[-1]] != chain[-1] and len(chain) < 40:
                chain.append(head[chain[-1]])
            self._chains[i] = chain
        return chain

    def quote_marks(self, lo: int, hi: int) -> int:
        """How many quotation-mark tokens lie in [lo, hi)."""
        return self._quote_marks[hi] - self._quote_marks[lo]


_QUOTE_MARKS = frozenset(('"', "“", "”", "«", "»"))


@functools.lru_cache(maxsize=1)
def _attrs() -> list[int]:
    """The token attributes ``Tokens`` reads, as spaCy attribute ids (imported on first
    use: this module is also read where spaCy is never loaded)."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, TAG

    return [ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, IDX, IS_PUNCT, IS_SPACE]


class _Names(dict):
    """Hash (or symbol id) -> string of one StringStore, filled on first use; ``lower``
    the same, lower-cased (lemmas are compared lower-cased)."""

    def __init__(self, strings, lower: bool = False):
        super().__init__()
        self.strings = strings
        self.lowered = lower
        self.lower = None if lower else _Names(strings, True)

    def __missing__(self, key):
        value = self.strings[key]
        value = self[key] = value.lower() if self.lowered else value
        return value


_NAME_CACHES: dict[int, _Names] = {}


def _names(strings) -> _Names:
    """The string cache of one StringStore (one per loaded pipeline; the entry holds the
    store, so its id cannot be reused while the entry lives)."""
    names = _NAME_CACHES.get(id(strings))
    if names is None or names.strings is not strings:
        if len(_NAME_CACHES) > 4:
            _NAME_CACHES.clear()
        names = _NAME_CACHES[id(strings)] = _Names(strings)
    return names


def tokens_of(doc) -> Tokens:
    return doc if isinstance(doc, Tokens) else Tokens(doc)


_OPEN = {"“": "”", "«": "»", "„": "“"}


def quote_ids(doc) -> list[int]:
    """Per token, the number of the quotation it is inside (0 = none). Curly, guillemet
    and straight pairs within a paragraph; a quote left open runs to the paragraph end."""
    p = tokens_of(doc)
    text = p.doc.text
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
    n, idx = p.n, p.idx
    ids = [0] * n
    k = 0
    for q, (a, b) in enumerate(spans, 1):
        while k < n and idx[k] < a:
            k += 1
        j = k
        while j < n and idx[j] < b:
            ids[j] = q
            j += 1
    return ids


def _shape_of(t: str) -> str:
    if t.isupper() and len(t) > 1:
        return "XX"
    if t[:1].isupper():
        return "Xx"
    if t.isdigit():
        return "d"
    if t.isalpha():
        return "x"
    return "p"


# --- features ------------------------------------------------------------------------

def cue_candidate(tok, lemmas) -> bool:
    """Only tokens whose lemma was part of a cue in training are tagged (speed)."""
    if tok.is_space or (tok.is_punct and tok.text not in ("―", "—", ":")):
        return False
    return tok.lemma_.lower() in lemmas


def _candidate(p: Tokens, i: int, lemmas) -> bool:
    """``cue_candidate`` over the token table."""
    if p.space[i] or (p.punct[i] and p.text[i] not in ("―", "—", ":")):
        return False
    return p.lemma[i] in lemmas


def cue_features(doc, i: int, quotes: list[int]) -> list[str]:
    """The cue tagger's features of token ``i`` (``doc`` a spaCy Doc or its Tokens)."""
    p = tokens_of(doc)
    lemma, dep, pos = p.lemma[i], p.dep[i], p.pos[i]
    h = p.head[i]
    hl = p.lemma[h]
    s0 = p.sent_start[i]
    prev = i - 1 if i > 0 and p.sent_start[i - 1] == s0 else None
    nxt = i + 1 if i + 1 < p.n and p.sent_start[i + 1] == s0 else None
    children = p.children[i]
    deps = sorted({p.dep[c] for c in children})
    q = "q" if quotes[i] else "n"
    f = [
        "l=" + lemma, "w=" + p.lower[i], "p=" + pos, "t=" + p.tag[i], "d=" + dep,
        "s=" + p.shape[i], "q=" + q, "ld=" + lemma + "|" + dep, "lp=" + lemma + "|" + pos,
        "hl=" + hl, "hp=" + p.pos[h], "dhl=" + dep + "|" + hl,
        "lhl=" + lemma + "|" + hl, "lq=" + lemma + "|" + q,
        "pw=" + (p.lower[prev] if prev is not None else "<s>"),
        "nw=" + (p.lower[nxt] if nxt is not None else "</s>"),
        "pl_l=" + (p.lemma[prev] if prev is not None else "<s>") + "|" + lemma,
        "l_nw=" + lemma + "|" + (p.lower[nxt] if nxt is not None else "</s>"),
        "pp=" + (p.pos[prev] if prev is not None else "<s>"), "np=" + (p.pos[nxt] if nxt is not None else "</s>"),
        "hq=" + ("q" if quotes[h] else "n") + q,
    ]
    if nxt is not None:
        f.append("nl=" + p.lemma[nxt] + "|" + p.dep[nxt])
        f.append("nhl=" + p.lemma[p.head[nxt]] + "|" + str(p.head[nxt] - i))
    if prev is not None:
        f.append("phl=" + p.lemma[p.head[prev]] + "|" + str(p.head[prev] - i))
    for d in deps:
        f.append("cd=" + d)
        f.append("lcd=" + lemma + "|" + d)
    if h != i:
        f.append("hdir=" + ("L" if h < i else "R") + "|" + dep)
        f.append("hld=" + hl + "|" + lemma)
    # who or what the word's subject is: "officials said" vs "the army withdrew"
    subj = next((c for c in children if p.dep[c] in ("nsubj", "nsubjpass")), None)
    if subj is not None:
        kind = p.ent[subj] or p.pos[subj]
        f.append("sj=" + kind)
        f.append("lsj=" + lemma + "|" + kind)
        f.append("sjl=" + p.lemma[subj])
    else:
        f.append("lsj=" + lemma + "|none")
    for c in children:
        if p.dep[c] in ("ccomp", "xcomp", "dobj", "parataxis"):
            f.append("lcp=" + lemma + "|" + p.dep[c] + "|" + p.pos[c])
    return f


def between_bounds(cue: tuple[int, int], other_cues: list[tuple[int, int]]) -> tuple[float, float]:
    """Another cue lies between token j and ``cue`` exactly when j < the first bound (a
    cue ending before ``cue`` starts after j) or j >= the second (one starting after
    ``cue`` ends before j): worked out once per cue, not per token."""
    left = max((a for a, b in other_cues if b <= cue[0]), default=-math.inf)
    right = min((b for a, b in other_cues if a >= cue[1]), default=math.inf)
    return left, right


def role_features(doc, cue: tuple[int, int], head, j: int, quotes: list[int], chain_h: list,
                  other_cues: list[tuple[int, int]], pos_h: dict[int, int] | None = None,
                  bounds: tuple[float, float] | None = None) -> list[str]:
    """The role classifier's features of token ``j`` for the cue ``cue`` whose head is
    ``head`` (a token or its index; ``chain_h`` its ancestors, tokens or indices;
    ``pos_h`` their positions in the chain, built here when not given; ``bounds``
    ``between_bounds(cue, other_cues)``, likewise)."""
    p = tokens_of(doc)
    h = head if isinstance(head, int) else head.i
    if chain_h and not isinstance(chain_h[0], int):
        chain_h = [t.i for t in chain_h]
    if pos_h is None:
        pos_h = {t: k for k, t in enumerate(chain_h)}
    chain_j = p.ancestors(j)
    dep = p.dep
    up, down = None, None
    for k, t in enumerate(chain_j):
        if t in pos_h:
            up = [dep[x] for x in chain_h[: pos_h[t]]]
            down = [dep[x] for x in reversed(chain_j[:k])]
            break
    if up is None:
        up, down = ["X"], ["X"]
    u = "/".join(up[:3]) or "-"
    d1 = down[0] if down else "self"
    d2 = "/".join(down[:2]) or "self"
    side = "L" if j < cue[0] else "R"
    dist = abs(j - (cue[0] if j < cue[0] else cue[1] - 1))
    db = str(dist) if dist < 4 else ("s" if dist < 8 else ("m" if dist < 16 else "f"))
    qj, qh = quotes[j], quotes[h]
    qrel = ("same" if qj == qh else "other") if qj else ("hq" if qh else "none")
    lemma = p.lemma[h]
    left, right = bounds if bounds is not None else between_bounds(cue, other_cues)
    between = j < left or j >= right
    lo, hi = (j, cue[0]) if j < cue[0] else (cue[1], j)
    crossq = p.quote_marks(lo, hi) if lo < hi else 0
    pos = p.pos[j]
    f = [
        "u=" + u, "d1=" + d1, "d2=" + d2, "ud=" + u + ">" + d2, "u1d1=" + (up[0] if up else "-") + ">" + d1,
        "side=" + side, "sd1=" + side + "|" + d1, "db=" + side + db, "qrel=" + qrel, "sq=" + side + qrel,
        "p=" + pos, "dp=" + d1 + "|" + pos, "dep=" + dep[j], "cl=" + lemma + "|" + d1,
        "clu=" + lemma + "|" + u, "btw=" + str(between), "btws=" + str(between) + side,
        "xq=" + side + str(min(crossq, 3)), "pn=" + str(p.punct[j]) + side + d1,
        "cl2=" + lemma + "|" + side + "|" + d2,
        "w=" + p.lower[j] + "|" + side,
        "ent=" + (p.ent[j] or "-") + "|" + side + "|" + d1,
    ]
    if not down:
        f.append("anc=" + u)  # the token is an ancestor of the cue ("according to" -> main verb)
    return f


# --- decoding ------------------------------------------------------------------------

def _char(p: Tokens, t0: int, t1: int) -> tuple[int, int]:
    return p.idx[t0], p.idx[t1 - 1] + len(p.text[t1 - 1])


def find_cues(doc, model, quotes: list[int], t0: int = 0, t1: int | None = None) -> list[tuple[int, int, int, float]]:
    """(start, end, head, probability) of the cues in doc[t0:t1]; the probability is the
    tagger's B+I probability of the head word."""
    p = tokens_of(doc)
    t1 = p.n if t1 is None else t1
    cues: list[list[int]] = []
    cue_model = model["cue"]
    lemmas = model["cue_lemmas"]
    last_label = "O"
    cue_p: dict[int, float] = {}
    for i in range(t0, t1):
        if not _candidate(p, i, lemmas):
            last_label = "O"
            continue
        pr = cue_model.probs(cue_features(p, i, quotes))
        cue_p[i] = pr[1] + pr[2]
        label = CUE_CLASSES[max(range(3), key=pr.__getitem__)]
        if label == "I" and last_label == "O" and pr[2] < 0.5:
            label = "O"
        if label == "B" or (label == "I" and last_label == "O"):
            cues.append([i, i + 1])
        elif label == "I":
            cues[-1][1] = i + 1
        last_label = label
    out = []
    for a, b in cues:
        span = list(range(a, b))
        tops = [t for t in span if not (a <= p.head[t] < b) or p.head[t] == t]
        verbs = [t for t in tops if p.pos[t] in ("VERB", "AUX")] or tops or span
        out.append((a, b, verbs[0], cue_p.get(verbs[0], max(cue_p.get(k, 0.0) for k in range(a, b)))))
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
    p = tokens_of(doc)
    quotes = quote_ids(p)
    cues = find_cues(p, model, quotes, t0, t1)
    if not cues:
        return []
    role_model = model["role"]
    ranges = [(a, b) for a, b, _, _ in cues]
    # token -> (probability, cue number, role)
    claim: dict[int, tuple[float, int, str]] = {}
    for n, (a, b, h, _) in enumerate(cues):
        chain_h = p.ancestors(h)
        pos_h = {t: k for k, t in enumerate(chain_h)}
        others = [r for r in ranges if r != (a, b)]
        bounds = between_bounds((a, b), others)
        covered = {j for x, y in others for j in range(x, y)}
        for j in range(p.sent_start[h], p.sent_end[h]):
            if a <= j < b or p.space[j] or j in covered:
                continue
            pr = role_model.probs(role_features(p, (a, b), h, j, quotes, chain_h, others, pos_h, bounds))
            k = max(range(3), key=pr.__getitem__)
            if k == 0:
                continue
            if j not in claim or claim[j][0] < pr[k]:
                claim[j] = (pr[k], n, ROLE_CLASSES[k])
    found: list[Found] = []
    for n, (a, b, h, cp) in enumerate(cues):
        sources = [j for j, (_, m, r) in claim.items() if m == n and r == "S"]
        content = [j for j, (_, m, r) in claim.items() if m == n and r == "C"]
        f = Found(cue_tokens=(a, b), head=h, cue=_char(p, a, b), cue_p=cp)
        if sources:
            runs = _runs(sources)
            best = max(runs, key=lambda r: sum(claim[j][0] for j in range(*r)))
            f.source_tokens = best
            f.source = _char(p, *best)
        runs = _runs(content)
        runs = [r for r in runs if not all(p.punct[j] for j in range(*r))]
        runs = _extend_quotes(p, runs, quotes)
        f.content_tokens = runs
        f.content = [_char(p, *r) for r in runs]
        f.statement = _is_statement(p, f, quotes)
        found.append(f)
    _share_sources(p, found)
    return found


def _share_sources(p: Tokens, found: list[Found]) -> None:
    """A cue left without a source that continues another cue ("Clinton mocked the
    complaint, saying ...", "he said, adding that ...", "she denied it and asked ...")
    has that cue's source: PolNeAR annotates the sayer for both, while the role
    classifier gives each token to one cue."""
    by_head = {f.head: f for f in found}
    for f in found:
        if f.source_tokens is not None:
            continue
        t = f.head
        for _ in range(3):
            if p.dep[t] not in ("advcl", "conj", "xcomp") or p.head[t] == t:
                break
            t = p.head[t]
            g = by_head.get(t)
            if g is not None and g.source_tokens is not None:
                f.source_tokens, f.source = g.source_tokens, g.source
                break


def _is_statement(p: Tokens, f: Found, quotes: list[int]) -> bool:
    """What the cue introduces is said, not done: a clause hanging from the cue ("ruled
    that ...", "continued: ...") or words in quotation marks ("called them 'deplorables'"),
    as against a bare object ("withdrew its warships")."""
    inside = {j for a, b in f.content_tokens for j in range(a, b)}
    if any(quotes[j] and not p.punct[j] for j in inside):
        return True
    for c in p.children[f.head]:
        if c in inside and (p.dep[c] in ("ccomp", "parataxis", "csubj") or (p.dep[c] == "xcomp" and p.pos[c] in ("VERB", "AUX"))):
            return True
    return False


def _extend_quotes(doc, runs: list[tuple[int, int]], quotes: list[int]) -> list[tuple[int, int]]:
    """A content ending (starting) at its sentence's edge inside an open quotation runs on
    to the quotation's end (start): multi-sentence quotes."""
    if not runs:
        return runs
    p = tokens_of(doc)
    out = list(runs)
    a, b = out[-1]
    last = b - 1
    sent_end = p.sent_end[last]
    q = quotes[last] or (quotes[last + 1] if last + 1 < p.n else 0)
    if q and all(p.punct[k] or p.space[k] for k in range(b, sent_end)):
        k = b
        while k < p.n and quotes[k] == q and p.text[k] != "\n":
            k += 1
        out[-1] = (a, max(b, k))
    a, b = out[0]
    sent_start = p.sent_start[a]
    q = quotes[a]
    if q and all(p.punct[k] or p.space[k] for k in range(sent_start, a)):
        k = a
        while k > 0 and quotes[k - 1] == q:
            k -= 1
        out[0] = (min(a, k), out[0][1])
    return out
