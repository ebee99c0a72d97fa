"""Claims: one proposition per sentence (or clause), with who says it, how, and how surely.

Attribution is read from the dependency parse, in this order of evidence:
``according to X``; a reporting verb with its sayer ("X said/claims/noted that ...",
"..., officials said", "X's statement ..., noting: '...'"); a passive with an agent
("... was reported by X"); then carry-over rules:

- a pronoun or a definite common noun as the sayer ("They assert ...", "The agency
  added ...") takes the nearest earlier named source it can refer to;
- a sentence that continues an open direct quote keeps the quote's speaker;
- "This was reported by X" (a reporting verb whose subject or object is a bare
  demonstrative) makes no claim of its own: it attributes, *backwards only*, the claims
  the outlet had asserted on its own just before it — the earlier sentences of its
  paragraph, or when it opens a paragraph, the paragraph before. Nothing is carried
  forward: a wrong source would make independent reports look like echoes of one, and
  an outlet's own sentence after the note may well be its own reporting.

With no evidence the outlet itself is the source (kind ``outlet``).

Compound sentences are split only where the pieces are cleaner propositions: at
"..., with (some) speculation/reports that ...", and at ";", " — ", ", and/but/so/while/
whereas/yet" when both sides have their own subject and finite verb.

Numbers are the explicit numerals and number words of a clause ("912", "5,300",
"two", "2 million"); vague plurals ("hundreds", "dozens", "tens of thousands") are left
out rather than turned into invented figures. Times are the ISO dates of the clause's
resolved time expressions, written at their own precision ("2024-12-08", "2024-12",
"2016"), so a year is never compared as if it were 1 January.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Attribution, Claim, Document, Entity, Mention, Place, Sentence, TimeExpr
from .attribution import Found, find_attributions, load_model
from .certainty import read_scope
from .frames import main_verb
from .nlp import is_heading
from .times import iso_at_precision

# Verbs that introduce what a source says. A "strong" verb needs a sayer and so takes
# any noun subject; a "weak" one ("the data show") only counts with a subject that can be
# a source (a name, a person or institution noun, a statement noun, the media).
STRONG_REPORTING = {
    "say", "tell", "claim", "assert", "state", "announce", "report", "confirm", "deny",
    "allege", "insist", "maintain", "argue", "warn", "add", "write", "declare",
    "acknowledge", "admit", "reiterate", "explain", "accuse", "blame", "comment",
    "contend", "testify", "tweet", "disclose", "inform", "predict", "promise",
    "vow", "pledge", "dismiss", "reject", "refute", "rebut", "dispute",
    "mention", "remark", "reply", "respond", "caution", "concede", "speculate", "believe",
    "think", "suspect", "fear", "estimate", "quote", "cite", "complain",
}
WEAK_REPORTING = {
    "indicate", "show", "suggest", "note", "highlight", "underscore", "underline",
    "stress", "emphasise", "emphasize", "find", "reveal", "observe", "describe",
    "expect", "know", "confirm", "report", "say",
}
REPORTING_VERBS = STRONG_REPORTING | WEAK_REPORTING
# A learned cue whose word is not a reporting verb above frames a claim only when at
# least this share of the word's PolNeAR train occurrences were cues, or when in its
# own sentence it introduces a statement (a clause or a quotation: "Politifact ruled
# that ...", "called them 'deplorables'") or the tagger is sure of it there: the claims
# feed fusion, where a wrong sayer ("the army withdrew its ships") makes independent
# reports look like echoes of one.
LEARNED_CUE_RATE = 0.5
LEARNED_CUE_SURE = 0.8
HEDGING_VERBS = {"suggest", "believe", "think", "suspect", "estimate", "expect", "fear", "assume"}
SPECULATIVE_VERBS = {"speculate"}
DENIAL_VERBS = {"deny", "reject", "refute", "dismiss", "rebut", "dispute", "contradict", "disprove", "debunk"}
CLAIM_NOUNS = {
    "claim", "report", "allegation", "accusation", "rumour", "rumor", "suggestion",
    "statement", "assertion", "charge", "speculation", "story", "account", "idea",
}

MEDIA_HEADS = {
    "report", "media", "press", "news", "newspaper", "outlet", "journalist", "reporter",
    "correspondent", "broadcaster", "channel", "tabloid", "television", "tv", "radio",
    "wire", "publication", "daily", "blogger", "medium",
}
STATEMENT_HEADS = {
    "statement", "analysis", "assessment", "report", "communique", "announcement",
    "briefing", "update", "post", "message", "letter", "release", "data", "figure",
    "estimate", "review", "study", "survey", "investigation", "finding", "account",
    "summary", "image", "video", "footage", "photo", "photograph", "record", "document",
    "intelligence", "bulletin", "publication", "note", "comment", "remark", "words",
}
SOURCE_HEADS = MEDIA_HEADS | STATEMENT_HEADS | {
    "official", "spokesman", "spokeswoman", "spokesperson", "minister", "ministry",
    "government", "authority", "police", "army", "military", "witness", "resident",
    "analyst", "expert", "observer", "diplomat", "source", "activist", "medic", "doctor",
    "rescuer", "survivor", "villager", "local", "leader", "commander", "president",
    "governor", "mayor", "agency", "service", "office", "department", "committee",
    "council", "group", "organisation", "organization", "monitor", "watchdog",
    "investigator", "prosecutor", "lawyer", "company", "operator", "directorate",
    "command", "force", "troop", "representative", "envoy", "ambassador", "researcher",
    "scientist", "engineer", "worker", "employee", "aide", "adviser", "advisor",
    "negotiator", "mediator", "people", "person", "man", "woman", "family", "relative",
    "politician", "lawmaker", "senator", "kremlin", "pentagon", "headquarters", "staff",
    "chief", "head", "secretary", "premier", "chancellor", "king", "party", "coalition",
    "union", "militant", "rebel", "fighter", "insurgent", "opposition", "regime",
    "administration", "firm", "institute", "university", "centre", "center", "bureau",
    "team", "crew", "pilot", "farmer", "trader", "economist", "commentator",
}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
DEMONSTRATIVES = {"this", "that", "it", "so", "these", "those"}
LEADING_DETERMINERS = {"the", "a", "an", "this", "these", "those", "that"}

HEDGE_ADVERBS = {
    "likely", "reportedly", "possibly", "probably", "apparently", "potentially",
    "allegedly", "presumably", "perhaps", "seemingly", "purportedly", "supposedly",
    "maybe", "ostensibly", "unlikely", "conceivably", "plausibly",
}
HEDGE_ADJECTIVES = {
    "likely", "apparent", "possible", "alleged", "suspected", "probable", "potential",
    "purported", "unlikely", "presumed", "supposed", "plausible",
}
HEDGE_MODALS = {"may", "might", "could"}
HEDGE_PASSIVES = {"say", "believe", "think", "report", "understand", "allege", "expect",
                  "suppose", "presume", "reckon", "rumour", "rumor"}
SPECULATION_WORDS = {
    "speculation", "speculate", "speculative", "unconfirmed", "rumour", "rumor", "rumoured",
    "rumored", "unverified", "conjecture", "unsubstantiated", "hearsay",
}
_UNCLEAR = re.compile(
    r"\b(?:(?:it\s+)?(?:is|was|remains|remained)\s+(?:still\s+)?(?:unclear|not\s+(?:yet\s+)?clear|unknown|uncertain)"
    r"\s+(?:whether|if|who|why|how|what)|remains\s+to\s+be\s+seen)\b",
    re.I,
)
_DISPUTE = re.compile(
    r"\b(?:contrary\s+to|in\s+contrast\s+to|contradicting|disputing|refuting|rebutting|"
    r"at\s+odds\s+with|in\s+contradiction\s+(?:to|with))\b",
    re.I,
)
CONTRAST_CONNECTORS = {"while", "whereas", "but", "yet"}
# "Kyiv maintains that ..., while Moscow blames ...": a counter-account, not a mere "while".
CONTENTIOUS_VERBS = {"claim", "maintain", "insist", "accuse", "blame", "allege", "argue", "contend", "deny", "counter"}

# Evaluative predicates: (verb lemma, object head lemmas). Kept small on purpose.
OPINION_PATTERNS: dict[str, set[str]] = {
    "raise": {"question", "doubt", "concern", "fear", "eyebrow"},
    "signal": {"point", "shift", "end", "change", "beginning", "defeat", "victory", "era"},
    "mark": {"defeat", "victory", "point", "setback", "blow", "milestone", "shift", "turning", "era", "watershed"},
    "represent": {"defeat", "victory", "blow", "setback", "shift", "threat", "challenge", "milestone"},
    "deal": {"blow"},
    "be": {"blow", "setback", "defeat", "victory", "milestone", "mistake", "failure", "success", "disaster", "tragedy", "crime", "humiliation", "watershed"},
    "highlight": {"significance", "importance", "need", "weakness", "failure", "vulnerability"},
    "underscore": {"significance", "importance", "need", "point", "weakness", "vulnerability"},
    "underline": {"significance", "importance", "need", "weakness"},
    "finalise": {"defeat"},
    "finalize": {"defeat"},
}
EVALUATIVE_FRAMES = {"call", "describe", "brand", "label", "term", "characterise", "characterize", "dub"}

# A wire dateline opening a story: upper-case place, optional date and agency, then a dash.
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?:,\s*[^()\n]{1,40}?)?\s*(?:\([^()\n]{1,40}\))?\s*[-–—]{1,2}\s+")
# A photo gallery's caption marker: "Image 4 of 10 Police investigate the scene ..."
_GALLERY = re.compile(r"\s*(?:image|photo|picture|slide)\s+\d+\s+of\s+\d+\s+", re.I)

_BACKGROUND_HEADING = re.compile(
    r"\b(?:background|what\s+preceded|context|history|previously|how\s+we\s+got\s+here|recap|timeline)\b", re.I
)
_PAST_MARKERS = {"previously", "formerly", "earlier", "once", "ago"}
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


@dataclass
class _Frame:
    """Who says a clause, and through which verb."""

    attribution: str
    kind: str  # "entity" | "group" | "media" | "outlet"
    entity: str | None = None
    verb: str | None = None
    verb_i: int | None = None  # token index of the reporting verb
    content_i: int | None = None  # token index heading what is said
    source: tuple[int, int] | None = None  # token range of the named source
    back_reference: bool = False  # "This was reported by X": applies to earlier claims
    hedging: bool = False
    denial: bool = False
    cue: tuple[int, int] | None = None  # token range of the cue when known ("according to")
    content: list[tuple[int, int]] | None = None  # char fragments of what is said, when known
    found: Found | None = None  # the learned attribution the frame was read from


@dataclass
class _Clause:
    sentence: Sentence
    paragraph: int
    start: int  # char offsets
    end: int
    t0: int  # token range
    t1: int
    connector: str | None = None  # "while", "but", ... before this clause
    frame: _Frame | None = None
    info: dict = field(default_factory=dict)


def extract_claims(
    document: Document,
    doc,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: list[Entity],
    place_mentions: list[Mention],
    places: list[Place],
    times: list[TimeExpr],
) -> list[Claim]:
    """Claims for every claim-bearing sentence or clause of ``document`` (headings,
    questions and verbless fragments make none). ``doc`` is the spaCy Doc over
    ``document.text``; mention offsets are offsets into that text."""
    text = document.text
    outlet = (document.outlet or "").strip() or "the outlet"
    outlet_frame = _Frame(attribution=outlet, kind="outlet")
    quote_spans = _quote_spans(text)
    entity_types = {e.key: e.type for e in entities}
    clauses: list[_Clause] = []
    background_section = False
    paragraph = 0
    previous: Sentence | None = None
    told: set[str] = set()
    for sentence in sentences:
        if previous is not None and "\n" in text[previous.end : sentence.start]:
            paragraph += 1
        previous = sentence
        if is_heading(sentence):
            background_section = bool(_BACKGROUND_HEADING.search(sentence.text))
            paragraph += 1
            continue
        dateline = _DATELINE.match(sentence.text)  # "ANKARA, Feb 7 (Wire) - ...": a place, not a source
        start = sentence.start + (dateline.end() if dateline else 0)
        gallery = _GALLERY.match(text, start)  # "Image 4 of 10 Police investigate ...": a caption's marker
        start = gallery.end() if gallery else start
        said = " ".join(text[start:sentence.end].split()).lower()
        if said in told:
            continue  # a sentence the page repeats (a gallery's captions) is one claim, not several
        told.add(said)
        span = doc.char_span(start, sentence.end, alignment_mode="expand")
        if span is None or len(span) == 0 or sentence.text.rstrip().endswith("?"):
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        for clause in _split_clauses(doc, sentence, span.start, span.end, paragraph):
            clause.info["background_section"] = background_section
            clauses.append(clause)

    claims: list[Claim] = []
    owner: dict[int, _Clause] = {}  # index in claims -> clause
    last_named: list[_Frame] = []  # named frames in document order, for carry-over
    last_paragraph_frame: dict[int, _Frame] = {}
    previous_clause: _Clause | None = None
    learned = find_attributions(doc) if load_model() is not None else []
    for clause in clauses:
        frame = _find_frame(doc, clause, mentions, entity_types)
        if frame is None or not frame.back_reference:  # "This was reported by X" stays a rule
            frame = _learned_frame(doc, clause, learned, mentions, entity_types) or frame
        if frame is None and clause.info.get("inherits") and previous_clause is not None \
                and previous_clause.sentence is clause.sentence and previous_clause.frame is not None \
                and previous_clause.frame.kind != "outlet":
            frame = previous_clause.frame  # "..., with some speculation that ..." stays reported
        previous_clause = clause
        if frame is not None and frame.back_reference:
            _apply_back_reference(frame, clause, claims, owner, outlet_frame, doc)
            last_named.append(frame)
            last_paragraph_frame[clause.paragraph] = frame
            continue
        if frame is not None:
            frame = _resolve_reference(doc, frame, clause, last_named, last_paragraph_frame, mentions, entity_types)
        in_quote = _starts_inside_quote(clause, quote_spans)
        if frame is None and in_quote and clause.paragraph in last_paragraph_frame:
            frame = last_paragraph_frame[clause.paragraph]
        if frame is None:
            frame = outlet_frame
        clause.frame = frame
        if frame.kind != "outlet":
            last_named.append(frame)
            last_paragraph_frame[clause.paragraph] = frame
        claim = _make_claim(document, doc, clause, frame, quote_spans, in_quote, mentions,
                            place_mentions, times, len(claims))
        claim.attributions = _further_attributions(doc, clause, frame, learned, mentions, entity_types)
        owner[len(claims)] = clause
        claims.append(claim)
    return claims


# --- clauses -------------------------------------------------------------------------

def _is_finite_clause_head(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS for c in tok.children)


def _has_own_clause(doc, t0: int, t1: int) -> bool:
    """The top of [t0, t1) is a finite verb with its own subject there: "..., so Russia may
    lose bases" is a clause, "..., and warned that ..." or "..., and that ..." are not."""
    for i in range(t0, t1):
        tok = doc[i]
        if t0 <= tok.head.i < t1 and tok.head.i != tok.i:
            continue  # not a top of the piece
        if not _is_finite_clause_head(tok) or tok.dep_ == "relcl":
            continue
        if any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in tok.children):
            continue
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl") and t0 <= c.i < t1 and c.tag_ not in ("WDT", "WP"):
                return True
    return False


def _split_clauses(doc, sentence: Sentence, t0: int, t1: int, paragraph: int) -> list[_Clause]:
    """Split a sentence only where each piece is a proposition of its own (see module doc)."""
    cuts: list[tuple[int, int, str | None, bool]] = []  # (left end tok, right start tok, connector, inherits)
    depth = 0  # brackets open before token i (a cut inside brackets is no clause edge)
    for i in range(t0, t1):
        tok = doc[i]
        inside_brackets = depth > 0
        if tok.text in ("(", "["):
            depth += 1
        elif tok.text in (")", "]"):
            depth = max(0, depth - 1)
        # "..., with some speculation that he may have perished"
        if tok.lower_ == "with" and tok.dep_ == "prep" and i > t0:
            for p in tok.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in CLAIM_NOUNS | {"speculation", "fear", "suggestion", "indication", "hope", "concern"} \
                        and any(c.dep_ in ("acl", "ccomp", "relcl") for c in p.children):
                    left_end = i - 1 if doc[i - 1].is_punct else i
                    cuts.append((left_end, p.left_edge.i if p.left_edge.i > i else i + 1, None, True))
        if inside_brackets:
            continue
        nxt = doc[i + 1] if i + 1 < t1 else None
        if tok.text == ";" or (tok.text in ("—", "–", "--") and tok.whitespace_ and i > t0 and doc[i - 1].whitespace_):
            cuts.append((i, i + 1, None, False))
        elif tok.text == "," and nxt is not None and nxt.lower_ in {"and", "but", "so", "while", "whereas", "yet"}:
            cuts.append((i, i + 2, nxt.lower_, False))
    pieces: list[_Clause] = []
    start_tok, connector, inherits = t0, None, False
    for left_end, right_start, conn, inh in sorted(cuts):
        if left_end <= start_tok or right_start >= t1:
            continue
        if not inh and not (_has_own_clause(doc, start_tok, left_end) and _has_own_clause(doc, right_start, t1)):
            continue
        pieces.append(_make_clause(doc, sentence, start_tok, left_end, paragraph, connector, inherits))
        start_tok, connector, inherits = right_start, conn, inh
    pieces.append(_make_clause(doc, sentence, start_tok, t1, paragraph, connector, inherits))
    for k, piece in enumerate(pieces):
        piece.info["inherits"] = piece.info.pop("inherits_flag")
        piece.info["piece"] = k
    return [p for p in pieces if p.end > p.start]


def _make_clause(doc, sentence: Sentence, t0: int, t1: int, paragraph: int,
                 connector: str | None, inherits: bool) -> _Clause:
    while t1 > t0 and doc[t1 - 1].is_punct and doc[t1 - 1].text not in (".", "!", "”", "\"", "»", ")"):
        t1 -= 1
    while t0 < t1 and doc[t0].is_punct and doc[t0].text not in ("“", "\"", "«", "("):
        t0 += 1
    start = max(sentence.start, doc[t0].idx) if t0 < t1 else sentence.start
    end = min(sentence.end, doc[t1 - 1].idx + len(doc[t1 - 1].text)) if t0 < t1 else sentence.start
    clause = _Clause(sentence, paragraph, start, end, t0, t1, connector)
    clause.info["inherits_flag"] = inherits
    return clause


# --- attribution ---------------------------------------------------------------------

def _clause_roots(doc, clause: _Clause) -> list:
    t0, t1 = clause.t0, clause.t1
    roots = []
    for t in doc[t0:t1]:
        h = t.head.i
        if h == t.i or not (t0 <= h < t1):
            roots.append(t)
    roots.sort(key=lambda t: (t.pos_ not in ("VERB", "AUX"), -sum(1 for d in t.subtree if t0 <= d.i < t1)))
    return roots


def _main_root(doc, clause: _Clause):
    """The clause's top token, verbs first, then the one heading most of it (asked for
    several times per clause: worked out once)."""
    at = clause.info.get("main_root")
    if at is None or at[0] != (clause.t0, clause.t1):
        roots = _clause_roots(doc, clause)
        at = clause.info["main_root"] = ((clause.t0, clause.t1), (roots[0] if roots else doc[clause.t0]).i)
    return doc[at[1]]


def _subject(tok):
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    return None


def _in_clause(clause: _Clause, tok) -> bool:
    return clause.t0 <= tok.i < clause.t1


def _find_frame(doc, clause: _Clause, mentions: list[Mention], entity_types: dict[str, str]) -> _Frame | None:
    """The attribution frame named inside the clause itself, if any."""
    root = _main_root(doc, clause)
    # "According to X, ..." / "..., according to X."
    for i in range(clause.t0, clause.t1 - 1):
        if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to":
            pobj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and _in_clause(clause, pobj):
                frame = _source_frame(doc, pobj, clause, mentions, entity_types)
                if frame is not None:
                    frame.verb, frame.verb_i, frame.content_i = "accord", i, root.i
                    return frame
    best: tuple[int, _Frame] | None = None
    for i in range(clause.t0, clause.t1):
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in REPORTING_VERBS:
            continue
        if tok.dep_ in ("relcl", "acl", "amod", "pcomp", "xcomp", "csubj") and tok is not root:
            continue
        frame, score = _verb_frame(doc, tok, lemma, clause, root, mentions, entity_types)
        if frame is not None and (best is None or score > best[0]):
            best = (score, frame)
    return best[1] if best else None


def _learned_source(doc, clause: _Clause, f: Found, found: list[Found], rates: dict) -> tuple[int, int] | None:
    """The source token range of a learned attribution whose cue is in the clause, or
    None when it frames no claim: a word that rarely attributes and introduces no
    statement, no source (own or carried from the cue it continues) in the clause's own
    sentence."""
    if not (clause.t0 <= f.head < clause.t1):
        return None
    lemma = doc[f.head].lemma_.lower()
    if lemma not in REPORTING_VERBS and lemma != "accord" and rates.get(lemma, 0.0) < LEARNED_CUE_RATE \
            and not (f.statement or f.cue_p >= LEARNED_CUE_SURE):
        return None  # "the army withdrew its ships": a word that rarely attributes, and no statement
    source = f.source_tokens or _governing_source(doc, f, found)
    if source is None:
        return None
    s0, s1 = source
    if all(doc[k].tag_ in ("WDT", "WP", "EX") or doc[k].is_punct for k in range(s0, s1)):
        return None  # "anybody who complains": a relative pronoun names nobody
    if not (doc[clause.t0].sent.start <= s0 < doc[clause.t0].sent.end):
        return None  # the source is named in the clause's own sentence
    if clause.info.get("piece") == 0 and s0 < clause.t0:
        s0 = clause.t0  # "ANKARA, Feb 7 (Wire) - ...": the dateline is no part of the source
        if s0 >= s1:
            return None
    return s0, s1


def _learned_frame(doc, clause: _Clause, found: list[Found], mentions, entity_types) -> _Frame | None:
    """The frame of the learned attribution (analyze.attribution) whose cue is in the
    clause: its source span read as a name (entity, group, media, pronoun, description),
    its cue lemma as the reporting verb, its content spans as what is said. Cues without
    a source ("it was reported") give none: they are hedges, not sources. With several
    in the clause, the one covering most of it wins (the others become the claim's
    further ``attributions``)."""
    root = _main_root(doc, clause)
    model = load_model()
    rates = model["cue_rates"] if model is not None else {}
    best, best_score, best_source = None, None, None
    for f in found:
        source = _learned_source(doc, clause, f, found, rates)
        if source is None:
            continue
        covered = sum(min(b, clause.t1) - max(a, clause.t0) for a, b in f.content_tokens if b > clause.t0 and a < clause.t1)
        score = (covered, f.head == root.i)
        if best_score is None or score > best_score:
            best, best_score, best_source = f, score, source
    if best is None:
        return None
    s0, s1 = best_source
    scope = _Clause(clause.sentence, clause.paragraph, doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1].text), s0, s1)
    head = doc[s0:s1].root
    frame = _source_frame(doc, head, scope, mentions, entity_types, strong=True)
    if frame is not None and frame.entity is None and frame.kind != "entity":
        # the annotated span may stop before the name in apposition: read it in the clause
        frame = _named_apposition(doc, head, clause, mentions, entity_types) or frame
    if frame is None:
        name = _join_tokens([t for t in doc[s0:s1] if not t.is_punct]) or doc[s0:s1].text
        frame = _Frame(attribution=name, kind="group")
    cue = doc[best.head]
    lemma = cue.lemma_.lower()
    frame.verb = lemma if lemma.isalpha() else None
    frame.verb_i, frame.cue, frame.source = best.head, best.cue_tokens, (s0, s1)
    frame.found = best
    frame.content = list(best.content)
    content_heads = [doc[a:b].root for a, b in best.content_tokens if clause.t0 <= a < clause.t1]
    frame.content_i = content_heads[0].i if content_heads else None
    frame.hedging = lemma in HEDGING_VERBS
    complement = _complement(cue)
    dobj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if lemma in DENIAL_VERBS:
        frame.denial = lemma == "deny" or complement is not None or (
            dobj is not None and dobj.lemma_.lower() in CLAIM_NOUNS)
    return frame


def _further_attributions(doc, clause: _Clause, frame: _Frame, found: list[Found], mentions,
                          entity_types) -> list[Attribution]:
    """The clause's other learned attributions that would frame a claim of their own (a
    second cue, a nested sayer), as Attribution records beside the claim's own source."""
    model = load_model()
    rates = model["cue_rates"] if model is not None else {}
    out: list[Attribution] = []
    for f in found:
        if f is frame.found or f.head == frame.verb_i:
            continue
        source = _learned_source(doc, clause, f, found, rates)
        if source is None:
            continue
        s0, s1 = source
        scope = _Clause(clause.sentence, clause.paragraph, doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1].text), s0, s1)
        named = _source_frame(doc, doc[s0:s1].root, scope, mentions, entity_types, strong=True)
        name = named.attribution if named is not None else (
            _join_tokens([t for t in doc[s0:s1] if not t.is_punct]) or doc[s0:s1].text)
        lemma = doc[f.head].lemma_.lower()
        out.append(Attribution(source=name, source_entity=named.entity if named is not None else None,
                               reporting_verb=lemma if lemma.isalpha() else None,
                               source_span=_char_range(doc, s0, s1), cue_span=f.cue, content_spans=list(f.content)))
    return out


def _governing_source(doc, f: Found, found: list[Found]) -> tuple[int, int] | None:
    """A cue without a source of its own that continues another cue ("HUR's statement
    underscores this point, noting: '...'", "she denied it and added that ..."): the
    source of the cue it hangs from. PolNeAR gives each token to one attribution only,
    so the extractor leaves the second cue sourceless; the claim still has a sayer."""
    tok = doc[f.head]
    if tok.dep_ not in ("advcl", "conj", "xcomp"):
        return None
    for g in found:
        if g is not f and g.head == tok.head.i and g.source_tokens is not None:
            return g.source_tokens
    return None


def _complement(tok):
    for c in tok.children:
        if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")):
            return c
    return None


def _verb_frame(doc, tok, lemma: str, clause: _Clause, root, mentions, entity_types) -> tuple[_Frame | None, int]:
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    subj = _subject(tok)
    complement = _complement(tok)
    dobj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    score = (2 if tok is root else 0) + (2 if complement is not None else 0)
    if passive:
        # "X is said to have ..." / "It is reported that ...": a hedge, not a source.
        if agent is None:
            return None, 0  # "X is said to ...": a hedge (see _certainty), not a source
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is None or not _in_clause(clause, pobj):
            return None, 0
        frame = _source_frame(doc, pobj, clause, mentions, entity_types, strong=True)
        if frame is None:
            return None, 0
        frame.verb, frame.verb_i = lemma, tok.i
        if subj is not None and subj.lower_ in DEMONSTRATIVES and complement is None:
            frame.back_reference = True
        frame.content_i = subj.i if subj is not None else tok.i
        return frame, score + 1
    if subj is None and tok.dep_ == "conj":
        subj = _subject(tok.head)  # "Zelensky called it a crime and said ..."
    if subj is None and tok.dep_ == "advcl" and tok.tag_ == "VBG" and (
            complement is not None or any(c.text == ":" for c in tok.children)):
        # "HUR's statement underscores this point, noting: '...'"
        subj = _subject(tok.head)
    if subj is None or not _in_clause(clause, subj) or subj.tag_ in ("WDT", "WP", "EX"):
        return None, 0
    if subj.lower_ == "it" and tok.dep_ != "ROOT" and complement is None:
        return None, 0
    if lemma in ("know", "become") or (subj.lower_ == "it" and lemma in WEAK_REPORTING - STRONG_REPORTING):
        return None, 0
    strong = lemma in STRONG_REPORTING
    frame = _source_frame(doc, subj, clause, mentions, entity_types, strong=strong)
    if frame is None:
        return None, 0
    frame.verb, frame.verb_i = lemma, tok.i
    frame.hedging = lemma in HEDGING_VERBS
    if lemma in DENIAL_VERBS:
        frame.denial = lemma == "deny" or complement is not None or (
            dobj is not None and dobj.lemma_.lower() in CLAIM_NOUNS)
    if complement is None and dobj is not None and dobj.lower_ in DEMONSTRATIVES and dobj.pos_ == "PRON":
        frame.back_reference = True  # "HUR reported this."
    if complement is None and dobj is None and not frame.denial and tok.dep_ == "ROOT" \
            and not any(c.dep_ in ("prep", "advcl") for c in tok.children) and lemma not in ("say", "claim"):
        score -= 1
    frame.content_i = complement.i if complement is not None else (dobj.i if dobj is not None else tok.i)
    return frame, score


def _possessor(tok):
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN"):
            return c
    return None


def _source_frame(doc, head, clause: _Clause, mentions, entity_types, strong: bool = True) -> _Frame | None:
    """A frame for the noun phrase headed by ``head`` if it can be a source."""
    lemma = head.lemma_.lower()
    if head.pos_ == "PRON":
        if head.lower_ in PRONOUNS:
            return _Frame(attribution=head.text, kind="pronoun", source=(head.i, head.i + 1))
        return None
    if lemma in STATEMENT_HEADS and lemma not in MEDIA_HEADS or (lemma == "report" and _possessor(head) is not None):
        owner = _possessor(head)
        if owner is not None:
            head = owner
            lemma = head.lemma_.lower()
    is_name = head.pos_ == "PROPN" or _mention_at(mentions, head) is not None
    named = None if is_name else _named_apposition(doc, head, clause, mentions, entity_types)
    if named is not None:
        return named
    if not strong and not is_name and lemma not in SOURCE_HEADS:
        return None
    if head.pos_ not in ("NOUN", "PROPN", "NUM", "X", "ADJ"):
        return None
    tokens = _np_tokens(doc, head, clause)
    if not tokens:
        return None
    name = _join_tokens(tokens)
    if not name:
        return None
    frame = _Frame(attribution=name, kind="group", source=(tokens[0].i, tokens[-1].i + 1))
    determiner = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
    if lemma in MEDIA_HEADS or (lemma == "agency" and any(t.lower_ == "news" for t in tokens)):
        frame.kind = "media"
        return frame
    key = _resolve_source_key(doc, head, tokens, name, mentions, entity_types)
    if key is not None:
        # "Russian officials" may resolve to the government, but they stay a group.
        frame.kind = "group" if head.pos_ == "NOUN" and head.tag_ == "NNS" else "entity"
        frame.entity = key
    elif is_name:
        frame.kind = "entity"
    elif determiner and head.pos_ == "NOUN" and not head.tag_.endswith("S"):
        frame.kind = "definite"  # "the agency": resolved against earlier sources
    return frame


def _named_apposition(doc, head, clause: _Clause, mentions, entity_types) -> _Frame | None:
    """A description with a name in apposition is that name: "a senior official, John
    Smith, said", "the influential daily, Kommersant, reported". A description alone
    ("a senior official said") stays a description: nothing here guesses a name."""
    if head.pos_ not in ("NOUN", "ADJ"):  # "the influential daily" is often tagged ADJ
        return None
    for c in head.children:
        if c.dep_ == "appos" and _in_clause(clause, c) and (c.pos_ == "PROPN" or _mention_at(mentions, c) is not None):
            named = _source_frame(doc, c, clause, mentions, entity_types, strong=True)
            if named is not None and named.kind == "entity":
                return named
    return None


def _np_tokens(doc, head, clause: _Clause) -> list:
    """The source noun phrase without relative clauses, appositions, parentheticals and
    the leading article: "Ukraine's Defence Intelligence Directorate (HUR)" ->
    "Ukraine's Defence Intelligence Directorate"."""
    dropped: set[int] = {c.i for c in head.children if c.dep_ == "case"}  # "HUR's" -> "HUR"
    for d in head.subtree:
        if d is not head and d.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis", "cc", "conj") and d.head.i != d.i:
            if d.dep_ in ("cc", "conj") and d.head is head:
                continue  # "Russia and Iran said": keep both
            dropped.update(x.i for x in d.subtree)
    kept = [d for d in head.subtree if d.i not in dropped and _in_clause(clause, d)]
    depth, out = 0, []
    for d in kept:
        if d.text in ("(", "["):
            depth += 1
            continue
        if d.text in (")", "]"):
            depth = max(0, depth - 1)
            continue
        if depth == 0:
            out.append(d)
    while out and (out[0].is_punct or out[0].dep_ == "preconj"
                   or (out[0].lower_ in LEADING_DETERMINERS and out[0].dep_ == "det")):
        out.pop(0)
    while out and out[-1].is_punct:
        out.pop()
    if len(out) > 14:
        out = [d for d in out if d.i <= head.i][-6:]
    return out


def _join_tokens(tokens) -> str:
    parts: list[str] = []
    for k, t in enumerate(tokens):
        parts.append(t.text)
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            if nxt.i == t.i + 1:
                parts.append(t.whitespace_)
            else:
                parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip(" ,;:")


def _mention_at(mentions: list[Mention], tok) -> Mention | None:
    for m in mentions:
        if m.start <= tok.idx < m.end:
            return m
    return None


def _resolve_source_key(doc, head, tokens, name: str, mentions, entity_types) -> str | None:
    """Entity key of a source: the entity resolver on the name as written, then on any
    acronym or name given in parentheses or apposition, then the mention under the head."""
    from .entities import resolve_source

    candidates = [name]
    for c in head.children:
        if c.dep_ == "appos":  # "Ukraine's Defence Intelligence Directorate (HUR)"
            candidates.append(_join_tokens([x for x in c.subtree if not x.is_punct]))
        elif c.dep_ == "acl" and c.lemma_.lower() == "know":  # "(known as GUR)"
            for prep in c.children:
                candidates.extend(_join_tokens(list(p.subtree)) for p in prep.children if p.dep_ == "pobj")
    for candidate in candidates:
        if candidate:
            key = resolve_source(candidate)
            if key:
                return key
    mention = _mention_at(mentions, head)
    if mention is not None and mention.entity:
        return mention.entity
    return None


def _resolve_reference(doc, frame: _Frame, clause: _Clause, named: list[_Frame],
                       paragraph_frames: dict[int, _Frame], mentions, entity_types) -> _Frame | None:
    """Pronouns and definite nouns as sources take an earlier named source."""
    if frame.kind == "pronoun":
        word = frame.attribution.lower()
        previous = paragraph_frames.get(clause.paragraph)
        if previous is not None and previous.kind in ("entity", "group", "media"):
            if word in ("they", "we") or (word in ("he", "she", "it") and previous.kind == "entity"):
                return _carry(previous, frame)
        if word in ("he", "she"):
            key = _recent_entity(doc, clause, mentions, entity_types, {"PERSON"})
            if key is not None:
                m_text = key[1]
                return _Frame(attribution=m_text, kind="entity", entity=key[0], verb=frame.verb,
                              verb_i=frame.verb_i, content_i=frame.content_i, source=frame.source,
                              hedging=frame.hedging, denial=frame.denial, back_reference=frame.back_reference)
        frame.kind = "group"
        return frame
    if frame.kind == "definite":
        head_word = frame.attribution.split()[-1].lower()
        for earlier in reversed(named):
            if earlier.kind in ("entity", "group") and head_word in earlier.attribution.lower().split():
                return _carry(earlier, frame)
        # "The disaster presidency said" after "Turkey's Disaster and Emergency
        # Management Presidency ...": the latest named organisation with that head word.
        for m in reversed(mentions):
            if m.start < clause.start and m.entity and entity_types.get(m.entity, m.label) in ("ORG", "MILITARY") \
                    and m.text.split() and m.text.split()[-1].lower() == head_word:
                frame.kind, frame.entity = "entity", m.entity
                return frame
        frame.kind = "group"
    return frame


def _carry(source: _Frame, frame: _Frame) -> _Frame:
    return _Frame(attribution=source.attribution, kind=source.kind, entity=source.entity,
                  verb=frame.verb, verb_i=frame.verb_i, content_i=frame.content_i, source=frame.source,
                  hedging=frame.hedging, denial=frame.denial, back_reference=frame.back_reference)


def _recent_entity(doc, clause: _Clause, mentions, entity_types, types: set[str]) -> tuple[str, str] | None:
    """The last mention of an entity of ``types`` in the two sentences before the clause."""
    lo = clause.sentence.index - 2
    best = None
    for m in mentions:
        if lo <= m.sentence <= clause.sentence.index and m.start < clause.start and m.entity \
                and entity_types.get(m.entity, m.label) in types:
            best = (m.entity, m.text)
    return best


def _apply_back_reference(frame: _Frame, clause: _Clause, claims: list[Claim],
                          owner: dict[int, _Clause], outlet_frame: _Frame, doc=None) -> None:
    """"This was reported by X": X becomes the source of the outlet's own claims just
    before (same paragraph, or the previous paragraph when this one opens it)."""
    same = [k for k, c in owner.items() if c.paragraph == clause.paragraph]
    if same:
        targets = same
    else:
        earlier = [c.paragraph for c in owner.values() if c.paragraph < clause.paragraph]
        if not earlier:
            return
        last = max(earlier)
        targets = [k for k, c in owner.items() if c.paragraph == last]
    for k in targets:
        claim = claims[k]
        if claim.attribution_kind != "outlet":
            continue
        claim.attribution = frame.attribution
        claim.attribution_kind = frame.kind if frame.kind in ("entity", "group", "media") else "group"
        claim.attribution_entity = frame.entity
        claim.reporting_verb = frame.verb
        spans = _spans(doc, owner[k], frame) if doc is not None else {}
        claim.source_span, claim.cue_span = spans.get("source_span"), spans.get("cue_span")
        claim.content_spans = [(claim.start, claim.end)]  # the earlier claim is what was reported


# --- quotes --------------------------------------------------------------------------

def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (curly, guillemets, straight pairs within a
    paragraph). Opening marks without a close run to the end of the paragraph."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        s = para.group()
        base = para.start()
        i = 0
        open_at: int | None = None
        closer = ""
        while i < len(s):
            ch = s[i]
            if open_at is None:
                if ch in ("“", "«", "„"):
                    open_at, closer = i + 1, {"“": "”", "«": "»", "„": "“"}[ch]
                elif ch == '"':
                    open_at, closer = i + 1, '"'
            elif ch == closer or (closer == "“" and ch == "”"):
                spans.append((base + open_at, base + i))
                open_at = None
            i += 1
        if open_at is not None:
            spans.append((base + open_at, base + len(s)))
    return spans


def _quoted(clause: _Clause, spans: list[tuple[int, int]], text: str) -> tuple[int, int]:
    """(characters, longest run of words) of the clause inside quotation marks."""
    chars, words = 0, 0
    for s, e in spans:
        lo, hi = max(s, clause.start), min(e, clause.end)
        if hi > lo:
            chars += hi - lo
            words = max(words, len(text[lo:hi].split()))
    return chars, words


def _starts_inside_quote(clause: _Clause, spans: list[tuple[int, int]]) -> bool:
    return any(s < clause.start - 1 and e > clause.start for s, e in spans)


# --- the claim itself ----------------------------------------------------------------

def _content_tokens(doc, clause: _Clause, frame: _Frame) -> list:
    """Tokens of what is said: the clause minus the named source."""
    lo, hi = frame.source if frame.source else (-1, -1)
    return [doc[i] for i in range(clause.t0, clause.t1) if not (lo <= i < hi)]


def _content_head(doc, clause: _Clause, frame: _Frame):
    if frame.content_i is not None and _in_clause(clause, doc[frame.content_i]) and frame.kind != "outlet":
        head = doc[frame.content_i]
        if head.pos_ in ("VERB", "AUX"):
            return head
    return _main_root(doc, clause)


def _certainty(doc, clause: _Clause, frame: _Frame, tokens, text: str) -> str:
    clause_tokens = [doc[i] for i in range(clause.t0, clause.t1)]
    words = {t.lower_ for t in clause_tokens} | {t.lemma_.lower() for t in clause_tokens}  # "unconfirmed reports said"
    if frame.denial or any(t.lemma_.lower() == "deny" and t.pos_ == "VERB" for t in tokens):
        return "denied"
    if words & SPECULATION_WORDS or _UNCLEAR.search(text) or (frame.verb in SPECULATIVE_VERBS):
        return "speculative"
    if frame.hedging:
        return "hedged"
    for t in tokens:
        low = t.lower_
        if t.dep_ == "aux" and low in HEDGE_MODALS:
            return "hedged"
        if t.pos_ == "ADV" and low in HEDGE_ADVERBS:
            return "hedged"
        if t.pos_ == "ADJ" and low in HEDGE_ADJECTIVES:
            return "hedged"
        if low == "would" and t.dep_ == "aux" and (frame.kind == "outlet" or t.head.i == frame.verb_i):
            return "hedged"  # conditional, not the future-in-the-past of reported speech
        if t.lemma_.lower() in ("appear", "seem") and any(c.dep_ in ("xcomp", "ccomp") for c in t.children):
            return "hedged"
        if t.lemma_.lower() in HEDGE_PASSIVES and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children) \
                and not any(c.dep_ == "agent" for c in t.children) \
                and (any(c.dep_ in ("xcomp", "ccomp") for c in t.children) or any(c.lower_ == "it" for c in t.children)):
            return "hedged"
    return "asserted"


def _negated(head) -> bool:
    for c in head.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither") for g in c.children):
            return True
    return False


def _opinion(doc, clause: _Clause, tokens, head, frame: _Frame | None = None) -> bool:
    """An evaluative main predicate ("raises questions", "would mark a defeat"). When
    what is said is the content of a reporting verb coordinated with the evaluation
    ("called it a mass casualty event and said as many as 20 people may have been in the
    water"), the claim is what was said: the evaluation beside it makes it no opinion."""
    root = _main_root(doc, clause)
    said = doc[frame.verb_i] if frame is not None and frame.verb_i is not None else None
    beside = said is not None and head.i != root.i and said.dep_ == "conj" and said.head.i == root.i \
        and head.head.i == said.i
    main = ({head.i} if beside else {head.i, root.i}) | {c.i for c in head.children if c.dep_ == "conj"}
    for t in tokens:
        if t.i not in main:
            continue
        lemma = t.lemma_.lower()
        objects = OPINION_PATTERNS.get(lemma)
        if objects and t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("dobj", "attr", "oprd") and (c.lemma_.lower() in objects or any(
                        g.lemma_.lower() in objects for g in c.children if g.dep_ in ("compound", "amod"))):
                    return True
        if lemma in EVALUATIVE_FRAMES and t.pos_ == "VERB":
            if any(c.dep_ == "oprd" for c in t.children):
                return True
            if any(c.dep_ == "prep" and c.lower_ == "as" for c in t.children) and lemma != "call":
                return True
    return False


def _is_pluperfect(head) -> bool:
    return head.tag_ == "VBN" and any(c.dep_ in ("aux",) and c.lower_ == "had" for c in head.children)


def _background(doc, clause: _Clause, frame: _Frame, head, times_in: list[TimeExpr], published) -> bool:
    reported = frame.kind != "outlet" and frame.verb_i is not None and frame.verb != "accord"
    past = head.tag_ == "VBD" or _is_pluperfect(head) or (
        head.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ == "VBD" for c in head.children))
    if _is_pluperfect(head) and not reported:
        return True
    if clause.info.get("background_section") and past:
        return True
    if past and any(c.lower_ in _PAST_MARKERS for c in head.children):
        return True
    if past and published is not None and times_in:
        dated = [t.date for t in times_in if t.date is not None]
        if dated and all((published - d).days > 365 for d in dated):
            return True
    return False


def _iso(t: TimeExpr) -> str | None:
    """The expression at the precision the text supports (times.iso_at_precision): a
    week, a month or a range is never written as its first day."""
    if t.date is not None and t.end_date is None and t.granularity in ("year", "month"):
        return f"{t.date.year:04d}" if t.granularity == "year" else f"{t.date.year:04d}-{t.date.month:02d}"
    return iso_at_precision(t)


def _make_claim(document: Document, doc, clause: _Clause, frame: _Frame, quote_spans, in_quote: bool,
                mentions, place_mentions, times, n: int) -> Claim:
    text = document.text
    clause_text = text[clause.start : clause.end]
    tokens = _content_tokens(doc, clause, frame)
    head = _content_head(doc, clause, frame)
    times_in = [t for t in times if clause.start <= t.start and t.end <= clause.end]
    certainty = _certainty(doc, clause, frame, tokens, clause_text)
    scope = read_scope(head, stop_at=frame.verb_i)  # cues in the main verb's dependency scope
    # A plan is read from the verb that tells what is planned ("intends to pay": paying);
    # its hedges are not (MEANTIME: reading them there too cost uncertain F1 0.324 -> 0.301).
    content = main_verb(head) if head is not None and head.i != frame.verb_i else None
    if content is not None and content.i != head.i and not scope.planned:
        scope.planned = read_scope(content, stop_at=frame.verb_i).planned
    if certainty == "asserted" and scope.certainty != "asserted":
        certainty = scope.certainty
    quoted_chars, quoted_words = _quoted(clause, quote_spans, text)
    has_speaker = frame.kind != "outlet"
    if (quoted_chars >= 0.5 * max(1, len(clause_text)) and quoted_words >= 3) or (
            quoted_words >= 5 and has_speaker and frame.verb != "accord") or (in_quote and has_speaker):
        kind = "quote"
    elif _opinion(doc, clause, tokens, head, frame):
        kind = "opinion"
    elif _background(doc, clause, frame, head, times_in, document.published):
        kind = "background"
    else:
        kind = "report"
    disputes = bool(_DISPUTE.search(clause_text)) or certainty == "denied" or (
        clause.connector in CONTRAST_CONNECTORS and frame.verb in CONTENTIOUS_VERBS
        and frame.verb_i is not None and clause.t0 <= frame.verb_i < clause.t1)
    keys = _keys_in(mentions, clause.start, clause.end)
    place_keys = _keys_in(place_mentions, clause.start, clause.end)
    isos: list[str] = []
    for t in times_in:
        iso = _iso(t)
        if iso and iso not in isos:
            isos.append(iso)
    return Claim(
        id=f"{document.id}:c{n}",
        document=document.id,
        sentence=clause.sentence.index,
        text=clause_text,
        start=clause.start,
        end=clause.end,
        attribution=frame.attribution,
        attribution_entity=frame.entity,
        attribution_kind=frame.kind if frame.kind in ("entity", "group", "media", "outlet") else "group",
        reporting_verb=frame.verb,
        certainty=certainty,
        kind=kind,
        negated=_negated(head) or scope.negated,
        planned=scope.planned,
        disputes=disputes,
        entities=keys,
        places=place_keys,
        times=isos,
        numbers=_numbers(doc, clause, times_in),
        **_spans(doc, clause, frame),
    )


def _char_range(doc, t0: int, t1: int) -> tuple[int, int]:
    return doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1].text)


def _spans(doc, clause: _Clause, frame: _Frame) -> dict:
    """Character spans of the frame's source, cue and content (outlet claims have none).
    Without a content span of its own the content is the clause minus source and cue."""
    if frame.kind == "outlet":
        return {}
    source = _char_range(doc, *frame.source) if frame.source else None
    cue = None
    if frame.cue is not None:
        cue = _char_range(doc, *frame.cue)
    elif frame.verb_i is not None:
        tok = doc[frame.verb_i]
        end = tok.i + 2 if tok.lower_ == "according" and tok.i + 1 < len(doc) else tok.i + 1
        cue = _char_range(doc, tok.i, end)
    if frame.content is not None:
        content = list(frame.content)
    else:
        blocked = [r for r in (source, cue) if r]
        content, run = [], None
        for i in range(clause.t0, clause.t1):
            t = doc[i]
            inside = any(a <= t.idx < b for a, b in blocked)
            if inside or t.is_punct and run is None:
                if run:
                    content.append(run)
                run = None
                continue
            run = (run[0] if run else t.idx, t.idx + len(t.text))
        if run:
            content.append(run)
    return {"source_span": source, "cue_span": cue, "content_spans": content}


def _keys_in(mentions: list[Mention], start: int, end: int) -> list[str]:
    keys: list[str] = []
    for m in mentions:
        if start <= m.start and m.end <= end and m.entity and m.entity not in keys:
            keys.append(m.entity)
    return keys


def _numbers(doc, clause: _Clause, times_in: list[TimeExpr]) -> list[float]:
    """Explicit numerals and number words, not dates, ordinals or parts of names."""
    blocked = [(t.start, t.end) for t in times_in]
    values: list[float] = []
    run: list = []

    def flush() -> None:
        if run:
            value = _number_value(run)
            if value is not None:
                values.append(value)
            run.clear()

    for i in range(clause.t0, clause.t1):
        t = doc[i]
        low = t.lower_
        numeric = (t.like_num or low in _NUMBER_WORDS or low in _SCALES) and t.ent_type_ not in ("DATE", "TIME", "ORDINAL")
        if numeric and any(s <= t.idx < e for s, e in blocked):
            numeric = False
        if numeric and low == "one" and t.dep_ != "nummod":
            numeric = False
        if numeric and t.dep_ in ("nummod", "compound") and t.head.pos_ == "PROPN" and not run:
            numeric = False  # "Interstate 695", "Su 25"
        if numeric:
            run.append(t)
        elif t.text == "-" and run and i + 1 < clause.t1 and doc[i + 1].lower_ in _NUMBER_WORDS:
            continue
        else:
            flush()
    flush()
    return values


def _number_value(tokens) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for t in tokens:
        low = t.lower_.replace(",", "")
        if low in _SCALES:
            if not seen:
                return None  # bare "hundred"/"thousand": vague, left out
            if _SCALES[low] == 100:
                current *= 100
            else:
                total += current * _SCALES[low]
                current = 0.0
            continue
        if low in _NUMBER_WORDS:
            current += _NUMBER_WORDS[low]
            seen = True
            continue
        try:
            current += float(low)
            seen = True
        except ValueError:
            return None
    if not seen:
        return None
    value = total + current
    return float(int(value)) if value == int(value) else value
