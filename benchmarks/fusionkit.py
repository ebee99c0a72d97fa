"""Shared helpers for the fusion benchmarks (bench_gva, bench_contradictions, bench_picture).

Why a kit: the three benchmarks read the same thing, the JSON report newsfuse ships
(``newsfuse.report.json.story_dict``), and must work with both shapes of it:

- the event-centred picture: facts are aspects of story events (``aspect`` "killed",
  ``values[]`` with ``low``/``high``), contradictions are issues with ``sides``;
- the older picture: facts are aligned claims (no aspect, no values) and contradictions
  are pairwise; there the kit falls back to reading counts out of fact statements.

Per-document analysis is the slow step, so analyses (and story embeddings) are cached on
disk, keyed by the document and a hash of the code and data analysis depends on: a change
to ``analyze/`` invalidates the cache by itself.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"
CACHE = Path(os.environ.get("NEWSFUSE_BENCH_CACHE", Path(tempfile.gettempdir()) / "newsfuse-bench-cache"))

if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from newsfuse.model import Document, DocumentAnalysis, Story  # noqa: E402


# -- analysis cache --------------------------------------------------------------------
def _code_hash(everything: bool = False) -> str:
    """Hash of the sources and data the per-document analysis reads (or, with
    ``everything``, of the whole package: what a pipeline run's result depends on)."""
    h = hashlib.sha1()
    base = ROOT / "src" / "newsfuse"
    files = sorted(base.rglob("*")) if everything else sorted(
        [*base.joinpath("analyze").rglob("*"), *base.joinpath("data").rglob("*"), base / "model.py"])
    for f in files:
        if not everything and f.name in FUSION_TABLES:
            continue  # read by fusion only: refitting the event pair weights keeps the analyses
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(base)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


_CODE = None
FUSION_TABLES = {"event_coref.json", "event_lemmas.tsv.gz", "labels.yaml", "sayer_nouns.tsv.gz", "source_titles.yaml"}


def _doc_key(d: Document) -> str:
    global _CODE
    _CODE = _CODE or _code_hash()
    h = hashlib.sha1(f"{_CODE}|{d.id}|{d.title}|{d.published}|{d.outlet}|{d.url}|".encode())
    h.update(d.text.encode())
    return h.hexdigest()


def analyse(docs: list[Document], cache: Path = CACHE, progress: bool = True) -> dict[str, tuple[DocumentAnalysis, Any]]:
    """{doc id: (analysis, story embedding)}, analysing only what the cache lacks."""
    from newsfuse.analyze import analyze_documents, story_text
    from newsfuse.analyze.embed import embed

    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[DocumentAnalysis, Any]] = {}
    missing = []
    for d in docs:
        path = cache / (_doc_key(d) + ".pkl")
        if path.exists():
            try:
                out[d.id] = pickle.loads(path.read_bytes())
                continue
            except Exception:
                pass
        missing.append(d)
    for start in range(0, len(missing), 32):
        batch = missing[start:start + 32]
        analyses = analyze_documents(batch)
        vectors = embed([story_text(d, a) for d, a in zip(batch, analyses)])
        for d, a, v in zip(batch, analyses, vectors):
            out[d.id] = (a, v)
            (cache / (_doc_key(d) + ".pkl")).write_bytes(pickle.dumps((a, v)))
        if progress:
            print(f"  analysed {start + len(batch)}/{len(missing)}", file=sys.stderr, flush=True)
    return out


# -- reading and running -----------------------------------------------------------------
def read_documents(sources: Iterable[str | Path]) -> list[Document]:
    """Documents as ingest reads them, copies linked to their originals (``copy_of``)."""
    from newsfuse.pipeline import ingest
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "read.db")
        summary = ingest([str(s) for s in sources], store)
        docs = {d.id: d for d in store.documents()}
        store.close()
    return [docs[i] for i in dict.fromkeys(summary.document_ids) if i in docs]


def run_pipeline(sources: Iterable[str | Path], cache: Path = CACHE) -> tuple[dict, list[Document]]:
    """The shipped path on ``sources`` in a fresh store (ingest, analyse with the cache,
    incremental clustering, fusion), returned as the JSON report dict and the documents."""
    from newsfuse import pipeline
    from newsfuse.report.json import render_json
    from newsfuse.store import Store

    # The saved report is keyed on the package's files: a run that patches code in memory
    # (a variant of a rule) must clear run-*.pkl from the cache or it reads the plain run's.
    sources = [str(s) for s in sources]
    embedded = pipeline.story_embedding()  # as the shipped path: story embeddings only when enabled
    key = hashlib.sha1((_code_hash(everything=True) + f"|emb={embedded}|" + "|".join(sources)).encode()).hexdigest()
    saved = cache / f"run-{key}.pkl"
    if saved.exists():  # the same code on the same inputs: the report is the same
        return pickle.loads(saved.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        summary = pipeline.ingest([str(s) for s in sources], store)
        docs = store.documents(store.unanalyzed())
        done = analyse(docs, cache)
        store.save_analyses([done[d.id][0] for d in docs], {d.id: done[d.id][1] for d in docs} if embedded else {})
        changed = pipeline.cluster_pending(store)
        pipeline.fuse_stories(store, changed)
        report = json.loads(render_json(pipeline.build_report(store), indent=None))
        all_docs = store.documents()
        store.close()
    del summary
    saved.write_bytes(pickle.dumps((report, all_docs)))
    return report, all_docs


def fuse_group(docs: list[Document], cache: Path = CACHE, story_id: str = "s-bench") -> dict:
    """Fuse ``docs`` as one story (the gold grouping, no clustering): the story's JSON dict."""
    from newsfuse.fuse import fuse_story
    from newsfuse.report.json import story_dict

    done = analyse(docs, cache, progress=False)
    dates = sorted(d.published for d in docs if d.published)
    story = Story(story_id, docs[0].title or story_id, [d.id for d in docs],
                  dates[0] if dates else None, dates[-1] if dates else None)
    picture = fuse_story(story, {d.id: d for d in docs}, {d.id: done[d.id][0] for d in docs})
    return json.loads(json.dumps(story_dict(picture), default=str))


def changed_copy(doc: Document, text: str) -> Document:
    """``doc`` with a new body (same id, outlet, date and copy link, so nothing but the
    text differs for fusion)."""
    return dataclasses.replace(doc, text=text)


# -- reading the picture in either shape ---------------------------------------------------
def event_centred(story: dict) -> bool:
    """True when the story carries the event-centred picture (aspects with values)."""
    return bool(story.get("story_events")) or any(f.get("values") for f in story.get("facts", []))


def doc_of(claim_id: str) -> str:
    return claim_id.rsplit(":", 1)[0]


WORD_NUMBERS = {
    "no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "a dozen": 12, "dozen": 12, "both": 2, "a pair of": 2, "a couple of": 2,
}
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+|a dozen|a pair of|a couple of|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
QUAL = r"(?:at least|more than|as many as|up to|nearly|about|some|over|fewer than|less than|around|roughly)"
PERSON = r"(?:man|woman|boy|girl|teen|teenager|person|victim|child|toddler|infant|baby|officer|deputy|student|driver|father|mother|son|daughter|resident)"
ROLE_WORDS = {
    "killed": r"(?:killed|dead|died|slain|fatally (?:shot|wounded|injured)|shot (?:and killed|dead|to death)|murdered|deaths?|fatalit(?:y|ies)|homicides?)",
    "injured": r"(?:injured|wounded|hurt|hospitali[sz]ed|injuries|shot and (?:injured|wounded)|(?:suffered|sustained) (?:non-life-threatening|gunshot|minor|serious|critical) (?:injuries|wounds))",
}
_VERB_FIRST = {"killed": r"(?:killing|leaving|that killed|which killed|left)", "injured": r"(?:injuring|wounding|that (?:injured|wounded|hurt)|which (?:injured|wounded|hurt))"}
_COUNT_RE = {
    role: [
        # "two people were killed", "one man dead", "three others wounded"
        re.compile(rf"\b(?P<q>{QUAL}\s+)?(?P<n>{NUM})\b(?:\s+(?!(?:{NUM}|and|or|but|who|dead|killed)\b)[\w'-]+){{0,3}}?\s+"
                   rf"(?:(?:were|was|are|is|have been|has been|had been|got|people|others?)\s+){{0,2}}(?:{words})\b", re.I),
        # "killing two", "leaving one dead", "wounding three"
        re.compile(rf"\b{_VERB_FIRST[role]}\s+(?P<q>{QUAL}\s+)?(?P<n>{NUM})\b(?=\s+(?:people|others|{PERSON}s?|men|women|children|dead)\b|\s*[,.;]|\s+and\b)", re.I),
        # "A 7-year-old boy was shot and killed", "a man was pronounced dead"
        re.compile(rf"\b(?P<q>)(?P<n>a|an)\s+(?:[\w'-]+\s+){{0,2}}?{PERSON}\s+(?:(?:was|is|has been|had been|later|"
                   rf"then)\s+){{0,2}}(?:{words}{'|pronounced dead' if role == 'killed' else ''})\b", re.I),
    ]
    for role, words in ROLE_WORDS.items()
}


def number_value(token: str) -> float | None:
    token = token.lower().strip()
    if token.isdigit():
        return float(token)
    return float(WORD_NUMBERS[token]) if token in WORD_NUMBERS else None


def interval(qualifier: str | None, n: float) -> tuple[float, float | None]:
    """The values "at least 5" (5..inf), "up to 5" (0..5), "about 5" (4..6) stand for."""
    q = (qualifier or "").strip().lower()
    if q in ("at least", "more than", "over", "some"):
        return (n + (1 if q in ("more than", "over") else 0), None)
    if q in ("up to", "as many as", "fewer than", "less than"):
        return (0, n - (1 if q in ("fewer than", "less than") else 0))
    if q in ("nearly", "about", "around", "roughly"):
        return (max(0, n - max(1, round(0.1 * n))), n + max(1, round(0.1 * n)))
    return (n, n)


class CountRead(NamedTuple):
    text: str  # the matched phrase
    low: float
    high: float | None
    span: tuple[int, int]  # of the number itself, for edits
    qualifier: str  # "at least", "" ...
    number: str  # the number as written
    match: tuple[int, int] = (0, 0)  # span of the whole phrase


def read_counts(text: str, role: str) -> list[CountRead]:
    """Casualty counts of ``role`` a text states by a plain pattern. The fallback reader
    for the older picture, the baseline's reader, and where edits are made; not newsfuse's."""
    out = []
    seen: set[int] = set()
    for rx in _COUNT_RE[role]:
        for m in rx.finditer(text):
            n = number_value(m.group("n").replace(",", ""))
            if n is None or m.start("n") in seen:
                continue
            seen.add(m.start("n"))
            low, high = interval(m.group("q"), n)
            out.append(CountRead(m.group(0), low, high, m.span("n"), (m.group("q") or "").strip().lower(), m.group("n"),
                                 m.span()))
    return sorted(out, key=lambda c: c.span)


def casualty_facts(story: dict, role: str) -> list[dict]:
    """The facts that state how many were ``role`` (killed/injured): each as
    {fact, value, low, high, independent_sources, documents, claims}."""
    out = []
    for f in story.get("facts", []):
        if event_centred(story):
            if f.get("aspect") != role:
                continue
            lead = next((v for v in f.get("values", []) if v.get("text") == f.get("value")), None)
            lead = lead or (f.get("values") or [{}])[0]
            low, high = lead.get("low"), lead.get("high")
            if low is None:
                counts = read_counts(f.get("value") or f.get("statement", ""), role)
                if counts:
                    low, high = counts[0].low, counts[0].high
            out.append({"fact": f, "value": f.get("value"), "low": low, "high": high,
                        "independent_sources": lead.get("independent_sources", f.get("independent_sources")),
                        "documents": lead.get("documents", f.get("documents", [])),
                        "claims": lead.get("claims", f.get("claims", []))})
        else:
            counts = read_counts(f.get("statement", ""), role)
            if counts:
                out.append({"fact": f, "value": counts[0].text, "low": counts[0].low, "high": counts[0].high,
                            "independent_sources": f.get("independent_sources"),
                            "documents": f.get("documents", []), "claims": f.get("claims", [])})
    return out


def holds(low: float | None, high: float | None, gold: float | None) -> bool:
    return low is not None and gold is not None and low <= gold and (high is None or gold <= high)


KIND_ASPECT = {"number": "count", "date": "date", "place": "place", "actor": "agent", "manner": "manner",
               "attributed-dispute": "agent", "negation": "occurrence", "status": "occurrence"}
COUNT_ROLES = {"killed", "injured", "missing", "arrested", "rescued", "displaced", "dead", "wounded",
               "evacuated", "count", "amount", "people"}


def contradiction_aspect(c: dict, story: dict | None = None) -> str:
    """The aspect a contradiction is about: its own ``aspect`` in the event-centred
    picture, else read from its kind ("number" -> "count" ...)."""
    if c.get("aspect"):
        a = c["aspect"].split(" in ")[0]  # "killed in turkey": the killed, of a part of the whole
        return "count" if a in COUNT_ROLES or a.startswith("count") else a
    return KIND_ASPECT.get(c.get("kind", ""), c.get("kind", "other"))


def contradiction_documents(c: dict) -> set[str]:
    docs = {doc_of(x) for x in c.get("claims", [])}
    for s in c.get("sides", []) or []:
        docs.update(s.get("documents", []))
    return docs


def claim_texts(story: dict) -> dict[str, str]:
    return {c["id"]: c["text"] for c in story.get("claims", [])}


def describe_contradiction(c: dict, story: dict, width: int = 160) -> str:
    """One line for an error list: kind/aspect, explanation, and the claims' texts."""
    texts = claim_texts(story)
    parts = [f"[{c.get('kind')}/{c.get('aspect') or '-'}] {c.get('explanation', '')[:width]}"]
    for cid in c.get("claims", [])[:3]:
        parts.append(f"    - {texts.get(cid, cid)[:width]}")
    return "\n".join(parts)


def stable_half(key: str) -> str:
    """"even" (tuning) or "odd" (held-out) by a stable hash of ``key``."""
    return "even" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "odd"


def fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def prf(tp: int, stated: int, expected: int) -> tuple[float | None, float | None, float | None]:
    p = tp / stated if stated else None
    r = tp / expected if expected else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def most_common(xs: Iterable) -> Any:
    c = Counter(x for x in xs if x is not None)
    return c.most_common(1)[0][0] if c else None
