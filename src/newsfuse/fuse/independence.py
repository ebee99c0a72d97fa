"""Count a fact's support in independent sources, not in articles.

Every (document, claim) of a fact becomes one SourceLink: outlet -> cited source. Its
``source_key`` names the origin the information came from; independent sources are the
distinct keys. The rules, in order:

1. Copies are one document: a document marked ``copy_of`` (to the root of the chain),
   and documents whose claims in this fact are near-identical text, take the origin of
   the earliest of them.
2. A claim attributed to a known entity counts as that entity (``entity:<key>``), however
   many outlets repeat it: HUR, GUR and "Main Directorate of Intelligence of Ukraine"
   merge to one key upstream, so they count once.
3. A claim attributed to a named group ("Russian officials") counts as that group by its
   normalised name without a trailing qualifier (``group:russian officials``; see
   ``source_core``).
4. Vague media attributions ("reports indicate", "media reported") all share one key
   (``media``): unnamed reports may be the very articles we read, so together they count
   at most once.
5. Organs of one state (its ministries, forces, leader, agencies, "Kyiv", "Turkish
   officials") speak for one government: in a fact they share ``official:<state>``, and
   so do outlets relaying them (see ``state_sources``).
6. A claim the outlet asserts itself counts as that outlet (``outlet:<name>``, one per
   distinct outlet; an unknown outlet counts as its own document, ``document:<id>``) --
   unless it relays: when another link of the fact cites upstream U and this document
   cites U elsewhere in the story ("This was reported by HUR" a few sentences away), the
   outlet is presumed to pass U on and the link counts as U (``cited_source`` "U
   (relayed)").

Before these rules, ``merge_institutions`` reads each story's sources as who they are: a
"source" that names no one who can say anything is the outlet's report (``countable``),
a person's titled names are that person, a titled person speaks for the institution of
their title, and one story's local institutions and generic officials collapse.
"""
from __future__ import annotations

import dataclasses
import functools
import gzip
import re
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources

from .. import yamlfast
from ..model import Claim, Document, SourceLink
from ..analyze.frames import country_code

NEAR_IDENTICAL = 0.85  # token Jaccard at which two claim texts are one text copied
_WORD = re.compile(r"\w+")
_REPORTING = re.compile(
    r"\b(accord(ing|s)? to|report(ed|s)?|sa(id|ys)|stat(ed|es)|claim(ed|s)?|not(ed|es)|"
    r"announc(ed|es)|confirm(ed|s)?|told|cit(ed|ing)|assert(ed|s)?)\b", re.I)


def normalise_name(name: str) -> str:
    """Case-, space- and article-insensitive form of a source or outlet name."""
    name = re.sub(r"^(the|www\.)\s*", "", name.strip().lower())
    return " ".join(_WORD.findall(name))


_QUALIFIER = re.compile(r"\s+(in|on|of|from|at|for|near|across)\s+.*$")


def source_core(name: str) -> str:
    """A group source without its trailing qualifier, when what remains still names a
    kind of source ("Russian-installed officials in the occupied part of the Kherson
    region" -> "russian installed officials"; "officials in Kyiv" stays whole)."""
    norm = normalise_name(name)
    core = _QUALIFIER.sub("", norm)
    return core if len(core.split()) >= 2 else norm


def same_source(a: Claim, b: Claim) -> bool:
    """Whether two claims come from one source, however it is named: the same entity
    key, the same state ("Kyiv" and "Ukraine"), or one name's core contained in the
    other's as whole words ("Russian-installed officials" in "Russian-installed
    officials on the occupied left bank")."""
    if a.attribution_entity and a.attribution_entity == b.attribution_entity:
        return True
    if a.attribution_kind == "outlet" or b.attribution_kind == "outlet":
        return a.attribution_kind == b.attribution_kind and normalise_name(a.attribution) == normalise_name(b.attribution)
    ca, cb = country_code(a.attribution), country_code(b.attribution)
    if ca and ca == cb:
        return True
    na, nb = f" {source_core(a.attribution)} ", f" {source_core(b.attribution)} "
    return bool(na.strip() and nb.strip()) and (na in nb or nb in na)


def copy_root(doc_id: str, documents: dict[str, Document]) -> str:
    """Follow ``copy_of`` to the original (cycle-safe)."""
    seen = {doc_id}
    while True:
        doc = documents.get(doc_id)
        nxt = doc.copy_of if doc else None
        if not nxt or nxt in seen:
            return doc_id
        seen.add(nxt)
        doc_id = nxt


@functools.lru_cache(maxsize=1 << 16)
def claim_words(text: str) -> frozenset[str]:
    """A claim's words (asked once per fact the claim is in: kept)."""
    return frozenset(w.lower() for w in _WORD.findall(text))


def upstream_key(claim: Claim) -> str | None:
    """The key of the cited upstream source, None when the outlet asserts the claim."""
    if claim.attribution_kind == "outlet":
        return None
    if claim.attribution_kind == "media":
        return "media"
    if claim.attribution_entity and claim.attribution_kind in ("entity", "group"):
        return f"entity:{claim.attribution_entity}"
    return f"group:{group_key(claim.attribution) or 'unnamed'}"


_QUANTIFIERS = {"one", "two", "three", "four", "five", "several", "some", "many", "another", "other", "a", "an",
                "few", "multiple", "numerous", "both", "all", "more"}


def group_key(name: str) -> str:
    """A described group's name as one key, whatever its count or number: "one witness",
    "witnesses" and "several witnesses" are the story's witnesses (its ``source_core``,
    without a leading count, its head in the singular)."""
    words = source_core(name).split()
    while len(words) > 1 and (words[0] in _QUANTIFIERS or words[0].isdigit()):
        words = words[1:]
    if words:
        words[-1] = next((f for f in _singulars(words[-1])[1:] if f in _sayer_nouns()), words[-1])
    return " ".join(words)


def document_citations(claims: Iterable[Claim], sentences_text: dict[str, list[str]],
                       entity_names: dict[str, set[str]]) -> dict[str, set[str]]:
    """document id -> upstream keys it cites anywhere: attributed claims, plus sentences
    that name a known entity next to a reporting cue ("This was reported by ..."). All
    names are sought in one pass per sentence (one pattern for the story's names)."""
    cites: dict[str, set[str]] = {}
    for c in claims:
        key = upstream_key(c)
        if key and key != "media":
            cites.setdefault(c.document, set()).add(key)
    keys_of: dict[str, set[str]] = {}
    for key, names in entity_names.items():
        for n in names:
            n = (n or "").lower().strip()
            if len(n) >= 3:
                keys_of.setdefault(n, set()).add(key)
    if not keys_of:
        return cites
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(keys_of, key=len, reverse=True))
                         + r")(?!\w)")
    for doc_id, texts in sentences_text.items():
        for text in texts:
            if not _REPORTING.search(text):
                continue
            for m in pattern.finditer(text.lower()):
                for key in keys_of[m.group(1)]:
                    cites.setdefault(doc_id, set()).add(f"entity:{key}")
    return cites


def source_links(claims: list[Claim], documents: dict[str, Document],
                 citations: dict[str, set[str]] | None = None) -> list[SourceLink]:
    """One SourceLink per claim of a fact, with ``source_key`` set by the rules above."""
    citations = citations or {}
    origin = _origins(claims, documents)
    keys = [upstream_key(c) for c in claims]
    named: dict[str, str] = {}  # upstream key -> how the first claim citing it names it
    for c, k in zip(claims, keys):
        if k is not None:
            named.setdefault(k, c.attribution)
    upstream = set(named) - {"media"}
    links = []
    for c, key in zip(claims, keys):
        doc = documents.get(c.document)
        outlet = doc.source_label if doc else c.document
        cited = c.attribution if key else None
        if key is None:
            relayed = sorted(upstream & citations.get(c.document, set()))
            if relayed:
                key = relayed[0]
                cited = f"{named.get(key, key)} (relayed)"
            else:
                root = documents.get(origin[c.document])
                if root is not None and root.outlet:
                    key = f"outlet:{normalise_name(root.outlet)}"
                else:
                    key = f"document:{origin[c.document]}"
        links.append(SourceLink(c.document, outlet, cited, key))
    return state_sources(claims, links)


# Head nouns of a state's organs after its adjective ("Turkish officials", "Ukrainian
# forces", "Ukraine's emergency service"); "Syrian rebels" has none.
_OFFICIAL_HEADS = {"official", "officials", "authorities", "authority", "government", "ministry",
                   "agency", "spokesman", "spokeswoman", "spokesperson", "president", "minister",
                   "service", "forces", "military", "army", "navy", "troops", "police", "embassy",
                   "ambassador", "prosecutors", "prosecutor"}
_STATE_MEDIA = {"media", "agencies", "television", "tv", "broadcaster", "news"}  # after "state"
_QUALIFIED = re.compile(r"^(.*?)(\s+(?:in|from)\s+(.+))?$")  # "officials in Kyiv"
_OFFICIAL_TYPES = {"ORG", "PERSON", "MILITARY", "GPE"}


def official_state(claim: Claim) -> str | None:
    """The state whose organ is the claim's source: an alias-table entity of that
    country (its agency, leader or forces; not one marked ``state: false``), the state
    itself or its capital ("Kyiv maintains"), or a group named by an official head noun
    with the state's adjective or its capital ("Turkish officials", "Russian-installed
    officials in the occupied part": an occupying state's administration; "the health
    ministry in Damascus"; "Russian state news agencies")."""
    if claim.attribution_kind == "outlet" or not claim.attribution:
        return None
    try:
        from ..analyze.entities import capital_of, country_of, table_entry
    except Exception:  # a broken alias table must not stop counting
        return None
    if claim.attribution_entity:
        entry = table_entry(claim.attribution_entity)
        if entry is None:
            return capital_of(claim.attribution) if claim.attribution_entity.startswith("gpe:") else None
        if entry.type == "GPE":
            if entry.country is None or entry.key == f"gpe:{entry.country}":
                return entry.key[4:]
            return capital_of(entry.name)  # a city speaks for its state only as its capital
        if entry.type in _OFFICIAL_TYPES and entry.state and entry.country:
            return entry.country
        return None
    head, _, where = _QUALIFIED.match(normalise_name(claim.attribution)).groups()
    words = head.split()  # "russian installed officials", "health ministry" (in damascus)
    if not words:
        return None
    official = words[-1] in _OFFICIAL_HEADS or "state" in words[:-1] and words[-1] in _STATE_MEDIA
    if not official:
        return None
    return (country_of(words[0]) if len(words) >= 2 else None) or (
        capital_of(where) or country_of(where) if where else None)


def state_sources(claims: list[Claim], links: list[SourceLink]) -> list[SourceLink]:
    """Organs of one state count once: when a fact cites two or more of one state's
    organs (its president, its armed forces, "Kyiv", "Ukraine's military"), they give
    one government's line, not independent confirmations (later figures of its
    officials are updates of one official tally), so their links, and those of outlets
    relaying them, share ``official:<state>``. An opposition group or a company of that
    country is no organ (``state: false`` in the alias table)."""
    state_of_key: dict[str, str] = {}
    for c, link in zip(claims, links):
        state = official_state(c)
        if state is not None and link.source_key:
            state_of_key[link.source_key] = state
    keys_of_state: dict[str, set[str]] = defaultdict(set)
    for key, state in state_of_key.items():
        keys_of_state[state].add(key)
    for link in links:
        state = state_of_key.get(link.source_key)
        if state is not None and len(keys_of_state[state]) >= 2:
            link.source_key = f"official:{state}"
    return links


def _origins(claims: list[Claim], documents: dict[str, Document]) -> dict[str, str]:
    """document id -> the document its text in this fact originates from."""
    root = {c.document: copy_root(c.document, documents) for c in claims}
    # One sentence carried word for word by many reports is compared once: group the
    # claims by their word sets, then compare the distinct sets pairwise.
    by_words: dict[frozenset, list[str]] = defaultdict(list)
    for c in claims:
        by_words[claim_words(c.text)].append(c.document)
    # Joined origins as a union-find whose root is the earliest published of the two
    # joined (a fact of 2,000 reports re-labelled every report at each join).
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        a, b = find(root[a]), find(root[b])
        if a == b:
            return
        first = min((a, b), key=lambda d: _published_order(d, documents))
        parent[b if first == a else a] = first

    distinct = [(t, list(dict.fromkeys(ds))) for t, ds in by_words.items() if len(t) >= 6]
    for _, ds in distinct:
        for d in ds[1:]:
            join(ds[0], d)
    for i, j in _near_identical([t for t, _ in distinct], NEAR_IDENTICAL):
        for x in distinct[i][1]:
            for y in distinct[j][1]:
                if x != y:
                    join(x, y)
    return {d: find(r) for d, r in root.items()}


def _near_identical(sets: list[frozenset], threshold: float) -> list[tuple[int, int]]:
    """The pairs of word sets with Jaccard >= threshold, without comparing them all: two
    such sets share a word among the first |x| - ceil(threshold |x|) + 1 of each in one
    global order, rarest first (the prefix filter of Bayardo et al.'s All-Pairs), and
    their sizes lie within a factor of threshold."""
    freq: Counter = Counter(w for t in sets for w in t)
    index: dict[str, list[int]] = defaultdict(list)
    out = []
    for i, t in enumerate(sets):
        words = sorted(t, key=lambda w: (freq[w], w))
        prefix = words[:len(words) - math.ceil(threshold * len(words) - 1e-9) + 1]
        candidates = {j for w in prefix for j in index[w]}
        for j in sorted(candidates):
            u = sets[j]
            if threshold * len(t) <= len(u) + 1e-9 and threshold * len(u) <= len(t) + 1e-9 \
                    and len(t & u) / len(t | u) >= threshold:
                out.append((j, i))
        for w in prefix:
            index[w].append(i)
    return out


def _published_order(doc_id: str, documents: dict[str, Document]) -> tuple:
    doc = documents.get(doc_id)
    published = doc.published.toordinal() if doc and doc.published else 10**9
    return (published, doc_id)


def count_independent(links: list[SourceLink]) -> int:
    """Distinct origins among a fact's links."""
    return len({link.source_key for link in links})


@functools.lru_cache(maxsize=1)
def _institution_heads() -> list[tuple[re.Pattern, str]]:
    """(head phrase pattern, kind) from data/institutions.yaml, longest phrase first."""
    table = _yaml("institutions.yaml")
    pairs = [(phrase.lower(), kind) for kind, phrases in table.items() for phrase in phrases]
    return [(re.compile(r"(?<![\w'])" + re.escape(phrase) + r"(?![\w'])"), kind)
            for phrase, kind in sorted(pairs, key=lambda p: -len(p[0]))]


def _yaml(name: str):
    with (resources.files("newsfuse") / "data" / name).open(encoding="utf-8") as fh:
        return yamlfast.safe_load(fh)


@functools.lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Ranks and offices written beside a cited person's name (data/source_titles.yaml)."""
    return frozenset(t.lower() for t in _yaml("source_titles.yaml")["titles"])


@functools.lru_cache(maxsize=1)
def _sayer_nouns() -> frozenset[str]:
    """Nouns that name someone who can say something: a person or a group of people
    (data/sayer_nouns.tsv.gz, from WordNet), and the official heads the claim reader
    takes as sources ("ministry", "office", "government"); not "sources": an anonymous
    source may be anyone, the outlet's own included."""
    from ..analyze.claims import MEDIA_HEADS, SOURCE_HEADS, STATEMENT_HEADS

    with resources.files("newsfuse").joinpath("data", "sayer_nouns.tsv.gz").open("rb") as raw, \
            gzip.open(raw, "rt", encoding="utf-8") as fh:
        words = {line.split("\t", 1)[0] for line in fh if line.strip() and not line.startswith("#")}
    return frozenset(words | (SOURCE_HEADS - STATEMENT_HEADS - MEDIA_HEADS)) - {"source"}


_JURISDICTION_WORDS = {"county", "city", "state", "metro", "metropolitan", "the", "a", "an", "local", "spokesman",
                       "spokeswoman", "spokesperson", "department", "office", "officials", "official", "said"}
MAX_SOURCE_WORDS = 7  # longer "sources" are descriptions or a misread clause, not a name
_NO_SOURCE_START = {"at", "in", "on", "of", "from", "to", "for", "with", "by", "after", "before", "during",
                    "then", "when", "where", "while", "and", "or", "but", "as", "than", "that", "which"}


@functools.lru_cache(maxsize=16384)  # a story names its sources over and over
def institution_of(name: str, person: str = "") -> tuple[str, str] | None:
    """(kind, jurisdiction) of a local institution named as a source: "Police in
    Chesapeake" -> ("police", "chesapeake"), "the sheriff's department" -> ("sheriff", ""),
    "Louisiana State Police Col." -> ("police", "louisiana"): ranks and titles are no
    jurisdiction, nor is the cited ``person``'s name. None for any other source."""
    names = {w.lower() for w in _WORD.findall(person)}
    norm = " ".join(name.lower().replace("’", "'").split())
    norm = re.sub(r"^(the|a|an)\s+", "", norm)
    for pattern, kind in _institution_heads():
        m = pattern.search(norm)
        if not m:
            continue
        rest = (norm[: m.start()] + " " + norm[m.end():]).replace("'s", " ")
        rest = re.sub(r"\b(in|of|for|from|at)\b", " ", rest)
        words = [w for w in re.findall(r"[a-z][a-z.-]+", rest)
                 if w not in _JURISDICTION_WORDS and w.rstrip(".") not in _titles() | names]
        if len(words) > 4:
            return None  # a long description ("police officers who arrived first"): not just a name
        return kind, " ".join(words)
    return None


def countable(claim: Claim) -> bool:
    """Whether a claim's cited source names someone who can say it: a name, an entity,
    the media, or a description whose head noun is a person or a group of people
    ("witnesses", "a neighbor", "police"). Not: another phrase the attribution reader took
    for the sayer ("the shooting", "a call", "the investigation", "documents",
    "sources", an unresolved "he", "at Benny's Carwash where the shooting began", a
    sentence-long description). Such a claim is its outlet's report."""
    if claim.attribution_kind in ("outlet", "media") or claim.attribution_entity:
        return True
    words = normalise_name(claim.attribution).split()
    if not words or words[0] in _NO_SOURCE_START:
        return False
    core = source_core(claim.attribution).split()
    if len(words) > MAX_SOURCE_WORDS and not (
            core and len(core) <= MAX_SOURCE_WORDS and any(f in _sayer_nouns() for f in _singulars(core[-1]))):
        return False  # long, unless a sayer qualified by a place ("officials in the occupied part of ...")
    if claim.attribution_kind == "entity" or institution_of(claim.attribution):
        return True  # a name no table knows ("Hudec"), an institution
    if any(w[:1].isupper() for w in claim.attribution.split()[:-1]):
        return True  # a named owner: "the Clinton campaign", "a Bloomberg poll"
    head = source_core(claim.attribution).split()[-1]
    return any(form in _sayer_nouns() for form in _singulars(head))


def _singulars(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    return forms


@functools.lru_cache(maxsize=4096)
def _is_region(name: str) -> bool:
    """A state, province or country ("Police in Virginia"): it holds the local
    jurisdiction rather than naming another one."""
    return _place_kind(name) == "region"


@functools.lru_cache(maxsize=4096)
def _place_kind(name: str) -> str | None:
    """"region" (a state, province or country), "place" (another place the gazetteer
    knows) or None: a jurisdiction is a place ("Chesapeake"), not a person's name or a
    word the reader left beside the institution ("borough", "affidavit")."""
    if not name:
        return None
    from ..analyze.gazetteer import get_gazetteer

    try:
        found = [c for c in get_gazetteer().lookup(name) if c.exact]
    except Exception:  # no gazetteer: treat the name as a jurisdiction of its own
        return "place"
    if any(c.kind in ("country", "admin1", "region") for c in found):
        return "region"
    return "place" if found else None


def _person_of(claim: Claim, people: dict[str, str]) -> str | None:
    """The story's person a source names, however titled: the entity the claim's source
    resolved to, else the one person whose surname is a word of the source name and whose
    other names, where the source gives any, agree ("Sheriff Sid J. Gautreaux",
    "Gautreaux"; "Jordan said" in a story of Officer Jordan is no country)."""
    if claim.attribution_entity in people:
        return claim.attribution_entity
    if claim.attribution_entity and not claim.attribution_entity.startswith("gpe:"):
        return None
    words = [w for w in _WORD.findall(claim.attribution) if w[:1].isupper()]
    if not words or len(words) > MAX_SOURCE_WORDS:
        return None
    lower = {w.lower() for w in words}
    found = []
    for key, name in people.items():
        parts = [w.lower() for w in _WORD.findall(name) if len(w) > 1]
        if len(parts) < 2 or parts[-1] not in lower:
            continue
        given = set(parts[:-1])
        other = lower - given - {parts[-1]} - _titles()
        if given & lower or not other or len(words) == 1:
            found.append(key)
    return found[0] if len(found) == 1 else None


def merge_institutions(claims: list[Claim], people: dict[str, str] | None = None) -> list[Claim]:
    """A story's sources read as who they are, for counting:

    - a claim whose cited source names no one who can say it (``countable``) is its
      outlet's report;
    - a person and their titled names are one source, and a person cited with an
      institution's title ("Sheriff Sid J. Gautreaux", "sheriff's spokesman Jim
      Amormino", "State Police Col. Mike Edmonson") speaks for it: their every claim
      counts as the institution;
    - local institutions count as one upstream source per kind: "police", "Police in
      Chesapeake", "Chesapeake police" ... share ``institution:police``, unless the story
      names two jurisdictions for the kind (Chesapeake and Norfolk police), when each
      jurisdiction is its own source;
    - generic officials ("authorities", "officials", "law enforcement"), and an unnamed
      institution of a kind with several jurisdictions, are the story's one institution
      when it names only one, else one source together (``institution:authorities``):
      the text does not tell them apart.

    ``people``: the story's person entities (key -> name)."""
    people = people or {}
    claims = [c if countable(c) else dataclasses.replace(c, attribution_kind="outlet", attribution_entity=None)
              for c in claims]
    cited = [c for c in claims if c.attribution_kind in ("entity", "group") and c.attribution]
    person = {c.id: p for c in cited if (p := _person_of(c, people))}
    found: dict[str, tuple[str, str]] = {}
    titled: dict[str, tuple[str, str]] = {}  # person key -> the institution a title gives them
    for c in cited:
        inst = institution_of(c.attribution, people.get(person.get(c.id), ""))
        if not inst:
            continue
        kind, where = inst
        kind_where = (kind, "" if _place_kind(where) != "place" else where)
        found[c.id] = kind_where
        if c.id in person:
            titled.setdefault(person[c.id], kind_where)
    cited_people = {person[c.id] for c in cited if c.id in person} - set(titled)
    for key, inst in _titled_in_text(claims, {k: people[k] for k in cited_people}).items():
        titled.setdefault(key, (inst[0], "" if _place_kind(inst[1]) != "place" else inst[1]))
    for c in cited:
        if c.id not in found and person.get(c.id) in titled:
            found[c.id] = titled[person[c.id]]
    jurisdictions: dict[str, set[str]] = defaultdict(set)
    for kind, where in found.values():
        jurisdictions[kind].add(where)
    named = {(k, w) for k, w in found.values() if k != "authorities"}
    specific = {k for k, _ in named}
    out = []
    for c in claims:
        inst = found.get(c.id)
        if inst is None:
            if c.id in person:
                c = dataclasses.replace(c, attribution_entity=person[c.id], attribution_kind="entity")
            out.append(c)
            continue
        kind, where = inst
        named_places = jurisdictions[kind] - {""}
        if kind == "authorities" or (not where and len(named_places) > 1):
            key = (f"institution:{_key_of(*next(iter(named)), jurisdictions)}" if len(specific) == 1
                   and len({w for k, w in named if w}) <= 1 else "institution:authorities")
        else:
            key = f"institution:{_key_of(kind, where, jurisdictions)}"
        out.append(dataclasses.replace(c, attribution_entity=key, attribution_kind="entity"))
    return out


@functools.lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """The last words of the institution phrases ("police", "office", "sheriff", "deputy")."""
    return frozenset(phrase.lower().split()[-1].removesuffix("'s")
                     for phrases in _yaml("institutions.yaml").values() for phrase in phrases)


def _titled_in_text(claims: list[Claim], people: dict[str, str]) -> dict[str, tuple[str, str]]:
    """person key -> (kind, jurisdiction) of the institution a story's text names them
    by: the institution, then ranks only, right before their name ("Louisiana State
    Police Col. Mike Edmonson", "Baton Rouge Police Chief Carl Dabadie", "East Baton Rouge
    sheriff's deputy Brad Garafola"), though the claims that cite them give the surname
    alone. Sought by surname (one person of the story's), with any given names or
    initials before it ("Mike" for the entity "Michael Edmonson")."""
    surnames: dict[str, list[str]] = defaultdict(list)
    for key, name in people.items():
        words = _WORD.findall(name)
        if len(words) >= 2 and len(words[-1]) > 2:
            surnames[words[-1]].append(key)
    names = {n: keys[0] for n, keys in surnames.items() if len(keys) == 1}
    if not names:
        return {}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    heads, out = _head_words(), {}

    def title(word: str) -> bool:
        return word.lower().rstrip(".") in _titles() and word.lower().rstrip(".") not in heads

    for c in claims:
        for m in pattern.finditer(c.text):
            key = names[m.group(1)]
            if key in out:
                continue
            words = re.findall(r"[\w.'’-]+", c.text[max(0, m.start() - 120):m.start()])
            k = len(words)
            given = 0
            while k and given < 2 and words[k - 1][:1].isupper() and not title(words[k - 1]) \
                    and words[k - 1].lower().removesuffix("'s") not in heads:
                k, given = k - 1, given + 1
            while k and title(words[k - 1]):
                k -= 1
            if k == 0:
                continue
            head = words[k - 1].lower().replace("’", "'").removesuffix("'s")
            if head not in heads:
                continue
            start = k - 1
            while start > k - 6 and start and (words[start - 1][:1].isupper() or
                                               words[start - 1].lower().replace("’", "'").removesuffix("'s") in heads):
                start -= 1
            inst = institution_of(" ".join(words[start:k]))
            if inst:
                out[key] = inst
    return out


def _key_of(kind: str, where: str, jurisdictions: dict[str, set[str]]) -> str:
    """An institution's key: its kind, and its jurisdiction when the story names two."""
    return f"{kind}:{where}" if where and len(jurisdictions[kind] - {""}) > 1 else kind
