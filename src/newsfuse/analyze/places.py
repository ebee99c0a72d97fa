"""Toponym recognition and geocoding: which spans name places, and where those places are.

spaCy's small model mislabels many places (Tartus ORG, Kherson PERSON, Aleppo LANGUAGE),
so its GPE/LOC/FAC spans are only one source; capitalised spans it labels otherwise are
checked against the gazetteer and the facility table, with guards against person names
and common words. Ambiguous names are resolved with the document's country focus,
proximity to the other places, population and the feature kind the text implies.
"""
from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ..model import Mention, Place, Sentence
from . import place_recognition as recognition
from .alternation import by_first_letter
from .gazetteer import Candidate, get_gazetteer, load_facilities, normalize

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels the model gives places by mistake; PERSON needs extra care (see _plausible).
MISLABELS = {"ORG", "PERSON", "NORP", "LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
LOCATIVE_PREPS = {"in", "near", "from", "at", "to", "outside", "into", "towards", "toward",
                  "around", "across", "through", "via", "of", "over", "on", "inside", "between"}
EVENT_PREPS = {"in", "near", "at", "outside", "into", "from", "on", "over", "inside", "around",
               "across", "towards", "toward", "through"}
EVENT_VERBS = {"capture", "seize", "strike", "shell", "attack", "hit", "bomb", "leave", "flee",
               "enter", "take", "liberate", "storm", "besiege", "encircle", "target", "raid",
               "occupy", "retake", "recapture", "evacuate", "withdraw", "reach", "surround",
               "destroy", "damage", "explode", "kill", "fall", "lose", "control"}
TITLES = {"mr", "mrs", "ms", "dr", "general", "gen", "president", "minister", "colonel", "col",
          "commander", "sergeant", "sgt", "lieutenant", "lt", "captain", "capt", "major",
          "admiral", "senator", "sen", "rep", "governor", "gov", "mayor", "judge", "officer",
          "deputy", "chief", "prince", "king", "queen", "sheikh", "pope", "saint", "st",
          "detective", "professor", "prof", "spokesman", "spokeswoman", "coach", "director"}
CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "today", "christmas", "easter",
            "jan", "feb", "apr", "jun", "jul", "aug", "sept", "oct", "nov", "dec", "tues", "thurs"}
ADMIN_WORDS = {"province", "provinces", "governorate", "governorates", "oblast", "oblasts",
               "region", "regions", "county", "counties", "parish", "state", "states",
               "district", "districts", "prefecture", "department", "raion"}
PLURAL_KINDS = {"provinces": "province", "governorates": "governorate", "oblasts": "oblast",
                "regions": "region", "counties": "county", "states": "state", "districts": "district"}
CITY_WORDS = {"city", "town", "village", "capital", "port", "suburb", "outskirts"}
# Effective sizes let kinds without a population compete with cities on one scale.
KIND_SIZE = {"country": 3e7, "admin1": 3e6, "admin2": 1.5e5, "continent": 1e9,
             "sea": 3e7, "region": 1e7, "facility": 1e6}
POINT_KINDS = ("city", "admin2", "facility")
NATURAL_WORDS = {"river", "creek", "lake", "park", "valley", "township", "mount", "mountain",
                 "island", "islands", "bay", "station", "beach", "forest", "reservoir", "dam",
                 "springs", "harbor", "harbour", "port", "lakeshore", "national"}
MAX_CANDIDATES = 40
ROUNDS = 3
SUPPORT = 2.5
SHARPNESS = 2.0
EPONYM_PENALTY = 1.0
EPONYM_CITY = 100_000
REL_COUNTRY, REL_ADMIN1, REL_NEAR = 0.25, 3.0, 3.0
PLACE_LABEL_BY_KIND = {"facility": "FAC", "sea": "LOC", "region": "LOC", "continent": "LOC"}


@dataclass
class _Span:
    start: int
    end: int
    text: str
    strong: bool  # spaCy called it a place
    hint: str | None = None  # "admin" | "city" from the words around it
    event: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    kind_word: str | None = None  # "province" in "Hama province", as written


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _clean(text: str) -> tuple[int, int]:
    """Offsets (relative) of a span without a leading "the" and a trailing possessive."""
    s, e = 0, len(text)
    m = re.match(r"(?i)the\s+", text)
    if m:
        s = m.end()
    m = re.search(r"['’ʼ]s?$", text[s:])
    if m:
        e = s + m.start()
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return s, e


def _size(c: Candidate) -> float:
    return max(float(c.population), KIND_SIZE.get(c.kind, 1.0)) if c.kind != "city" else float(c.population)


def _prior(c: Candidate, hint: str | None) -> float:
    """Context-free plausibility: size on a log scale, an exact (not alternate) name,
    and the feature kind the surrounding words ask for."""
    score = math.log10(_size(c) + 10)
    if c.exact:
        score += 1.5
    if c.kind == "country":
        score += 0.3
    elif c.kind == "city" and c.population >= 100_000:
        score += 0.7  # a big city is what a bare name usually means ("Washington")
    if hint == "admin" and c.kind.startswith("admin") or hint == "admin1" and c.kind == "admin1":
        score += 4.0
    elif hint == "city" and c.kind == "city":
        score += 1.5
    return score


def _hint(doc, start_tok: int, end_tok: int) -> str | None:
    """"Hama province", "provinces of Latakia, Hama", "the city of Hama"."""
    nxt = doc[end_tok].lower_ if end_tok < len(doc) else ""
    if nxt in ADMIN_WORDS:
        return "admin"
    if nxt in CITY_WORDS:
        return "city"
    # Back over a list of names only ("the provinces of Latakia, Hama and Tartus"): "the
    # Puno region of Peru on the border of Bolivia" says nothing of Bolivia.
    i = start_tok - 1
    while i > 0 and i > start_tok - 12:
        tok = doc[i]
        if tok.lower_ == "of":
            before = doc[i - 1].lower_
            return "admin" if before in ADMIN_WORDS else "city" if before in CITY_WORDS else None
        if not (tok.lower_ in {",", "and", "or", "the"} or tok.text[:1].isupper()):
            return None
        i -= 1
    return None


_STATE_BEFORE = re.compile(r"(?:\b[DRI]-|\b(?:upstate|[Ss]tate of)\s+)$")
_PLACE_COMMA = re.compile(r"((?:[A-Z][\w.'-]*\s+){0,2}[A-Z][\w.'-]*),\s*$")
_STATE_END = re.compile(r"\s*(?:$|[,.;:)\"”]|\s+[a-z])")


def context_hint(text: str, start: int, end: int) -> str | None:
    """A state/province reading from the characters around a span that names one: the
    second half of "Buffalo, New York" or "Long Island, N.Y.", a party-state tag
    ("D-N.Y."), "upstate New York", "the state of Washington", "New York state". Needs
    no parse, so a caller with bare spans (and ``find_places``) can use it."""
    gaz = get_gazetteer()
    if not any(c.kind == "admin1" and c.exact for c in gaz.lookup(text[start:end])):
        return None
    before = text[max(0, start - 40):start]
    if _STATE_BEFORE.search(before) or re.match(r"\s+state\b", text[end:end + 10]):
        return "admin1"
    m = _PLACE_COMMA.search(before)
    if m and _STATE_END.match(text[end:end + 3]):
        words = m.group(1).split()
        if any(c.kind in ("city", "admin2") for k in range(len(words))
               for c in gaz.lookup(" ".join(words[k:]))):
            return "admin1"
    return None


def _is_event(doc, start_tok: int, end_tok: int) -> bool:
    """Where something happened: object of a locative preposition attached to a verb,
    or the object of an event verb ("captured Damascus", "left Tartus")."""
    head = doc[start_tok:end_tok].root
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in CITY_WORDS | ADMIN_WORDS:
        head = head.head.head  # "captured the city of Tartus": judge "the city"
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ in EVENT_PREPS:
        verb = gov.head
        if verb.pos_ in ("VERB", "AUX") or (verb.pos_ == "NOUN" and verb.lemma_ in
                                            {"fighting", "attack", "strike", "clash", "offensive", "explosion"}):
            return True
    if head.dep_ in ("dobj", "nsubjpass") and gov.lemma_ in EVENT_VERBS:
        return True
    return False


def _facility_spans(text: str) -> list[tuple[int, int]]:
    """Multi-word facility names ("Khmeimim Air Base") found by their aliases in the text."""
    pattern = _facility_pattern()
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


@functools.lru_cache(maxsize=1)
def _facility_pattern() -> re.Pattern | None:
    """One alternation of every multi-word facility name and alias, longest first,
    grouped by first letter (``alternation.by_first_letter``: the same matches in a
    quarter of the time)."""
    names = {n for f in load_facilities() for n in (f["name"], *f["aliases"]) if " " in n or "-" in n}
    alts = sorted(names, key=len, reverse=True)
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + by_first_letter(alts, ignore_case=True) + r")(?!\w)", re.IGNORECASE)


_COMPASS = re.compile(r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|Northern|"
                      r"Southern|Eastern|Western|Central|Upstate|Downstate)(?:ern)?\s+")
_DATELINE = re.compile(r"(?:^|(?<=[\n.!?] ))((?:[A-Z][A-Z.'-]+)(?:\s+[A-Z][A-Z.'-]+){0,2})"
                       r"(?=(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*(?:\([A-Za-z ]+\)\s*)?(?:--|—|–|-)\s)",
                       re.MULTILINE)
_PARTY_TAG = re.compile(r"\b(?:[DRI]|DFL)-((?:[A-Z][a-z]+)(?:\s+[A-Z][a-z]+)?)(?=[,;)\s])")


def _collect_spans(text: str, doc, samples: list | None = None, home: Home | None = None) -> list[_Span]:
    """Candidate toponym spans, longest first, without overlaps, each kept when the
    recognition model (``place_recognition``) scores it a place. ``samples``, when given,
    receives (start, end, features) of every candidate scored, overlapping ones included
    (the training script's view)."""
    gaz = get_gazetteer()
    found: list[_Span] = []
    taken = [False] * (len(text) + 1)
    training = samples is not None
    context = recognition.doc_context(doc)
    accepted: set[str] = set()
    doubtful: list[tuple] = []

    def claim(s: int, e: int) -> bool:
        if s >= e or any(taken[s:e]):
            return False
        for i in range(s, e):
            taken[i] = True
        return True

    for s, e in _facility_spans(text):
        span = doc.char_span(s, e, alignment_mode="expand")
        cands = [c for c in gaz.lookup(text[s:e]) if c.kind == "facility"]
        if cands and span is not None and claim(s, e):
            found.append(_Span(s, e, text[s:e], True, None, _is_event(doc, span.start, span.end), cands))

    def consider(span, ent_label: str | None, part: bool = False, party: bool = False,
                 dateline: bool = False, floor: float | None = None) -> bool:
        rs, re_ = _clean(span.text)
        s, e = span.start_char + rs, span.start_char + re_
        if e - s < 2:
            return False
        sub = doc.char_span(s, e, alignment_mode="expand")
        if sub is None or len(sub) == 0:
            return False
        surface = text[s:e]
        cands = gaz.lookup(surface)
        if not dateline and is_acronym(text, s, e) and not any(abbreviates(c, surface) for c in cands):
            return False  # "a SWAT officer", "the LSP": no abbreviation of a place's name
        compass = _COMPASS.match(surface)
        if not cands and compass and compass.end() < len(surface):
            s += compass.end()  # "Northeast Georgia", "East Texas": the place without its part
            surface = text[s:e]
            sub = doc.char_span(s, e, alignment_mode="expand")
            cands = gaz.lookup(surface)
            if sub is None or not cands:
                return False
        kind_word = re.search(r"\s+(\w+)$", surface)
        if not cands and kind_word and kind_word.group(1).lower() in ADMIN_WORDS | CITY_WORDS:
            e = s + kind_word.start()  # "Hama province" -> "Hama", hinted as an admin area
            surface = text[s:e]
            sub = doc.char_span(s, e, alignment_mode="expand")
            cands = gaz.lookup(surface)
            if sub is None or not cands:
                return False
        strong = ent_label in PLACE_LABELS
        if not surface[:1].isupper() and not surface[:1].isdigit():
            return False
        if not cands and not strong or any(w in CALENDAR for w in normalize(surface).split()):
            return False
        if ent_label == "FAC" and not cands:
            return False
        if recognition.is_demonym(surface, cands):
            return False  # "Ukrainian", "Americans": a people, never a place
        if recognition.never_a_place(surface, context["vessels"]):
            return False
        hint = _hint(doc, sub.start, sub.end) or context_hint(text, s, e) or _list_kind(text, e)
        event = _is_event(doc, sub.start, sub.end)
        feats = recognition.features(doc, sub, surface, cands, ent_label, part, context, hint=hint,
                                     party=party, dateline=dateline, compass=bool(compass), event=event,
                                     home=home)
        if training:
            samples.append((s, e, feats))
            return False
        p = recognition.probability(feats)
        if p < (recognition.threshold() if floor is None else floor):
            if floor is None and p >= recognition.SAME_NAME_THRESHOLD:
                doubtful.append((span, ent_label, part, party, dateline, normalize(surface)))
            return False
        if not claim(s, e):
            return False
        accepted.add(normalize(surface))
        after = re.match(r"\s+([A-Za-z]+)", text[e:])
        word = after.group(1) if after and after.group(1).lower() in ADMIN_WORDS else None
        if word and word.lower() in PLURAL_KINDS:
            word = PLURAL_KINDS[word.lower()]
        found.append(_Span(s, e, surface, strong, hint, event, cands, word))
        return True

    for m in _PARTY_TAG.finditer(text):  # "Rep. Torrey Westrom, R-Elbow Lake": a home town
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            consider(span, None, party=True)
    for m in _DATELINE.finditer(text):  # "WINONA -- The body of...", "KYIV, Ukraine (AP) -"
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            consider(span, None, dateline=True)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in MISLABELS:
            kept = consider(ent, ent.label_)
            if (training or not kept) and ent.label_ in ("ORG", "FAC") and len(ent) > 1:
                for part in _name_parts(ent):
                    consider(part, None, part=True)
    run: list = []
    for tok in list(doc) + [None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.ent_type_ == "" and tok.text[:1].isupper():
            run.append(tok)
            continue
        if run:
            consider(doc[run[0].i:run[-1].i + 1], None)
            run = []
    ents = {(e.start, e.end) for e in doc.ents}  # read once: each reading builds every span
    for run_span in _capital_runs(doc):  # gazetteer-driven: a known name inside any capitalised run
        for sub in _known_subspans(run_span, gaz, ents):
            consider(sub, None, part=len(sub) < len(run_span))
    for _ in range(2):  # a span taken here can vouch for an earlier one of the same name
        pending, doubtful = doubtful, []
        for span, ent_label, part, party, dateline, name in pending:
            # One sense per text ("Gainesville" is a place elsewhere in it), and one kind per
            # list ("Latakia, Hama, and Tartus provinces" beside a place already taken).
            if name in accepted or _beside_taken(text, span, found):
                consider(span, ent_label, part, party, dateline, floor=recognition.SAME_NAME_THRESHOLD)
            else:
                doubtful.append((span, ent_label, part, party, dateline, name))
    found.sort(key=lambda sp: sp.start)
    _share_list_hints(text, found)
    return found


MAX_NGRAM = 4


@functools.lru_cache(maxsize=1)
def _name_words() -> dict:
    from .. import yamlfast

    with (resources.files("newsfuse") / "data" / "place_name_words.yaml").open(encoding="utf-8") as fh:
        data = yamlfast.safe_load(fh)
    from .propositions import _told

    told = _told()
    words = set(data["locating_words"]) | ADMIN_WORDS | CITY_WORDS | NATURAL_WORDS | TITLES \
        | recognition.LOCAL_NOUNS | told["facility_words"] | told["street_words"]
    return {"locating": frozenset(words), "acronym_city_population": int(data["acronym_city_population"])}


def opens_a_name(span) -> bool:
    """Whether a place's words open a longer name of something else, outside a heading:
    "Alton" of "Alton Sterling", "Springfield" of "Springfield XD", "Orlando" of "Orlando
    Sentinel" (see leads_a_name). A toponym still (LGL tags the "Minnesota" of "the
    Minnesota House"), but never where something happened."""
    return leads_a_name(span, _capital_run(span)) and not _in_heading(span)


def _capital_run(span):
    """The run of capitalised words the span begins, up to MAX_NAME_TAIL words past it."""
    doc, end = span.doc, span.end
    while end < len(doc) and end < span.end + MAX_NAME_TAIL + 1 and doc[end].text[:1].isupper() \
            and not doc[end].is_punct and not doc[end].like_num and doc[end].lower_ not in CALENDAR \
            and doc[end].ent_type_ not in ("DATE", "TIME"):  # "shot in Evanston Monday"
        end += 1
    return doc[span.start:end]


MAX_NAME_TAIL = 2  # "Alton Sterling", "Norris Greenhouse Jr."; a longer run is a headline


def _in_heading(span) -> bool:
    """Whether the span's sentence is a Title-Case heading ("Chicago Police Shooting Leaves Two Dead")."""
    words = [t.text for t in span.sent if t.is_alpha and len(t.text) > 3]
    return bool(words) and len(words) <= 12 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def leads_a_name(sub, whole) -> bool:
    """Whether ``sub`` opens the capitalised name ``whole`` and every word after it there is
    neither a kind of place or institution nor a title: "Alton" of "Alton Sterling",
    "Springfield" of "Springfield XD", "Orlando" of "Orlando Sentinel" (see
    data/place_name_words.yaml); not "Houma" of "Houma Police Department"."""
    if sub.start != whole.start or sub.end >= whole.end:
        return False
    rest = [t for t in whole[sub.end - whole.start:] if t.is_alpha]
    words = _name_words()["locating"]
    return 0 < len(rest) <= MAX_NAME_TAIL and all(t.text[:1].isupper() and t.lower_ not in words for t in rest)


_DATELINE_END = re.compile(r"\s*[,(:\u2014\u2013\x97'\u2019-]")


def is_acronym(text: str, start: int, end: int) -> bool:
    """An all-caps word in running text (not in a heading or a shouted line): "SWAT", "LSP"."""
    surface = text[start:end]
    if not (surface.isupper() and re.fullmatch(r"[A-Z][A-Z .'-]*[A-Z]", surface)):
        return False
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    if not text[line_start:start].strip() and _DATELINE_END.match(text, end):
        return False  # a dateline the dateline pattern missed: "NEWARK \x97 It was", "FALLS VILLAGE—The"
    line_end = min((i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0), default=len(text))
    letters = [ch for ch in text[line_start:line_end] if ch.isalpha()]
    return sum(ch.islower() for ch in letters) > 0.5 * len(letters)


def abbreviates(c: Candidate, surface: str) -> bool:
    """Whether an all-caps word is read as an abbreviation of the candidate's longer name
    (not the name itself shouted: "SWAT" is no Swat): of a country, a state, a facility, a
    town it spells the initials of ("JBLM") or a big city ("LA"; GeoNames lists airport
    codes and stray words among small towns' names: "LSP" is no Punto Fijo)."""
    name, short = normalize(c.name), normalize(surface).replace(" ", "")
    if name == short or name.split()[0] == short:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w)
    return c.kind in ("country", "admin1", "facility") or initials == short \
        or c.population >= _name_words()["acronym_city_population"]


def _capital_runs(doc) -> list:
    """Maximal runs of capitalised tokens ("Dublin Mayor Marilee Chinnici", "Cookville
    Volunteer Fire Department", the "Egypt" and "US" of "Egypt-US relations"): where a
    place name hides inside a person's title, an organisation's name or a headline the
    model did not label."""
    runs, cur = [], []
    for tok in list(doc) + [None]:
        if tok is not None and tok.text[:1].isupper() and not tok.is_punct and not tok.like_num:
            cur.append(tok)
            continue
        if cur:
            runs.append(doc[cur[0].i:cur[-1].i + 1])
            cur = []
    return runs


def _known_subspans(run, gaz, ents: set[tuple[int, int]] | None = None) -> list:
    """The leading words of a run (up to MAX_NGRAM tokens, longest first) that the
    gazetteer knows by an exact name: a place modifies what follows it ("Chiefland Police
    Chief", "Lexington 4"), while a word inside a name seldom names a place ("Police" of
    "Chiefland Police Chief"). A span spaCy already labelled was scored with its label; a
    lone stop word ("The", "May") and a people's adjective ("Canadian") are never one."""
    if ents is None:
        ents = {(e.start, e.end) for e in run.doc.ents}
    out = []
    for size in range(min(MAX_NGRAM, len(run)), 0, -1):
        sub = run[0:size]
        if (sub.start, sub.end) in ents or normalize(sub.text) in _demonyms():
            continue
        if size == 1 and (sub[0].is_stop or len(sub[0].text) < 3):
            continue
        if any(c.exact for c in gaz.lookup(sub.text)):
            out.append(sub)
    return out


_LIST_KIND = re.compile(r"(?:\s*(?:,|,?\s*and|,?\s*or)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)+\s+("
                        + "|".join(sorted(PLURAL_KINDS)) + r")\b")


def _list_kind(text: str, end: int) -> str | None:
    """"Hama and Idlib provinces": the plural kind word after a list names every item."""
    return "admin" if _LIST_KIND.match(text, end) else None


_LIST_SEP = re.compile(r"\s*(?:,|,?\s*and|,?\s*or|&)\s*")


def _beside_taken(text: str, span, found: list[_Span]) -> bool:
    """Whether only a list separator stands between the span and a place already taken."""
    s, e = span.start_char, span.end_char
    return any(_LIST_SEP.fullmatch(text[f.end:s]) if f.end <= s else
               _LIST_SEP.fullmatch(text[e:f.start]) if f.start >= e else False for f in found)


def _name_parts(ent) -> list:
    """Places inside an organisation's or building's name, which locate it: the leading
    proper nouns of "Alexandria Police Department", "Minnesota Department of Health",
    and what follows "of" in "University of Georgia"."""
    parts = []
    toks = list(ent)
    if toks and toks[0].lower_ == "the":
        ent, toks = ent[1:], toks[1:]
    lead = 0
    while lead < len(toks) - 1 and toks[lead].pos_ == "PROPN" and toks[lead].text[:1].isupper():
        lead += 1
    for k in range(min(lead, 3), 0, -1):
        parts.append(ent[0:k])
    for i, t in enumerate(toks[:-1]):
        if t.lower_ == "of":
            tail = [u for u in toks[i + 1:] if u.lower_ != "the"]
            if tail and all(u.pos_ == "PROPN" for u in tail):
                parts.append(ent.doc[tail[0].i:tail[-1].i + 1])
    return parts


def _share_list_hints(text: str, spans: list[_Span]) -> None:
    """"Latakia, Hama and Tartus provinces": a kind word on one item of a list of
    places applies to all of them."""
    groups: list[list[_Span]] = []
    for sp in spans:
        if groups and re.fullmatch(r"\s*(,|,?\s*and|,?\s*or)\s*", text[groups[-1][-1].end:sp.start]):
            groups[-1].append(sp)
        else:
            groups.append([sp])
    for group in groups:
        hints = {sp.hint for sp in group if sp.hint}
        if len(group) > 1 and len(hints) == 1:
            hint = hints.pop()
            words = {sp.kind_word for sp in group if sp.kind_word}
            for sp in group:
                sp.hint = hint
                if hint == "admin" and len(words) == 1 and not sp.kind_word:
                    sp.kind_word = next(iter(words))


def _looks_like_name(surface: str, sentences: list[Sentence], start: int) -> bool:
    """An unknown name kept as unresolved only outside Title-Case headings
    ("Background of the Withdrawal" is a heading, not a place)."""
    sent = next((s for s in sentences if s.start <= start < s.end), None)
    if sent is None:
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", sent.text) if len(w) > 3]
    capital = sum(w[0].isupper() for w in words)
    return not (len(words) <= 12 and capital >= 0.6 * len(words))


def _to_place(c: Candidate, name: str) -> Place:
    return Place(key=c.key, name=name, lat=c.lat, lon=c.lon, geonames_id=c.geonames_id,
                 country=c.country, feature="facility" if c.kind == "facility" else c.kind,
                 source=c.source)


_DEMONYM_SUFFIXES = ("ians", "ans", "ers", "ites", "ns", "ese", "ian", "an", "er", "ite", "is", "n", "i", "")
_STEM_ENDINGS = ("", "a", "ia", "s", "o", "e", "y")


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym (adjective or plural) -> country short name, from the entities module's
    sourced table ``data/entity_countries.tsv`` (CIA World Factbook nationality entries)."""
    out: dict[str, str] = {}
    text = (resources.files("newsfuse") / "data" / "entity_countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        for demonym in (*cols[2].split("|"), *cols[3].split("|")):
            if demonym:
                out.setdefault(normalize(demonym), cols[1])
    return out


def _loose_candidates(name: str) -> list[Candidate]:
    """Candidates for a name the gazetteer lacks, used only when geocoding a span that is
    known to be a toponym: a people's name for its country or area ("Sudanese",
    "Ohioans", "Londoner"), or a natural feature or township by its namesake
    ("Catawba River", "Lake Cumberland", "Hamilton Township")."""
    gaz = get_gazetteer()
    key = normalize(name)
    country = _demonyms().get(key)
    if country:
        return [c for c in gaz.lookup(country) if c.kind in ("country", "admin1")]
    words = key.split()
    if len(words) > 1 and (words[-1] in NATURAL_WORDS or words[0] in NATURAL_WORDS):
        rest = " ".join(w for w in words if w not in NATURAL_WORDS and w != "national")
        found = [c for c in gaz.lookup(rest) if c.kind in ("city", "admin2")] if rest else []
        if found:
            return found
    for suffix in _DEMONYM_SUFFIXES:
        stem = key[: len(key) - len(suffix)]  # "Abkhaz" -> "Abkhazia" with no suffix
        if key.endswith(suffix) and len(stem) >= 3:
            for ending in _STEM_ENDINGS:
                found = [c for c in gaz.lookup(stem + ending)
                         if c.kind in ("country", "admin1", "region", "continent")
                         or (c.kind == "city" and c.population >= 20_000)]
                if found:
                    return found
    return []


def _near_km(a: Candidate, b: Candidate) -> float:
    """Cheap distance (equirectangular) for the many candidate pairs of a document."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def _relation(c: Candidate, o: Candidate) -> float:
    """How much one candidate supports another: same country, same state/province
    (which includes a state and the places in it), and closeness of two points."""
    if not c.country or c.country != o.country:
        return 0.0
    score = REL_COUNTRY
    if c.admin1 and c.admin1 == o.admin1 and "country" not in (c.kind, o.kind):
        score += REL_ADMIN1
    if c.kind in POINT_KINDS and o.kind in POINT_KINDS:
        d = _near_km(c, o)
        score += REL_NEAR * (1.0 if d < 40 else 0.66 if d < 120 else 0.25 if d < 300 else 0.0)
    return score


def _collective(groups: list[list[Candidate]], hints: list[str | None], weights: list[float],
                country_weights: dict[str, float], near: list[tuple[float, float]],
                home: Home | None = None) -> list[Candidate | None]:
    """Pick one candidate per name so that the picks agree (``_first_pass``), then
    rescore each name's candidates with the learned ranker (``_rerank``)."""
    trimmed, scores = _first_pass(groups, hints, weights, country_weights, near, home)
    return _picks(trimmed, _rerank(trimmed, scores, weights, home))


def _first_pass(groups: list[list[Candidate]], hints: list[str | None], weights: list[float],
                country_weights: dict[str, float], near: list[tuple[float, float]],
                home: Home | None = None) -> tuple[list[list[Candidate]], list[list[float]]]:
    """Each candidate's prior plus the support it gets from the other names' candidates
    (weighted by how likely those are), iterated a few times. A name is never evidence
    for itself. Returns the candidates kept per name and their scores."""
    priors = [[_prior(c, h) - (EPONYM_PENALTY if h is None and _has_eponym_city(c, cs) else 0.0)
               for c in cs] for cs, h in zip(groups, hints)]
    trimmed: list[list[Candidate]] = []
    base: list[list[float]] = []
    for cs, ps in zip(groups, priors):
        order = sorted(range(len(cs)), key=lambda i: -ps[i])[:MAX_CANDIDATES]
        trimmed.append([cs[i] for i in order])
        base.append([ps[i] + _outside(cs[i], country_weights, near, home) for i in order])
    probs = [_softmax(b) for b in base]
    scores = base
    for _ in range(ROUNDS):
        scores = []
        for i, cs in enumerate(trimmed):
            others = [(j, k, p) for j in range(len(trimmed)) if j != i
                      for k, p in enumerate(probs[j]) if p >= 0.02]
            row = []
            for c, b in zip(cs, base[i]):
                support = sum(weights[j] * p * _relation(c, trimmed[j][k]) for j, k, p in others)
                row.append(b + SUPPORT * math.log1p(support))
            scores.append(row)
        probs = [_softmax(r) for r in scores]
    return trimmed, scores


def _picks(groups: list[list[Candidate]], scores: list[list[float]]) -> list[Candidate | None]:
    """Each name's best-scoring candidate (the larger place on a tie), None when it has none."""
    return [cs[max(range(len(cs)), key=lambda k: (r[k], cs[k].population))] if cs else None
            for cs, r in zip(groups, scores)]


# A second look at each name given the first-pass picks of the others: a linear ranker
# over ``_rerank_features`` (``RANKER_FEATURES``), fitted as a conditional logit by
# ``scripts/train_geocoding_ranker.py`` on the even halves of LGL and GeoVirus (the
# system's own spans, outlet homes from the outlet's other stories); the weights and the
# held-out scores are in ``data/geocoding_ranker.json``.
RANKER_FEATURES = ("first_pass", "same_country", "same_admin1", "log_nearest_km", "no_point_pick",
                   "largest", "log_size_rel", "million_city", "alternate_name", "near_60km",
                   "near_200km", "home_admin1", "home_country")
RERANK_NEAR_KM = (60.0, 200.0)


@functools.lru_cache(maxsize=1)
def ranker_weights() -> tuple[float, ...]:
    data = json.loads((resources.files("newsfuse") / "data" / "geocoding_ranker.json").read_text(encoding="utf-8"))
    return tuple(float(data["weights"].get(name, 0.0)) for name in RANKER_FEATURES)


def _rerank(trimmed: list[list[Candidate]], scores: list[list[float]],
            weights: list[float], home: Home | None = None) -> list[list[float]]:
    """Rescore every candidate with the learned weights. The first pass sums support into
    one number; the ranker weighs agreement with the other names' picks (country, state,
    distance) and with any of their readings apart, distrusts an alternate-name match
    beside exact ones ("Walker County" beside "Huntsville" and "Texas" is in Texas), and
    weighs the outlet's home state."""
    w = ranker_weights()
    rows = _rerank_features(trimmed, scores, weights, home)
    return [[sum(a * f for a, f in zip(w, feats)) for feats in group] for group in rows]


def _rerank_features(trimmed: list[list[Candidate]], scores: list[list[float]],
                     weights: list[float], home: Home | None = None) -> list[list[list[float]]]:
    """Per candidate: sharpened first-pass score; share of the other names' picks in its
    country and in its state; scaled log distance to the nearest picked point and whether
    there is none; largest of its name, log size relative to the largest, a million-city;
    an alternate-name match while an exact one exists; weighted count of other names with
    any point reading within 60 km and within 200 km."""
    picks = _picks(trimmed, scores)
    near_hits = _near_any(trimmed, weights)
    out = []
    for i, (cs, r) in enumerate(zip(trimmed, scores)):
        others = [(weights[j], p) for j, p in enumerate(picks) if j != i and p is not None]
        total = sum(w for w, _ in others) or 1.0
        largest = max((_size(c) for c in cs), default=1.0)
        any_exact = any(c.exact for c in cs)
        group = []
        for k, (c, score) in enumerate(zip(cs, r)):
            same_cc = sum(w for w, p in others if p.country and p.country == c.country) / total
            same_a1 = sum(w for w, p in others if p.country == c.country and c.admin1
                          and p.admin1 == c.admin1 and p.kind != "country") / total
            dists = ([_near_km(c, p) for _, p in others if p.kind in POINT_KINDS]
                     if c.kind in POINT_KINDS else [])
            size = _size(c)
            group.append([SHARPNESS * score, same_cc, same_a1,
                          math.log10(1 + min(dists)) / 3 if dists else 1.0, float(not dists),
                          float(size >= largest), math.log10(size + 10) - math.log10(largest + 10),
                          float(c.kind == "city" and c.population >= 1_000_000),
                          float(any_exact and not c.exact),
                          math.log1p(near_hits[i][k][0]), math.log1p(near_hits[i][k][1]),
                          float(home is not None and c.kind != "country" and c.country == home.country
                                and c.admin1 == home.admin1),
                          float(home is not None and c.country == home.country)])
        out.append(group)
    return out


def _near_any(trimmed: list[list[Candidate]], weights: list[float]) -> list[list[tuple[float, float]]]:
    """For each point candidate, the summed weight of the other names having any point
    reading within each of RERANK_NEAR_KM (vectorised: a document has many pairs)."""
    owners, lats, lons = [], [], []
    for j, cs in enumerate(trimmed):
        for c in cs:
            if c.kind in POINT_KINDS:
                owners.append(j)
                lats.append(c.lat)
                lons.append(c.lon)
    out = [[(0.0, 0.0)] * len(cs) for cs in trimmed]
    if not owners:
        return out
    lat_all, lon_all = np.radians(lats), np.radians(lons)
    owner = np.array(owners)
    groups = sorted(set(owners))
    starts = np.searchsorted(owner, groups)
    wvec = np.array([weights[j] for j in groups])
    for i, cs in enumerate(trimmed):
        idx = [k for k, c in enumerate(cs) if c.kind in POINT_KINDS]
        if not idx:
            continue
        la = np.radians([cs[k].lat for k in idx])[:, None]
        lo = np.radians([cs[k].lon for k in idx])[:, None]
        x = (lon_all - lo) * np.cos((lat_all + la) / 2)
        dist = 6371.0 * np.hypot(x, lat_all - la)
        mask = wvec * np.array([j != i for j in groups])
        sums = [np.maximum.reduceat((dist < km).astype(float), starts, axis=1) @ mask for km in RERANK_NEAR_KM]
        for n, k in enumerate(idx):
            out[i][k] = (float(sums[0][n]), float(sums[1][n]))
    return out


def _has_eponym_city(c: Candidate, cands: list[Candidate]) -> bool:
    """An admin area named after its own sizeable city ("Hama", "Aleppo", "Kherson"): a bare
    name means the city unless the text says "province"."""
    return c.kind.startswith("admin") and any(
        o.kind == "city" and o.exact >= c.exact and o.country == c.country and o.admin1 == c.admin1
        and o.population >= EPONYM_CITY
        for o in cands)


def _outside(c: Candidate, country_weights: dict[str, float], near: list[tuple[float, float]],
             home: Home | None = None) -> float:
    """Evidence from outside the text: a country hint, points the caller is near, and the
    outlet's home state (a place there is what a local paper's bare "Paris" means)."""
    score = 0.0
    if home is not None and c.kind != "country" and c.country == home.country and c.admin1 == home.admin1:
        score += HOME_BONUS
    if c.country and country_weights:
        score += 2.0 * country_weights.get(c.country, 0.0) / max(country_weights.values())
    if near and c.kind in POINT_KINDS:
        d = min(haversine_km((c.lat, c.lon), p) for p in near)
        score += 2.5 if d < 150 else 1.2 if d < 400 else 0.0
    return score


def _softmax(values: list[float]) -> list[float]:
    if not values:
        return []
    top = max(values)
    exps = [math.exp(SHARPNESS * (v - top)) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def resolve_spans(names: list[tuple[str, str | None]], country_hint: str | None = None,
                  near: list[tuple[float, float]] = (), *, loose: bool = True,
                  home: Home | None = None) -> list[Candidate | None]:
    """Geocode surface names of one document together, so that they agree (Athens beside
    Ga. is Athens, Georgia). ``loose`` also reads names the gazetteer lacks as demonyms or
    natural features (only right when the spans are known to be toponyms); ``home`` is
    the outlet's home state (``outlet_homes``)."""
    groups, hints, weights, index = _name_groups(names, loose)
    country_weights = {country_hint.upper(): 1.0} if country_hint else {}
    picks = _collective(groups, hints, weights, country_weights, list(near), home)
    return [picks[i] for i in index]


def _name_groups(names: list[tuple[str, str | None]], loose: bool):
    """One group of candidates per distinct (name, hint) of a document, its hint, its
    weight (more mentions weigh more) and each name's group index."""
    gaz = get_gazetteer()
    keys: dict[tuple[str, str | None], int] = {}
    groups: list[list[Candidate]] = []
    hints: list[str | None] = []
    counts: list[int] = []
    index = []
    for name, hint in names:
        key = (normalize(name), hint)  # "Hama" the city and "Hama" the province stay apart
        if key not in keys:
            cands = gaz.lookup(name)
            if loose:
                extra = _loose_candidates(name) if not cands or normalize(name) in _demonyms() else []
                seen = {c.key for c in cands}
                cands = cands + [c for c in extra if c.key not in seen]
            keys[key] = len(groups)
            groups.append(cands)
            hints.append(hint)
            counts.append(0)
        counts[keys[key]] += 1
        index.append(keys[key])
    groups = _drop_spelt_out(groups, [k[0] for k in keys])
    weights = [1.0 + 0.25 * math.log(n) for n in counts]
    return groups, hints, weights, index


def _drop_spelt_out(groups: list[list[Candidate]], names: list[str]) -> list[list[Candidate]]:
    """A short name read by an alternate name of a place that the document also names in
    full is not that place when it has an exact reading of its own: "Mexico" beside
    "Mexico City" is the country, not the city ("U.S." beside "United States" stays)."""
    words = [set(n.split()) for n in names]
    exact = [{c.key for c in cs if c.exact} for cs in groups]
    out = []
    for i, cs in enumerate(groups):
        longer = set().union(*(exact[j] for j in range(len(groups))
                               if j != i and words[i] < words[j])) if len(groups) > 1 else set()
        kept = [c for c in cs if c.exact or c.key not in longer]
        out.append(kept if kept and any(c.exact for c in kept) else cs)
    return out


@dataclass(frozen=True)
class Home:
    """The state or province most of an outlet's other stories are in. LGL's papers are
    local and their towns' names are shared ("Paris" has papers in Illinois, Kentucky and
    Texas; a story in one says "Paris" and nothing else): the outlet's other stories
    decide which one is meant."""

    country: str
    admin1: str
    share: float  # of the outlet's other stories' votes


# Tuned on LGL's even half (a local paper's stories, leave-one-out over its others):
# a state named outright ("Louisiana") counts HOME_STATE_VOTE times a town or county,
# each story's votes sum to one, the leading state needs HOME_SHARE of them from at
# least HOME_MIN_STORIES stories, and the vote is taken twice (the second time over the
# readings the first home gave). HOME_BONUS is added to a candidate's prior in it.
HOME_MIN_STORIES = 2
HOME_SHARE = 0.4
HOME_STATE_VOTE = 3.0
HOME_ROUNDS = 2
HOME_BONUS = 4.0


def collect_spans(text: str, doc, home: Home | None = None) -> list[_Span]:
    """The candidate place spans ``find_places`` would resolve (for ``outlet_homes``)."""
    return _collect_spans(text, doc, home=home)


def _home_votes(picks: list[Candidate | None]) -> Counter:
    votes: Counter = Counter()
    for p in picks:
        if p is not None and p.admin1 and p.kind in ("city", "admin2", "admin1"):
            votes[(p.country, p.admin1)] += HOME_STATE_VOTE if p.kind == "admin1" else 1.0
    total = sum(votes.values())
    return Counter({k: v / total for k, v in votes.items()}) if total else Counter()


def outlet_homes(outlets: list[str | None], spans: list[list[_Span] | None]) -> list[Home | None]:
    """Each story's outlet home from the outlet's *other* stories given here (their own
    place readings, no labels): the state most of their places are in, when one leads
    clearly. Stories of an unknown outlet, or of one with fewer than
    HOME_MIN_STORIES others, get None."""
    names = [[(sp.text, sp.hint) for sp in s] if s else [] for s in spans]
    homes: list[Home | None] = [None] * len(spans)
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(outlets):
        if o and spans[i] is not None:
            by_outlet[o].append(i)
    members = [i for ids in by_outlet.values() if len(ids) > HOME_MIN_STORIES for i in ids]
    if not members:
        return homes
    picks = {i: resolve_spans(names[i], loose=False) for i in members}
    for round_ in range(HOME_ROUNDS):
        votes = {i: _home_votes(picks[i]) for i in members}
        for ids in by_outlet.values():
            for i in ids:
                others = [votes[j] for j in ids if j != i and votes.get(j)]
                homes[i] = None
                if len(others) >= HOME_MIN_STORIES:
                    total: Counter = Counter()
                    for v in others:
                        total.update(v)
                    (country, admin1), n = total.most_common(1)[0]
                    if n / len(others) >= HOME_SHARE:
                        homes[i] = Home(country, admin1, n / len(others))
        if round_ + 1 < HOME_ROUNDS:
            picks = {i: resolve_spans(names[i], loose=False, home=homes[i]) if homes[i] else picks[i]
                     for i in members}
    return homes


def find_places(text: str, sentences: list[Sentence], doc=None,
                country_hint: str | None = None, home: Home | None = None) -> tuple[list[Mention], list[Place]]:
    """Place mentions in ``text`` and the places they resolve to, aliases merged per
    document (Khmeimim/Hmeimim -> one Place). ``doc`` is spaCy's parse of the whole text;
    ``home`` the outlet's home state when its other stories tell it (``outlet_homes``)."""
    if not text or not text.strip():
        return [], []
    if doc is None:
        from .nlp import load_nlp

        doc = load_nlp()(text)
    spans = _collect_spans(text, doc, home=home)
    picks = resolve_spans([(sp.text, sp.hint) for sp in spans], country_hint, loose=False, home=home)
    starts = [s.start for s in sentences]
    mentions: list[Mention] = []
    by_key: dict[str, list[tuple[_Span, Candidate | None]]] = defaultdict(list)
    for sp, pick in zip(spans, picks):
        if pick is None and (not sp.strong or not _looks_like_name(sp.text, sentences, sp.start)):
            continue
        key = pick.key if pick else f"unresolved:{normalize(sp.text).replace(' ', '-')}"
        by_key[key].append((sp, pick))
        sent = max(0, bisect.bisect_right(starts, sp.start) - 1) if starts else 0
        label = PLACE_LABEL_BY_KIND.get(pick.kind, "GPE") if pick else "LOC"
        mentions.append(Mention(sp.text, sp.start, sp.end, sent, label, key))
    places: list[Place] = []
    point_names = {normalize(sp.text) for items in by_key.values() for sp, pick in items
                   if pick is not None and not pick.kind.startswith("admin")}
    for key, items in by_key.items():
        surfaces = Counter(sp.text for sp, _ in items)
        name = surfaces.most_common(1)[0][0]
        pick = items[0][1]
        if pick is None:
            place = Place(key=key, name=name)
        else:
            if pick.kind in ("facility", "country"):
                name = pick.name
            elif pick.kind.startswith("admin"):
                name = _admin_name(name, pick, items, point_names)
            place = _to_place(pick, name)
        aliases = [s for s in surfaces if s != place.name]
        if pick is not None and pick.name != place.name and pick.name not in aliases:
            aliases.append(pick.name)
        place.aliases = aliases
        place.mentions = len(items)
        place.role = "event" if any(sp.event for sp, _ in items) else "mentioned"
        places.append(place)
    return mentions, places


def _admin_name(surface: str, pick: Candidate, items: list, point_names: set[str]) -> str:
    """An admin area is named with its kind when the text gives one ("Hama province") or
    when a city of the same name is also in the document ("Hama Governorate"), so a
    report never lists two places both called "Hama"."""
    words = Counter(sp.kind_word for sp, _ in items if sp.kind_word)
    if normalize(surface).split()[-1] in ADMIN_WORDS:
        return surface
    if words:
        return f"{surface} {words.most_common(1)[0][0]}"
    if normalize(surface) in point_names and pick.type:
        return f"{surface} {pick.type}"
    return surface


def geocode(name: str, context_countries: list[str] = (),
            near: list[tuple[float, float]] = ()) -> Place | None:
    """One name to a Place, preferring candidates in ``context_countries`` (ISO alpha-2)
    and close to ``near`` points; None when the gazetteer has no such name."""
    if not name or not name.strip():
        return None
    rs, re_ = _clean(name.strip())
    surface = name.strip()[rs:re_]
    cands = get_gazetteer().lookup(surface)
    weights = {cc.upper(): 1.0 for cc in context_countries if cc}
    pick = _collective([cands], [None], [1.0], weights, list(near))[0] if cands else None
    if pick is None:
        return None
    place = _to_place(pick, pick.name if pick.kind in ("facility", "country") else surface)
    if pick.name != place.name:
        place.aliases = [pick.name]
    place.mentions = 1
    return place
