"""Which candidate spans name places: a small logistic model over cheap context features.

spaCy's small model labels many places ORG or PERSON ("Gainesville residents", "Tartus")
and many people and acronyms GPE ("Saakashvili", "UN"). Every capitalised span that the
gazetteer knows (or that spaCy calls a place) is scored here from what is around it: the
model's label, the gazetteer's readings (size, kind, exact name), the preposition before
it, "X, State" and "X County" patterns, a title or first name beside it, the alias
table's own type for the name (an organisation, a person, a ship), ship words around it,
and whether the same name is called a place elsewhere in the document.

The weights are data (``data/place_recognition.json``) fitted by
``scripts/train_place_recognition.py`` on the even-indexed articles of LGL and GeoVirus;
the held-out (odd) scores are recorded in that file and in the README.
"""
from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources

from .gazetteer import Candidate, get_gazetteer, normalize

LABELS = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "OTHER", "NONE")
STRONG_PREPS = {"in", "near", "at", "outside", "inside", "around", "across", "towards", "toward",
                "into", "through", "throughout", "across"}
WEAK_PREPS = {"from", "to", "of", "via", "over", "on", "between", "for", "and"}
SHIP_WORDS = {"ship", "vessel", "freighter", "tanker", "boat", "carrier", "frigate", "cruiser",
              "destroyer", "submarine", "warship", "yacht", "ferry", "containership", "crew",
              "hull", "captain", "sailed", "docked", "vessel's", "ship's"}
PERSON_WORDS = {"said", "says", "told", "added", "wrote", "asked", "stated", "explained"}
NON_PLACE_TYPES = {"PERSON", "ORG", "MILITARY", "VESSEL", "NORP", "EVENT", "OTHER"}
_STATE_AFTER = re.compile(r"\s*,\s*((?:[A-Z][\w.]*\.?)(?:\s+[A-Z][\w.]*){0,2})")

FEATURES = (
    "bias", *(f"label_{x}" for x in LABELS), "name_part", "log_size", "country_or_admin1",
    "city", "admin2", "facility", "region", "exact", "no_candidates", "log_candidates",
    "strong_prep", "weak_prep", "title_before", "first_name_before", "surname_after",
    "kind_word", "state_after", "is_state_after_place", "sentence_initial", "all_caps",
    "one_token", "three_tokens", "table_non_place", "table_place", "demonym", "possessive",
    "ship_context", "same_name_place_label", "same_name_person_label", "the_before",
    "lowercase_elsewhere", "speech_verb_after", "party_tag", "person_x_prep",
    "org_x_prep", "none_x_prep", "person_x_size", "big_city", "local_noun_after", "dateline",
    "compass_before", "list_with_place", "event_object", "home_state_reading", "repeated",
)
# Nouns a place name modifies in local news ("Gainesville residents", "Laconia man").
LOCAL_NOUNS = {"police", "residents", "resident", "officials", "official", "man", "woman", "men",
               "women", "family", "families", "home", "homes", "couple", "teen", "teenager", "boy",
               "girl", "mayor", "council", "schools", "school", "area", "native", "business",
               "businesses", "hospital", "fire", "sheriff", "department", "apartment", "community",
               "neighbors", "neighborhood", "voters", "students", "city", "county", "township",
               "authorities", "campus", "church", "library", "airport", "office", "district"}


@functools.lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights and threshold; a missing file means every span is kept that the
    old rules would keep (weights all zero, threshold 0)."""
    path = resources.files("newsfuse") / "data" / "place_recognition.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"weights": {}, "threshold": 0.0}
    return data


# A span below the threshold is still taken when the same name is taken elsewhere in the
# document and it scores at least this much (tuned on the even halves).
SAME_NAME_THRESHOLD = 0.15


def probability(features: list[float]) -> float:
    weights = model()["weights"]
    z = sum(weights.get(name, 0.0) * value for name, value in zip(FEATURES, features))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold() -> float:
    return float(model().get("threshold", 0.5))


def _table_type(surface: str) -> str | None:
    """The alias table's type for a name ("UN" ORG, "Dali" VESSEL), None when unknown.
    A country's own entry is a place."""
    from .entities import _table_key, table_entry

    key = _table_key(surface)
    entry = table_entry(key) if key else None
    return entry.type if entry else None


@functools.lru_cache(maxsize=4096)
def _is_demonym(key: str) -> bool:
    from .places import _demonyms

    return key in _demonyms()


def is_demonym(surface: str, cands: list[Candidate]) -> bool:
    """A people's adjective or plural that names no place exactly ("Ukrainian",
    "Americans"; not "Georgia")."""
    return _is_demonym(normalize(surface)) and not any(c.exact for c in cands)


GENERIC = {"first", "central", "region", "area", "downtown", "metro", "city", "county", "state",
           "port", "harbor", "harbour", "river", "lake", "bay", "island", "valley", "park", "airport",
           "base", "bridge", "station", "dam", "north", "south", "east", "west", "northern",
           "southern", "eastern", "western", "northwest", "northeast", "southwest", "southeast"}


def never_a_place(surface: str, vessels: set[str]) -> bool:
    """Names that are not places whatever the context: a bare generic word ("Port",
    "Central"), a name the alias table types as a person, organisation, armed force or
    ship ("UN", "Hamas"), or a ship the document names ("the container ship Dali")."""
    key = normalize(surface)
    if key in GENERIC or key in vessels:
        return True
    return _table_type(surface) in NON_PLACE_TYPES


def doc_context(doc) -> dict:
    """Per-document counts the features read: how often each name is labelled a place or
    a person by the model, and which words occur in lower case."""
    place, person = {}, {}
    for ent in doc.ents:
        key = normalize(ent.text)
        if ent.label_ in ("GPE", "LOC"):
            place[key] = place.get(key, 0) + 1
        elif ent.label_ == "PERSON":
            person[key] = person.get(key, 0) + 1
            for tok in ent:  # "Tom Dooher" makes "Dooher" a person's name
                k = normalize(tok.text)
                if k != key:
                    person[k] = person.get(k, 0) + 1
    lower = {t.text for t in doc if t.text.islower()}
    counts: dict[str, int] = {}  # how often each capitalised word is written in the text
    for t in doc:
        if t.text[:1].isupper():
            k = normalize(t.text)
            counts[k] = counts.get(k, 0) + 1
    from .entities import vessel_names

    text = doc.text  # built from the tokens on each access: read once
    return {"place": place, "person": person, "lower": lower, "text": text, "counts": counts,
            "vessels": {normalize(n) for n in vessel_names(text)}}


def features(doc, span, surface: str, cands: list[Candidate], ent_label: str | None,
             part: bool, context: dict, *, hint: str | None, party: bool = False,
             dateline: bool = False, compass: bool = False, event: bool = False,
             home=None) -> list[float]:
    """The feature vector of one candidate span (order: FEATURES). ``home`` is the
    outlet's home state (``places.Home``): a local paper's "Gainesville", which spaCy
    calls a person or an organisation in every mention, is a town of that state."""
    from .places import TITLES, _size

    label = ent_label if ent_label in LABELS else ("OTHER" if ent_label else "NONE")
    prev = doc[span.start - 1] if span.start > 0 else None
    prev_word = prev.lower_.rstrip(".") if prev is not None else ""
    nxt = doc[span.end] if span.end < len(doc) else None
    best = max(cands, key=_size) if cands else None
    size = _size(best) if best else 0.0
    kinds = {c.kind for c in cands}
    exact = any(c.exact for c in cands)
    key = normalize(surface)
    text = context["text"]
    end_char = span.start_char + len(surface) if text[span.start_char:].startswith(surface) else span.end_char
    after = text[end_char:end_char + 40]
    m = _STATE_AFTER.match(after)
    state_after = bool(m) and any(c.kind in ("admin1", "country") and c.exact
                                  for c in get_gazetteer().lookup(m.group(1)))
    before = text[max(0, span.start_char - 40):span.start_char]
    state_second = bool(re.search(r"[A-Z][\w.'-]*,\s*$", before)) and "admin1" in kinds
    window = {t.lower_ for t in doc[max(0, span.start - 4):min(len(doc), span.end + 4)]}
    ttype = _table_type(surface)
    strong_prep = float(prev_word in STRONG_PREPS)
    weak_prep = float(prev_word in WEAK_PREPS)
    prep = max(strong_prep, 0.5 * weak_prep)
    first_name = prev is not None and prev.ent_type_ == "PERSON" and prev.is_title and not part
    surname = (nxt is not None and nxt.ent_type_ == "PERSON" and nxt.is_title
               and ent_label in ("PERSON", None))
    place_n = context["place"].get(key, 0) - (ent_label in ("GPE", "LOC"))
    person_n = context["person"].get(key, 0) - (ent_label == "PERSON")
    log_size = math.log10(size + 10) / 7 if best else 0.0
    return [
        1.0, *(float(label == x) for x in LABELS), float(part), log_size,
        float(any(c.kind in ("country", "admin1") and (c.exact or normalize(c.name).startswith(key + " "))
                  for c in cands)), float("city" in kinds),
        float("admin2" in kinds), float("facility" in kinds and exact),
        float(bool(kinds & {"region", "sea", "continent"})), float(exact), float(not cands),
        math.log1p(len(cands)) / 3, strong_prep, weak_prep, float(prev_word in TITLES),
        float(first_name), float(surname), float(hint is not None), float(state_after),
        float(state_second), float(bool(doc[span.start].is_sent_start)), float(surface.isupper() and len(surface) > 3),
        float(len(span) == 1), float(len(span) >= 3),
        float(ttype in NON_PLACE_TYPES), float(ttype in ("GPE", "LOC", "FAC")),
        float(_is_demonym(key) and not exact),
        float(nxt is not None and nxt.text in ("'s", "’s", "ʼs")),
        float(bool(window & SHIP_WORDS)), math.log1p(max(0, place_n)), math.log1p(max(0, person_n)),
        float(prev_word == "the"), float(surface.lower() in context["lower"]),
        float(nxt is not None and nxt.lower_ in PERSON_WORDS), float(party),
        float(label == "PERSON") * prep, float(label == "ORG") * prep, float(label == "NONE") * prep,
        float(label == "PERSON") * log_size,
        float(best is not None and best.kind == "city" and best.population >= 100_000),
        float(nxt is not None and nxt.lower_ in LOCAL_NOUNS), float(dateline), float(compass),
        float(_in_place_list(doc, span)), float(event),
        float(home is not None and any(c.exact and c.kind in ("city", "admin2") and c.country == home.country
                                       and c.admin1 == home.admin1 for c in cands)),
        math.log1p(context["counts"].get(key, 0)) / 2,
    ]


def _in_place_list(doc, span) -> bool:
    """"Latakia, Hama, and Tartus": a list item next to one the model calls a place."""
    seps = {",", "and", "or", "&"}
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in seps:
        i -= 1
    if i < span.start - 1 and i >= 0 and doc[i].ent_type_ in ("GPE", "LOC"):
        return True
    j = span.end
    while j < len(doc) and doc[j].lower_ in seps:
        j += 1
    return j > span.end and j < len(doc) and doc[j].ent_type_ in ("GPE", "LOC")
