"""Per-document analysis: sentences, entities, places, times, claims, events.

``analyze_document`` is a plain function of one Document, so it runs the same in a loop,
a process pool or a Ray task. A failure is recorded on that document's analysis and
never stops the others."""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from ..model import Document, DocumentAnalysis, Entity, Place

log = logging.getLogger(__name__)

# Languages the English spaCy model can analyse (ingest.SUPPORTED_LANGUAGES are the ones
# language detection can tell apart; any other document gets sentences and dates only).
ANALYZED_LANGUAGES = {"en"}


Section = Callable[[int, DocumentAnalysis], None]


def is_long(document: Document) -> bool:
    """Analysed section by section (and, given somewhere to put them, stored so)."""
    from . import nlp

    return len(document.text) > nlp.MAX_CHARS_PER_CHUNK


def analyze_document(document: Document, doc=None, home=None, emit: Section | None = None) -> DocumentAnalysis:
    """Run every per-document step; catch and record a failure instead of raising.
    ``doc`` may pass the spaCy parse of ``document.text`` made in a batch; ``home`` the
    outlet's home state (``places.Home``, from its other stories: ``analyze_documents``). For a long
    document, ``emit(n, section)`` (when given) receives each section after the first as
    it is analysed (offsets, sentence numbers and ids already those of the whole
    document) and the result keeps only the first section, the whole document's
    entities and places and the count of sections emitted: what is held then does not
    grow with the document. Without ``emit`` the sections are joined into one result.

    Each step (times, entities, places, claims, events) fails alone: its result is left
    empty, a warning names the step, the document and the text near the failure, and
    the other steps keep theirs. Only a failure to parse at all (no sentences) sets
    ``error``; even then the dates, which need no parse, are kept."""
    try:
        return _analyze(document, doc, home, emit)
    except Exception as exc:  # one bad document must not stop a batch
        log.warning("analysis of %s failed: %s", document.path, exc)
        result = DocumentAnalysis(document.id, error=f"{type(exc).__name__}: {exc}")
        _step(result, document, "times", lambda: setattr(
            result, "times", _times().find_times(document.text, document.published)))
        return result


def _times():
    from . import times

    return times


def _step(result: DocumentAnalysis, document: Document, name: str, run: Callable[[], None]) -> bool:
    """Run one analysis step; on failure keep going with a warning that names the step,
    the document and (for a step that reads text) the start of the text."""
    try:
        run()
        return True
    except Exception as exc:  # noqa: BLE001 - any failure of one step is reported, not raised
        snippet = " ".join(document.text[:80].split())
        where = document.path or document.title or document.id
        message = f"step '{name}' failed on {where} ({snippet!r}...): {type(exc).__name__}: {exc}"
        log.warning("%s", message)
        result.warnings.append(message)
        return False


def _analyze(document: Document, doc=None, home=None, emit: Section | None = None) -> DocumentAnalysis:
    from . import nlp

    if doc is None and is_long(document):
        return _analyze_sections(document, home, emit)
    return _analyze_parsed(document, doc if doc is not None else nlp.parse(document.text), home)


class _Counts:
    """Sentences, claims and events of a long document's earlier sections: where the
    next section's numbering starts."""

    __slots__ = ("sentences", "claims", "events")

    def __init__(self) -> None:
        self.sentences = self.claims = self.events = 0


def _analyze_sections(document: Document, home=None, emit: Section | None = None) -> DocumentAnalysis:
    """A long text analysed section by section (each at most SECTION_CHARS, cut at line
    breaks), one spaCy parse alive at a time, with offsets into the whole text. Joined
    into one result without ``emit``; with it, each section after the first is handed
    to ``emit`` and dropped, so peak memory depends on the section size, not on the
    length of the document. Entities and places found in several sections are merged
    by key (mentions added up) and kept with the first section; what spans a section
    boundary is not linked."""
    import dataclasses
    import gc

    from . import nlp

    result = DocumentAnalysis(document.id)
    entities: dict[str, Entity] = {}
    places: dict[str, Place] = {}
    counts = _Counts()
    offset = 0
    budget = memory_budget_mb()
    start = _rss_mb()
    for n, piece in enumerate(nlp.sections(document.text)):
        part = _analyze_parsed(dataclasses.replace(document, text=piece), nlp.parse(piece), home)
        target = result if emit is None or n == 0 else DocumentAnalysis(document.id)
        _append(target, part, offset, entities, places, counts, result)
        offset += len(piece)
        del part
        if target is not result:
            emit(n, target)
            result.sections = n
        del target
        gc.collect()
        grown = _rss_mb() - start
        if budget and grown > budget and offset < len(document.text):
            return DocumentAnalysis(document.id, error=(
                f"too long to analyse within the memory limit: its analysis grew by {grown:.0f} MB "
                f"(limit {budget} MB, ${MEMORY_ENV}) after {offset:,} of {len(document.text):,} characters; "
                "split it into smaller documents or raise the limit, then newsfuse analyze --retry-failed"))
    result.entities = list(entities.values())
    result.places = list(places.values())
    return result


MEMORY_ENV = "NEWSFUSE_ANALYSIS_MEMORY_MB"


def memory_budget_mb() -> int:
    """How much the analysis of one long document may add to its process's memory
    (``$NEWSFUSE_ANALYSIS_MEMORY_MB``, default 700 MB: with the models loaded, about
    1 GB in all; 0 = no limit). A document that needs more is stored as failed with the
    reason, not retried silently, instead of taking the process (or the web server)
    down."""
    try:
        return max(0, int(os.environ.get(MEMORY_ENV, "700")))
    except ValueError:
        return 700


def _rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; 0 where it is not available,
    which turns the limit off)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _append(result: DocumentAnalysis, part: DocumentAnalysis, offset: int,
            entities: dict[str, Entity], places: dict[str, Place], counts: _Counts,
            head: DocumentAnalysis) -> None:
    """Add one section's analysis to ``result`` (the whole document's, or a section of
    its own), shifting character offsets by ``offset`` and sentence indices by the
    sentences before it (``counts``); claim and event ids are numbered in document order
    (events keep pointing at their claims). Entities and places go to ``entities`` and
    ``places``, warnings and the first error to ``head``."""
    import dataclasses

    shift = counts.sentences
    counts.sentences += len(part.sentences)
    result.sentences += [dataclasses.replace(s, index=s.index + shift, start=s.start + offset, end=s.end + offset)
                         for s in part.sentences]
    result.mentions += [dataclasses.replace(m, start=m.start + offset, end=m.end + offset, sentence=m.sentence + shift)
                        for m in part.mentions]
    result.times += [dataclasses.replace(t, start=t.start + offset, end=t.end + offset, sentence=t.sentence + shift)
                     for t in part.times]
    renamed: dict[str, str] = {}
    for c in part.claims:
        renamed[c.id] = f"{result.document}:c{counts.claims}"
        counts.claims += 1
        claim = dataclasses.replace(c, id=renamed[c.id], sentence=c.sentence + shift,
                                    start=c.start + offset, end=c.end + offset)
        _share_strings(claim, part.sentences[c.sentence].text if 0 <= c.sentence < len(part.sentences) else None)
        result.claims.append(claim)
    for m in result.mentions[len(result.mentions) - len(part.mentions):]:
        m.label, m.entity = _intern(m.label), _intern(m.entity)
    for e in part.events:
        result.events.append(dataclasses.replace(e, id=f"{result.document}:e{counts.events}",
                                                 claims=[renamed.get(c, c) for c in e.claims]))
        counts.events += 1
    for ent in part.entities:
        _absorb(entities, ent)
    for pl in part.places:
        seen = _absorb(places, pl)
        if pl.role == "event":
            seen.role = "event"
    head.warnings += [w for w in part.warnings if w not in head.warnings]
    if part.error and not head.error:
        head.error = part.error


def _absorb(known: dict, item):
    """One section's entity or place joined to the document's one of the same key
    (mentions summed, new spellings kept as aliases); the document's one is returned."""
    seen = known.get(item.key)
    if seen is None:
        known[item.key] = item
        return item
    seen.mentions += item.mentions
    seen.aliases += [a for a in item.aliases if a not in seen.aliases and a != seen.name]
    return seen


def _intern(value: str | None) -> str | None:
    return sys.intern(value) if type(value) is str else value


def _share_strings(claim, sentence_text: str | None) -> None:
    """What a long document's analysis holds by the ten thousand is the same few strings
    again (lemmas, frames, entity keys, labels) and a claim's text equal to its
    sentence's: one object each (a third less memory per section, measured)."""
    if sentence_text is not None and claim.text == sentence_text:
        claim.text = sentence_text
    claim.entities = [_intern(k) for k in claim.entities]
    claim.places = [_intern(k) for k in claim.places]
    claim.attribution_entity = _intern(claim.attribution_entity)
    for p in claim.propositions:
        if p.text == claim.text:
            p.text = claim.text
        p.content = [_intern(w) for w in p.content]
        p.frames = [_intern(f) for f in p.frames]
        p.frame, p.lemma, p.patient = _intern(p.frame), _intern(p.lemma), _intern(p.patient)
        p.agent_key, p.patient_key = _intern(p.agent_key), _intern(p.patient_key)
        p.places = [_intern(k) for k in p.places]


def _analyze_parsed(document: Document, doc, home=None) -> DocumentAnalysis:
    """Every per-document step over one spaCy parse of ``document.text``."""
    from . import claims, entities, events, nlp, places, propositions, times

    text = document.text
    sentences = nlp.split_sentences(text, doc)
    result = DocumentAnalysis(document.id, sentences=sentences)
    _step(result, document, "times", lambda: setattr(
        result, "times", times.find_times(text, document.published, sentences, doc)))
    if document.language and document.language not in ANALYZED_LANGUAGES:
        result.warnings.append(
            f"language '{document.language}' is not covered by the English model: "
            "only sentences and dates were analysed"
        )
        return result
    found: dict[str, list] = {"mentions": [], "place_mentions": []}

    def run_entities():
        found["mentions"], result.entities = entities.extract_entities(text, doc, sentences)

    def run_places():
        found["place_mentions"], result.places = places.find_places(text, sentences, doc, home=home)

    def run_claims():
        result.claims = claims.extract_claims(
            document, doc, sentences, found["mentions"], result.entities, found["place_mentions"],
            result.places, result.times,
        )

    def run_propositions():
        propositions.attach_propositions(doc, result.claims, result.mentions, result.places, result.times)

    def run_events():
        result.events = events.extract_events(
            document, result.claims, sentences, doc, result.entities, result.places, result.times
        )

    _step(result, document, "entities", run_entities)
    _step(result, document, "places", run_places)
    result.mentions = found["mentions"] + found["place_mentions"]
    _step(result, document, "claims", run_claims)
    _step(result, document, "propositions", run_propositions)
    _step(result, document, "events", run_events)
    return result


def analysis_pool(workers: int):
    """A process pool for ``analyze_documents`` that lives as long as the ``with`` block,
    so a run of many batches starts its workers (and loads the models in them) once, not
    once per batch. ``None`` (no pool) for one worker."""
    import contextlib

    workers = min(workers, os.cpu_count() or 1)
    if workers <= 1:
        return contextlib.nullcontext(None)
    return _new_pool(workers)


_WARM_TEXT = ("Police said a 34-year-old man was shot on Main Street in Springfield, Illinois, on "
              "Tuesday night, according to a statement. \"He was taken to hospital,\" the mayor told "
              "reporters.\nTwo people were arrested.")


def warm() -> None:
    """Load, in this process, everything the analysis loads on first use (the spaCy
    pipeline, the attribution model, the gazetteers, the rule tables) by analysing one
    short text. Called before forking the analysis pool: each worker then starts with
    them already in memory (shared, copy-on-write) instead of loading them again, which
    cost every worker about 3 s of CPU (spaCy's import and load 1.6 s, the attribution
    model 0.9 s) before its first document."""
    analyze_document(Document(id="warm-up", path="warm-up", text=_WARM_TEXT, title="Man shot", language="en"))


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one after ``warm`` where the platform forks
    (Linux); elsewhere the default start method, each worker loading what it needs."""
    import gc
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return ProcessPoolExecutor(max_workers=workers)
    warm()
    gc.collect()
    gc.freeze()  # the workers' collector never touches what is loaded now: their copies stay shared
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        pool.submit(int).result()  # a forking pool starts all its workers at the first task: now
    finally:
        gc.unfreeze()  # this process (a long `watch`, the web app) keeps collecting as before
    return pool


def analyze_documents(
    documents: Iterable[Document], workers: int = 1, progress: Callable[[int], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> list[DocumentAnalysis]:
    """Analyse many documents, in this process or a pool of ``workers`` processes (the
    given ``pool``, else one started for this call)."""
    docs = list(documents)
    if pool is None and workers > 1 and len(docs) >= 4:
        with _new_pool(min(workers, os.cpu_count() or 1)) as own:
            return submit_documents(docs, own, progress)()
    return submit_documents(docs, pool, progress)()


def submit_documents(docs: list[Document], pool: ProcessPoolExecutor | None = None,
                     progress: Callable[[int], None] | None = None) -> Callable[[], list[DocumentAnalysis]]:
    """Start analysing ``docs`` in ``pool`` and return at once a function that waits for
    their analyses (in the order of ``docs``): a caller can hand the pool the next batch
    before storing this one, so the workers never wait for the store or for the slowest
    task of a batch. Without a pool (or for fewer than four documents) the analysis runs
    here, when the returned function is called."""
    if pool is None or len(docs) < 4:
        def here() -> list[DocumentAnalysis]:
            results: list[DocumentAnalysis] = []
            parsed_all = _parse_batch(docs)
            for d, parsed, home in zip(docs, parsed_all, _outlet_homes(docs, parsed_all)):
                results.append(analyze_document(d, parsed, home))
                if progress:
                    progress(1)
            return results
        return here
    workers = pool._max_workers
    size = max(1, min(32, -(-len(docs) // (workers * 2))))  # two tasks per worker: balanced, and batches for nlp.pipe
    # An outlet's stories go to one batch where they can (its other stories tell its home).
    order = sorted(range(len(docs)), key=lambda i: (docs[i].outlet or "", i))
    batches = [[docs[i] for i in order[k : k + size]] for k in range(0, len(docs), size)]
    futures = [pool.submit(_analyze_batch, batch) for batch in batches]

    def collect() -> list[DocumentAnalysis]:
        done: list[DocumentAnalysis] = []
        for future in futures:
            batch = future.result()
            done.extend(batch)
            if progress:
                progress(len(batch))
        results = [None] * len(docs)  # type: ignore[list-item]
        for i, a in zip(order, done):
            results[i] = a
        return results
    return collect


def _analyze_batch(docs: list[Document]) -> list[DocumentAnalysis]:
    parsed_all = _parse_batch(docs)
    return [analyze_document(d, parsed, home)
            for d, parsed, home in zip(docs, parsed_all, _outlet_homes(docs, parsed_all))]


def _outlet_homes(docs: list[Document], parsed: list) -> list:
    """Each document's outlet home (``places.outlet_homes``) from the batch's other
    stories of the same outlet; None for all when that fails (it must never cost a
    document its analysis)."""
    from . import places

    counts: dict[str, int] = {}
    for d in docs:
        if d.outlet:
            counts[d.outlet] = counts.get(d.outlet, 0) + 1
    if not any(n > places.HOME_MIN_STORIES for n in counts.values()):
        return [None] * len(docs)
    try:
        spans = [places.collect_spans(d.text, p) if p is not None and d.outlet
                 and counts[d.outlet] > places.HOME_MIN_STORIES else None for d, p in zip(docs, parsed)]
        return places.outlet_homes([d.outlet for d in docs], spans)
    except Exception as exc:  # noqa: BLE001 - a hint, never a failure
        log.warning("outlet homes not computed: %s", exc)
        return [None] * len(docs)


def _parse_batch(docs: list[Document]):
    """spaCy parses of the documents, batched with ``nlp.pipe`` (much faster than one
    call each); None for long texts (parsed in chunks later) or when the batch fails."""
    from . import nlp

    short = [i for i, d in enumerate(docs) if len(d.text) <= nlp.MAX_CHARS_PER_CHUNK]
    parsed: list = [None] * len(docs)
    try:
        for i, doc in zip(short, nlp.load_nlp().pipe((docs[i].text for i in short), batch_size=32)):
            parsed[i] = doc
    except Exception as exc:  # fall back to parsing each document on its own
        log.warning("batch parse failed (%s); parsing documents one by one", exc)
        return [None] * len(docs)
    return parsed


def story_text(document: Document, analysis: DocumentAnalysis, sentences: int = 4) -> str:
    """Title plus the lead sentences: what story clustering embeds."""
    lead = " ".join(s.text for s in analysis.sentences[:sentences]) or document.text[:1000]
    return f"{document.title}. {lead}" if document.title else lead
