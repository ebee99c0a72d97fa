"""Time expression recognition and normalisation on TempEval-3 (TimeBank + AQUAINT,
TBAQ-cleaned) and MEANTIME, against each document's creation time (DCT).

Scored on TIMEX3 of type DATE. TIME, DURATION and SET gold expressions are left out of
the scores; a system span overlapping one of them is ignored (neither right nor wrong),
because TimeExpr carries no type. MEANTIME's dateline (the CREATION_TIME TIMEX3 anchored
in the text) counts as a gold DATE; TIMEX3 without tokens (empty, inferred) are skipped, and only MEANTIME's annotated head
(the first six sentences: title, dateline, lead) is read.

Usage: .venv/bin/python benchmarks/bench_dates.py [--bench ../shared/bench] [--errors N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from newsfuse.analyze.times import find_times, timex_value


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Doc:
    name: str
    text: str
    dct: dt.date | None
    gold: list[Gold]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _parse_date(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    return dt.date(*map(int, m.groups())) if m else None


def read_timeml(path: Path) -> Doc:
    """Inline TimeML: strip tags from <TEXT>, keep TIMEX3 offsets into the plain text."""
    raw = path.read_text(encoding="utf-8")
    dct_tag = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct = _parse_date(dict(_ATTR.findall(dct_tag.group()))["value"]) if dct_tag else None
    body = raw[raw.index("<TEXT>") + 6:raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex: tuple[int, dict] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1):
            start, attrs = open_timex
            text = "".join(out)[start:length]
            gold.append(Gold(start, length, attrs.get("type", ""), attrs.get("value", ""), text))
            open_timex = None
        else:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
    out.append(html.unescape(body[pos:]))
    return Doc(path.name, "".join(out), dct, gold)


MEANTIME_ANNOTATED_SENTENCES = 6  # title, dateline and first sentences: the rest is unannotated


def read_meantime(path: Path) -> Doc:
    """CAT XML: tokens joined by spaces (one line per sentence); TIMEX3 via token anchors.
    Only the annotated head of each article is kept, so unannotated text is not scored."""
    root = ET.parse(path).getroot()
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    length, sentence = 0, None
    for tok in root.iter("token"):
        if int(tok.get("sentence", "0")) >= MEANTIME_ANNOTATED_SENTENCES:
            break
        if sentence is not None:
            sep = "\n" if tok.get("sentence") != sentence else " "
            parts.append(sep)
            length += 1
        sentence = tok.get("sentence")
        word = tok.text or ""
        offsets[tok.get("t_id")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
    text = "".join(parts)
    gold, dct = [], None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(timex.get("value", ""))
        ids = [a.get("t_id") for a in timex.iter("token_anchor")]
        if not ids:
            continue
        start = min(offsets[i][0] for i in ids)
        end = max(offsets[i][1] for i in ids)
        gold.append(Gold(start, end, timex.get("type", ""), timex.get("value", ""), text[start:end]))
    return Doc(path.stem, text, dct, gold)


def _norm(value: str | None) -> str | None:
    return value.upper() if value else None


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    other_gold: int = 0
    other_hit: int = 0


def score(docs: list[Doc], errors: int = 0) -> tuple[Tally, float]:
    tally = Tally()
    shown = 0
    began = time.perf_counter()
    results = [find_times(d.text, d.dct) for d in docs]
    elapsed = time.perf_counter() - began
    for doc, found in zip(docs, results):
        gold = [g for g in doc.gold if g.type == "DATE"]
        other = [g for g in doc.gold if g.type != "DATE"]
        tally.gold += len(gold)
        tally.other_gold += len(other)
        used: set[int] = set()
        for expr in found:
            match = next((i for i, g in enumerate(gold) if i not in used
                          and expr.start < g.end and expr.end > g.start), None)
            if match is None:
                hits = [g for g in other if expr.start < g.end and expr.end > g.start]
                if hits:
                    tally.other_hit += 1
                    continue
                tally.system += 1
                if shown < errors:
                    shown += 1
                    print(f"  FP  {doc.name}: {expr.text!r} -> {timex_value(expr)}")
                continue
            used.add(match)
            g = gold[match]
            tally.system += 1
            tally.relaxed += 1
            tally.strict += (expr.start, expr.end) == (g.start, g.end)
            ok = _norm(timex_value(expr)) == _norm(g.value)
            tally.value += ok
            if not ok and shown < errors:
                shown += 1
                print(f"  VAL {doc.name} (dct {doc.dct}): {expr.text!r} -> {timex_value(expr)} gold {g.text!r} {g.value}")
        for i, g in enumerate(gold):
            if i not in used and shown < errors:
                shown += 1
                print(f"  FN  {doc.name}: {g.text!r} {g.value}")
    return tally, elapsed


def _prf(hit: int, system: int, gold: int) -> tuple[float, float, float]:
    p = hit / system if system else 0.0
    r = hit / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, docs: list[Doc], errors: int) -> None:
    tally, elapsed = score(docs, errors)
    chars = sum(len(d.text) for d in docs)
    print(f"\n## {name}: {len(docs)} documents, {tally.gold} gold DATE "
          f"({tally.other_gold} TIME/DURATION/SET excluded; {tally.other_hit} system spans on them ignored)")
    print(f"{'measure':<22}{'P':>8}{'R':>8}{'F1':>8}")
    for label, hit in (("strict span", tally.strict), ("relaxed span", tally.relaxed),
                       ("value", tally.value)):
        p, r, f = _prf(hit, tally.system, tally.gold)
        print(f"{label:<22}{p:8.3f}{r:8.3f}{f:8.3f}")
    acc = tally.value / tally.relaxed if tally.relaxed else 0.0
    print(f"value accuracy of relaxed matches: {acc:.3f} ({tally.value}/{tally.relaxed})")
    print(f"speed: {len(docs) / elapsed:.0f} docs/s, {chars / elapsed / 1e6:.2f} M chars/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors per corpus")
    args = parser.parse_args(argv)
    tbaq = args.bench / "tempeval3" / "TBAQ-cleaned"
    meantime = args.bench / "meantime" / "meantime_newsreader_english_oct15" / "intra-doc_annotation"
    if not tbaq.is_dir() or not meantime.is_dir():
        print(f"benchmark data not found under {args.bench} (pass --bench)", file=sys.stderr)
        return 2
    for name, folder in (("TempEval-3 TimeBank", tbaq / "TimeBank"), ("TempEval-3 AQUAINT", tbaq / "AQUAINT")):
        report(name, [read_timeml(p) for p in sorted(folder.glob("*.tml"))], args.errors)
    all_tbaq = [read_timeml(p) for p in sorted(tbaq.glob("*/*.tml")) if p.parent.name != "testpipeline"]
    report("TempEval-3 TBAQ (TimeBank + AQUAINT)", all_tbaq, 0)
    report("MEANTIME (English, intra-doc)", [read_meantime(p) for p in sorted(meantime.glob("*/*.xml"))],
           args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
