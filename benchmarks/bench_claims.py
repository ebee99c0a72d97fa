"""Speed of claim and event extraction alone, over the example corpus and the seeds.

The spaCy parse, entities, places and times are computed once per document beforehand;
only ``extract_claims`` and ``extract_events`` are timed (event typing embeds nothing:
types come from frames and participants).

    .venv/bin/python benchmarks/bench_claims.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsfuse.analyze.claims import extract_claims
from newsfuse.analyze.entities import extract_entities
from newsfuse.analyze.events import extract_events
from newsfuse.analyze.nlp import parse, split_sentences
from newsfuse.analyze.places import find_places
from newsfuse.analyze.times import find_times
from newsfuse.ingest.sources import read_sources
from newsfuse.model import Document

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus (default 5)")
    args = parser.parse_args()
    sources = [str(ROOT / "examples" / "reports"), str(ROOT.parent / "shared" / "seeds")]
    documents = [d for d in read_sources([s for s in sources if Path(s).exists()]) if isinstance(d, Document)]
    prepared = []
    for d in documents:
        doc = parse(d.text)
        sentences = split_sentences(d.text, doc)
        mentions, entities = extract_entities(d.text, doc, sentences)
        place_mentions, places = find_places(d.text, sentences, doc)
        times = find_times(d.text, d.published, sentences, doc)
        prepared.append((d, doc, sentences, mentions, entities, place_mentions, places, times))
    n_sentences = sum(len(p[2]) for p in prepared)
    n_claims = n_events = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for d, doc, sentences, mentions, entities, place_mentions, places, times in prepared:
            claims = extract_claims(d, doc, sentences, mentions, entities, place_mentions, places, times)
            events = extract_events(d, claims, sentences, doc, entities, places, times)
            n_claims += len(claims)
            n_events += len(events)
    elapsed = time.perf_counter() - t0
    total = n_sentences * args.repeat
    print(f"documents        {len(prepared)} x {args.repeat}")
    print(f"sentences        {total}")
    print(f"claims / events  {n_claims // args.repeat} / {n_events // args.repeat} per pass")
    print(f"seconds          {elapsed:.2f}")
    print(f"sentences/s      {total / elapsed:.0f}")


if __name__ == "__main__":
    main()
