"""The whole flow as library calls: ingest -> analyze -> cluster -> fuse -> report.

Every CLI command and web endpoint calls these; each step reads and writes the Store,
so a run can stop anywhere and the next one continues where it left off."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .analyze import analysis_pool, analyze_document, analyze_documents, is_long, story_text, submit_documents
from .errors import InputError
from .model import Document, DocumentAnalysis, Report, Story
from .settings import IngestSettings
from .store import Store

Progress = Callable[[str, int | None], Callable[[int], None]]


_KILL_ENV = "NEWSFUSE_TEST_KILL_AT"
_reached: dict[str, int] = {}


def checkpoint(point: str) -> None:
    """A point where a run may crash, for the crash-recovery test only: with
    ``NEWSFUSE_TEST_KILL_AT=point[:n]`` the process kills itself (SIGKILL, no clean-up)
    the n-th time (default the first) it reaches ``point``. Points: ``ingest-flush``
    (a batch of documents committed), ``analysis-batch`` (a batch of analyses committed),
    ``after-cluster`` (memberships committed), ``fuse-batch`` (a batch of pictures
    committed)."""
    spec = os.environ.get(_KILL_ENV)
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name == point:
        _reached[point] = _reached.get(point, 0) + 1
        if _reached[point] == int(nth or 1):
            _crash()


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _no_progress(label: str, total: int | None) -> Callable[[int], None]:
    return lambda n: None


@dataclass
class RunSummary:
    """What a run did, and what failed and why (for the closing summary and exit code)."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    copies: int = 0
    analyzed: int = 0
    document_ids: list[str] = field(default_factory=list)  # every document read, new or not
    added_ids: list[str] = field(default_factory=list)  # the documents this run stored
    digests: list = field(default_factory=list)  # digest.StoryDigest per story fused again
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def ingest(
    sources: Iterable[str], store: Store, settings: IngestSettings | None = None,
    progress: Progress = _no_progress, summary: RunSummary | None = None, batch_size: int = 200,
    display_names: dict[str, str] | None = None,
) -> RunSummary:
    """Read every source, link copies to their originals, store new documents in batches
    (one transaction each, and one at the end of each source). Bad inputs are recorded,
    never fatal: any exception while taking one item is a failure naming it. ``display_names`` maps
    a source path to the name its documents keep (uploads read from temporary files)."""
    from .ingest import DuplicateIndex, read_sources

    settings = settings or IngestSettings()
    summary = summary or RunSummary()
    _index_stored_duplicates(store, settings)
    index = DuplicateIndex(settings, stored=store)  # asks the store; loads nothing up front
    tick = progress("reading", None)
    batch: list[Document] = []
    signatures: dict[str, bytes] = {}
    keys: dict[str, list[int]] = {}

    def flush() -> None:
        added = store.add_documents(batch, signatures, keys)
        summary.added += len(added)
        summary.added_ids.extend(d.id for d in added)
        summary.already_stored += len(batch) - len(added)
        batch.clear()
        signatures.clear()
        keys.clear()

    seen: set[str] = set()
    try:
        for source in sources:
            for item in read_sources([source], settings):
                tick(1)
                try:
                    _take(item, store, index, summary, display_names, seen, batch, signatures, keys)
                except Exception as exc:  # noqa: BLE001 - one item must never end the batch
                    where = _display(getattr(item, "path", None) or getattr(item, "source", source), display_names)
                    summary.failures.append((where, f"could not be stored: {type(exc).__name__}: {exc}"[:300]))
                if len(batch) >= batch_size:
                    flush()
                    checkpoint("ingest-flush")
            if batch:  # each source given is committed once read: a crash keeps what was read
                flush()
                checkpoint("ingest-flush")
    finally:  # whatever stops the loop, documents already read are stored, never dropped
        if batch:
            flush()
        store.record_failures(summary.failures)
    return summary


def _take(item: Document | InputError, store: Store, index, summary: RunSummary,
          display_names: dict[str, str] | None, seen: set[str], batch: list[Document],
          signatures: dict[str, bytes], keys: dict[str, list[int]]) -> None:
    """Record one item read: a failure, a warning, a document already stored, or a new
    document added to ``batch`` (linked to its original when it is a copy)."""
    from .errors import SkippedInput
    from .ingest.documents import renamed

    if isinstance(item, InputError):
        where = _display(item.source, display_names)
        entry = (where, item.problem + (f" ({item.hint})" if item.hint else ""))
        (summary.warnings if isinstance(item, SkippedInput) else summary.failures).append(entry)
        return
    shown = _display(item.path, display_names)
    if shown != item.path:
        item = renamed(item, shown)
    summary.read += 1
    summary.document_ids.append(item.id)
    summary.warnings.extend((item.path, w) for w in item.warnings)
    if item.id in seen or store.has_document(item.id):
        summary.already_stored += 1
        return
    seen.add(item.id)
    if index.add(item):
        summary.copies += 1
    signatures[item.id] = index.signature(item)
    keys[item.id] = index.keys(item)
    batch.append(item)


def _index_stored_duplicates(store: Store, settings: IngestSettings) -> None:
    """Give documents stored before the near-duplicate key rows existed (or under another
    threshold) their keys: once per store and threshold, not on every ingest."""
    from .ingest.dedup import signature_keys

    marker = f"dedup_keys:{settings.near_duplicate_threshold}"
    if store.get_meta("dedup_keys") == marker:
        return
    store.replace_duplicate_keys(
        (doc_id, signature_keys(doc_id, signature, settings.near_duplicate_threshold))
        for doc_id, signature, _, _ in store.signatures()
    )
    store.set_meta("dedup_keys", marker)


def _display(path: str, display_names: dict[str, str] | None) -> str:
    """``path`` with a source prefix replaced by its display name (feed items keep #guid)."""
    for source, name in (display_names or {}).items():
        if path == source or path.startswith((source + "#", source + ":")):
            return name + path[len(source):]
    return path


def analyze_pending(store: Store, workers: int = 1, progress: Progress = _no_progress,
                    summary: RunSummary | None = None, batch_size: int = 64, runner: str = "local") -> RunSummary:
    """Analyse every stored document not analysed yet; store results batch by batch.

    Each batch's documents are marked started before and cleared when stored, so a
    process that dies mid-batch (out of memory, killed) leaves its suspects marked: the
    next run analyses each of them alone once more, saying so, and a document that
    kills the process twice is stored as failed with the reason; failed documents are
    never retried unless asked (``store.requeue_failed``, ``analyze --retry-failed``).
    ``runner="ray"`` runs the same step as Ray Data tasks (``newsfuse.ray_runner``)."""
    summary = summary or RunSummary()
    if runner == "ray":
        from .ray_runner import analyze_pending_on_ray

        return analyze_pending_on_ray(store, workers, progress, summary)
    if runner != "local":
        raise ValueError(f"unknown runner {runner!r} (local or ray)")
    retry: list[str] = []
    for doc_id, attempts in store.interrupted_analyses():
        if attempts >= 2:
            reason = (f"analysis did not finish in {attempts} attempts (the process died: out of memory or "
                      "killed); not retried again unless asked (newsfuse analyze --retry-failed)")
            store.save_analyses([DocumentAnalysis(doc_id, error=reason)])
            doc = store.document(doc_id)
            summary.failures.append((doc.path if doc else doc_id, f"analysis failed: {reason}"))
        else:
            retry.append(doc_id)
    pending = store.unanalyzed()
    tick = progress("analysing", len(pending) + len(retry))
    batches = [[doc_id] for doc_id in retry]  # a suspect alone, so it can only take itself down
    # at least four commits per run: a crash loses at most a quarter of a short run's work
    batch_size = max(1, min(batch_size, -(-len(pending) // 4)))
    batches += [pending[start : start + batch_size] for start in range(0, len(pending), batch_size)]
    suspects = set(retry)
    with analysis_pool(workers) as pool:  # workers start (and load the models) once per run
        _analyze_batches(store, batches, suspects, workers, pool, tick, summary)
    return summary


def _analyze_batches(store: Store, batches: list[list[str]], suspects: set[str], workers: int, pool,
                     tick: Callable[[int], None], summary: RunSummary) -> None:
    """Each batch analysed and stored in turn. With a pool, the next batch is handed to
    the workers (and marked started) before this one is waited for and stored, so the
    workers never sit idle while the slowest task of a batch finishes or the store
    writes; a suspect (analysed again alone) is never in flight beside other documents."""
    in_flight: list[tuple[list[str], list[Document], Callable[[], list[DocumentAnalysis]]]] = []

    def start(ids: list[str]) -> None:
        docs = store.documents(ids)
        if len(ids) == 1 and ids[0] in suspects:
            summary.warnings.extend((d.path, "its analysis was interrupted in an earlier run; analysed again alone")
                                    for d in docs)
        store.start_analysis(ids)
        in_flight.append((ids, docs, begin_analysis(store, docs, tick, pool)))

    def finish() -> None:
        ids, docs, wait = in_flight[0]
        analyses = wait()
        in_flight.pop(0)
        for d, a in zip(docs, analyses):
            if a.error:
                summary.failures.append((d.path, f"analysis failed: {a.error}"))
            summary.warnings.extend((d.path, w) for w in a.warnings)
        summary.analyzed += len(docs)
        checkpoint("analysis-batch")

    try:
        for k, ids in enumerate(batches):
            if not in_flight:
                start(ids)
            nxt = batches[k + 1] if k + 1 < len(batches) else None
            if pool is not None and nxt and not (set(ids) & suspects) and not (set(nxt) & suspects):
                start(nxt)
            finish()
    except KeyboardInterrupt:
        for ids, _, _ in in_flight:
            store.abandon_analysis(ids)  # stopped on purpose: pending again, not suspects
        raise


def analyze_and_store(store: Store, docs: list[Document], workers: int = 1,
                      progress: Callable[[int], None] | None = None, pool=None) -> list[DocumentAnalysis]:
    """The per-document step, wherever it runs (this process, a pool, a Ray worker):
    analyse, embed the story text clustering compares, store both in one transaction.
    A long document is analysed here, section by section, each section stored as it is
    made (``Store.save_analysis_section``), so what this process holds does not grow
    with the document; its head is stored with the others."""
    if pool is None and workers > 1 and sum(not is_long(d) for d in docs) >= 4:
        with analysis_pool(workers) as own:
            return begin_analysis(store, docs, progress, own)()
    return begin_analysis(store, docs, progress, pool)()


def begin_analysis(store: Store, docs: list[Document], progress: Callable[[int], None] | None = None,
                   pool=None) -> Callable[[], list[DocumentAnalysis]]:
    """``analyze_and_store`` in two halves: the short documents are handed to ``pool``
    now; the returned function analyses the long ones here, waits for the others,
    stores them all and returns the analyses (in the order of ``docs``)."""
    short = [d for d in docs if not is_long(d)]
    if pool is None:  # analysed here, when the result is asked for
        def wait() -> list[DocumentAnalysis]:
            return analyze_documents(short, progress=progress)
    else:
        wait = submit_documents(short, pool, progress)

    def finish() -> list[DocumentAnalysis]:
        found = {d.id: a for d, a in zip(short, wait())}
        for d in docs:
            if d.id not in found:
                found[d.id] = analyze_document(d, emit=lambda n, part, d=d: store.save_analysis_section(d.id, n, part))
                if progress:
                    progress(1)
        analyses = [found[d.id] for d in docs]
        store.save_analyses(analyses, _embeddings(docs, analyses))
        return analyses
    return finish


def record_analyses(summary: RunSummary, paths: list[str], analyses: list[DocumentAnalysis]) -> None:
    """Count analysed documents in ``summary``, with their failures and warnings."""
    for path, a in zip(paths, analyses):
        if a.error:
            summary.failures.append((path, f"analysis failed: {a.error}"))
        summary.warnings.extend((path, w) for w in a.warnings)
    summary.analyzed += len(analyses)


STORY_EMBEDDING_ENV = "NEWSFUSE_STORY_EMBEDDING"


def story_embedding() -> bool:
    """Whether analysis also embeds each report's title and lead for story clustering
    (``$NEWSFUSE_STORY_EMBEDDING=1``; off by default). Off, clustering compares words,
    names, places and dates only: on ECB+ that scores the same held-out BCubed F1 as with
    the embedding (0.864 both, incremental) and on GVA's same-type shootings
    (benchmarks/bench_clustering.py --shipped, bench_gva.py), while loading and running
    the sentence encoder cost more than a third as much as the spaCy parse."""
    return os.environ.get(STORY_EMBEDDING_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _embeddings(docs: list[Document], analyses) -> dict:
    """The story-clustering embedding of each document (title and lead), when enabled
    (``story_embedding``); none otherwise, and the encoder is never loaded."""
    if not story_embedding():
        return {}
    from .analyze.embed import embed

    vectors = embed([story_text(d, a) for d, a in zip(docs, analyses)])
    return {d.id: v for d, v in zip(docs, vectors)}


TITLE_SAMPLE = 40  # members a story's title is chosen from when reports join it


def cluster_pending(store: Store, progress: Progress = _no_progress, summary: RunSummary | None = None,
                    chunk: int = 256) -> set[str]:
    """Put each newly analysed document into a story (incrementally); return the ids
    of the stories that changed. A document whose features cannot be built or placed is
    a failure in ``summary`` (raised without one) and stays unclustered for the next run.
    The clusterer reads from the store only the rows each new report touches and writes
    back only what changed, with the memberships, in one transaction per chunk: the cost
    of a report does not grow with the store."""
    from .cluster import StoryClusterer, features_from

    pending = store.unclustered()
    if not pending:
        return set()
    _move_clusterer_state(store)
    clusterer = StoryClusterer.backed_by(store)
    tick = progress("clustering", len(pending))
    changed: set[str] = set()
    for start in range(0, len(pending), chunk):
        ids = pending[start : start + chunk]
        docs = store.documents(ids)
        analyses = store.analyses(ids, sections=False)  # a long document's head is enough here
        vectors = store.embeddings(ids)
        memberships: dict[str, str] = {}
        for d in docs:
            try:
                memberships[d.id] = clusterer.add(features_from(d, analyses.get(d.id), vectors.get(d.id)))
            except Exception as exc:  # noqa: BLE001 - one document must not stop the others
                if summary is None:
                    raise
                summary.failures.append((d.path, f"clustering failed: {type(exc).__name__}: {exc}"[:300]))
            tick(1)
        store.assign(memberships, joined_stories(store, memberships), clusterer.changes())
        changed |= set(memberships.values())
    checkpoint("after-cluster")
    return changed


def joined_stories(store: Store, memberships: dict[str, str]) -> list[Story]:
    """The stories that reports join ({document id: story id}), with their members, title
    and span. The title is the most central of at most TITLE_SAMPLE members (the earliest
    and the ones joining now) and the span is read in SQL: joining a story of thousands of
    reports loads a bounded number of texts, not all of them."""
    from .cluster import story_title

    stories = []
    for sid in dict.fromkeys(memberships.values()):
        joined = [d for d, s in memberships.items() if s == sid]
        doc_ids = list(dict.fromkeys([*store.story_document_ids(sid), *joined]))
        sample = list(dict.fromkeys([*doc_ids[:TITLE_SAMPLE], *joined]))
        first, last = store.published_span(doc_ids)
        stories.append(Story(sid, story_title(store.documents(sample)), doc_ids, first, last))
    return stories


def _move_clusterer_state(store: Store) -> None:
    """A store from before the clusterer tables keeps its state as one JSON value: move
    it into the tables once (the value is then dropped)."""
    from .cluster import StoryClusterer

    state = store.get_meta("clusterer_state")
    if not state:
        return
    rows = StoryClusterer.from_state(json.loads(state)).all_rows()
    store.assign({}, [], rows)
    store.set_meta("clusterer_state", "")


def recluster(store: Store, reliability: dict[str, str] | None = None,
              progress: Progress = _no_progress) -> int:
    """Rebuild every story from the stored analyses (after changing clustering settings
    or on a state from an older version), then fuse them all; returns the story count."""
    store.clear_stories()
    changed = cluster_pending(store, progress)
    fuse_stories(store, changed, reliability, progress, record=False)  # rebuilt, not news
    return len(changed)


def fuse_stories(store: Store, story_ids: Iterable[str] = (), reliability: dict[str, str] | None = None,
                 progress: Progress = _no_progress, summary: RunSummary | None = None,
                 new_documents: Iterable[str] = (), record: bool = True) -> list:
    """Fuse ``story_ids`` and every dirty story (members changed since it was last fused,
    e.g. by a run killed before it fused them) into their pictures and store them, with
    what changed since each one's last fusion (``Store.record_changes``); returns a
    ``digest.StoryDigest`` per story fused. A story whose fusion raises is recorded as a
    failure and stays dirty; the others go on. ``reliability`` None: the outlet grades
    stored in the database. ``new_documents``: ids of reports that just arrived (named in
    the digest); ``record`` False: rebuilt pictures, not news (recluster)."""
    from .digest import StoryDigest, picture_changes
    from .fuse import fuse_story
    from .fuse.memory import EventMemory

    if reliability is None:
        reliability = store.reliability_grades() or None
    ids = list(dict.fromkeys([*story_ids, *store.dirty_stories()]))
    fresh = set(new_documents)
    tick = progress("fusing", len(ids))
    pictures, digests, pending = [], [], []
    commit_every = max(1, min(50, -(-len(ids) // 4)))  # at least four commits per run

    memories: dict[str, bytes] = {}

    def flush() -> None:
        store.save_pictures(pictures, memories)
        memories.clear()
        if record:
            store.record_changes(pending)
        pictures.clear()
        pending.clear()

    for sid in ids:
        story = store.story(sid)  # one indexed read, not every story of the store
        if story is None:
            continue
        docs = {d.id: d for d in store.documents(story.documents)}
        before = store.previous_picture(sid)  # what changed is told against it
        memory = EventMemory.from_bytes(store.fusion_memory(sid))  # the last fusion's pair scores
        try:
            picture = fuse_story(story, docs, store.analyses(story.documents), reliability, previous=before,
                                 memory=memory)
        except Exception as exc:  # noqa: BLE001 - one story must not stop the others
            if summary is None:
                raise
            summary.failures.append((f"story {sid}", f"fusion failed: {type(exc).__name__}: {exc}"[:300]))
            tick(1)
            continue
        joined = [docs[d] for d in story.documents if d in fresh and d in docs]
        changes = picture_changes(before, picture, joined)
        digests.append(StoryDigest(sid, picture.story.title, before is None,
                                   [{"id": d.id, "outlet": d.outlet, "title": d.title, "path": d.path,
                                     "published": d.published.isoformat() if d.published else None} for d in joined],
                                   changes))
        pending.extend(changes)
        pictures.append(picture)
        memories[sid] = memory.to_bytes()
        tick(1)
        if len(pictures) >= commit_every:
            flush()
            checkpoint("fuse-batch")
    flush()
    return digests


def build_report(store: Store, story_ids: Iterable[str] | None = None) -> Report:
    """The situation picture of the given stories (all by default) and their documents."""
    pictures = store.pictures(story_ids)
    doc_ids = [d for p in pictures for d in p.story.documents]
    return Report(documents=store.documents(doc_ids), stories=pictures, generated=dt.datetime.now(dt.timezone.utc))


def update(sources: Iterable[str], store: Store, settings: IngestSettings | None = None, workers: int = 1,
           reliability: dict[str, str] | None = None, progress: Progress = _no_progress,
           display_names: dict[str, str] | None = None, runner: str = "local") -> tuple[list[str], RunSummary]:
    """Ingest ``sources`` and bring the store up to date; return the ids of the stories
    the sources' documents belong to, and what the run did."""
    summary = ingest(sources, store, settings, progress, display_names=display_names)
    analyze_pending(store, workers, progress, summary, runner=runner)
    changed = cluster_pending(store, progress, summary)
    summary.digests = fuse_stories(store, changed, reliability, progress, summary, summary.added_ids)
    memberships = store.story_of(summary.document_ids)
    return list(dict.fromkeys(memberships[d] for d in summary.document_ids if d in memberships)), summary


def run(sources: Iterable[str], store: Store, settings: IngestSettings | None = None, workers: int = 1,
        reliability: dict[str, str] | None = None, progress: Progress = _no_progress,
        display_names: dict[str, str] | None = None, runner: str = "local") -> tuple[Report, RunSummary]:
    """``update``, then the report on the stories the sources touch."""
    story_ids, summary = update(sources, store, settings, workers, reliability, progress, display_names, runner)
    return build_report(store, story_ids), summary


def set_grades(store: Store, grades: dict[str, str], progress: Progress = _no_progress) -> list[str]:
    """Store outlet grades (A-F) and, when they changed, re-fuse the stories with
    documents of those outlets (no re-analysis); returns the re-fused story ids."""
    if not store.set_reliability_grades(grades):
        return []
    from .fuse.credibility import normalise_name

    graded = {normalise_name(o) for o in grades}
    touched = [s.id for s in store.stories()
               if any(normalise_name(d.source_label) in graded for d in store.documents(s.documents))]
    fuse_stories(store, touched, progress=progress)
    return touched


def correct(store: Store, doc_id: str, outlet: str | None = None, title: str | None = None,
            published: dt.date | None = None, grade: str | None = None) -> tuple[Document | None, list[str]]:
    """Apply an analyst's correction to one document (and optionally grade its outlet),
    then re-fuse its story from the stored analyses; returns (document, re-fused story ids).
    The analysis itself is kept: a new date changes how the story's dates and the
    document's place in the timeline are read at fusion, not the sentences found."""
    doc = store.correct_document(doc_id, outlet, title, published)
    if doc is None:
        return None, []
    story = store.story_of([doc_id]).get(doc_id)
    refused = set()
    if grade is not None:
        refused |= set(set_grades(store, {doc.source_label: grade}))
    if story and story not in refused:
        _refresh_story_span(store, story)
        fuse_stories(store, [story])
        refused.add(story)
    return doc, sorted(refused)


def _refresh_story_span(store: Store, story_id: str) -> None:
    """A corrected date can move a story's first/last day."""
    story = store.story(story_id)
    if story is None:
        return
    docs = store.documents(story.documents)
    from .cluster import story_title

    dates = sorted(d.published for d in docs if d.published)
    store.assign({}, [Story(story.id, story_title(docs), story.documents, dates[0] if dates else None,
                            dates[-1] if dates else None)])
