"""Linking exact and near-duplicate reports (syndicated copies) to the first one seen.

Copies are linked, not dropped: a wire story reprinted by five outlets is one source for
corroboration, but each reprint still shows who carried it. Near-duplicates are found with
MinHash over word shingles and an LSH index, then confirmed with the MinHash Jaccard
estimate against ``IngestSettings.near_duplicate_threshold``.

The MinHash is datasketch's (>= 2.0, scheme "affine32", the same values bit for bit:
``tests/test_ingest_dedup.py`` checks them against datasketch) and the LSH bands are the
ones datasketch would choose, computed here: importing datasketch imports its LSH module,
which imports ``scipy.integrate`` (0.6 s of CPU on every ingest, for one integral).
"""
from __future__ import annotations

import functools
import hashlib
import re
import struct
from typing import Protocol

import numpy as np

from ..model import Document
from ..settings import IngestSettings

NUM_PERM = 128
SHINGLE_WORDS = 4  # long enough that shared phrasing, not shared vocabulary, links texts
SEED = 1  # fixed, so signatures persisted by the store stay comparable across runs
# datasketch >= 2.0 permutation scheme, named explicitly: values of another scheme do not
# compare, so a change of scheme must invalidate persisted signatures (see _MAGIC).
SCHEME = "affine32"
_MAGIC = b"NFM1"  # format and scheme version of a persisted signature
_HEADER = struct.Struct("<4sHH")  # magic, num_perm, shingle size
_WORD = re.compile(r"\w+", re.UNICODE)


class StoredDocuments(Protocol):
    """What the index asks of the store about documents of earlier runs (``Store``
    answers through indexed queries, so nothing is loaded per run)."""

    def first_with_hash(self, content_hash: str) -> tuple[str, str | None] | None: ...

    def duplicate_candidates(self, keys: list[int]) -> list[tuple[str, bytes, str | None]]: ...


@functools.lru_cache(maxsize=16)
def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) of the LSH at ``threshold``: datasketch's choice
    (``datasketch.lsh._optimal_param`` with equal weights for false positives and
    negatives), the integrals of its error curves taken by Gauss-Legendre quadrature,
    exact for these polynomials (degree at most NUM_PERM) up to rounding."""
    nodes, weights = np.polynomial.legendre.leggauss(NUM_PERM // 2 + 1)
    lo = (nodes + 1) * (threshold / 2)  # [0, threshold]
    hi = threshold + (nodes + 1) * ((1 - threshold) / 2)  # [threshold, 1]
    best, opt = float("inf"), (0, 0)
    for b in range(1, NUM_PERM + 1):
        for r in range(1, NUM_PERM // b + 1):
            fp = float(np.dot(weights, 1 - (1 - lo ** float(r)) ** float(b))) * threshold / 2
            fn = float(np.dot(weights, (1 - hi ** float(r)) ** float(b))) * (1 - threshold) / 2
            error = fp * 0.5 + fn * 0.5
            if error < best:
                best, opt = error, (b, r)
    return opt


class MinHash:
    """datasketch's MinHash (``num_perm=NUM_PERM, seed=SEED, scheme="affine32"``), the
    part of it used here: SHA-1's first 32 bits of each value, pre-mixed with the
    MurmurHash3 finalizer, then the affine permutations a*h + b mod 2^32 from
    ``RandomState(SEED)``; the minimum of each."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray | None = None) -> None:
        self.hashvalues = (np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32) if hashvalues is None
                           else np.asarray(hashvalues).astype(np.uint32))

    def update_batch(self, values) -> None:
        hv = np.array([struct.unpack_from("<I", hashlib.sha1(v).digest())[0] for v in values], dtype=np.uint32)
        if not len(hv):
            return
        a, b = _permutations()
        hv = hv.reshape(-1, 1)
        hv = hv ^ (hv >> np.uint32(16))
        hv = hv * np.uint32(0x85EBCA6B)
        hv = hv ^ (hv >> np.uint32(13))
        hv = hv * np.uint32(0xC2B2AE35)
        hv = hv ^ (hv >> np.uint32(16))
        self.hashvalues = np.minimum(self.hashvalues, (hv * a + b).min(axis=0))

    def jaccard(self, other: MinHash) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(NUM_PERM)


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def band_keys(hashvalues: np.ndarray, b: int, r: int) -> list[int]:
    """One signed 64-bit key per LSH band of a MinHash: two documents sharing a key are
    candidates (the store keeps these keys indexed instead of an in-memory index)."""
    values = np.asarray(hashvalues, dtype="<u8")
    keys = []
    for i in range(b):
        digest = hashlib.blake2b(i.to_bytes(2, "little") + values[i * r:(i + 1) * r].tobytes(), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def _hashvalues(doc_id: str, signature: bytes) -> np.ndarray:
    if len(signature) != _HEADER.size + 8 * NUM_PERM:
        raise ValueError(f"signature of {doc_id} has {len(signature)} bytes, "
                         f"expected {_HEADER.size + 8 * NUM_PERM}")
    magic, num_perm, size = _HEADER.unpack_from(signature)
    if (magic, num_perm, size) != (_MAGIC, NUM_PERM, SHINGLE_WORDS):
        raise ValueError(f"signature of {doc_id} was made with different settings "
                         f"({magic!r}, {num_perm} permutations, {size}-word shingles)")
    return np.frombuffer(signature, dtype="<u8", offset=_HEADER.size).astype(np.uint64)


def signature_keys(doc_id: str, signature: bytes, threshold: float) -> list[int]:
    """The LSH band keys of a persisted signature (to index documents stored before)."""
    return band_keys(_hashvalues(doc_id, signature), *bands(_lsh_threshold(threshold)))


def _lsh_threshold(threshold: float) -> float:
    # LSH only proposes candidates, so it runs at a lower threshold (better recall;
    # datasketch also cannot band above ~0.9); the Jaccard estimate decides.
    return min(max(threshold - 0.1, 0.1), 0.8)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams of ``text`` (the whole text when it is shorter than n)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class DuplicateIndex:
    """Remembers documents in the order seen and links each new one to the original of
    its exact or near copy. Documents of earlier runs are either asked of ``stored``
    (the store's indexed hash and LSH-band lookups: the cost of a new document does not
    grow with the store) or restored into memory with ``load``."""

    def __init__(self, settings: IngestSettings | None = None, stored: StoredDocuments | None = None) -> None:
        self.threshold = (settings or IngestSettings()).near_duplicate_threshold
        lsh_threshold = _lsh_threshold(self.threshold)
        self._bands = bands(lsh_threshold)
        self._stored = stored
        self._lsh: dict[int, list[str]] = {}  # LSH band key -> documents of this index
        self._minhashes: dict[str, object] = {}
        self._order: dict[str, int] = {}  # doc id -> arrival number (earlier = original)
        self._original: dict[str, str | None] = {}  # doc id -> the original it copies
        self._by_hash: dict[str, str] = {}  # content_hash -> first doc id

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def _minhash(self, text: str):
        minhash = MinHash()
        minhash.update_batch(list(shingles(text)))
        return minhash

    def signature(self, doc: Document) -> bytes:
        """The document's MinHash as bytes, for the store to persist and ``load`` later."""
        minhash = self._minhashes.get(doc.id) or self._minhash(doc.text)
        values = np.asarray(minhash.hashvalues, dtype="<u8")
        return _HEADER.pack(_MAGIC, NUM_PERM, SHINGLE_WORDS) + values.tobytes()

    def keys(self, doc: Document) -> list[int]:
        """The document's LSH band keys, for the store to index."""
        minhash = self._minhashes.get(doc.id) or self._minhash(doc.text)
        return band_keys(minhash.hashvalues, *self._bands)

    def fingerprint(self, doc: Document) -> tuple[bytes, list[int]]:
        """``(signature(doc), keys(doc))`` from one MinHash of a document this index has
        not seen (each alone hashes the text again): bulk loads of a store."""
        minhash = self._minhashes.get(doc.id) or self._minhash(doc.text)
        values = np.asarray(minhash.hashvalues, dtype="<u8")
        return _HEADER.pack(_MAGIC, NUM_PERM, SHINGLE_WORDS) + values.tobytes(), band_keys(values, *self._bands)

    def load(self, doc_id: str, signature: bytes, copy_of: str | None = None,
             content_hash: str | None = None) -> None:
        """Add a document from an earlier run (in arrival order) without comparing it."""
        self._remember(doc_id, MinHash(_hashvalues(doc_id, signature)), copy_of, content_hash)

    def _remember(self, doc_id: str, minhash, copy_of: str | None,
                  content_hash: str | None) -> None:
        if doc_id in self._order:
            return
        self._order[doc_id] = len(self._order)
        self._minhashes[doc_id] = minhash
        self._original[doc_id] = copy_of
        if content_hash:
            self._by_hash.setdefault(content_hash, doc_id)
        for key in band_keys(minhash.hashvalues, *self._bands):
            self._lsh.setdefault(key, []).append(doc_id)

    def _root(self, doc_id: str) -> str:
        """Follow copy links to the first document of the chain."""
        seen = {doc_id}
        while (parent := self._original.get(doc_id)) and parent not in seen:
            seen.add(parent)
            doc_id = parent
        return doc_id

    def add(self, doc: Document) -> str | None:
        """Index ``doc``; return the id of the original it copies (also set as
        ``doc.copy_of``), or None when it is new. Adding the same document again (same
        id) changes nothing and returns the same answer."""
        if doc.id in self._order:
            doc.copy_of = self._original[doc.id]
            return doc.copy_of
        original = self._by_hash.get(doc.content_hash) if doc.content_hash else None
        minhash = self._minhash(doc.text)
        if original is None and self._stored is not None:
            original = self._stored_original(doc, minhash)
        if original is None:
            candidates = dict.fromkeys(c for key in band_keys(minhash.hashvalues, *self._bands)
                                       for c in self._lsh.get(key, ()) if c != doc.id)
            close = [c for c in candidates
                     if minhash.jaccard(self._minhashes[c]) >= self.threshold]
            if close:
                original = min(close, key=self._order.__getitem__)
        if original is not None:
            original = self._root(original)
        self._remember(doc.id, minhash, original, doc.content_hash)
        doc.copy_of = original
        return original

    def _stored_original(self, doc: Document, minhash) -> str | None:
        """The root of the earliest stored document this one copies (stored documents
        all came before this run's; their ``copy_of`` already names the root)."""
        if doc.content_hash:
            hit = self._stored.first_with_hash(doc.content_hash)
            if hit:
                return hit[1] or hit[0]
        keys = band_keys(minhash.hashvalues, *self._bands)
        for doc_id, signature, copy_of in self._stored.duplicate_candidates(keys):  # earliest first
            if doc_id == doc.id:
                continue
            other = MinHash(_hashvalues(doc_id, signature))
            if minhash.jaccard(other) >= self.threshold:
                return copy_of or doc_id
        return None
