"""Every real text in ../shared/bench as a newsfuse Document, corpus by corpus.

Used by bench_robustness.py (every text through analysis), bench_events.py (typed
reports) and a fast sample in tests/test_robustness.py. Each reader yields Documents in
a stable order with the document's own date when the corpus gives one (ECB+ datelines
are left to the pipeline; GVA's, PolNeAR's, TimeML's DCT and UCI's timestamp are used).
Nothing here is copied into the repository: the texts are read in place.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from newsfuse.model import Document

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"
CORPORA = ("ecbplus", "meantime", "lgl", "geovirus", "timebank", "polnear", "uci", "gva")


def _date(value: str | None) -> dt.date | None:
    m = re.match(r"(\d{4})-?(\d\d)-?(\d\d)", value or "")
    if not m:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        return None


def detokenize(tokens: list[str]) -> str:
    """Space-joined tokens back to ordinary punctuation spacing."""
    text = " ".join(tokens)
    text = re.sub(r"`` ?|''", '"', text)
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r" ('s|'re|'ve|'ll|'d|n't|')\b", r"\1", text)
    return text


def _token_lines(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    sents: dict[int, list[str]] = defaultdict(list)
    for tok in root.iter("token"):
        sents[int(tok.get("sentence", "0"))].append(tok.text or "")
    return [detokenize(sents[k]) for k in sorted(sents)]


def ecbplus(base: Path = BENCH) -> Iterator[Document]:
    for path in sorted((base / "ecbplus" / "ECB+").glob("*/*.xml")):
        lines = _token_lines(path)
        url = None
        if lines and lines[0].startswith("http"):
            url = lines.pop(0).replace(" ", "")
        yield Document(id=f"ecbplus:{path.name}", path=str(path), text="\n".join(lines), url=url)


def meantime(base: Path = BENCH) -> Iterator[Document]:
    for path in sorted((base / "meantime").glob("*/intra-doc_annotation/*/*.xml")):
        root = ET.parse(path).getroot()
        dct = next((_date(t.get("value")) for t in root.iter("TIMEX3")
                    if t.get("functionInDocument") == "CREATION_TIME"), None)
        yield Document(id=f"meantime:{path.stem}", path=str(path), text="\n".join(_token_lines(path)), published=dct)


def _geoparsing(name: str, file: str, base: Path) -> Iterator[Document]:
    root = ET.parse(base / "geoparsing" / file).getroot()
    for n, art in enumerate(root.iter("article")):
        yield Document(id=f"{name}:{n}", path=f"{base / 'geoparsing' / file}#{n}", text=art.findtext("text") or "")


def lgl(base: Path = BENCH) -> Iterator[Document]:
    return _geoparsing("lgl", "lgl.xml", base)


def geovirus(base: Path = BENCH) -> Iterator[Document]:
    return _geoparsing("geovirus", "GeoVirus.xml", base)


def timebank(base: Path = BENCH) -> Iterator[Document]:
    """TimeBank and AQUAINT (TBAQ-cleaned): the <TEXT> with tags stripped, DCT as date."""
    for path in sorted((base / "tempeval3" / "TBAQ-cleaned").glob("*/*.tml")):
        raw = path.read_text(encoding="utf-8")
        tag = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
        value = re.search(r'value="([^"]*)"', tag.group()) if tag else None
        body = raw[raw.index("<TEXT>") + 6 : raw.index("</TEXT>")] if "<TEXT>" in raw else raw
        text = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
        yield Document(id=f"timebank:{path.name}", path=str(path), text=text,
                       published=_date(value.group(1)) if value else None)


def polnear(base: Path = BENCH) -> Iterator[Document]:
    dates: dict[str, dt.date | None] = {}
    meta = base / "polnear" / "metadata.tsv"
    if meta.exists():
        for line in meta.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) > 5:
                dates[cols[1]] = _date(cols[5])
    for part in ("train", "dev"):
        for path in sorted((base / "polnear" / part / "text").glob("*.txt")):
            yield Document(id=f"polnear:{path.stem}", path=str(path), text=path.read_text(encoding="utf-8"),
                           published=dates.get(path.stem))


def uci(base: Path = BENCH) -> Iterator[Document]:
    import csv

    path = base / "uci_news_stories" / "uci-news-aggregator_first6367.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row.get("TITLE"):
                continue
            try:
                day = dt.datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, dt.timezone.utc).date()
            except (ValueError, TypeError, KeyError, OverflowError):
                day = None
            yield Document(id=f"uci:{row['ID']}", path=f"{path}#{row['ID']}", text=row["TITLE"],
                           title=row["TITLE"], outlet=row.get("PUBLISHER"), published=day)


def read_gva(path: Path) -> Document:
    """A GVA report: ``title:``/``date:``/``url:`` header lines, a blank line, the text."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    head, _, body = raw.partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    return Document(id=f"gva:{path.stem}", path=str(path), text=body.strip(), title=meta.get("title"),
                    url=meta.get("url"), published=_date(meta.get("date")))


def gva(base: Path = BENCH) -> Iterator[Document]:
    for path in sorted((base / "gva" / "docs").glob("*.txt")):
        yield read_gva(path)


READERS = {"ecbplus": ecbplus, "meantime": meantime, "lgl": lgl, "geovirus": geovirus,
           "timebank": timebank, "polnear": polnear, "uci": uci, "gva": gva}


def available(base: Path = BENCH) -> bool:
    return (base / "README.md").exists()


def documents(name: str, limit: int | None = None, every: int = 1, base: Path = BENCH) -> list[Document]:
    """The corpus ``name``'s documents; ``every`` keeps each n-th (a spread-out sample),
    ``limit`` caps the count after that."""
    out = []
    for n, doc in enumerate(READERS[name](base)):
        if n % every:
            continue
        out.append(doc)
        if limit is not None and len(out) >= limit:
            break
    return out
