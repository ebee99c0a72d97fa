"""Fusion on real local news of shootings: Gun Violence Archive incidents (../shared/bench/gva).

Each incident is one real shooting with 1-17 local reports and gold date, city, coordinates
and killed/injured counts. Incidents are split into halves by a stable hash of their id
(even = tuning, odd = held-out); each half is measured apart, held-out first. A sample of
multi-report incidents plus some singletons is run through the shipped path in ONE store
(ingest, analysis, incremental clustering, fusion, the JSON report), so clustering works
among many events of the same type. Measured:

(a) story clustering, gold story = incident: BCubed P/R/F1 beside all-singletons and a
    TF-IDF + threshold baseline (threshold tuned on the even half's sample);
(b) the casualty aspect, per incident with 2+ reports, on the story holding most of its
    reports: killed and injured each stated as ONE fact (split rate), the leading value's
    interval (the victims' toll plus the perpetrator's fate, a separate aspect of the
    picture, as GVA counts a suspect killed or injured among its killed or injured) holds the gold count (precision over incidents where it is stated, recall
    over incidents with a gold count > 0), independent sources vs distinct original
    outlets, and contradictions on incidents whose reports agree with gold (read by a plain
    count pattern); beside a constant baseline (the even half's most common count) and a
    pattern baseline (majority of the counts a regex reads in the incident's reports);
(c) the event's place (within 161 km of gold; same city) and date (= gold, +-1 day) beside
    the trivial baselines (the story's most mentioned place; the earliest report's date);
(d) the first screen: every bottom-line fact (established and single-source) with its
    independent sources beside the distinct original outlets of its reports (a fact cannot
    have more independent witnesses than the outlets telling it plus the sources they
    name, and seldom has), and its label: a heading, caption, reaction or generic leading
    the bottom line (``bad_label``, the benchmark's own reading, matching real titles).

Works with the event-centred picture and the older one (see fusionkit).

Usage: nice -n 10 .venv/bin/python benchmarks/bench_gva.py [--incidents 150] [--half odd|even|both]
       [--seed 0] [--errors 10] [--min-reports 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

import fusionkit as kit

GVA = kit.BENCH / "gva"


# -- data --------------------------------------------------------------------------------
def load_incidents() -> dict[str, dict]:
    return json.loads((GVA / "incidents.json").read_text())["incidents"]


def sample(incidents: dict[str, dict], half: str, n: int, seed: int, min_reports: int = 0) -> list[str]:
    """``n`` incidents of ``half``: three quarters with 2+ reports, a quarter singletons; with
    ``min_reports``, only incidents with that many reports (the big stories an analyst reads)."""
    ids = sorted(i for i in incidents if kit.stable_half(i) == half)
    if min_reports:
        big = [i for i in ids if len(incidents[i]["documents"]) >= min_reports]
        return sorted(random.Random(seed).sample(big, min(n, len(big))))
    multi = [i for i in ids if len(incidents[i]["documents"]) >= 2]
    single = [i for i in ids if len(incidents[i]["documents"]) == 1]
    rng = random.Random(seed)
    n_multi = min(len(multi), round(0.75 * n))
    return sorted(rng.sample(multi, n_multi) + rng.sample(single, min(len(single), n - n_multi)))


def original_site(url: str | None) -> str | None:
    """The newspaper's host inside a web.archive.org URL (else the URL's own host)."""
    if not url:
        return None
    m = re.search(r"web\.archive\.org/web/[^/]+/(.+)$", url)
    inner = m.group(1) if m else url
    if not re.match(r"https?://", inner):
        inner = "http://" + inner
    host = (urlparse(inner).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# -- (a) clustering ------------------------------------------------------------------------
def bcubed(clusters: list[list[str]], gold: dict[str, str]) -> tuple[float, float, float]:
    size = Counter(gold[d] for c in clusters for d in c)
    p = r = 0.0
    n = 0
    for c in clusters:
        labels = Counter(gold[d] for d in c)
        for d in c:
            p += labels[gold[d]] / len(c)
            r += labels[gold[d]] / size[gold[d]]
            n += 1
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r)


def tfidf(texts: list[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows (lower-cased word tokens, sublinear tf)."""
    toks = [re.findall(r"[a-z][a-z'-]+|\d+", t.lower()) for t in texts]
    df = Counter(w for ts in toks for w in set(ts))
    vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c >= 1)}
    idf = np.array([math.log((1 + len(texts)) / (1 + df[w])) + 1 for w in vocab])
    m = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for r, ts in enumerate(toks):
        for w, c in Counter(ts).items():
            m[r, vocab[w]] = (1 + math.log(c)) * idf[vocab[w]]
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9
    return m


def tfidf_clusters(ids: list[str], texts: list[str], threshold: float) -> list[list[str]]:
    """Incremental baseline: each report joins the most similar story centroid at cosine >=
    ``threshold``, else starts a story (arrival order = publication order)."""
    m = tfidf(texts)
    cents: list[np.ndarray] = []
    members: list[list[str]] = []
    for i, d in enumerate(ids):
        if cents:
            sims = np.array([float(m[i] @ c) / (np.linalg.norm(c) + 1e-9) for c in cents])
            j = int(sims.argmax())
            if sims[j] >= threshold:
                cents[j] = cents[j] + m[i]
                members[j].append(d)
                continue
        cents.append(m[i].copy())
        members.append([d])
    return members


# -- (b) casualties ------------------------------------------------------------------------
def majority_story(stories: list[dict], docs: set[str]) -> dict | None:
    best = max(stories, key=lambda s: len(docs & set(s["documents"])), default=None)
    return best if best and docs & set(best["documents"]) else None


def pattern_reading(texts: list[str], role: str) -> tuple[float, float | None] | None:
    """The pattern baseline: the most common count the regex reads in the reports."""
    reads = [(c.low, c.high) for t in texts for c in kit.read_counts(t, role)[:1]]
    return Counter(reads).most_common(1)[0][0] if reads else None


def reports_agree(texts: list[str], gold: dict) -> bool:
    """Every count the pattern reads in every report holds the gold count."""
    for role, key in (("killed", "num_killed"), ("injured", "num_injured")):
        if gold[key] is None:
            return False
        for t in texts:
            for c in kit.read_counts(t, role):
                if not kit.holds(c.low, c.high, gold[key]):
                    return False
    return True


def is_casualty_contradiction(c: dict, story: dict) -> bool:
    if c.get("aspect"):
        return c["aspect"] in ("killed", "injured", "dead", "wounded")
    if c.get("kind") != "number":
        return False
    texts = kit.claim_texts(story)
    return any(re.search(r"kill|dead|died|injur|wound|hurt|hospital|shot", texts.get(x, ""), re.I)
               for x in c.get("claims", []))


# -- (c) place and date ------------------------------------------------------------------------
def event_place_date(story: dict) -> tuple[dict | None, str | None]:
    """(place dict, ISO date) of the story's main event: the story event the picture marks
    main, else the one with the most documents (event-centred picture), else the most
    common per-document event."""
    places = {p["id"]: p for p in story.get("places", [])}
    if story.get("story_events"):
        ev = max(story["story_events"], key=lambda e: (bool(e.get("main")), len(e.get("documents", [])),
                                                      len(e.get("claims", []))))
        return places.get(ev.get("place")), ev.get("date")
    evs = story.get("events", [])
    place = kit.most_common(e.get("place_id") for e in evs if e.get("lat") is not None)
    date = kit.most_common(e.get("date") for e in evs)
    return places.get(place), date


def baseline_place_date(story: dict, doc_dates: dict[str, str | None]) -> tuple[dict | None, str | None]:
    places = [p for p in story.get("places", []) if p.get("lat") is not None]
    place = max(places, key=lambda p: p.get("mentions", 0), default=None)
    dates = sorted(d for d in (doc_dates.get(x) for x in story["documents"]) if d)
    return place, dates[0] if dates else None


def same_city(place: dict | None, gold: dict) -> bool:
    if not place:
        return False
    norm = lambda s: re.sub(r"\b(county|city|township|parish|borough)\b|[^a-z ]", "", (s or "").lower()).strip()  # noqa: E731
    city = norm(gold.get("city_or_county"))
    names = {norm(place.get("name")), *(norm(a) for a in place.get("aliases", []))}
    return bool(city) and city in names


def day_off(a: str | None, b: str | None) -> int | None:
    if not a or not b or len(a) < 10:
        return None
    return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b)).days)


# -- one half -----------------------------------------------------------------------------------
def measure(incidents: dict[str, dict], half: str, n: int, seed: int, threshold: float | None,
            errors: int, min_reports: int = 0) -> dict:
    chosen = sample(incidents, half, n, seed, min_reports)
    paths = [GVA / "docs" / f for i in chosen for f in incidents[i]["documents"]]
    t0 = time.time()
    report, docs = kit.run_pipeline(paths)
    elapsed = time.time() - t0
    by_name = {Path(d.path).name: d for d in docs}
    gold = {by_name[f].id: i for i in chosen for f in incidents[i]["documents"] if f in by_name}
    stories = report["stories"]
    clusters = [[d for d in s["documents"] if d in gold] for s in stories]
    clusters = [c for c in clusters if c]
    out: dict = {"half": half, "incidents": len(chosen), "documents": len(gold), "seconds": round(elapsed),
                 "event_centred": any(kit.event_centred(s) for s in stories)}

    # (a) clustering
    out["newsfuse"] = bcubed(clusters, gold)
    out["singletons"] = bcubed([[d] for d in gold], gold)
    ordered = sorted(gold, key=lambda d: (by_name_doc(docs, d).published or dt.date.min, d))
    texts = [f"{by_name_doc(docs, d).title or ''}. {by_name_doc(docs, d).text}" for d in ordered]
    if threshold is None:  # tune the baseline on this (tuning) half
        grid = [round(0.05 * k, 2) for k in range(2, 17)]
        threshold = max(grid, key=lambda t: bcubed(tfidf_clusters(ordered, texts, t), gold)[2])
    out["tfidf_threshold"] = threshold
    out["tfidf"] = bcubed(tfidf_clusters(ordered, texts, threshold), gold)
    out["stories"] = len(clusters)

    # (b) casualties, (c) place and date
    text_of = {d.id: d.text for d in docs}
    date_of = {d.id: d.published.isoformat() if d.published else None for d in docs}
    c = Counter()
    ind_rows, screen_rows = [], []
    err = defaultdict(list)
    multi = [i for i in chosen if len(incidents[i]["documents"]) >= 2]
    for i in multi:
        g = incidents[i]
        members = {d for d, inc in gold.items() if inc == i}
        story = majority_story(stories, members)
        if story is None:
            continue
        c["incidents"] += 1
        rtexts = [text_of[d] for d in members]
        agree = reports_agree(rtexts, g)
        contra = story.get("contradictions", [])
        c["contradictions"] += len(contra)
        c["casualty_contradictions"] += sum(is_casualty_contradiction(x, story) for x in contra)
        c["place_contradictions"] += sum(x.get("aspect") == "place" for x in contra)
        if agree:
            c["agreeing"] += 1
            c["contradictions_agreeing"] += len(contra)
            cas = [x for x in contra if is_casualty_contradiction(x, story)]
            c["casualty_contradictions_agreeing"] += len(cas)
            c["place_contradictions_agreeing"] += sum(x.get("aspect") == "place" for x in contra)
            for x in contra:
                err["false contradiction"].append(f"incident {i} ({g['city_or_county']}, killed {g['num_killed']}, "
                                                  f"injured {g['num_injured']}):\n  " + kit.describe_contradiction(x, story))
        for role, key in (("killed", "num_killed"), ("injured", "num_injured")):
            want = g[key]
            if want is None:
                continue
            facts = kit.casualty_facts(story, role)
            c[f"{role}_gold_pos"] += want > 0
            # a perpetrator wounded and killed is one of GVA's killed, none of its injured
            fate = [] if role == "injured" and kit.casualty_facts(story, "perpetrator killed") else \
                kit.casualty_facts(story, f"perpetrator {role}")
            lead = with_perpetrator(facts, fate)
            if lead:
                c[f"{role}_stated"] += 1
                c[f"{role}_split"] += len(facts) > 1
                ok = kit.holds(lead["low"], lead["high"], want)
                c[f"{role}_right"] += ok
                c[f"{role}_right_pos"] += ok and want > 0
                if not ok:
                    err[f"wrong {role}"].append(f"incident {i}: gold {want}; picture says {lead['value']!r} "
                                                f"({lead['fact'].get('statement', '')[:150]!r})")
                if len(facts) > 1:
                    err[f"split {role}"].append(f"incident {i}: " + " | ".join(repr(f["value"]) for f in facts[:4]))
                outlets = {original_site(by_name_doc(docs, d).url) for d in lead["documents"] if by_name_doc(docs, d)}
                ind_rows.append((lead["independent_sources"] or 0, len(outlets)))
            elif want > 0:
                err[f"missing {role}"].append(f"incident {i}: gold {want}; no {role} fact")
            base = pattern_reading(rtexts, role)
            if base:
                c[f"{role}_base_stated"] += 1
                ok = kit.holds(base[0], base[1], want)
                c[f"{role}_base_right"] += ok
                c[f"{role}_base_right_pos"] += ok and want > 0
            c[f"{role}_gold_known"] += 1
            c[f"{role}_const_right"] += want == CONSTANT[role]
            c[f"{role}_const_right_pos"] += want == CONSTANT[role] and want > 0
        # the first screen: every bottom-line fact's sources beside its outlets, and its label
        fact_of = {f["id"]: f for f in story.get("facts", [])}
        titles = {" ".join((by_name_doc(docs, d).title or "").lower().split()) for d in story["documents"]
                  if by_name_doc(docs, d)}
        bottom = story.get("bottom_line") or {}
        shown = [fact_of[f] for f in [*bottom.get("established", []), *bottom.get("single_source", [])] if f in fact_of]
        for k, f in enumerate(shown):
            outlets = {original_site(by_name_doc(docs, d).url) for d in f["documents"] if by_name_doc(docs, d)}
            screen_rows.append((f["independent_sources"] or 0, len(outlets)))
            bad = bad_label(f.get("statement", ""), titles)
            c["labels"] += 1
            c["labels_bad"] += bool(bad)
            c["leads"] += k == 0
            c["leads_bad"] += k == 0 and bool(bad)
            if bad:
                err[f"{bad} label"].append(f"incident {i}: {f.get('statement', '')[:140]!r}")
        # (c) place and date
        for name, (place, date) in (("newsfuse", event_place_date(story)),
                                    ("baseline", baseline_place_date(story, date_of))):
            if place is not None:
                c[f"{name}_place_stated"] += 1
                if place.get("lat") is not None and g.get("lat") is not None:
                    near = haversine_km((place["lat"], place["lon"]), (g["lat"], g["lon"])) <= 161
                    c[f"{name}_place_161"] += near
                    if name == "newsfuse" and not near:
                        err["far place"].append(f"incident {i}: gold {g['city_or_county']}, {g['state']}; "
                                                f"event place {place.get('name')} ({place.get('country')})")
                c[f"{name}_place_city"] += same_city(place, g)
            off = day_off(date, g["date"])
            if off is not None:
                c[f"{name}_date_stated"] += 1
                c[f"{name}_date_exact"] += off == 0
                c[f"{name}_date_1"] += off <= 1
                if name == "newsfuse" and off > 1:
                    err["wrong date"].append(f"incident {i}: gold {g['date']}; event date {date}")
    out["counts"] = dict(c)
    out["independence"] = ind_rows
    out["screen"] = screen_rows
    outlets = Counter((d.outlet or "") for d in docs)
    out["archive_outlet_share"] = sum(v for k, v in outlets.items() if "archive.org" in k) / max(1, len(docs))
    out["errors"] = {k: v[:errors] for k, v in err.items()}
    out["error_totals"] = {k: len(v) for k, v in err.items()}
    return out


def leading(facts: list[dict]) -> dict | None:
    return max(facts, key=lambda f: (f["independent_sources"] or 0, len(f["documents"])), default=None)


def with_perpetrator(victims: list[dict], perpetrator: list[dict]) -> dict | None:
    """The picture's figure comparable with GVA's count: GVA counts every participant
    killed (injured), the suspect among them, while the picture keeps the victims' toll
    apart from the perpetrator's fate ("police killed the gunman, who killed three
    officers": three killed, the gunman killed). So the leading victims' value plus the
    leading perpetrator value (an interval sum, open when either is), or either alone."""
    v, p = leading(victims), leading(perpetrator)
    if v is None or p is None:
        return v or p
    if v["low"] is None or p["low"] is None:
        return v
    high = None if v["high"] is None or p["high"] is None else v["high"] + p["high"]
    return {**v, "value": f"{v['value']} + {p['value']}", "low": v["low"] + p["low"], "high": high}


_DEBRIS = re.compile(r"^(read more|related|share|embed|close|skip|watch|video|photos?|gallery|click|sign up|"
                     r"email newsletters|subscribe)\b|[|•►▶]", re.I)


def bad_label(text: str, titles: set[str]) -> str | None:
    """The benchmark's own reading of a bottom-line label an analyst should not be led by:
    a report's headline or page debris ("heading"), a first-person or quoted reaction
    ("reaction"), a habitual generic ("generic"). Kept apart from newsfuse's fuse/labels.py
    where it can be: headlines are matched against the story's real titles."""
    plain = " ".join(text.split())
    words = re.findall(r"[A-Za-z][A-Za-z']*", plain)
    if plain.lower().rstrip(".") in {t.rstrip(".") for t in titles} or _DEBRIS.search(plain) \
            or (len(words) >= 3 and plain.upper() == plain):
        return "heading"
    if re.search(r"\b(I|we|my|our|me|us)\b", plain, re.I) or plain[:1] in "\"“":
        return "reaction"
    if re.search(r"\b(often|usually|typically|always|generally|frequently|regularly|routinely)\b", plain, re.I):
        return "generic"
    return None


CONSTANT = {"killed": 0, "injured": 1}  # most common gold counts (set from the even half in main)
_DOC_INDEX: dict[int, dict] = {}


def by_name_doc(docs, doc_id):
    index = _DOC_INDEX.setdefault(id(docs), {d.id: d for d in docs})
    return index.get(doc_id)


def print_half(r: dict) -> None:
    c = r["counts"]
    label = "held-out (odd)" if r["half"] == "odd" else "tuning (even)"
    print(f"\n## GVA {label}: {r['incidents']} incidents, {r['documents']} reports, {r['stories']} stories; "
          f"picture: {'event-centred' if r['event_centred'] else 'older (claims as facts)'}; {r['seconds']} s")
    print("\n(a) story clustering, gold story = incident (BCubed)\n")
    rows = [["newsfuse (shipped path)", *map(kit.fmt, r["newsfuse"])],
            [f"TF-IDF + threshold {r['tfidf_threshold']}", *map(kit.fmt, r["tfidf"])],
            ["all singletons", *map(kit.fmt, r["singletons"])]]
    print(kit.table(rows, ["system", "P", "R", "F1"]))
    print(f"\n(b) casualty aspect on {c.get('incidents', 0)} incidents with 2+ reports "
          f"(story holding most of the incident's reports)\n")
    rows = []
    for role in ("killed", "injured"):
        known, pos = c.get(f"{role}_gold_known", 0), c.get(f"{role}_gold_pos", 0)
        p, rr, f = kit.prf(c.get(f"{role}_right", 0), c.get(f"{role}_stated", 0), pos)
        rr = c.get(f"{role}_right_pos", 0) / pos if pos else None
        rows.append([f"{role}: newsfuse", kit.fmt(p), kit.fmt(rr), f"{c.get(f'{role}_stated', 0)}/{known}",
                     kit.fmt(c.get(f"{role}_split", 0) / max(1, c.get(f"{role}_stated", 0)))])
        bp = c.get(f"{role}_base_right", 0) / max(1, c.get(f"{role}_base_stated", 0))
        rows.append([f"{role}: pattern baseline", kit.fmt(bp), kit.fmt(c.get(f"{role}_base_right_pos", 0) / pos if pos else None),
                     f"{c.get(f'{role}_base_stated', 0)}/{known}", "-"])
        rows.append([f"{role}: constant {CONSTANT[role]}", kit.fmt(c.get(f"{role}_const_right", 0) / max(1, known)),
                     kit.fmt(c.get(f"{role}_const_right_pos", 0) / pos if pos else None), f"{known}/{known}", "-"])
    print(kit.table(rows, ["value", "P (right / stated)", "R (right / gold > 0)", "stated", "split rate"]))
    n, agree = max(1, c.get("incidents", 0)), c.get("agreeing", 0)
    print(f"\ncontradictions per incident: all {c.get('contradictions', 0) / n:.2f} "
          f"(casualty {c.get('casualty_contradictions', 0) / n:.2f}, place {c.get('place_contradictions', 0) / n:.2f}); "
          f"on the {agree} incidents whose reports agree with gold: {c.get('contradictions_agreeing', 0) / max(1, agree):.2f} "
          f"(casualty {c.get('casualty_contradictions_agreeing', 0) / max(1, agree):.2f}, "
          f"place {c.get('place_contradictions_agreeing', 0) / max(1, agree):.2f}); never-flag baseline 0.00")
    ind = r["independence"]
    if ind:
        over = sum(a > b for a, b in ind) / len(ind)
        print(f"independent sources of the leading casualty value: mean {np.mean([a for a, _ in ind]):.2f} vs "
              f"{np.mean([b for _, b in ind]):.2f} distinct original outlets among its reports; "
              f"more sources than outlets in {over:.1%}")
    screen = r.get("screen")
    if screen:
        over = sum(a > b for a, b in screen) / len(screen)
        print(f"bottom-line facts ({len(screen)}): independent sources mean {np.mean([a for a, _ in screen]):.2f} vs "
              f"{np.mean([b for _, b in screen]):.2f} distinct original outlets among its reports; more sources than "
              f"outlets in {over:.1%}; max {max(a for a, _ in screen)} (outlets-as-sources baseline: 0.0%)")
        print(f"bottom-line labels that are a heading, caption, reaction or generic (bad_label): "
              f"{c.get('labels_bad', 0)}/{c.get('labels', 0)} ({c.get('labels_bad', 0) / max(1, c.get('labels', 0)):.1%}); "
              f"of the first line: {c.get('leads_bad', 0)}/{c.get('leads', 0)}")
    print(f"documents whose outlet is the archive's domain: {r['archive_outlet_share']:.1%}")
    print(f"\n(c) event place and date ({n} incidents)\n")
    rows = []
    for name, label in (("newsfuse", "newsfuse event"), ("baseline", "baseline (most mentioned place / earliest report date)")):
        rows.append([label, f"{c.get(f'{name}_place_stated', 0) / n:.3f}", f"{c.get(f'{name}_place_161', 0) / n:.3f}",
                     kit.fmt(c.get(f"{name}_place_161", 0) / max(1, c.get(f"{name}_place_stated", 0))),
                     f"{c.get(f'{name}_place_city', 0) / n:.3f}",
                     f"{c.get(f'{name}_date_exact', 0) / n:.3f}", f"{c.get(f'{name}_date_1', 0) / n:.3f}",
                     kit.fmt(c.get(f"{name}_date_1", 0) / max(1, c.get(f"{name}_date_stated", 0)))])
    print(kit.table(rows, ["system", "place stated", "R@161km", "P@161km", "same city", "date exact", "R date +-1",
                           "P date +-1"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--incidents", type=int, default=150, help="incidents per half (3/4 with 2+ reports)")
    ap.add_argument("--half", choices=["odd", "even", "both"], default="both")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--errors", type=int, default=10, help="failures of each kind to print")
    ap.add_argument("--min-reports", type=int, default=0,
                    help="only incidents with this many reports or more (big stories; no singletons)")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    incidents = load_incidents()
    even = [v for k, v in incidents.items() if kit.stable_half(k) == "even"]
    for role, key in (("killed", "num_killed"), ("injured", "num_injured")):
        CONSTANT[role] = Counter(v[key] for v in even if v[key] is not None).most_common(1)[0][0]
    results = []
    # the TF-IDF baseline's threshold is tuned on the even half's sample, for both halves
    threshold = tune_threshold(incidents, sample(incidents, "even", args.incidents, args.seed, args.min_reports))
    for half in (["odd", "even"] if args.half == "both" else [args.half]):
        r = measure(incidents, half, args.incidents, args.seed, threshold, args.errors, args.min_reports)
        print_half(r)
        results.append(r)
    for r in results:
        print(f"\n### failures ({r['half']} half), first {args.errors} of each kind; totals {r['error_totals']}")
        for kind, items in r["errors"].items():
            print(f"\n{kind}:")
            for x in items:
                print("  " + x)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


def tune_threshold(incidents: dict[str, dict], ids: list[str]) -> float:
    """The TF-IDF baseline's threshold that maximises BCubed F1 on the even sample."""
    from newsfuse.ingest.sources import read_sources

    paths = [str(GVA / "docs" / f) for i in ids for f in incidents[i]["documents"]]
    docs = [d for d in read_sources(paths) if hasattr(d, "text")]
    inc_of = {f: i for i in ids for f in incidents[i]["documents"]}
    gold = {d.id: inc_of[Path(d.path).name] for d in docs}
    docs.sort(key=lambda d: (d.published or dt.date.min, d.id))
    texts = [f"{d.title or ''}. {d.text}" for d in docs]
    grid = [round(0.05 * k, 2) for k in range(2, 17)]
    return max(grid, key=lambda t: bcubed(tfidf_clusters([d.id for d in docs], texts, t), gold)[2])


if __name__ == "__main__":
    sys.exit(main())
