"""Write benchmarks/data/events_dev.tsv: a typed dev set of real reports for bench_events.py.

Rows come from two corpora in ../shared/bench (read in place, never copied):

* ECB+: up to 5 documents of each sub-topic that ``data/ecbplus_event_types.tsv``
  labels (the sub-topic's seminal event mapped to an ACLED / Disaster / Accident type by
  hand from ECB+'s own event descriptors; "none" for celebrity, sports, politics-as-usual
  topics, which measure false events).
* GVA: every 40th of the Gun Violence Archive's local reports (each reports one real US
  shooting incident): "Violence against civilians: Attack", the ACLED type of a shooting
  of people by an armed individual.

Each row has a half (even/odd by row number): rules are tuned looking at even rows only;
the odd half is the held-out number.

    python benchmarks/make_events_dev.py
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpora  # noqa: E402

TABLE = ROOT / "benchmarks" / "data" / "ecbplus_event_types.tsv"
OUT = ROOT / "benchmarks" / "data" / "events_dev.tsv"
PER_SUBTOPIC = 5
GVA_EVERY = 40
GVA_TYPE = "Violence against civilians: Attack"


def ecb_table() -> dict[tuple[str, str], str]:
    out = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        topic, sub, _, expected = line.split("\t")
        out[(topic, sub)] = expected
    return out


def main() -> None:
    table = ecb_table()
    rows: list[tuple[str, str, str, str]] = []
    taken: dict[tuple[str, str], int] = defaultdict(int)
    for path in sorted((corpora.BENCH / "ecbplus" / "ECB+").glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        topic = path.name.split("_")[0]
        sub = "ecbplus" if path.name.endswith("ecbplus.xml") else "ecb"
        expected = table.get((topic, sub))
        if expected is None or taken[(topic, sub)] >= PER_SUBTOPIC:
            continue
        taken[(topic, sub)] += 1
        rows.append(("ecbplus", f"ecbplus:{path.name}", expected, f"ECB+ sub-topic {topic}_{sub}"))
    for n, path in enumerate(sorted((corpora.BENCH / "gva" / "docs").glob("*.txt"))):
        if n % GVA_EVERY == 0:
            rows.append(("gva", f"gva:{path.stem}", GVA_TYPE, "GVA shooting incident report"))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Typed dev set for benchmarks/bench_events.py, written by benchmarks/make_events_dev.py\n")
        fh.write("# (see its docstring). expected: acceptable 'Type: Sub-type' ('*' any sub-type) joined by '|', or none.\n")
        fh.write("half\tcorpus\tdocument\texpected\tlabel\n")
        for i, (corpus, doc, expected, label) in enumerate(rows):
            fh.write(f"{'even' if i % 2 == 0 else 'odd'}\t{corpus}\t{doc}\t{expected}\t{label}\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
