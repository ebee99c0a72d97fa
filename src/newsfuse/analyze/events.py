"""Typed events (ACLED-style types plus Disaster and Accident) from a document's claims.

Each event-bearing claim gives at most one event, typed from its *event frame and its
participants*, never from whole-sentence similarity:

* a trigger (a verb, an event noun, a light-verb pair such as "open fire") names the
  happening; rules in ``data/event_types.yaml`` say which trigger, in which roles, with
  which participants, makes which type. The roles are read from the claim's parse: the
  agent (subject, "by" agent, possessor), the patient (object, passive subject, "of"
  phrase) and the clause; participants are typed by ``data/event_participants.yaml``
  (state forces, armed groups, assailants, civilians, protesters, rioters, natural
  hazards, vehicles, structures, weapons). "Gunmen killed two villagers" is violence
  against civilians, "troops clashed with rebels" a battle, "police captured the
  fugitive" an arrest, "rebels captured the town" a territorial change.
* when no trigger rule matches, the claim's main predicate (``frames.read_predicate``:
  frames, agent, patient) is typed by the rules that name frames ("two men were shot"
  -> kill/attack frame with civilian patient).
* a consequence without a human agent ("buildings collapsed", "hundreds of buildings
  destroyed", "the death toll rose") in a document that already reports a natural
  hazard belongs to that disaster, not to "Looting/property destruction".

Which claims bear events: every kind but ``opinion`` (background happenings such as
"clashes began on November 27" are events too), and not those that are speculative or
negated: "he may have perished in an air incident" is not reported as having happened.

Slots are never invented. ``date`` is the claim's resolved day (not a year or month
alone, not the "since"/"before" of a comparison); without one, the publication date
only when the trigger's verb is in the present or present perfect and the claim is not
background (simple past may be any day before publication); otherwise None. ``place``
is the most specific place of the clause (places with role "event" and places under the
trigger first); ``actors`` are the clause's person, organisation, military and state
entities, the subject's first. A definite or pronoun reference to an event just told
("The offensive was launched ...", "It was the heaviest fighting ...") joins that event
instead of making a new one, filling its missing slots.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..errors import NewsfuseError
from ..model import Claim, Document, Entity, Event, Place, Sentence, TimeExpr
from .frames import main_verb, read_predicate, token_frames

ACTOR_TYPES = {"PERSON", "ORG", "MILITARY", "GPE"}
FEATURE_RANK = {"facility": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "sea": 4,
                "country": 5, "continent": 6}
NON_STATE = {"rebel", "opposition", "insurgent", "militant", "fighter", "militia", "jihadist",
             "guerrilla", "separatist", "faction", "islamist", "paramilitary", "gang", "insurgency",
             "jihadi", "mujahideen", "resistance", "partisan", "group"}
STATE = {"government", "army", "military", "regime", "troop", "soldier", "police", "force",
         "forces", "navy", "ministry", "state", "junta", "authority", "guard"}
SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "csubj"}
LOCATIVE_PREPS = {"in", "at", "from", "to", "into", "near", "towards", "toward", "on", "over", "across",
                  "around", "outside", "inside", "off", "through", "throughout", "within", "along", "of",
                  "onto", "out", "between", "beyond", "past", "under", "above", "below", "via", "by"}
PATH_DEPS = {"pobj", "dobj", "compound", "appos", "conj", "cc", "amod", "nmod", "poss", "npadvmod", "attr",
             "nsubj", "nsubjpass", "advmod", "pcomp", "prep", "dative"}
_NOT_THE_EVENT_DATE = re.compile(r"\b(?:since|until|till|before|after|from|by|prior\s+to)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)
_NON_VIOLENT = re.compile(r"\bwithout\s+(?:a\s+)?(?:fight|resistance|a\s+shot)\b|\bunopposed\b|\bpeaceful(?:ly)?\b", re.I)


class EventRulesError(NewsfuseError):
    """The event type table cannot be read."""


@dataclass(frozen=True)
class EventRule:
    type: str
    sub_type: str | None
    description: str
    triggers: frozenset[str] = frozenset()
    pairs: tuple[tuple[str, str], ...] = ()
    context: frozenset[str] = frozenset()
    actor: frozenset[str] = frozenset()
    actor_entity: frozenset[str] = frozenset()
    agent: bool = False
    unless: frozenset[str] = frozenset()
    territory: str | None = None
    refine: tuple[tuple[str, frozenset[str]], ...] = ()
    priority: int = 1
    patient: frozenset[str] = frozenset()  # a word of these in the trigger's patient
    patient_not: frozenset[str] = frozenset()
    patient_entity: frozenset[str] = frozenset()  # or an entity of these types as the patient
    actor_not: frozenset[str] = frozenset()
    also: frozenset[str] = frozenset()  # a second context: one of these in the clause too
    frames: frozenset[str] = frozenset()  # frames of the main predicate (read_predicate)
    local: bool = False  # context looked for in the trigger's own clause only


@dataclass
class _Match:
    rule: EventRule
    token: object  # spaCy Token
    sub_type: str | None
    main: bool  # not inside a relative or adverbial clause
    depth: int


@dataclass
class _Draft:
    event: Event
    claim_index: int
    paragraph_key: int
    country: str | None = None
    feature_rank: int = 9
    trigger: object = None  # spaCy Token


def _words(items, classes: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    """Lower-cased words; "@class" stands for a participant class's words."""
    out: set[str] = set()
    for x in items or []:
        word = str(x).lower()
        if word.startswith("@"):
            if classes is None or word[1:] not in classes:
                raise EventRulesError(f"unknown participant class {word!r} (see data/event_participants.yaml)")
            out |= classes[word[1:]]
        else:
            out.add(word)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def load_participants() -> dict[str, frozenset[str]]:
    """Participant classes (state forces, civilians, natural hazards, ...) by name."""
    import yaml

    from .. import yamlfast

    try:
        raw = resources.files("newsfuse").joinpath("data/event_participants.yaml").read_text(encoding="utf-8")
        data = yamlfast.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise EventRulesError(f"data/event_participants.yaml: cannot read participant classes ({exc})") from exc
    return {name: frozenset(str(w).lower() for w in words) for name, words in data.items()}


@functools.lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[EventRule, ...]:
    """The event rules, from ``path`` or the table shipped with newsfuse."""
    import yaml

    from .. import yamlfast

    try:
        if path is None:
            raw = resources.files("newsfuse").joinpath("data/event_types.yaml").read_text(encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as handle:
                raw = handle.read()
        data = yamlfast.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise EventRulesError(f"{path or 'data/event_types.yaml'}: cannot read event rules ({exc})") from exc
    classes = load_participants()
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise EventRulesError(f"{path or 'data/event_types.yaml'}: expected a mapping with a 'rules' list")
    rules = []
    for n, item in enumerate(data["rules"]):
        if not isinstance(item, dict) or "type" not in item or "description" not in item:
            raise EventRulesError(f"{path or 'data/event_types.yaml'}: rule {n} needs 'type' and 'description'")
        pairs = []
        for pair in item.get("pairs") or []:
            words = str(pair).lower().split()
            if len(words) != 2:
                raise EventRulesError(f"{path or 'data/event_types.yaml'}: rule {n}: pair {pair!r} must be two words")
            pairs.append((words[0], words[1]))
        try:
            refine = tuple((r["sub_type"], _words(r.get("context"), classes)) for r in item.get("refine") or [])
            rules.append(EventRule(
                type=item["type"], sub_type=item.get("sub_type"), description=item["description"],
                triggers=_words(item.get("triggers"), classes), pairs=tuple(pairs),
                context=_words(item.get("context"), classes), actor=_words(item.get("actor"), classes),
                actor_entity=frozenset(str(x).upper() for x in item.get("actor_entity") or []),
                agent=bool(item.get("agent")), unless=_words(item.get("unless"), classes),
                territory=item.get("territory"), refine=refine, priority=int(item.get("priority", 1)),
                patient=_words(item.get("patient"), classes), patient_not=_words(item.get("patient_not"), classes),
                patient_entity=frozenset(str(x).upper() for x in item.get("patient_entity") or []),
                actor_not=_words(item.get("actor_not"), classes), also=_words(item.get("also"), classes),
                frames=_words(item.get("frames")), local=bool(item.get("local")),
            ))
        except EventRulesError as exc:
            raise EventRulesError(f"{path or 'data/event_types.yaml'}: rule {n}: {exc}") from exc
        if not (rules[-1].triggers or rules[-1].pairs or rules[-1].frames):
            raise EventRulesError(f"{path or 'data/event_types.yaml'}: rule {n} needs triggers, pairs or frames")
    return tuple(rules)


def extract_events(
    document: Document,
    claims: list[Claim],
    sentences: list[Sentence],
    doc,
    entities: list[Entity],
    places: list[Place],
    times: list[TimeExpr],
) -> list[Event]:
    """Typed events of one document, each pointing at the claims it comes from."""
    rules = load_rules()
    classes = load_participants()
    text = document.text
    entity_types = {e.key: e.type for e in entities}
    place_by_key = {p.key: p for p in places}
    paragraph_of = _paragraphs(text, sentences)
    drafts: list[_Draft] = []
    hazard: _Match | None = None  # the natural hazard this document reports, once told
    for index, claim in enumerate(claims):
        if claim.kind == "opinion" or claim.certainty == "speculative" or claim.negated:
            continue
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        match = _best_match(doc, span, rules, entity_types, claim)
        if hazard is not None:
            match = _hazard_consequence(span, match, hazard, classes) or match
        if match is None:
            continue
        if match.rule.type in ("Disaster", "Accident") and _lemma(match.token) not in classes["consequences"]:
            hazard = match
        drafts.append(_draft(document, claim, index, span, match.rule.type, match.sub_type, match.token,
                             paragraph_of, entity_types, place_by_key, times))
    drafts.sort(key=lambda d: d.claim_index)
    return _merge_references(document, drafts, claims, doc)


# --- rules ---------------------------------------------------------------------------

def _lemma(tok) -> str:
    return tok.lemma_.lower()


def _forms(tok) -> set[str]:
    return {tok.lemma_.lower(), tok.lower_}


def _agent_tokens(tok) -> list:
    """Subject (or passive agent) subtree of the verb governing ``tok``; for a noun
    trigger, its "by"/"of" phrase and possessor as well."""
    out: list = []
    verb = _governing_verb(tok)
    if tok.pos_ in ("NOUN", "PROPN") and tok is not verb:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod"):
                out.extend(c.subtree)
            if c.dep_ == "prep" and c.lower_ in ("by", "of"):
                out.extend(c.subtree)
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return out
    if verb is not None:
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for c in verb.children:
            if c.dep_ == "agent" or (c.dep_ in ("nsubj", "csubj") and not passive):
                out.extend(c.subtree)
            if c.dep_ == "nsubjpass" and not passive:
                out.extend(c.subtree)
        if not out and verb.dep_ == "conj":
            head_subject = next((c for c in verb.head.children if c.dep_ in ("nsubj",)), None)
            if head_subject is not None:
                out.extend(head_subject.subtree)
    return out


def _governing_verb(tok):
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _pair_hit(tok, rule: EventRule) -> bool:
    forms = _forms(tok)
    for head, dep in rule.pairs:
        if head not in forms:
            continue
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass") and dep != "worker":
                continue
            if dep in _forms(c):
                return True
            if c.dep_ in ("prep", "prt", "agent", "dative"):
                if any(dep in _forms(g) for g in c.children):
                    return True
        if dep in ("into", "over", "to") and any(c.lower_ == dep for c in tok.children):
            return True
    return False


def _depth(tok, root_i: set[int]) -> tuple[int, bool]:
    """Steps from ``tok`` up to the clause top, and whether it stays out of relative,
    adjectival and adverbial clauses on the way."""
    depth, main, cur = 0, True, tok
    while cur.i not in root_i and cur.head.i != cur.i and depth < 30:
        if cur.dep_ in SUBORDINATE_DEPS and cur.pos_ in ("VERB", "AUX"):
            main = False
        cur = cur.head
        depth += 1
    return depth, main


def _patient_tokens(tok) -> list:
    """What the trigger acts on: a verb's object or passive subject (shared along "was
    shot and killed"), the subject of "die"; a noun trigger's "of"/"on"/"against" phrase
    or possessor ("the shooting of a teenager", "his murder")."""
    out: list = []
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "at", "into"):
                out.extend(c.subtree)
            if c.dep_ == "poss":
                out.extend(c.subtree)
        return out
    verb = tok
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            out.extend(c.subtree)
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "into", "upon"):
            out.extend(g for g in c.subtree)
        if c.dep_ == "nsubj" and verb.lemma_.lower() in ("die", "perish", "drown"):
            out.extend(c.subtree)
    if not out and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        out.extend(t for c in verb.head.children if c.dep_ in ("nsubjpass", "dobj") for t in c.subtree)
    if not out and any(c.dep_ == "auxpass" for c in verb.children):
        # "One man is dead after being shot": the passive's patient is the clause's subject.
        cur = verb
        for _ in range(3):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            subject = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                out.extend(subject.subtree)
                break
    return out


def _word_set(tokens) -> set[str]:
    out: set[str] = set()
    for t in tokens:
        out |= _forms(t)
    return out


def _main_verbs(span) -> set[int]:
    """The span's content verbs (past reporting verbs) with their coordinated verbs."""
    out = set()
    for t in span:
        if t.head.i == t.i or not (span.start <= t.head.i < span.end):
            verb = main_verb(t)
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                out.add(verb.i)
                out.update(c.i for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return out


def _local_words(tok, span) -> set[str]:
    """Words of the trigger's own clause: the subtree of its governing verb, inside the
    claim, less any reporting frame ("As police investigate ..., the attack was ...")."""
    verb = _governing_verb(tok) or tok
    inside = {t.i for t in _without_reporter(span)}
    return _word_set(t for t in verb.subtree if t.i in inside)


REPORTING = {"say", "tell", "report", "state", "add", "announce", "confirm", "claim", "allege", "note",
             "explain", "learn", "believe", "investigate", "accord", "according", "told", "describe", "identify"}


def _without_reporter(span) -> list:
    """The clause's tokens less its reporting frame ("..., police said", "according to
    police", "authorities have learned"): the reporter is no participant."""
    drop: set[int] = set()
    for t in span:
        if t.lemma_.lower() in REPORTING and t.pos_ in ("VERB", "AUX"):
            drop.add(t.i)
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "aux", "agent"):
                    drop.update(x.i for x in c.subtree)
        if t.lower_ == "according":
            drop.update(x.i for x in t.subtree)
    return [t for t in span if t.i not in drop]


class _RuleIndex:
    """Which rules a token can hit at all, by its forms and frames: a rule is hit only
    through a trigger form, the head word of a pair or a frame, so the other rules need
    not be tried (trying every rule on every token was most of this step)."""

    def __init__(self, rules: tuple[EventRule, ...]):
        self.rules = rules  # kept alive: the index is found again by id(rules)
        self.by_form: dict[str, set[int]] = {}
        self.by_frame: dict[str, set[int]] = {}
        for k, rule in enumerate(rules):
            for form in (*rule.triggers, *(head for head, _ in rule.pairs)):
                self.by_form.setdefault(form, set()).add(k)
            for frame in rule.frames:
                self.by_frame.setdefault(frame, set()).add(k)

    def candidates(self, forms: set[str], frames: set[str]) -> list[int]:
        """Positions (in table order, which breaks ties) of the rules worth trying."""
        found: set[int] = set()
        for f in forms:
            hit = self.by_form.get(f)
            if hit:
                found |= hit
        for f in frames:
            hit = self.by_frame.get(f)
            if hit:
                found |= hit
        return sorted(found)


_RULE_INDEXES: dict[int, _RuleIndex] = {}


def _rule_index(rules: tuple[EventRule, ...]) -> _RuleIndex:
    index = _RULE_INDEXES.get(id(rules))
    if index is None or index.rules is not rules:
        index = _RULE_INDEXES[id(rules)] = _RuleIndex(rules)
    return index


def _best_match(doc, span, rules: tuple[EventRule, ...], entity_types, claim: Claim) -> _Match | None:
    """The best rule match of the clause: a trigger (or, for rules that name frames, the
    main predicate's frame) whose agent, patient and clause have the rule's participants."""
    clause_words = _word_set(_without_reporter(span))
    roots = {t.i for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)}
    main_verbs = _main_verbs(span)
    classes = load_participants()
    pred = read_predicate(span) if any(r.frames for r in rules) else None
    index = _rule_index(rules)
    best: _Match | None = None
    for tok in span:
        if tok.is_punct or tok.lower_ == "according" or (tok.pos_ == "PROPN" and tok.i != span.start):
            continue  # names ("Storm Shadow", "March") are not triggers
        if tok.pos_ not in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
            continue
        forms = _forms(tok)
        frames = token_frames(tok) if tok.i in main_verbs else set()
        candidates = index.candidates(forms, frames)
        if not candidates:
            continue
        depth, main = _depth(tok, roots)
        roles: dict[str, tuple[list, set[str]]] = {}
        for rule in map(rules.__getitem__, candidates):
            hit = bool(forms & rule.triggers) or bool(rule.pairs and _pair_hit(tok, rule)) or bool(frames & rule.frames)
            if not hit:
                continue
            if rule.type != "Disaster" and tok.dep_ == "amod" and tok.pos_ == "VERB":
                continue  # "Russian-occupied", "flooded areas": a state, not the happening
            if (rule.type != "Disaster" and tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN")
                    and _lemma(tok.head) in classes["kinds_of_things"]):
                continue  # "attack helicopter", "strike force": a kind of thing, not a happening
            if not main and (rule.priority < 2 or rule.territory):
                continue  # "the berths they occupy", "the group that led the offensive"
            if rule.unless and clause_words & rule.unless:
                continue
            if rule.context and not ((_local_words(tok, span) if rule.local else clause_words) & rule.context):
                continue
            if rule.also and not (clause_words & rule.also):
                continue
            if "agent" not in roles:
                agent = _agent_tokens(tok)
                agent_words = _word_set(agent)
                patient = _patient_tokens(tok)
                patient_words = _word_set(patient)
                if pred is not None and tok.i in main_verbs and tok.lemma_.lower() == pred.lemma:
                    if pred.patient and not pred.patient_is_pronoun:
                        patient_words.add(pred.patient)  # "troops who held the dam ... blew it up"
                    if pred.agent:
                        agent_words |= set(pred.agent.lower().split())
                roles["agent"] = (agent, agent_words)
                roles["patient"] = (patient, patient_words)
            agent, agent_words = roles["agent"]
            patient, patient_words = roles["patient"]
            if rule.actor and not (agent_words & rule.actor) and not (
                    tok.pos_ in ("VERB",) and any(c.dep_ in ("nsubj", "nsubjpass") and _forms(c) & rule.actor for c in tok.children)):
                continue
            if rule.actor_not and agent_words & rule.actor_not:
                continue
            if (rule.patient or rule.patient_entity) and not (
                    patient_words & rule.patient or any(t.ent_type_ in rule.patient_entity for t in patient)):
                if patient or not rule.territory:
                    continue  # "took over management"; a territorial change may name no patient ("Hama fell")
            if rule.patient_not and patient_words & rule.patient_not:
                continue
            if rule.agent and not agent:
                continue
            if rule.actor_entity and not _agent_has_entity(agent, claim, entity_types, rule.actor_entity, doc):
                continue
            sub_type = rule.sub_type
            rule_type = rule.type
            if rule.territory:
                sub_type = _territory_sub_type(rule.territory, agent_words | _reporter_words(tok, agent), tok)
                if _NON_VIOLENT.search(claim.text):
                    rule_type, sub_type = "Strategic developments", "Non-violent transfer of territory"
            for refined, words in rule.refine:
                if clause_words & words:
                    sub_type = refined
                    break
            match = _Match(rule=rule if rule_type == rule.type else _retyped(rule, rule_type), token=tok,
                           sub_type=sub_type, main=main, depth=depth)
            if best is None or _score(match) > _score(best):
                best = match
    return best


def _hazard_consequence(span, match: _Match | None, hazard: _Match, classes) -> _Match | None:
    """In a document that reports a natural hazard, damage and casualties with no human
    agent ("entire buildings had collapsed", "hundreds of buildings destroyed", "790
    people had been killed") are that disaster's, not looting or an attack."""
    if match is not None and match.rule.type == hazard.rule.type and match.rule.type == "Disaster":
        return None
    if match is not None and not (
            match.sub_type in ("Looting/property destruction", "Collapse", "Attack") or match.rule.type == "Accident"):
        return None
    human = classes["state_forces"] | classes["armed_groups"] | classes["assailants"] | classes["rioters"]
    for tok in span:
        if _lemma(tok) not in classes["consequences"]:
            continue
        agent = _agent_tokens(tok)
        if _word_set(agent) & human or any(a.ent_type_ in ("PERSON", "ORG", "NORP") for a in agent):
            return None  # "gunmen killed ...": a human act even in a disaster zone
        if match is not None and match.rule.type == "Accident" and match.token.i != tok.i and _lemma(match.token) not in classes["consequences"]:
            return None  # a crash or a fire of its own
        return _Match(rule=hazard.rule, token=tok, sub_type=hazard.sub_type, main=True, depth=0)
    return None


def _score(match: _Match) -> tuple[float, int]:
    """Priority, discounted by how deep the trigger sits below the clause's main verb:
    "The offensive was launched ... in response to attacks on civilians" is about the
    offensive."""
    return (match.rule.priority - 0.5 * match.depth - (0 if match.main else 2), -match.token.i)


def _retyped(rule: EventRule, new_type: str) -> EventRule:
    return EventRule(type=new_type, sub_type=rule.sub_type, description=rule.description,
                     priority=rule.priority)


def _agent_has_entity(agent, claim: Claim, entity_types, wanted: frozenset[str], doc) -> bool:
    if not agent:
        return False
    lo = min(a.idx for a in agent)
    hi = max(a.idx + len(a.text) for a in agent)
    for a in agent:
        if a.ent_type_ in wanted:
            return True
    return any(entity_types.get(k) in wanted for k in claim.entities) and any(a.pos_ == "PROPN" for a in agent) and hi > lo


def _reporter_words(tok, agent) -> set[str]:
    """For a pronoun agent, the subject of the reporting verb above it: in "Syrian rebels
    said they captured Damascus" the rebels are "they"."""
    if not agent or not all(a.pos_ in ("PRON", "DET") for a in agent):
        return set()
    verb = _governing_verb(tok)
    head = verb.head if verb is not None else None
    if head is None or head.i == verb.i or head.lemma_.lower() not in REPORTING:
        return set()
    return _word_set(t for c in head.children if c.dep_ == "nsubj" for t in c.subtree)


def _territory_sub_type(direction: str, agent_words: set[str], tok) -> str | None:
    """Who gained ground: a non-state actor ("rebels captured") or the state ("government
    forces retook"); for "lose control" the subject is the side that lost it."""
    actor = "non-state" if agent_words & NON_STATE else "state" if agent_words & STATE else None
    if actor is None and direction == "gain" and _lemma(tok) in ("recapture", "retake", "regain", "liberate"):
        actor = "state"
    if actor is None:
        return None
    gained_by_state = (actor == "state") == (direction == "gain")
    return "Government regains territory" if gained_by_state else "Non-state actor overtakes territory"


# --- slots ---------------------------------------------------------------------------

def _paragraphs(text: str, sentences: list[Sentence]) -> dict[int, int]:
    out, paragraph, previous = {}, 0, None
    for s in sentences:
        if previous is not None and "\n" in text[previous.end : s.start]:
            paragraph += 1
        out[s.index] = paragraph
        previous = s
    return out


def _event_date(document: Document, claim: Claim, trigger, times: list[TimeExpr]):
    """The claim's resolved day, else the publication date for present-tense news."""
    text = document.text
    candidates = []
    verb = _governing_verb(trigger) if trigger is not None else None
    lo, hi = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)) if verb is not None else (claim.start, claim.end)
    for t in times:
        if not (claim.start <= t.start and t.end <= claim.end) or t.date is None or t.granularity != "day":
            continue
        if _NOT_THE_EVENT_DATE.search(text[max(0, t.start - 24) : t.start]):
            continue
        if not lo <= t.start < hi:
            continue  # "X said on Monday that ...": the statement's day, not the event's
        candidates.append((t.start, t.date))
    if candidates:
        return min(candidates)[1]
    if document.published is None or claim.kind == "background" or verb is None:
        return None
    if trigger.pos_ == "NOUN" and _lemma(verb) == "be":
        return None  # "It is the largest attack ...": describes an event, dates nothing
    return document.published if _present_or_perfect(verb) else None


def _present_or_perfect(verb) -> bool:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("will", "would", "may", "might", "could", "should", "had", "was", "were", "did") for a in auxes):
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    if verb.tag_ in ("VBN", "VBG") and any(a.lower_ in ("has", "have", "is", "are", "am", "'s", "'re") for a in auxes):
        return True
    if verb.dep_ in ("xcomp", "conj") and verb.head is not verb:
        return _present_or_perfect(verb.head)
    return False


def _event_place(claim: Claim, trigger, place_by_key: dict[str, Place], place_mentions, doc) -> tuple[str | None, Place | None]:
    """Most specific place where the clause says the event happened: places reached from
    the trigger or its verb through locative phrases, objects and appositions (not the
    "due to ..., supported by Tehran" around it); role "event" breaks ties."""
    keys = [k for k in claim.places if k in place_by_key]
    if not keys or trigger is None:
        return None, None
    verb = _governing_verb(trigger) or trigger
    targets = {trigger.i, verb.i}
    eligible = []
    for key in keys:
        offsets = place_mentions.get(key, [])
        hits = [o for o in offsets if _reaches_location(doc, o, targets)]
        if hits:
            place = place_by_key[key]
            eligible.append(((FEATURE_RANK.get(place.feature or "", 3), place.role != "event",
                              min(abs(o - trigger.idx) for o in hits)), key))
    if not eligible:
        return None, None
    best = min(eligible)[1]
    return best, place_by_key[best]


def _reaches_location(doc, offset: int, targets: set[int]) -> bool:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(14):
        if cur.i in targets:
            return True
        dep = cur.dep_
        if dep not in PATH_DEPS or cur.head.i == cur.i:
            return False
        if dep == "prep" and cur.lower_ not in LOCATIVE_PREPS:
            return False
        if dep in ("nsubj", "nsubjpass") and any(c.dep_ == "dobj" for c in cur.head.children):
            return False  # "Russia is withdrawing its contingent": an actor, not a place
        cur = cur.head
    return False


def _actors(claim: Claim, trigger, entity_types, doc) -> list[str]:
    keys = [k for k in claim.entities if entity_types.get(k) in ACTOR_TYPES]
    if trigger is None or not keys:
        return keys
    subject_text = " ".join(a.text for a in _agent_tokens(trigger)).lower()
    first = [k for k in keys if _key_words(k) and all(w in subject_text for w in _key_words(k)[-1:])]
    return first + [k for k in keys if k not in first]


def _key_words(key: str) -> list[str]:
    return [w for w in key.split(":", 1)[-1].split("-") if len(w) > 2]


def _draft(document, claim: Claim, index: int, span, etype: str, sub_type, trigger, paragraph_of,
           entity_types, place_by_key, times) -> _Draft:
    place_mentions = _place_offsets(document.text, claim, place_by_key)
    place_key, place = _event_place(claim, trigger, place_by_key, place_mentions, span.doc)
    event = Event(
        id="",
        document=document.id,
        type=etype,
        sub_type=sub_type,
        date=_event_date(document, claim, trigger, times),
        place=place_key,
        actors=_actors(claim, trigger, entity_types, span.doc),
        claims=[claim.id],
        trigger=_lemma(trigger) if trigger is not None else None,
    )
    return _Draft(event=event, claim_index=index, paragraph_key=paragraph_of.get(claim.sentence, 0),
                  country=place.country if place else None,
                  feature_rank=FEATURE_RANK.get(place.feature or "", 3) if place else 9, trigger=trigger)


def _place_offsets(text: str, claim: Claim, place_by_key: dict[str, Place]) -> dict[str, list[int]]:
    """Where in the clause each of its places is named (its name or an alias), as
    character offsets into the document text."""
    clause = text[claim.start : claim.end]
    out: dict[str, list[int]] = {}
    for key in claim.places:
        place = place_by_key.get(key)
        found: list[int] = []
        for name in ([place.name] + list(place.aliases)) if place else []:
            if name and len(name) > 1:
                found += [claim.start + m.start() for m in re.finditer(r"\b" + re.escape(name) + r"\b", clause)]
        out[key] = sorted(set(found))
    return out


# --- within-document coreference ------------------------------------------------------

def _anaphoric(trigger, claim: Claim) -> bool:
    """"The offensive ...", "this attack", "It was the heaviest fighting ...": a mention
    of an event already told."""
    if trigger is None:
        return False
    if trigger.pos_ == "NOUN":
        if any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "their", "its") for c in trigger.children):
            return True
        if trigger.dep_ == "attr":
            subject = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
            return subject is not None and subject.lower_ in ("it", "this", "that")
    return False


def _merge_references(document: Document, drafts: list[_Draft], claims: list[Claim], doc) -> list[Event]:
    events: list[_Draft] = []
    for draft in drafts:
        trigger = draft.trigger
        target = None
        if _anaphoric(trigger, claims[draft.claim_index]):
            for earlier in reversed(events):
                if draft.claim_index - earlier.claim_index > 3:
                    break
                if earlier.event.type != draft.event.type:
                    continue
                if earlier.event.sub_type and draft.event.sub_type and earlier.event.sub_type != draft.event.sub_type:
                    continue
                if earlier.event.date and draft.event.date and earlier.event.date != draft.event.date:
                    continue
                if earlier.country and draft.country and earlier.country != draft.country:
                    continue
                target = earlier
                break
        if target is None:
            events.append(draft)
            continue
        ev, new = target.event, draft.event
        ev.claims.append(new.claims[0])
        ev.date = ev.date or new.date
        if new.place and (ev.place is None or draft.feature_rank < target.feature_rank):
            ev.place, target.country, target.feature_rank = new.place, draft.country, draft.feature_rank
        ev.sub_type = ev.sub_type or new.sub_type
        ev.actors += [a for a in new.actors if a not in ev.actors]
        target.claim_index = draft.claim_index
    out = []
    for n, draft in enumerate(events):
        draft.event.id = f"{document.id}:e{n}"
        out.append(draft.event)
    return out
