"""Contradiction detection on changed copies of real multi-report stories.

Stories: GVA incidents with 2-4 reports (../shared/bench/gva, the held-out odd half by
default), ECB+ sub-topics (3 reports of one real event each), the two seed reports, and
the four stories of examples/ (docs/example-corpus.md). Each story is fused as one story
(the gold grouping, so clustering errors do not enter), then changed copies of it are
fused: in ONE report one thing is changed where another report states the same thing:

- count:  a killed/injured count ("two people were killed" -> "six people were killed"; a
          small figure is raised only in a report published no later than every other,
          since a higher figure in the latest report reads as an update, not a conflict);
- date:   a weekday or month-day the report gives ("Wednesday" -> "Saturday", "March 26" -> "March 12");
- place:  a city every mention of it in that report, to a real city over 1,000 km away;
- actor:  who acted, in the sentence where they act (a named person -> another name; a
          nationality adjective -> another);
- compatible changes that must NOT be flagged: "at least 5" -> 7, "two" -> "at least two".

A changed day or town is also marked *plain* when both the changed report and another
report give it to the happening itself (spaCy's parse: the governing word is a happening
word, or the town is the report's dateline; see tells_happening); recall is printed over
all changes and over the plain ones (a vigil's day or a suspect's home town changed is
no disagreement about the shooting that any reader could see).

A change is found when the changed story has a contradiction on the right aspect that
involves the changed report and was not in the unchanged story. False alarms are the
contradictions the unchanged stories produce (on GVA and ECB+ reports that agree; the
examples carry four real disputes, scored by bench_picture). The trivial baselines are
"never flag" (recall 0, no false alarms) and "flag every change" (recall 1, and every
compatible change flagged).

Usage: nice -n 10 .venv/bin/python benchmarks/bench_contradictions.py [--stories 30] [--seed 0]
       [--half odd|even] [--errors 10]
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import fusionkit as kit
from newsfuse.model import Document

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FAR_CITIES = {  # name: (lat, lon, country[, state])
    "Spokane": (47.66, -117.43, "US", "Washington"), "Tucson": (32.22, -110.97, "US", "Arizona"),
    "Bangor": (44.80, -68.77, "US", "Maine"), "Miami": (25.76, -80.19, "US", "Florida"),
    "Anchorage": (61.22, -149.90, "US", "Alaska"), "Lisbon": (38.72, -9.14, "PT"),
    "Manila": (14.60, 120.98, "PH"), "Perth": (-31.95, 115.86, "AU"), "Winnipeg": (49.90, -97.14, "CA"),
    "Nairobi": (-1.29, 36.82, "KE"),
}
US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|"
    "Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|"
    "Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|"
    "Virginia|Washington|West Virginia|Wisconsin|Wyoming|Ala\\.|Ariz\\.|Ark\\.|Calif\\.|Colo\\.|Conn\\.|Del\\.|"
    "Fla\\.|Ga\\.|Ill\\.|Ind\\.|Kan\\.|Ky\\.|La\\.|Md\\.|Mass\\.|Mich\\.|Minn\\.|Miss\\.|Mo\\.|Mont\\.|"
    "Neb\\.|Nev\\.|N\\.H\\.|N\\.J\\.|N\\.M\\.|N\\.Y\\.|N\\.C\\.|N\\.D\\.|Okla\\.|Ore\\.|Pa\\.|R\\.I\\.|"
    "S\\.C\\.|S\\.D\\.|Tenn\\.|Va\\.|Vt\\.|Wash\\.|Wis\\.|W\\.Va\\.|Wyo\\.|"
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY")
NATIONALITIES = ["Russian", "Ukrainian", "Syrian", "Turkish", "Israeli", "Iranian", "American", "British",
                 "French", "Chinese", "Belarusian", "Polish"]
OTHER_NAME = ("Marcus Whitfield", "Whitfield")
ACTION = r"(?:shot|killed|fired|opened fire|stabbed|attacked|struck|hit|blew up|destroyed|captured|seized|shelled|" \
         r"bombed|rammed|crashed|launched|ordered|led|drove|robbed|arrested|announced|declared|resigned|fled)"
NUMBER_WORDS = {v: k for k, v in kit.WORD_NUMBERS.items() if " " not in k and k not in ("a", "an", "no", "both", "dozen")}


@dataclass
class Change:
    kind: str  # count, date, place, actor, compatible
    doc: str
    before: str
    after: str
    sentence: str  # the changed sentence, after the change
    aspect: str  # the aspect it should be flagged on (count, date, place, agent)
    role: str | None = None
    text: str = field(default="", repr=False)  # the changed report's whole body
    plain: bool = True  # another report states the changed thing of the happening itself (see plain_day / plain_place)


@dataclass
class StoryCase:
    corpus: str
    name: str
    docs: list[Document]
    unchanged: dict = field(default_factory=dict)


# -- stories -------------------------------------------------------------------------------
def gva_stories(n: int, half: str, rng: random.Random) -> list[StoryCase]:
    incidents = json.loads((kit.BENCH / "gva" / "incidents.json").read_text())["incidents"]
    ids = sorted(i for i, v in incidents.items() if 2 <= len(v["documents"]) <= 4 and kit.stable_half(i) == half)
    out = []
    for i in rng.sample(ids, min(n, len(ids))):
        docs = kit.read_documents(kit.BENCH / "gva" / "docs" / f for f in incidents[i]["documents"])
        if len(docs) >= 2:
            out.append(StoryCase("gva", f"gva {i}", docs))
    return out


def ecb_stories(n: int, half: str, rng: random.Random) -> list[StoryCase]:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_clustering import load_ecbplus

    docs, gold = load_ecbplus(kit.BENCH / "ecbplus")
    groups: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        groups[gold[d.id]].append(d)
    wanted = 0 if half == "even" else 1
    names = sorted(g for g in groups if int(g.split("_")[0]) % 2 == wanted and len(groups[g]) >= 3)
    return [StoryCase("ecb+", f"ecb+ {g}", rng.sample(groups[g], 3)) for g in rng.sample(names, min(n, len(names)))]


def example_stories() -> list[StoryCase]:
    keys = {"quake": r"earthquake|quake", "dam": r"\bdam\b|kakhovka", "syria": r"assad|damascus|tartus|khmeimim|hmeimim",
            "bridge": r"key bridge|baltimore|patapsco|\bdali\b"}
    groups: dict[str, list[Document]] = defaultdict(list)
    for d in kit.read_documents([kit.EXAMPLES]):
        text = f"{d.title or ''} {d.text}".lower()
        groups[max(keys, key=lambda k: len(re.findall(keys[k], text)))].append(d)
    out = [StoryCase("examples", f"examples {k}", v) for k, v in sorted(groups.items())]
    seeds = kit.read_documents(sorted(kit.SEEDS.glob("*.txt")))
    if seeds:
        out.append(StoryCase("seeds", "seeds", seeds))
    return out


# -- changes --------------------------------------------------------------------------------
def sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [e for e in (text.find(". ", pos), text.find("\n", pos)) if e >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()


def splice(text: str, span: tuple[int, int], new: str) -> str:
    return text[:span[0]] + new + text[span[1]:]


def render_number(n: int, like: str) -> str:
    if like.replace(",", "").isdigit():
        return f"{n:,}" if "," in like else str(n)
    word = NUMBER_WORDS.get(n, str(n))
    return word.capitalize() if like[:1].isupper() else word


PLURAL = {"man": "men", "woman": "women", "child": "children", "person": "people", "was": "were", "is": "are",
          "has": "have"}


def pluralise(phrase: str) -> str:
    """"boy was shot" -> "boys were shot": the nouns and verbs of a count phrase made plural."""
    def one(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        if low in PLURAL:
            return PLURAL[low]
        if re.fullmatch(kit.PERSON, low):
            return w + "s"
        return w
    return re.sub(r"[A-Za-z]+", one, phrase)


def count_changes(case: StoryCase, rng: random.Random) -> tuple[list[Change], list[Change]]:
    """Incompatible and compatible count changes of one report, where another report
    gives a count of the same role that the original agrees with."""
    bad, good = [], []
    docs = case.docs[:]
    rng.shuffle(docs)
    for d in docs:
        others = [o for o in case.docs if o.id != d.id]
        for role in ("killed", "injured"):
            other = [oc for o in others for oc in kit.read_counts(o.text, role)]
            for c in kit.read_counts(d.text, role):
                if re.search(r"\b(no|any|every|some)\s*$", d.text[max(0, c.span[0] - 6):c.span[0]], re.I):
                    continue  # "no one else was injured": not a count to change
                if not any(kit.holds(oc.low, oc.high, c.low) for oc in other):
                    continue  # no other report gives a count this one agrees with
                n = int(c.low)
                exact = c.low == c.high
                rest = d.text[c.span[1]:c.match[1]]
                latest = d.published is not None and all(o.published and d.published > o.published for o in others)
                # "two were killed" -> "six were killed"; "a man was" -> "five men were". A higher
                # figure in the latest report is what an update is (a toll rising over time), so
                # small figures are raised only in a report some other report does not precede.
                if exact and not bad and not (n <= 8 and latest):
                    new_n = n + 4 if n <= 8 else round(n * 0.4)  # large figures go down
                    word = render_number(new_n, c.number if c.number.lower() not in ("a", "an") else
                                         ("One" if c.number[0].isupper() else "one"))
                    bad.append(edit("count", d, (c.span[0], c.match[1]), word + (pluralise(rest) if n == 1 else rest), c, role))
                if exact and not c.qualifier and c.number.lower() not in ("a", "an") and len(good) < 2 \
                        and not any(g.after.lower().startswith("at least") for g in good):
                    # "two" -> "at least two": holds whatever holds two
                    new = ("At least " if c.number[:1].isupper() else "at least ") + \
                        (c.number[:1].lower() + c.number[1:] if c.number[:1].isupper() else c.number)
                    good.append(edit("compatible", d, c.span, new, c, role))
                elif c.qualifier in ("at least", "more than") and c.high is None and len(good) < 2:
                    # "at least 5" -> 7: inside its own interval and inside every other report's
                    new_n = int(c.low) + 2
                    q = d.text.lower().rfind(c.qualifier, 0, c.span[0])
                    if q >= 0 and all(kit.holds(oc.low, oc.high, new_n) for oc in other):
                        good.append(edit("compatible", d, (q, c.span[1]), render_number(new_n, c.number), c, role))
    return bad, good


def edit(kind: str, d: Document, span: tuple[int, int], new: str, c, role: str) -> Change:
    text = splice(d.text, span, new)
    old = d.text[span[0]:span[1]]
    ch = Change(kind, d.id, old, new, sentence_at(text, span[0]), "count", role)
    ch.text = text
    return ch


# Words that tell the happening itself: a date changed in a sentence without one (a
# byline, a timestamp, "published Thursday", a vigil) changes no date of the event.
HAPPENING = re.compile(r"\b(shot|shooting|shootings|gunfire|fired|killed|died|dead|death|wounded|injured|hurt|stabbed|"
                       r"attack\w*|explo\w+|blast|bomb\w*|quake|earthquake|struck|hit|collapsed?|destroy\w*|"
                       r"captured?|seized?|took|fled|crash\w*|happened|occurred|incident)\b", re.I)


def date_change(case: StoryCase, analyses: dict, rng: random.Random) -> Change | None:
    """A weekday or month-day of the happening in one report (a sentence that tells it)
    whose day another report also gives for the happening."""
    def event_days(d: Document) -> set:
        return {t.date for t in analyses[d.id][0].times if t.date and t.granularity == "day"
                and HAPPENING.search(sentence_at(d.text, t.start))}

    days_of = {d.id: event_days(d) for d in case.docs}
    docs = case.docs[:]
    rng.shuffle(docs)
    for d in docs:
        other_days = set().union(*(days_of[o.id] for o in case.docs if o.id != d.id))
        for t in analyses[d.id][0].times:
            if t.granularity != "day" or t.date not in other_days or not HAPPENING.search(sentence_at(d.text, t.start)):
                continue
            expr = d.text[t.start:t.end]
            m = re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", expr)
            if m:
                new = WEEKDAYS[(WEEKDAYS.index(m.group(1)) + 3) % 7]
            else:
                m = re.search(r"\b(?:(" + "|".join(MONTHS) + r")\.? (\d{1,2})|(\d{1,2}) (" + "|".join(MONTHS) + r"))\b", expr)
                if not m:
                    continue
                day = int(m.group(2) or m.group(3))
                shifted = day - 14 if day > 14 else day + 14
                new = f"{m.group(1)} {shifted}" if m.group(1) else f"{shifted} {m.group(4)}"
            span = (t.start + m.start(), t.start + m.end())
            text = splice(d.text, span, new)
            ch = Change("date", d.id, expr, expr.replace(m.group(0), new), sentence_at(text, span[0]), "date")
            ch.text = text
            ch.plain = tells_happening(d.text, (t.start, t.end)) and any(
                tells_happening(o.text, (u.start, u.end)) for o in case.docs if o.id != d.id
                for u in analyses[o.id][0].times if u.date == t.date)
            return ch
    return None


def far_city(lat: float | None, lon: float | None, country: str | None) -> str:
    if lat is None:
        return "Nairobi"
    pool = [c for c, v in FAR_CITIES.items() if (v[2] == "US") == (country == "US")]
    dist = lambda c: math.dist((lat, lon), FAR_CITIES[c][:2])  # noqa: E731 (degrees are enough to rank)
    return max(pool, key=dist)


def place_change(case: StoryCase, analyses: dict, rng: random.Random) -> Change | None:
    """Every mention of a city in one report, where another report names it too."""
    docs = case.docs[:]
    rng.shuffle(docs)
    for d in docs:
        others = " ".join(o.text for o in case.docs if o.id != d.id)
        places = sorted((p for p in analyses[d.id][0].places if p.feature in ("city", "town", "village", "admin2")
                         and p.lat is not None), key=lambda p: (p.role != "event", -p.mentions))
        people = {w for e in analyses[d.id][0].entities if e.type == "PERSON" for w in e.name.split()}
        for p in places:
            name = p.name
            rx = re.compile(rf"\b{re.escape(name)}\b", re.I)
            exact = re.compile(rf"\b{re.escape(name)}\b")
            if (not exact.search(d.text) or not exact.search(others) or len(name) < 4 or name in people
                    or re.search(rf"\b{re.escape(name.lower())}\b", d.text + others)
                    or re.search(rf"\b{re.escape(name)} (?:of|[Rr]iver)\b", d.text)):
                continue
            new = far_city(p.lat, p.lon, p.country)
            if new.lower() in (d.text + others).lower():
                continue
            state = FAR_CITIES[new][3] if len(FAR_CITIES[new]) > 3 else None
            # "Scottsbluff, Nebraska" -> "Anchorage, Alaska": the state goes with the city
            with_state = re.compile(rf"\b{re.escape(name)}\b(,\s*(?:{US_STATES})(?![A-Za-z]))?", re.I)
            text = with_state.sub(lambda m: (new.upper() if m.group(0)[:len(name)].isupper() else new)
                                  + (f", {state}" if m.group(1) and state else ""), d.text)
            pos = rx.search(d.text).start()
            ch = Change("place", d.id, name, new, sentence_at(text, pos), "place")
            ch.text = text
            ch.plain = any(tells_happening(d.text, m.span()) for m in exact.finditer(d.text)) and any(
                tells_happening(o.text, m.span()) for o in case.docs if o.id != d.id for m in exact.finditer(o.text))
            return ch
    return None


def actor_change(case: StoryCase, analyses: dict, rng: random.Random) -> Change | None:
    """Who acts, in the sentence where they act: a named person another report names too,
    or a nationality adjective before the actor, swapped for another."""
    docs = case.docs[:]
    rng.shuffle(docs)
    for d in docs:
        others = " ".join(o.text for o in case.docs if o.id != d.id)
        names = [e.name for e in analyses[d.id][0].entities if e.type == "PERSON" and len(e.name.split()) >= 2]
        for name in names:
            surname = name.split()[-1]
            if not re.search(rf"\b{re.escape(surname)}\b", others) or OTHER_NAME[1] in d.text:
                continue
            m = re.search(rf"\b(?:{re.escape(name)}|{re.escape(surname)})\b(?:,[^,.]{{1,30}},)?\s+(?:(?!(?:was|were|is|are|been|being|had|has|have|got)\b)\w+\s+)?{ACTION}\b", d.text)
            if not m:
                continue
            sent = sentence_at(d.text, m.start())
            start = d.text.find(sent)
            new_sent = re.sub(rf"\b{re.escape(name)}\b", OTHER_NAME[0], sent)
            new_sent = re.sub(rf"\b{re.escape(surname)}\b", OTHER_NAME[1], new_sent)
            text = d.text[:start] + new_sent + d.text[start + len(sent):]
            ch = Change("actor", d.id, name, OTHER_NAME[0], new_sent, "agent")
            ch.text = text
            act = acted(d.text, (m.start(), m.start() + len(surname) + 1))
            ch.plain = act is not None and any(acted(o.text, x.span()) == act for o in case.docs if o.id != d.id
                                               for x in re.finditer(rf"\b{re.escape(surname)}\b", o.text))
            return ch
        for m in re.finditer(rf"\b({'|'.join(NATIONALITIES)})\s+(?:\w+\s+){{0,2}}?{ACTION}\b", d.text):
            if m.group(1) not in others:
                continue
            new = next(x for x in NATIONALITIES if x != m.group(1) and x not in d.text + others)
            text = splice(d.text, m.span(1), new)
            ch = Change("actor", d.id, m.group(1), new, sentence_at(text, m.start()), "agent")
            ch.text = text
            act = acted(d.text, m.span(1))
            ch.plain = act is not None and any(acted(o.text, x.span(1)) == act for o in case.docs if o.id != d.id
                                               for x in re.finditer(rf"\b({m.group(1)})\b", o.text))
            return ch
    return None


# -- plain disagreements ---------------------------------------------------------------------
# A changed day or town is a plain disagreement only where both the changed report and
# another report give it to the happening itself: "was shot Monday in Detroit", "the
# shooting happened Thursday", a local dateline ("DETROIT -"). Changing the day of a vigil
# or an arraignment, a suspect's home town or a navigation link changes nothing another
# report says of the happening. Judged by spaCy's parse alone, not by newsfuse's reading.
HAPPENING_HEADS = {"shoot", "shooting", "kill", "killing", "die", "death", "dead", "wound", "injure", "hurt",
                   "stab", "stabbing", "attack", "happen", "occur", "explode", "explosion", "blast", "bomb",
                   "collapse", "destroy", "capture", "seize", "strike", "hit", "crash", "fire", "gunfire",
                   "murder", "slay", "homicide", "incident", "quake", "earthquake", "breach", "flood"}
_DASH_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Za-z. ]{1,20})?\s*(?:\([^()\n]{1,30}\)\s*)?[-–—]")


@functools.lru_cache(maxsize=1)
def _parser():
    from newsfuse.analyze.nlp import load_nlp
    return load_nlp()


def tells_happening(text: str, span: tuple[int, int]) -> bool:
    """Whether the words at ``span`` are the day or place of the happening: the first
    verb (or event noun) governing them, or a predicate it takes ("was found shot dead
    in X"), is a happening word; or they open the report as its local dateline."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    if not text[line_start:span[0]].strip() and _DASH_DATELINE.match(text[span[0]:span[1] + 40]):
        return True  # "DETROIT - ...", "LOUISVILLE, KY (WAVE) - ..."
    doc, start, toks = _parsed(text, span)
    if not toks:
        return False
    t = toks[0]
    for _ in range(12):
        if t.lemma_.lower() in HAPPENING_HEADS or t.lower_ in HAPPENING_HEADS:
            return True
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "amod":
            return any(c.lemma_.lower() in HAPPENING_HEADS for c in t.children
                       if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp", "conj", "nsubj", "nsubjpass", "dobj", "attr"))
        if t.head is t:
            return False
        t = t.head
    return False


def acted(text: str, span: tuple[int, int]) -> str | None:
    """The verb lemma the words at ``span`` are the subject (or "by" agent) of, by spaCy's
    parse: a changed actor is a plain disagreement only where another report names the
    original one doing the same act."""
    doc, start, toks = _parsed(text, span)
    for t in toks:
        for a in t.ancestors:
            if a.pos_ in ("VERB", "AUX"):
                chain = [t, *[x for x in t.ancestors if x.i != a.i and a in x.ancestors]]
                top = chain[-1]
                if top.dep_ in ("nsubj", "agent"):
                    return a.lemma_.lower()
                return None
    return None


def _parsed(text: str, span: tuple[int, int]):
    start = max(text.rfind(". ", 0, span[0]) + 1, text.rfind("\n", 0, span[0]) + 1, span[0] - 400)
    ends = [e for e in (text.find(". ", span[1]), text.find("\n", span[1])) if e >= 0]
    end = min(min(ends) if ends else len(text), span[1] + 400)
    doc = _parser()(text[start:end])
    return doc, start, [t for t in doc if span[0] <= t.idx + start < span[1]]


# -- scoring ---------------------------------------------------------------------------------
def signature(c: dict) -> tuple:
    """What makes an issue the same issue: its aspect, its claims and its sides' values
    (a changed report that joins an existing issue with a new value raises a new side)."""
    sides = frozenset(s.get("value", "") for s in c.get("sides", []) or [])
    return (kit.contradiction_aspect(c), frozenset(c.get("claims", [])), sides, c.get("explanation", "")[:60])


def new_contradictions(changed: dict, unchanged: dict, doc: str) -> list[dict]:
    before = {signature(c) for c in unchanged.get("contradictions", [])}
    return [c for c in changed.get("contradictions", [])
            if signature(c) not in before and doc in kit.contradiction_documents(c)]


def new_notes(changed: dict, unchanged: dict, doc: str) -> list[dict]:
    """One outlet's inconsistencies (two values of one aspect in its own reports) that the
    change raised: shown to the analyst as a note, not as a dispute between sources."""
    def key(n: dict) -> tuple:
        return n.get("explanation", ""), frozenset(n.get("claims", []))
    before = {key(n) for n in unchanged.get("discrepancies", []) if n.get("kind") == "inconsistent"}
    return [n for n in changed.get("discrepancies", []) if n.get("kind") == "inconsistent"
            and key(n) not in before and any(kit.doc_of(c) == doc for c in n.get("claims", []))]


def right_note(n: dict, change: Change) -> bool:
    words = {"date": "the day", "place": "the place", "actor": "the doer"}
    return words.get(change.aspect, change.role or "") in n.get("explanation", "")


def right_aspect(c: dict, change: Change) -> bool:
    aspect = kit.contradiction_aspect(c)
    if change.aspect == "count":
        return aspect == "count" or (c.get("aspect") or "").split(" in ")[0] == change.role
    return aspect == change.aspect


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stories", type=int, default=30, help="GVA incidents (ECB+ sub-topics: a third as many)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--half", choices=["odd", "even"], default="odd", help="GVA incidents / ECB+ topics of this half")
    ap.add_argument("--errors", type=int, default=10)
    ap.add_argument("--json", help="write every change and outcome here")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cases = gva_stories(args.stories, args.half, rng) + ecb_stories(max(1, args.stories // 3), args.half, rng) + example_stories()
    t0 = time.time()
    kit.analyse([d for c in cases for d in c.docs])
    rows = []
    shape = set()
    for n, case in enumerate(cases):
        analyses = kit.analyse(case.docs, progress=False)
        case.unchanged = kit.fuse_group(case.docs)
        shape.add(kit.event_centred(case.unchanged))
        bad, good = count_changes(case, rng)
        changes = bad[:1] + [x for x in (date_change(case, analyses, rng), place_change(case, analyses, rng),
                                         actor_change(case, analyses, rng)) if x] + good[:2]
        for ch in changes:
            docs = [kit.changed_copy(d, ch.text) if d.id == ch.doc else d for d in case.docs]
            picture = kit.fuse_group(docs)
            found = new_contradictions(picture, case.unchanged, ch.doc)
            flagged = any(right_aspect(c, ch) for c in found)
            rows.append({"corpus": case.corpus, "story": case.name, "kind": ch.kind, "role": ch.role,
                         "before": ch.before, "after": ch.after, "sentence": ch.sentence, "plain": ch.plain,
                         "flagged": flagged, "flagged_any": bool(found),
                         "noted": flagged or any(right_note(n, ch) for n in new_notes(picture, case.unchanged, ch.doc)),
                         "found": [kit.describe_contradiction(c, picture) for c in found[:3]]})
        rows.append({"corpus": case.corpus, "story": case.name, "kind": "unchanged",
                     "contradictions": len(case.unchanged.get("contradictions", [])),
                     "found": [kit.describe_contradiction(c, case.unchanged) for c in case.unchanged.get("contradictions", [])]})
        print(f"  story {n + 1}/{len(cases)} {case.name}: {len(changes)} changes", file=sys.stderr, flush=True)
    report(rows, shape, time.time() - t0, args.errors)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


def report(rows: list[dict], shape: set, seconds: float, errors: int) -> None:
    print(f"\n## Contradictions on changed copies of real stories ({'event-centred' if True in shape else 'older'} picture; "
          f"{seconds:.0f} s)\n")
    corpora = sorted({r["corpus"] for r in rows})
    table = []
    for kind in ("count", "date", "place", "actor"):
        for corpus in [*corpora, "all"]:
            rs = [r for r in rows if r["kind"] == kind and corpus in (r["corpus"], "all")]
            if not rs:
                continue
            plain = [r for r in rs if r.get("plain", True)]
            table.append([kind, corpus, str(len(rs)), kit.fmt(sum(r["flagged"] for r in rs) / len(rs)),
                          f"{kit.fmt(sum(r['flagged'] for r in plain) / len(plain)) if plain else '-'} ({len(plain)})",
                          kit.fmt(sum(r.get("noted", r["flagged"]) for r in rs) / len(rs)),
                          kit.fmt(sum(r["flagged_any"] for r in rs) / len(rs)), "0.000", "1.000"])
    print(kit.table(table, ["change", "corpus", "changes", "recall (right aspect)", "recall, plain disagreements (n)",
                            "+ one outlet's inconsistency noted", "recall (any new)", "never-flag", "flag-all"]))
    comp = [r for r in rows if r["kind"] == "compatible"]
    print(f"\ncompatible changes flagged (must be 0): {sum(r['flagged_any'] for r in comp)}/{len(comp)} "
          f"({kit.fmt(sum(r['flagged_any'] for r in comp) / max(1, len(comp)))}); flag-all baseline 1.000")
    bad = [r for r in rows if r["kind"] in ("count", "date", "place", "actor")]
    flagged_bad = sum(r["flagged"] for r in bad)
    flagged_good = sum(r["flagged_any"] for r in comp)
    if flagged_bad + flagged_good:
        print(f"precision over changes (flagged incompatible / all flagged changes): "
              f"{flagged_bad / (flagged_bad + flagged_good):.3f}")
    print("\nfalse alarms: contradictions in the unchanged stories, per story\n")
    table = []
    for corpus in corpora:
        rs = [r for r in rows if r["kind"] == "unchanged" and r["corpus"] == corpus]
        table.append([corpus, str(len(rs)), f"{sum(r['contradictions'] for r in rs) / len(rs):.2f}",
                      f"{sum(r['contradictions'] == 0 for r in rs) / len(rs):.2f}"])
    print(kit.table(table, ["corpus", "stories", "contradictions per story", "stories with none"]))
    print("(examples/ carry four real disputes and the seeds one: bench_picture scores those against gold)")
    print(f"\n### missed changes (first {errors})")
    for r in [r for r in bad if not r["flagged"]][:errors]:
        print(f"- {r['story']} [{r['kind']}{'' if r.get('plain', True) else ', not plain'}] {r['before']!r} -> {r['after']!r}: "
              f"{r['sentence'][:200]!r}")
        for f in r["found"][:1]:
            print("    other new contradiction: " + f.replace("\n", "\n    "))
    print(f"\n### compatible changes flagged (first {errors})")
    for r in [r for r in comp if r["flagged_any"]][:errors]:
        print(f"- {r['story']} {r['before']!r} -> {r['after']!r}: {r['sentence'][:200]!r}")
        for f in r["found"][:1]:
            print("    " + f.replace("\n", "\n    "))
    print(f"\n### false alarms on unchanged GVA / ECB+ stories (first {errors})")
    alarms = [(r["story"], f) for r in rows if r["kind"] == "unchanged" and r["corpus"] in ("gva", "ecb+") for f in r["found"]]
    kinds = Counter(f.split("]")[0] + "]" for _, f in alarms)
    print(f"by kind: {dict(kinds.most_common())}")
    for story, f in alarms[:errors]:
        print(f"- {story}: " + f.replace("\n", "\n  "))


if __name__ == "__main__":
    sys.exit(main())
