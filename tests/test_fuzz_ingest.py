"""Seeded, time-bounded fuzzing of ingest (issue 13): a few hundred inputs mutated from
examples/ (bit flips, cuts, splices, hostile tokens, other encodings) go through the real
ingest into a store. Nothing may raise, and no input may fail with an exception no reader
expected (the guards turn those into "could not be read: <Type>" failures, which would
hide a reader bug, so they count as failures of this test too).

``NEWSFUSE_FUZZ_SEED`` / ``NEWSFUSE_FUZZ_CASES`` / ``NEWSFUSE_FUZZ_SECONDS`` change the
run (e.g. a long local session); CI runs the defaults."""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

from newsfuse import pipeline
from newsfuse.settings import IngestSettings
from newsfuse.store import Store

from .conftest import EXAMPLES

SEED = int(os.environ.get("NEWSFUSE_FUZZ_SEED", "13"))
CASES = int(os.environ.get("NEWSFUSE_FUZZ_CASES", "300"))
SECONDS = float(os.environ.get("NEWSFUSE_FUZZ_SECONDS", "25"))
HOSTILE = [
    b"http://[oops", b"&#x110000;", b"&#xD800;", b"&#0;", b"&#99999999999999;", b"\x00", b"\xff\xfe",
    b"1" * 4400, b"9" * 400, b"[" * 5000, b"{" * 3000, b"<div>" * 300, b"</item>", b"<![CDATA[", b"]]>",
    b"<!DOCTYPE x>", b'"', b"\\", b"\r", b"\n\n", b",,,,", b'"url": "http://[::1', b"date: 99999-99-99",
    b"url: http://[oops\n", b"\xed\xa0\x80", b"\xc0\xaf", "\u202e\ufeff".encode(), b"NaN", b"-Infinity",
]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(7)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:  # flip bits
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(data))
                data[i] ^= 1 << rng.randrange(8)
        elif op == 1:  # a hostile token
            data[at:at] = rng.choice(HOSTILE)
        elif op == 2:  # cut the tail
            del data[at:]
        elif op == 3 and data:  # splice a chunk from elsewhere
            start = rng.randrange(len(data))
            data[at:at] = data[start : start + rng.randint(1, 400)]
        elif op == 4:  # delete a chunk
            del data[at : at + rng.randint(1, 200)]
        elif op == 5 and data:  # repeat a chunk many times
            data[at:at] = data[at : at + rng.randint(1, 20)] * rng.randint(2, 300)
        elif op == 6:  # random bytes
            data[at:at] = rng.randbytes(rng.randint(1, 64))
    data = bytes(data)
    if rng.random() < 0.05:
        data = data.decode("utf-8", errors="replace").encode(rng.choice(["utf-16-le", "utf-16", "utf-32", "latin-1"]),
                                                           errors="replace")
    return data


def test_mutated_examples_never_raise_nor_surprise_a_reader(tmp_path):
    rng = random.Random(SEED)
    originals = sorted(p for p in EXAMPLES.rglob("*") if p.is_file())
    assert len(originals) >= 10
    folder = tmp_path / "fuzz"
    folder.mkdir()
    written: list[Path] = []
    for n in range(CASES):
        original = rng.choice(originals)
        path = folder / f"{n:04d}-{original.stem}{original.suffix}"
        path.write_bytes(_mutate(original.read_bytes(), rng))
        written.append(path)
    store = Store(tmp_path / "fuzz.db")
    deadline = time.monotonic() + SECONDS
    summary = pipeline.RunSummary()
    done = 0
    for start in range(0, len(written), 25):  # in slices, so the time bound is kept
        if time.monotonic() > deadline:
            break
        pipeline.ingest([str(p) for p in written[start : start + 25]], store, IngestSettings(), summary=summary)
        done += len(written[start : start + 25])
    store.close()
    assert done >= min(CASES, 100), f"only {done} inputs in {SECONDS} s"
    surprises = [(s, p) for s, p in summary.failures if p.startswith("could not be read: ") or "could not be stored" in p]
    assert not surprises, f"seed {SEED}: {surprises[:5]}"
    assert summary.read > done // 3  # most mutants still yield documents: the readers are lenient, not refusing
