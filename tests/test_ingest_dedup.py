"""Linking exact and near-duplicate reports to the original (the first seen)."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.ingest import DuplicateIndex, make_document, read_sources
from newsfuse.model import Document
from newsfuse.settings import IngestSettings

DATA = Path(__file__).parent / "data" / "ingest"


def load(name: str) -> Document:
    [doc] = list(read_sources([str(DATA / name)]))
    assert isinstance(doc, Document)
    return doc


def test_syndicated_copy_with_new_headline_and_added_sentence_links_to_the_original():
    original, copy = load("wire_original.txt"), load("wire_syndicated.txt")
    assert original.title != copy.title and original.outlet != copy.outlet
    index = DuplicateIndex()
    assert index.add(original) is None
    assert original.copy_of is None
    assert index.add(copy) == original.id
    assert copy.copy_of == original.id


def test_a_different_report_on_the_same_topic_is_not_linked():
    index = DuplicateIndex()
    index.add(load("wire_original.txt"))
    other = load("unrelated_quake.txt")
    assert index.add(other) is None and other.copy_of is None


def test_the_original_is_the_first_seen_even_for_a_copy_of_a_copy():
    base = load("wire_original.txt")
    first_copy = load("wire_syndicated.txt")
    second_copy = make_document(first_copy.text + " Local officials offered shelter in the "
                                "sports hall.", "third.txt")
    index = DuplicateIndex()
    for doc in (base, first_copy, second_copy):
        index.add(doc)
    assert first_copy.copy_of == base.id
    assert second_copy.copy_of == base.id


def test_adding_the_same_document_twice_is_idempotent():
    original, copy = load("wire_original.txt"), load("wire_syndicated.txt")
    again = load("wire_original.txt")
    assert again.id == original.id
    index = DuplicateIndex()
    index.add(original)
    index.add(copy)
    assert index.add(again) is None  # not a copy of itself
    assert index.add(load("wire_syndicated.txt")) == original.id
    assert len(index) == 2


def test_signatures_rebuild_the_index_across_runs():
    original, copy = load("wire_original.txt"), load("wire_syndicated.txt")
    first_run = DuplicateIndex()
    first_run.add(original)
    signature = first_run.signature(original)
    assert isinstance(signature, bytes) and len(signature) > 128

    second_run = DuplicateIndex()
    second_run.load(original.id, signature)
    assert original.id in second_run
    assert second_run.add(copy) == original.id
    assert DuplicateIndex().signature(original) == signature  # stable across instances


def test_a_loaded_copy_points_new_copies_at_its_original():
    original, copy = load("wire_original.txt"), load("wire_syndicated.txt")
    index = DuplicateIndex()
    index.load(copy.id, index.signature(copy), copy_of=original.id)
    assert index.add(load("wire_syndicated.txt")) == original.id


def test_a_corrupt_signature_is_refused():
    with pytest.raises(ValueError, match="expected"):
        DuplicateIndex().load("dabc", b"not a signature")


def test_threshold_comes_from_settings():
    original, copy = load("wire_original.txt"), load("wire_syndicated.txt")
    strict = DuplicateIndex(IngestSettings(near_duplicate_threshold=0.99))
    strict.add(original)
    assert strict.add(copy) is None


def test_copies_across_runs_are_found_through_the_store_without_loading_it(tmp_path):
    """The store keeps each document's LSH band keys: a later run links a near copy (and a
    copy of a copy) to the original through indexed lookups, and a store written before
    the keys existed gets them once."""
    from newsfuse import pipeline
    from newsfuse.store import Store

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "original.txt").write_bytes((DATA / "wire_original.txt").read_bytes())
    (tmp_path / "b" / "copy.txt").write_bytes((DATA / "wire_syndicated.txt").read_bytes())
    store = Store(tmp_path / "nf.db")
    pipeline.ingest([str(tmp_path / "a")], store)
    store.replace_duplicate_keys([])  # as if written before the key rows existed
    store.set_meta("dedup_keys", "")
    pipeline.ingest([str(tmp_path / "b")], store)
    original, copy = store.documents()
    assert copy.copy_of == original.id
    assert store.db.execute("SELECT count(DISTINCT document) FROM dedup_keys").fetchone()[0] == 2
    exact = tmp_path / "c"
    exact.mkdir()
    (exact / "copy-again.txt").write_bytes((DATA / "wire_syndicated.txt").read_bytes() + b"\n")
    pipeline.ingest([str(exact)], store)
    assert [d.copy_of for d in store.documents()][2] == original.id  # root, not the copy


def test_minhash_and_bands_are_datasketchs_bit_for_bit():
    """Signatures persisted by earlier versions (made with datasketch) must keep comparing:
    the MinHash here gives datasketch's values exactly, and the LSH bands its choice."""
    import numpy as np
    from datasketch import MinHash as Reference
    from datasketch.lsh import _optimal_param

    from newsfuse.ingest import dedup

    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))] + ["", "one", "a b c d e"]
    assert len(texts) > 5
    for text in texts:
        values = list(dedup.shingles(text))
        ref = Reference(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME)
        ref.update_batch(values)
        ours = dedup.MinHash()
        ours.update_batch(values)
        assert ours.hashvalues.dtype == ref.hashvalues.dtype and np.array_equal(ours.hashvalues, ref.hashvalues)
    for threshold in (0.1, 0.25, 0.5, 0.65, 0.7, 0.75, 0.8):
        assert dedup.bands(threshold) == _optimal_param(threshold, dedup.NUM_PERM, 0.5, 0.5)


def test_ingest_does_not_import_scipy():
    """datasketch's LSH module imports scipy.integrate (0.6 s of CPU per run)."""
    import subprocess
    import sys

    code = ("import sys, tempfile; from newsfuse import pipeline; from newsfuse.store import Store\n"
            f"pipeline.ingest([{str(DATA / 'wire_original.txt')!r}], Store(tempfile.mkdtemp() + '/s.db'))\n"
            "print('scipy' in sys.modules, 'datasketch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
