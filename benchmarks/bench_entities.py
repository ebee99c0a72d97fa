"""Entity mentions and cross-document entity coreference on MEANTIME (English, 120 Wikinews
articles in 4 topics), read from ../shared/bench/meantime.

What is measured:
1. Mention detection, relaxed (any character overlap), against MEANTIME's *named* entity
   mentions (syntactic_type NAM or PRE.NAM) of type PER, ORG, LOC. Recall counts those gold
   mentions that some predicted mention overlaps. Precision counts predicted mentions that
   overlap *any* annotated entity mention (MEANTIME also annotates nominal and pronoun
   mentions, products and financial entities; a prediction on such a span is not wrong).
   Baseline: the raw spaCy entities (PERSON ORG GPE LOC FAC NORP) before our corrections.
2. Cross-document entity coreference: B-cubed over the gold named mentions that the system
   detected, gold clusters = MEANTIME instance ids (corpus-level), system clusters = the
   Entity.key after merge_entities over all documents of a topic. Baselines cluster the same
   mentions by exact surface string and by normalised surface (no article/possessive, lower case).

3. Duplicate names (one name, one entity): over real reports (MEANTIME, ECB+, GVA local
   news), the share of a document's entities whose normalised name (accents folded) equals
   another of its entities' names, or is a single word that is the first name or surname
   of one of its PERSON entities ("Oleksandr" beside "Oleksandr Prokudin"); for GVA also
   per story (an incident's reports merged with merge_entities). Baseline: spaCy's own
   entities, one per distinct (text, label).

Run: .venv/bin/python benchmarks/bench_entities.py [--limit N] [--dup-docs N]
     (N MEANTIME documents per topic; N ECB+ and GVA documents for the duplicate count)
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

from newsfuse.analyze.entities import extract_entities, merge_entities, normalise
from newsfuse.analyze.gazetteer import normalize as fold
from newsfuse.analyze.nlp import load_nlp, parse, split_sentences

BENCH = Path(__file__).resolve().parents[1].parent / "shared/bench"
ROOT = BENCH / "meantime/meantime_newsreader_english_oct15"
GOLD_TYPES = {"PER", "ORG", "LOC"}
NAMED = {"NAM", "PRE.NAM"}
# which of our labels a gold type corresponds to, to pick the predicted mention of a gold
# span that covers several ("U.S. automaker Chrysler" is one gold ORG mention)
FAMILIES = {"PER": {"PERSON"}, "ORG": {"ORG", "MILITARY"}, "LOC": {"GPE", "LOC", "FAC", "NORP"}}
BASELINE_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "'", "n't", "%", "''", "'re", "'ve", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "$", "``"}


def read_document(path: Path):
    """Text rebuilt from MEANTIME's tokens (title and dateline on their own lines), the
    gold entity mentions with character spans, their type, syntactic type and instance id."""
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    parts, offsets, prev_sent, prev = [], {}, None, None
    pos = 0
    for tok in tokens:
        word = tok.text or ""
        sent = tok.get("sentence")
        if prev is not None:
            sep = "\n" if sent != prev_sent and prev_sent in ("0", "1") else ""
            if not sep and word not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev, prev_sent = word, sent
    text = "".join(parts)
    markables = root.find("Markables")
    entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
    refers = {}
    for rel in root.find("Relations").findall("REFERS_TO"):
        target = rel.find("target").get("m_id")
        for src in rel.findall("source"):
            refers[src.get("m_id")] = target
    gold = []
    for m in markables.findall("ENTITY_MENTION"):
        anchors = [offsets[a.get("t_id")] for a in m.findall("token_anchor") if a.get("t_id") in offsets]
        if not anchors:
            continue
        ent = entities.get(refers.get(m.get("m_id")))
        gold.append({
            "start": min(a[0] for a in anchors), "end": max(a[1] for a in anchors),
            "type": ent.get("ent_type") if ent is not None else None,
            "instance": (ent.get("instance_id") or None) if ent is not None else None,
            "syntactic": m.get("syntactic_type") or "",
        })
    return text, gold


def bcubed(gold: dict[int, str], system: dict[int, str]) -> tuple[float, float, float]:
    g_clusters, s_clusters = defaultdict(set), defaultdict(set)
    for item, c in gold.items():
        g_clusters[c].add(item)
    for item, c in system.items():
        s_clusters[c].add(item)
    p = r = 0.0
    for item in gold:
        g, s = g_clusters[gold[item]], s_clusters[system[item]]
        overlap = len(g & s)
        p += overlap / len(s)
        r += overlap / len(g)
    n = len(gold) or 1
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def duplicates(entities: list[tuple[str, str]]) -> tuple[int, int, list[str]]:
    """(entities sharing a name, entities, the names) for one document's or story's
    (name, type) list; see the module docstring."""
    names = [fold(n) for n, _ in entities]
    persons = [names[i].split() for i, (_, t) in enumerate(entities) if t == "PERSON" and len(names[i].split()) > 1]
    counts = Counter(names)
    dup = []
    for name in names:
        words = name.split()
        if counts[name] > 1 or (len(words) == 1 and any(words[0] in (p[0], p[-1]) for p in persons)):
            dup.append(name)
    return len(dup), len(names), dup


def gva_stories(limit: int) -> list[list[tuple[str, str]]]:
    """The first incidents' reports (header lines dropped), grouped by incident."""
    import json

    data = json.loads((BENCH / "gva/incidents.json").read_text(encoding="utf-8"))["incidents"]
    stories, n = [], 0
    for inc in sorted(data):
        docs = []
        for name in data[inc]["documents"]:
            raw = (BENCH / "gva/docs" / name).read_text(encoding="utf-8", errors="replace")
            lines = raw.splitlines()
            body = [ln for ln in lines if not re.match(r"^(title|date|url):", ln)]
            title = next((ln[6:].strip() for ln in lines if ln.startswith("title:")), "")
            docs.append((name, (title + "\n" if title else "") + "\n".join(body).strip()))
        stories.append(docs)
        n += len(docs)
        if n >= limit:
            break
    return stories


def ecb_documents(limit: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_clustering import load_ecbplus

    docs, _ = load_ecbplus(BENCH / "ecbplus")
    step = max(1, len(docs) // limit) if limit else 1
    return [(d.id, (d.title + "\n" if d.title else "") + d.text) for d in docs[::step][:limit or None]]


def duplicate_report(meantime_docs: list[tuple[str, object, list]], dup_docs: int) -> None:
    """Section 3: duplicate-name rates per corpus, ours beside raw spaCy."""
    rows = []

    def run(corpus: str, texts: list[tuple[str, str]]):
        ours, raw, examples = [0, 0], [0, 0], Counter()
        per_doc = []
        for _, text in texts:
            doc = parse(text)
            _, ents = extract_entities(text, doc, split_sentences(text, doc))
            per_doc.append(ents)
            d, n, names = duplicates([(e.name, e.type) for e in ents])
            ours[0] += d
            ours[1] += n
            examples.update(names)
            spacy_ents = sorted({(e.text, e.label_) for e in doc.ents if e.label_ in BASELINE_LABELS})
            d, n, _ = duplicates(spacy_ents)
            raw[0] += d
            raw[1] += n
        rows.append((corpus, len(texts), ours, raw, examples))
        return per_doc

    rows_meantime = [(name, text) for name, text, _ in meantime_docs]
    run("MEANTIME", rows_meantime)
    run("ECB+", ecb_documents(dup_docs))
    stories = gva_stories(dup_docs)
    per_doc = run("GVA", [d for story in stories for d in story])
    story_dup = [0, 0]
    k = 0
    for story in stories:
        merged, _ = merge_entities(per_doc[k:k + len(story)])
        k += len(story)
        d, n, _ = duplicates([(e.name, e.type) for e in merged])
        story_dup[0] += d
        story_dup[1] += n
    print("\n3. Duplicate names: share of a document's entities that repeat another's name (target < 0.5%)")
    print(f"{'corpus':<10} {'docs':>5} {'entities':>8} {'newsfuse':>9} {'spaCy raw':>10}   most repeated")
    for corpus, n, ours, raw, examples in rows:
        top = ", ".join(f"{k} x{v}" for k, v in examples.most_common(5))
        print(f"{corpus:<10} {n:>5} {ours[1]:>8} {ours[0] / max(1, ours[1]):9.2%} {raw[0] / max(1, raw[1]):10.2%}   {top}")
    total = [sum(r[2][0] for r in rows), sum(r[2][1] for r in rows)]
    total_raw = [sum(r[3][0] for r in rows), sum(r[3][1] for r in rows)]
    print(f"{'all':<10} {sum(r[1] for r in rows):>5} {total[1]:>8} {total[0] / max(1, total[1]):9.2%} "
          f"{total_raw[0] / max(1, total_raw[1]):10.2%}")
    print(f"GVA per story ({len(stories)} incidents, reports merged): {story_dup[0] / max(1, story_dup[1]):.2%} "
          f"of {story_dup[1]} entities")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="documents per topic (0 = all)")
    ap.add_argument("--dup-docs", type=int, default=200, help="ECB+ and GVA documents for the duplicate count")
    ap.add_argument("--no-dup", action="store_true", help="skip section 3")
    args = ap.parse_args()
    base = ROOT / "intra_cross-doc_annotation"
    if not base.is_dir():
        print(f"MEANTIME not found at {base}", file=sys.stderr)
        return 1
    load_nlp()
    det = {name: Counter() for name in ("newsfuse", "spaCy raw")}
    recall_by_type = {name: Counter() for name in ("newsfuse", "spaCy raw")}
    gold_by_type = Counter()
    coref_rows = []
    pooled_gold, pooled_sys, pooled_exact, pooled_norm = {}, {}, {}, {}
    seconds, n_docs, n_chars = 0.0, 0, 0
    meantime_docs: list = []
    for topic in sorted(p for p in base.iterdir() if p.is_dir()):
        files = sorted(topic.glob("*.xml"))
        if args.limit:
            files = files[: args.limit]
        per_doc_entities, matched = [], []
        for path in files:
            try:
                text, gold = read_document(path)
            except (ET.ParseError, OSError) as exc:
                print(f"skipping {path.name}: {exc}", file=sys.stderr)
                continue
            t0 = time.perf_counter()
            doc = parse(text)
            sentences = split_sentences(text, doc)
            mentions, entities = extract_entities(text, doc, sentences)
            seconds += time.perf_counter() - t0
            n_docs += 1
            n_chars += len(text)
            per_doc_entities.append(entities)
            meantime_docs.append((path.name, text, entities))
            named = [g for g in gold if g["type"] in GOLD_TYPES and g["syntactic"] in NAMED]
            any_gold = [(g["start"], g["end"]) for g in gold]
            systems = {
                "newsfuse": [(m.start, m.end) for m in mentions],
                "spaCy raw": [(e.start_char, e.end_char) for e in doc.ents if e.label_ in BASELINE_LABELS],
            }
            for g in named:
                gold_by_type[g["type"]] += 1
            for name, preds in systems.items():
                det[name]["pred"] += len(preds)
                det[name]["pred_ok"] += sum(any(overlaps(p, g) for g in any_gold) for p in preds)
                det[name]["gold"] += len(named)
                for g in named:
                    if any(overlaps(p, (g["start"], g["end"])) for p in preds):
                        det[name]["gold_ok"] += 1
                        recall_by_type[name][g["type"]] += 1
            for g in named:
                if not g["instance"]:
                    continue
                family = FAMILIES[g["type"]]
                best = max(mentions, default=None, key=lambda m: (
                    overlaps((m.start, m.end), (g["start"], g["end"])), m.label in family,
                    min(m.end, g["end"]) - max(m.start, g["start"])))
                if best is None or not overlaps((best.start, best.end), (g["start"], g["end"])):
                    continue
                matched.append((g["instance"], best.entity, text[best.start:best.end]))
        if not per_doc_entities:
            continue
        _, mapping = merge_entities(per_doc_entities)
        gold_c = {i: m[0] for i, m in enumerate(matched)}
        sys_c = {i: mapping.get(m[1], m[1]) for i, m in enumerate(matched)}
        exact_c = {i: m[2] for i, m in enumerate(matched)}
        norm_c = {i: normalise(m[2]) for i, m in enumerate(matched)}
        coref_rows.append((topic.name, len(files), len(matched), len(set(gold_c.values())),
                           bcubed(gold_c, sys_c), bcubed(gold_c, exact_c), bcubed(gold_c, norm_c)))
        for i in gold_c:
            k = f"{topic.name}#{i}"
            pooled_gold[k], pooled_sys[k] = topic.name + gold_c[i], topic.name + sys_c[i]
            pooled_exact[k], pooled_norm[k] = topic.name + exact_c[i], topic.name + norm_c[i]

    print(f"MEANTIME English, {n_docs} documents; extraction {n_docs / seconds:.1f} docs/s, "
          f"{n_chars / seconds / 1000:.1f} k chars/s (parse + entities)\n")
    print("1. Mention detection (relaxed overlap) vs gold named PER/ORG/LOC mentions")
    print(f"{'system':<10} {'P':>6} {'R':>6} {'F1':>6}   {'R PER':>6} {'R ORG':>6} {'R LOC':>6}  (pred, gold)")
    for name, c in det.items():
        p = c["pred_ok"] / (c["pred"] or 1)
        r = c["gold_ok"] / (c["gold"] or 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        by = [recall_by_type[name][t] / (gold_by_type[t] or 1) for t in ("PER", "ORG", "LOC")]
        print(f"{name:<10} {p:6.3f} {r:6.3f} {f:6.3f}   {by[0]:6.3f} {by[1]:6.3f} {by[2]:6.3f}  ({c['pred']}, {c['gold']})")
    print("\n2. Cross-document entity coreference, B-cubed over detected gold named mentions")
    print(f"{'topic':<14} {'docs':>4} {'ments':>5} {'gold ents':>9}   {'newsfuse P/R/F1':>20}   "
          f"{'exact-string F1':>15} {'normalised F1':>13}")
    for topic, docs, n, ents, ours, exact, norm in coref_rows:
        print(f"{topic:<14} {docs:>4} {n:>5} {ents:>9}   {ours[0]:6.3f} {ours[1]:6.3f} {ours[2]:6.3f}   "
              f"{exact[2]:15.3f} {norm[2]:13.3f}")
    ours, exact, norm = bcubed(pooled_gold, pooled_sys), bcubed(pooled_gold, pooled_exact), bcubed(pooled_gold, pooled_norm)
    print(f"{'all (pooled)':<14} {n_docs:>4} {len(pooled_gold):>5} {len(set(pooled_gold.values())):>9}   "
          f"{ours[0]:6.3f} {ours[1]:6.3f} {ours[2]:6.3f}   {exact[2]:15.3f} {norm[2]:13.3f}")
    if not args.no_dup:
        duplicate_report(meantime_docs, args.dup_docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
