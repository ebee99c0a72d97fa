"""Per-document analysis: sentences, entities, places, times, claims, events.

``analyze_document`` is a plain function of one Document, so it runs the same in a loop,
a process pool or a Ray task. A failure is recorded on that document's analysis and
never stops the others."""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from ..model import Document, DocumentAnalysis

log = logging.getLogger(__name__)

# Languages the English spaCy model can analyse (ingest.SUPPORTED_LANGUAGES are the ones
# language detection can tell apart; any other document gets sentences and dates only).
ANALYZED_LANGUAGES = {"en"}


def analyze_document(document: Document, doc=None) -> DocumentAnalysis:
    """Run every per-document step; catch and record a failure instead of raising.
    ``doc`` may pass the spaCy parse of ``document.text`` made in a batch."""
    try:
        return _analyze(document, doc)
    except Exception as exc:  # one bad document must not stop a batch
        log.warning("analysis of %s failed: %s", document.path, exc)
        return DocumentAnalysis(document.id, error=f"{type(exc).__name__}: {exc}")


def _analyze(document: Document, doc=None) -> DocumentAnalysis:
    from . import claims, entities, events, nlp, places, times

    text = document.text
    if doc is None:
        doc = nlp.parse(text)
    sentences = nlp.split_sentences(text, doc)
    result = DocumentAnalysis(document.id, sentences=sentences)
    result.times = times.find_times(text, document.published, sentences, doc)
    if document.language and document.language not in ANALYZED_LANGUAGES:
        result.warnings.append(
            f"language '{document.language}' is not covered by the English model: "
            "only sentences and dates were analysed"
        )
        return result
    mentions, result.entities = entities.extract_entities(text, doc, sentences)
    place_mentions, result.places = places.find_places(text, sentences, doc)
    result.mentions = mentions + place_mentions
    result.claims = claims.extract_claims(
        document, doc, sentences, mentions, result.entities, place_mentions, result.places, result.times
    )
    result.events = events.extract_events(
        document, result.claims, sentences, doc, result.entities, result.places, result.times
    )
    return result


def analyze_documents(
    documents: Iterable[Document], workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[DocumentAnalysis]:
    """Analyse many documents, in this process or a pool of ``workers`` processes."""
    docs = list(documents)
    results: list[DocumentAnalysis] = []
    if workers <= 1 or len(docs) < 4:
        for d, parsed in zip(docs, _parse_batch(docs)):
            results.append(analyze_document(d, parsed))
            if progress:
                progress(1)
        return results
    workers = min(workers, os.cpu_count() or 1)
    size = max(1, min(32, len(docs) // (workers * 4)))
    batches = [docs[i : i + size] for i in range(0, len(docs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(_analyze_batch, batches):
            results.extend(batch)
            if progress:
                progress(len(batch))
    return results


def _analyze_batch(docs: list[Document]) -> list[DocumentAnalysis]:
    return [analyze_document(d, parsed) for d, parsed in zip(docs, _parse_batch(docs))]


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
