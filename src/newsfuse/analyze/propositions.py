"""Read each claim into propositions: the slots fusion compares across reports.

A proposition is one predicate of a claim: its frame (withdraw, capture, kill, ...),
who acts, on what, when, and the counts it gives with their roles ("at least five
people were killed" -> killed 5..open). A compound claim ("Russia evacuated ships from
Tartus and has been airlifting hardware from Khmeimim") gives one proposition per
coordinated predicate. Read here, once, from the document's own parse, so fusion never
parses again. Knowledge lives in data/count_roles.yaml and data/non_assertions.yaml.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections import defaultdict
from importlib import resources

from .. import yamlfast
from ..model import Claim, Count, Mention, Place, Proposition, TimeExpr
from .places import opens_a_name
from .frames import (LEMMA_TO_FRAME, LIGHT_PAIRS, RESPONSIBILITY_FRAMES, agent_of, main_verb, read_blame,
                     event_subject, frames_relation, noun_dates, source_text, state_actor, state_word, subtree_span,
                     token_frames, verb_dates, word_frame)


@functools.lru_cache(maxsize=1)
def _roles() -> dict:
    with (resources.files("newsfuse") / "data" / "count_roles.yaml").open(encoding="utf-8") as fh:
        data = yamlfast.safe_load(fh)
    by_verb, by_noun, by_adj = {}, {}, {}
    for role, words in data["roles"].items():
        for w in words.get("verbs") or []:
            by_verb.setdefault(w, role)
        for w in words.get("nouns") or []:
            by_noun.setdefault(w, role)
        for w in words.get("adjectives") or []:
            by_adj.setdefault(w, role)
    qualifiers = {k: tuple(v) for k, v in data["qualifiers"].items()}
    vague = {k: tuple(v) for k, v in data["vague"].items()}
    return {"verb": by_verb, "noun": by_noun, "adj": by_adj, "toll": data["toll_nouns"],
            "person": set(data["person_nouns"]), "parts": data["parts"], "qualifiers": qualifiers,
            "vague": vague, "light": set(data.get("light_verbs") or []),
            "resultative": set(data.get("resultative_verbs") or []), "fatal": set(data.get("fatal_adverbs") or []),
            "fatal_adj": set(data.get("fatal_adjectives") or []), "measures": data.get("measures") or {},
            "estimating": set(data.get("estimating_verbs") or []),
            "survival": tuple(data.get("survival_cues") or []), "event_nouns": data.get("event_nouns") or {},
            "undergoer": set(data.get("undergoer_verbs") or []), "not_people": set(data.get("not_people_nouns") or []),
            "firing": set(data.get("firing_verbs") or []),
            "whole": set(data.get("whole_nouns") or []), "records": set(data.get("record_nouns") or []),
            "hit_wounds": data.get("hit_wounds") or {},
            "perpetrator": set(data.get("perpetrator_nouns") or []),
            "perpetrator_roles": set(data.get("perpetrator_roles") or []),
            "death_places": (set((data.get("death_places") or {}).get("preps") or []),
                             set((data.get("death_places") or {}).get("nouns") or [])),
            "place_roles": {role: (set(v["preps"]), set(v["nouns"])) for role, v in (data.get("place_roles") or {}).items()}}


def measured_roles() -> set[str]:
    """The roles of measured quantities of the event itself (magnitude): a count of these
    is an attribute of the story's happening, whichever sentence gives it."""
    return set(_roles()["measures"])


def estimating_verbs() -> set[str]:
    """Verbs by which a named subject gives a figure as its own ("AFAD measured ... at 7.7")."""
    return _roles()["estimating"]


@functools.lru_cache(maxsize=1)
def _told() -> dict:
    with (resources.files("newsfuse") / "data" / "told_events.yaml").open(encoding="utf-8") as fh:
        return {k: set(v) for k, v in yamlfast.safe_load(fh).items()}


@functools.lru_cache(maxsize=1)
def _non_assertions() -> dict:
    with (resources.files("newsfuse") / "data" / "non_assertions.yaml").open(encoding="utf-8") as fh:
        return {k: set(v) for k, v in yamlfast.safe_load(fh).items()}


# Roles in order of precedence when one phrase has several ("shot and killed" -> killed).
_ROLE_ORDER = ("killed", "injured", "missing", "arrested", "rescued", "evacuated", "displaced", "affected", "shot")
_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                 "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
                 "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                 "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "both": 2, "pair": 2}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMERIC = re.compile(r"^\d[\d,]*(\.\d+)?$")
_AGE = re.compile(r"^\d+-(year|month|week|day)s?-old$", re.I)
_SKIP_ENTS = {"DATE", "TIME", "PERCENT", "ORDINAL", "MONEY", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}  # "WAVE 3 News"


def parse_number(words: list[str]) -> float | None:
    """The value of a number written in digits and/or words ("1,600", "two dozen",
    "5 million", "twenty-one"); None when the words are not a number."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        w = w.lower().strip()
        if not w:
            continue
        if _NUMERIC.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif w in _NUMBER_WORDS:
            value = _NUMBER_WORDS[w]
            if w == "dozen" and current:
                current *= 12
            else:
                current += value
            seen = True
        elif "-" in w and all(p in _NUMBER_WORDS for p in w.split("-")):
            current += sum(_NUMBER_WORDS[p] for p in w.split("-"))
            seen = True
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif w == "and":
            continue
        else:
            return None
    return total + current if seen else None


def _is_number_token(t) -> bool:
    low = t.lower_
    if t.ent_type_ in _SKIP_ENTS or _AGE.match(t.text):
        return False
    if t.dep_ == "appos" and t.head.pos_ == "PROPN":  # "Ka'Deidre Rials, 23, of Kent": an age
        return False
    nxt = t.doc[t.i + 1: t.i + 3]
    gallery = t.i > 0 and t.doc[t.i - 1].lower_ in ("image", "photo", "picture", "slide", "page", "part")
    if len(nxt) == 2 and (nxt[0].text == "/" or nxt[0].lower_ == "of" and gallery) and nxt[1].like_num:
        return False  # a gallery's page: "1 / 8", "Image 2 of 10"
    return bool(_NUMERIC.match(low)) or low in _NUMBER_WORDS or low in _SCALES or (
        "-" in low and all(p in _NUMBER_WORDS for p in low.split("-")))


def read_counts(tokens: list) -> list[Count]:
    """Counts in some tokens of a parse, each with its role and interval. A number
    counts something when its head noun is a person noun or a role noun, or a role verb
    or adjective governs it; ages, dates, times, percentages and addresses are skipped."""
    table = _roles()
    inside = {t.i for t in tokens}
    out: list[Count] = []
    nouns: dict[int, object] = {}  # id(count) -> its counted noun, to sum enumerations
    used: set[int] = set()
    for t in tokens:
        if t.i in used or not _is_number_token(t):
            continue
        run = [t]
        while run[-1].i + 1 in inside and _is_number_token(run[-1].doc[run[-1].i + 1]) or (
                run[-1].i + 2 in inside and run[-1].doc[run[-1].i + 1].lower_ == "and"
                and run[-1].doc[run[-1].i + 2].lower_ in _NUMBER_WORDS and run[-1].lower_ in _SCALES):
            run.append(run[-1].doc[run[-1].i + 1])
        used.update(x.i for x in run)
        if t.dep_ == "quantmod" and t.i + 1 in inside and t.doc[t.i + 1].lower_ == "of":
            used.add(t.head.i)  # "one of 3 victims died": one died, of three
        value = parse_number([x.text for x in run if x.lower_ != "and"])
        if value is None or _is_address_or_year(run, value):
            continue
        count = _measure_of(t, value, table)
        if count is None:
            count, noun = _count_of(run, value, table)
            if count is not None:
                nouns[id(count)] = noun
        if count is not None:
            out.append(count)
    for count, noun in _indefinite_counts(tokens, table, used):
        out.append(count)
        nouns[id(count)] = noun
    out += _vague_counts(tokens, table, used)
    for count in out:
        if count.role == "killed" and id(count) in nouns and _died_somewhere(nouns[id(count)], table):
            count.high, count.in_one_place = None, True  # "three died at the scene": at least three were killed
    for count in out:
        if count.role in table["perpetrator_roles"] and _perpetrator(nouns.get(id(count)), table):
            count.role = f"perpetrator {count.role}"  # "police killed the gunman": not the victims' toll
        elif count.role in table["perpetrator_roles"] and count.unit == "people" and count.low >= 1:
            doer = _including_perpetrator(nouns.get(id(count)), table)
            if doer is not None:  # "three people are dead, including the shooter": two victims and the shooter
                count.low, count.high = count.low - 1, None if count.high is None else count.high - 1
                count.text = f"{count.text}, including {doer}"
                out.append(Count(role=f"perpetrator {count.role}", low=1.0, high=None, text=doer, unit="people",
                                 one=True))
    out = _sum_enumerations(out, nouns)
    return out + _survivors(out, tokens, table)


_REFLEXIVES = {"himself", "herself", "themselves"}


def _harmed_others(reflexive, table: dict) -> bool:
    """Whether one harmed by their own act ("killed herself") is the perpetrator of the
    event told: the sentence has them harm someone else too ("shot a student and then
    killed herself") or names them as the doer ("the gunman then shot himself"); a
    2-year-old "accidentally shooting himself" is the victim."""
    verb = reflexive.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lemma_.lower() in table["perpetrator"]:
        return True
    return any(t.i != verb.i and t.pos_ == "VERB" and t.lemma_.lower() in table["verb"] and any(
        c.dep_ == "dobj" and c.lower_ not in _REFLEXIVES for c in t.children) for t in reflexive.sent)


def _including_perpetrator(noun, table: dict) -> str | None:
    """The perpetrator a count says it includes ("three people are dead, including the
    shooter"), as written, else None."""
    if noun is None:
        return None
    for holder in (noun, noun.head):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "including":
                for g in c.children:
                    if g.dep_ == "pobj" and _perpetrator(g, table):
                        return subtree_span(g).text
    return None


def _perpetrator(noun, table: dict) -> bool:
    """Whether a counted person is the doer of the act told: a perpetrator noun ("the
    gunman", "suspected gunman Ali Syed", "Syed, the shooter,") or a reflexive object
    ("killed herself": the doer harmed by their own act)."""
    if noun is None:
        return False
    if noun.lower_ in _REFLEXIVES and noun.dep_ in ("dobj", "pobj"):
        return _harmed_others(noun, table)
    near = [noun, *(c for c in noun.children if c.dep_ in ("compound", "amod", "appos"))]
    if noun.dep_ == "appos":
        near.append(noun.head)
    return any(t.lemma_.lower() in table["perpetrator"] or t.lower_ in table["perpetrator"] for t in near)


def _died_somewhere(noun, table: dict) -> bool:
    """Whether the dead a noun counts are those who died in one place of several ("at
    the scene", "at the hospital"): on the noun, its verb, or the verb's predicate
    ("were pronounced dead at the scene"), up to the verb."""
    preps, nouns = table["death_places"]
    if noun is None:
        return False
    holders = [noun]
    head = noun
    for _ in range(3):
        if head.head.i == head.i:
            break
        head = head.head
        holders.append(head)
        if head.pos_ in ("VERB", "AUX"):
            holders += [c for c in head.children if c.dep_ in ("oprd", "acomp", "xcomp", "advcl")]
            break
    return any(c.dep_ == "prep" and c.lower_ in preps and any(
        g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children) for h in holders for c in h.children)


def _survivors(counts: list[Count], tokens: list, table: dict) -> list[Count]:
    """The injured a sentence tells without the word: the people shot less those killed
    ("four people were shot, one fatally": three injured), or all of them when it says
    they live ("a boy was shot and is in stable condition"). The Gun Violence Archive
    counts a person shot and not killed as injured."""
    if any(c.role == "injured" for c in counts):
        return []
    shot = [c for c in counts if c.role == "shot" and c.unit == "people" and c.scope is None]
    killed = [c for c in counts if c.role == "killed" and c.scope is None]
    if len(shot) != 1 or len(killed) > 1:
        return []
    s = shot[0]
    # the perpetrator's death among those shot ("four people were shot ... three are dead,
    # including the shooter": one injured)
    doer = sum(c.low for c in counts if c.role == "perpetrator killed")
    if killed:
        k = killed[0]
        if k.high is None or s.high is None or s.low != s.high or k.high + doer >= s.low:
            return []
        return [Count(role="injured", low=s.low - k.high - doer, high=s.low - k.high - doer,
                      text=f"{s.text}, {k.text}", unit="people")]
    text = " ".join(t.lower_ for t in tokens)
    if any(cue in text for cue in table["survival"]):
        return [Count(role="injured", low=s.low, high=s.high, text=s.text, unit="people", noun=s.noun)]
    return []


def _sum_enumerations(counts: list[Count], nouns: dict[int, object]) -> list[Count]:
    """Victims listed one by one are one count: "a 63-year-old woman and two men were
    shot" shot at least three, not one and two (a list of people described one by one
    may name only some of them, so its sum is a lower bound when it holds "a man"). A
    list in apposition to a count restates it ("three other people, a man and two
    women, had been shot") and is dropped."""
    def top(noun):
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return noun

    counted = {nouns[id(c)].i: c for c in counts if id(c) in nouns}
    groups: dict[tuple, list[Count]] = defaultdict(list)
    for c in counts:
        noun = nouns.get(id(c))
        if noun is not None and c.unit == "people":
            head = top(noun)
            if head.dep_ == "appos" and head.head.i in counted and counted[head.head.i].role == c.role \
                    and counted[head.head.i] is not c:
                continue  # restates the count it is in apposition to
            groups[(c.role, c.scope, head.i)].append(c)
    out = []
    for c in counts:
        noun = nouns.get(id(c))
        if noun is None or c.unit != "people":
            out.append(c)
            continue
        group = groups.get((c.role, c.scope, top(noun).i))
        if group is None:
            continue  # a restatement
        if len(group) == 1 or len({nouns[id(g)].i for g in group}) < len(group):
            out.append(c)  # one noun counted twice ("one of 3 victims") is no list
        elif c is group[0]:
            group = sorted(group, key=lambda g: nouns[id(g)].i)
            indefinite = any(g.text.lower().startswith(("a ", "an ")) for g in group)
            # "her nephew and two others": the others close the list, three; a list of
            # names alone may name only those identified
            closed = any(not g.one and k and group[k - 1].one and any(
                w.lower_ in ("other", "others") for w in (nouns[id(g)], *nouns[id(g)].children))
                for k, g in enumerate(group))
            highs = [g.low if g.one and closed else g.high for g in group]
            out.append(Count(role=c.role, low=sum(g.low for g in group),
                             high=None if indefinite and not closed or None in highs else sum(highs),
                             text=" and ".join(g.text for g in group), unit="people", scope=c.scope,
                             noun=c.noun if all(g.noun == c.noun for g in group) else None))
    return out

def _is_address_or_year(run, value: float) -> bool:
    last = run[-1]
    nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    if nxt is not None and nxt.lower_.rstrip(".") in _told()["street_words"]:
        return True
    if 1900 <= value <= 2100 and value == int(value) and _NUMERIC.match(run[0].text) and "," not in run[0].text:
        return True
    return False


def _qualifier(first) -> tuple[str, tuple] | None:
    """The qualifier phrase right before a number ("at least", "nearly") and its interval."""
    doc = first.doc
    quals = _roles()["qualifiers"]
    for n in (3, 2, 1):
        if first.i - n < 0:
            continue
        phrase = " ".join(x.lower_ for x in doc[first.i - n: first.i])
        if phrase in quals:
            return phrase, quals[phrase]
    return None


_LATER = ("second", "third", "fourth", "fifth")
_MORE = {"more", "additional", "further"}


def _measure_of(number, value: float, table: dict) -> Count | None:
    """A measured quantity of the event ("a magnitude 7.8 earthquake", "measured the
    first shock at 7.7"): a Count whose role is the measure, scoped to the thing when an
    ordinal other than "first" picks one of several ("a second quake ... magnitude 7.6")."""
    doc = number.doc
    for role, m in table["measures"].items():
        low, high = m["range"]
        if not (low <= value <= high) or not _NUMERIC.match(number.text):
            continue
        prev = doc[number.i - 1] if number.i > 0 else None
        nxt = [doc[i] for i in range(number.i + 1, min(number.i + 3, len(doc)))]
        by_noun = prev is not None and prev.lemma_.lower() in m["nouns"] or any(
            t.lemma_.lower() in m["nouns"] for t in nxt[:2] if t.i == number.i + 1 or doc[number.i + 1].text == "-")
        first, place_in_list = number, 0
        while first.dep_ == "conj" and first.head.i != first.i:  # "measured at 7.8 and 7.5"
            first, place_in_list = first.head, place_in_list + 1
        at = first.head if first.dep_ == "pobj" and first.head.lower_ == "at" else None
        sent = number.sent
        thing = next((t for t in sent if t.lemma_.lower() in m["things"]), None)
        # "at 7.7" under a measuring verb, however high the parser hangs it ("measured the
        # earthquake that struck Turkey at 7.7")
        by_verb = at is not None and thing is not None and any(
            a.lemma_.lower() in m["verbs"] for a in at.ancestors)
        if not (by_noun or by_verb):
            continue
        ordinal = next((c.lower_ for c in (thing.children if thing is not None else [])
                        if c.ent_type_ == "ORDINAL" or c.lower_ in _LATER), None)
        if place_in_list:  # "the two main shocks, measured at 7.8 and 7.5": the later one is the second shock
            ordinal = _LATER[min(place_in_list, len(_LATER)) - 1]
        scope = f"of the {ordinal} {thing.lemma_.lower()}" if ordinal and ordinal not in ("first", "main") else None
        return Count(role=role, low=value, high=value, text=number.text, unit=role, scope=scope)
    return None


def _count_of(run, value: float, table: dict) -> tuple[Count | None, object]:
    head = run[-1]
    while head.dep_ in ("nummod", "quantmod", "compound") and head.head.i != head.i and _is_number_token(head.head):
        head = head.head
    noun = head.head if head.dep_ in ("nummod", "quantmod", "amod") else head
    # a part of a group: "three of the four wounded worked at the salon", "one of 3 victims"
    partial = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children) or (
        run[0].dep_ == "quantmod" and run[0].i + 1 < len(run[0].doc) and run[0].doc[run[0].i + 1].lower_ == "of")
    if noun.lower_ == "of" and noun.dep_ == "prep":  # "five of them", "two of the victims"
        noun = next((g for g in noun.children if g.dep_ == "pobj"), head)
    role, unit = _role_of(head, noun, table)
    if role is None or (unit != "people" and noun is not head and noun.pos_ == "NOUN"):
        return None, None  # "up to eight times", "five homes": not a count of people in a role
    qual = _qualifier(run[0])
    low_m, high_m = qual[1] if qual else (1.0, 1.0)
    low = value * low_m
    high = None if high_m is None else value * high_m
    if run[0].lower_ == "both":  # "the woman and the child were both shot": two known victims, maybe not all
        high = None
    if _some_of_them(noun, table):
        high = None
    mods = {c.lower_ for c in [*noun.children, *head.children]}
    verb = noun.head if noun.dep_ in ("nsubj", "nsubjpass", "dobj") else None
    also = verb is not None and any(c.dep_ == "advmod" and c.lower_ in ("also", "too") for c in verb.children)
    # "his wife and two other people": the others of a list are beyond those it names, the
    # list's sum (_sum_enumerations) is all of them
    listed = noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN", "PRON") and not any(
        c.dep_ == "nummod" for c in noun.head.children)  # after one person, not "five other adults and a baby"
    if partial or mods & _MORE or also or "other" in mods and not listed and not _other_role_told(noun, role, table):
        # "two more people", "three other teenagers were also injured", "four officers also
        # died from their injuries": beyond those told;
        # but "a boy was killed and three other men were injured": the rest, in their role
        high = None
    start = run[0].i - (len(qual[0].split()) if qual else 0)
    text = run[0].doc[start: run[-1].i + 1].text
    if noun is not head and noun.i > run[-1].i and all(  # "two other people"
            x.head.i == noun.i and x.dep_ == "amod" for x in run[0].doc[run[-1].i + 1: noun.i]):
        text = run[0].doc[start: noun.i + 1].text
    # "at least 50 homicides", "the city's 99 homicides": a count of cases is a record kept
    # over a period, not the toll of the event told
    scope = "period" if noun.lemma_.lower() in table["records"] else _scope(noun)
    return Count(role=role, low=low, high=high, text=text, unit=unit, scope=scope,
                 noun=_kind(noun, unit, table)), noun


# Nouns whose "of" phrase counts all the people they are of: "the shooting of three
# people", "a total of eight", "the number of victims".
_WHOLE_OF = {"total", "number", "count", "tally", "toll", "all", "group"}


def _some_of_them(noun, table: dict) -> bool:
    """Whether a count is of those something else is told of, who may be only some of
    the people in the role: "the names of three people shot have been released" (five
    were shot), "the families of two victims"; not an event noun's own ("the shooting
    of three people") nor a total's ("a total of eight")."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.pos_ not in ("NOUN", "PROPN"):
        return False
    owner = noun.head.head.lemma_.lower()
    return owner not in table["event_nouns"] and owner not in table["toll"] and owner not in _WHOLE_OF \
        and owner not in table["noun"] and owner not in table["person"]


def _other_role_told(noun, role: str, table: dict) -> bool:
    """Whether the sentence tells people in another role than ``role`` (the killed
    beside "three other men were injured"), whom "other" sets the counted ones apart from."""
    for t in noun.sent:
        r = table["verb"].get(t.lemma_.lower()) or table["adj"].get(t.lower_)
        if r and r != role and r != "shot" and t.pos_ in ("VERB", "ADJ", "AUX"):
            return True
    return False


def _kind(noun, unit: str | None, table: dict) -> str | None:
    """The kind of person a count counts when it is one kind of the victims ("men",
    "children", "officers"): such a count may be a part of all of them."""
    if unit != "people" or noun.pos_ not in ("NOUN",):
        return None
    lemma = noun.lemma_.lower()
    if lemma not in table["person"] or lemma in table["whole"] or noun.lower_ in table["whole"]:
        return None
    return lemma


def _role_of(number, noun, table: dict) -> tuple[str | None, str | None]:
    """(role, unit) of a counted noun phrase: a role noun ("5 deaths"), a role adjective
    ("two dead", "three people injured"), or the role verb the phrase is an argument of
    ("killing two", "two men were shot and killed")."""
    lemma = noun.lemma_.lower()
    if noun is number:  # "one of the family dogs": what the "of" phrase counts
        of = next((g for c in number.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None)
        if of is not None and of.pos_ == "NOUN" and of.lemma_.lower() not in table["person"] \
                and of.lemma_.lower() not in table["noun"] and of.lower_ not in table["adj"]:
            return None, of.lemma_.lower()
    person = lemma in table["person"] or noun.lower_ in table["person"] or (noun is number)
    unit = "people" if person else lemma
    if lemma in table["not_people"]:
        return None, lemma  # "one gunshot wound": wounds, not people
    if noun is not number and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in table["firing"]:
        return None, lemma  # "fired one shot into his head": a round, not a person shot
    if lemma in table["noun"]:
        return table["noun"][lemma], "people"
    for c in noun.children:
        if c.dep_ in ("amod", "acl", "relcl") and c.lemma_.lower() in table["adj"] | table["verb"]:
            return table["adj"].get(c.lemma_.lower()) or table["verb"].get(c.lemma_.lower()), unit
        if c.dep_ == "amod" and c.lower_ in table["adj"]:
            return table["adj"][c.lower_], unit
    if noun.lower_ in table["adj"] and noun is not number:  # "two dead", "three injured"
        return table["adj"][noun.lower_], "people"
    after = number.doc[number.i + 1] if number.i + 1 < len(number.doc) else None
    if after is not None and after.lower_ in table["adj"] and after.pos_ in ("ADJ", "VERB", "NOUN"):
        return table["adj"][after.lower_], "people"  # "one dead and six injured"
    if after is not None and after.lower_ in table["fatal"] and noun is number:
        return "killed", "people"  # "four people were shot, one fatally"
    if number.dep_ in ("nsubj", "nsubjpass", "dobj") and number.head.pos_ in ("ADJ",) and number.head.lower_ in table["adj"]:
        return table["adj"][number.head.lower_], "people"
    roles = _governing_roles(noun, table)
    if roles:
        return roles[0], unit
    if person and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
            and noun.head.head.lemma_.lower() in table["event_nouns"]:
        return table["event_nouns"][noun.head.head.lemma_.lower()], unit  # "the shooting of three people"
    toll = _toll_role(number, table)
    if toll:
        return toll, unit
    return None, unit


# Words that name a part of a whole: a count "in government-held areas" or "on the rebel
# side" counts a part, and is compared only with counts of the same part.
_PART_NOUNS = {"area", "part", "region", "province", "zone", "side", "territory", "district", "country",
               "state", "county", "governorate", "city", "town"}
_GEO_ENTS = {"GPE", "LOC", "NORP"}
# ... and what limits such a noun to a part: "areas outside government control", "areas
# under rebel control", "areas held by the government".
_PART_PREPS = {"outside", "under", "beyond", "inside", "within"}
_PART_VERBS = {"hold", "control", "occupy", "run"}


# A date that spans a period, not a day: "this year", "last month", "so far this week"
# ("three men were shot Saturday" counts one day's event).
_SEVERAL = {"separate", "several", "multiple", "different", "unrelated", "other"}
_PERIOD = re.compile(r"\b(?:years?|months?|weeks?|weekend|decades?|so far|to date)\b", re.I)


def _scope(noun) -> str | None:
    """The part of the whole a count is limited to: an "in/across/on" phrase on the
    counted noun or its verb that names a country, region or an area ("812 in
    government-held areas", "5,000 in Turkey"); None for the whole. Cities, streets and
    buildings are where it happened, not a part of the count."""
    holders = [noun]
    head = noun
    for _ in range(2):  # up to the verb: "the toll in Syria rose above 2,500"
        if head.head.i == head.i or head.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr"):
            break
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            holders.append(head)
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i
                        and (c.lemma_.lower() in _roles()["toll"] or c.lemma_.lower() == "number")]
            holders += subjects + [g for c in subjects for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                                   for g in p.children if g.dep_ == "pobj"]
            break
    holders += [c for h in list(holders) for c in h.children if c.dep_ in ("acl", "relcl")]
    for h in holders:  # several events: "six people were injured in separate shootings"
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "during", "across") and any(
                    g.dep_ == "pobj" and g.tag_ in ("NNS", "NNPS") and (word_frame(g) or g.lemma_.lower() == "incident")
                    and any(
                        m.dep_ in ("amod", "nummod") and (m.lower_ in _SEVERAL or m.like_num) for m in g.children)
                    for g in c.children):
                return "period"
    for h in holders:
        for c in h.children:  # a period: "12 homicides this year", "killed 30 since January"
            if c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "nmod", "advmod") and _PERIOD.search(
                    subtree_span(c).text) or (
                    c.dep_ == "prep" and c.lower_ in ("since", "in", "during", "so")
                    and any(g.ent_type_ == "DATE" for g in c.children)):
                return "period"
    for h in holders:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ not in ("in", "across", "on", "throughout", "inside"):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if g.ent_type_ in _GEO_ENTS and g.ent_type_ != "NORP":
                    if any(x.dep_ == "conj" for x in g.children):  # "in Turkey and Syria": both together
                        return subtree_span(g).text.lower()
                    ent = next((e for e in g.doc.ents if e.start <= g.i < e.end), None)
                    return (ent.text if ent is not None else g.text).lower()
                if g.lemma_.lower() in _PART_NOUNS and any(
                        m.dep_ in ("amod", "compound") or m.dep_ == "prep" and m.lower_ in _PART_PREPS
                        or m.dep_ == "acl" and m.lemma_.lower() in _PART_VERBS for m in g.children):
                    return subtree_span(g).text.lower()
    return None


def _governing_roles(noun, table: dict) -> list[str]:
    """Roles of the verbs (and their coordinated verbs) that take the noun phrase as
    subject or object, or whose predicate adjective describes it ("were injured")."""
    head = noun
    for _ in range(3):
        if head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj") and head.head.i != head.i:
            head = head.head
            if head.pos_ in ("VERB", "AUX", "ADJ"):
                break
        else:
            break
    if head.pos_ not in ("VERB", "AUX", "ADJ"):
        return []
    # Coordinated verbs share the role only when they share the subject ("were shot and
    # killed"), not when they have their own ("3,549 died and 22,000 were injured").
    if noun.dep_ in ("dobj", "pobj"):  # an object belongs to its own verb ("killed three and wounded two")
        chain = [head]
    else:
        chain = sorted([head, *head.conjuncts], key=lambda t: t.i)
    own = [any(g.dep_ in ("nsubj", "nsubjpass") for g in t.children) for t in chain]
    at = chain.index(head)
    start = max((k for k in range(at + 1) if own[k]), default=0)
    end = next((k for k in range(at + 1, len(chain)) if own[k]), len(chain))
    verbs = chain[start:end] + [c for c in head.children if c.dep_ in ("acomp", "xcomp", "oprd")]
    found = set()
    # The active subject of a verb that does the role to someone is its doer ("a man shot
    # his wife", "Hearst shot and killed Hayes") or feels it ("she is hurting"), not one
    # shot or hurt; the subject of a verb the subject undergoes ("three people died") is.
    doer = noun.dep_ == "nsubj"
    for v in verbs:
        lemma, low = v.lemma_.lower(), v.lower_
        if doer and lemma in table["verb"] and lemma not in table["undergoer"]:
            continue
        role = table["verb"].get(lemma) or table["adj"].get(low) or table["adj"].get(lemma)
        if role is None and noun.dep_ in ("nsubj", "nsubjpass") and lemma in table["light"]:
            role = _object_role(v, table)  # "six people sustained minor injuries"
        if role is None and noun.dep_ == "dobj" and lemma in table["resultative"]:
            role = next((table["adj"].get(c.lower_) or table["verb"].get(c.lemma_.lower())
                         for c in v.children if c.dep_ in ("oprd", "xcomp", "advcl", "ccomp", "acomp")
                         and (c.lower_ in table["adj"] or c.lemma_.lower() in table["verb"])), None)
        if role is None and noun.dep_ in ("nsubj", "nsubjpass"):
            role = _place_role(v, table)  # "eight workers went into the river"
        if role in ("shot", "injured") and (any(c.dep_ == "advmod" and c.lower_ in table["fatal"] for c in v.children)
                                           or any(c.dep_ == "prep" and c.lower_ == "to" and any(
                                               g.lower_ == "death" for g in c.children) for c in v.children)):
            role = "killed"  # "fatally shot", "shot to death"
        if role:
            found.add(role)
    return [r for r in (*_ROLE_ORDER, *table["place_roles"]) if r in found]


def _place_role(verb, table: dict) -> str | None:
    """The role of the people a verb puts somewhere (data/count_roles.yaml ``place_roles``):
    "went into the Patapsco River", "may have been in the water" -> in-water."""
    for c in verb.children:
        if c.dep_ != "prep":
            continue
        for role, (preps, nouns) in table["place_roles"].items():
            if c.lower_ in preps and any(g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children):
                return role
    return None


def _object_role(verb, table: dict) -> str | None:
    """The role a light verb's object names: "suffered gunshot wounds" -> injured,
    "treated for injuries" -> injured."""
    for c in verb.children:
        objs = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else []
        for o in objs:
            role = table["noun"].get(o.lemma_.lower())
            mods = [m for m in o.children if m.dep_ == "amod"]
            if role == "injured" and any(m.lower_ in table["fatal_adj"] for m in mods) \
                    and not any(m.lower_ in ("non", "not", "nonfatal") for m in mods):
                return "killed"  # "suffered fatal injuries", not "non-fatal injuries"
            hit = table["hit_wounds"]
            if role == "injured" and verb.lemma_.lower() in hit.get("verbs", ()) and any(
                    m.dep_ in ("compound", "amod") and m.lower_ in hit.get("nouns", ()) for m in o.children):
                return "shot"  # "found three people suffering from gunshot wounds": hit, maybe dead
            if role:
                return role
    return None


def _toll_role(number, table: dict) -> str | None:
    """"the death toll rose to 7", "a toll of 7", "the number of dead stood at 7", "put
    the toll at 7": the role of a toll noun that heads the number's phrase or is the
    subject or object of its verb."""
    head = number
    for _ in range(4):
        if head.head.i == head.i:
            break
        head = head.head
        if head.lemma_.lower() in table["toll"]:
            return table["toll"][head.lemma_.lower()]
        if head.pos_ in ("VERB", "AUX"):
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lemma_.lower() in table["toll"]:
                return table["toll"][subj.lemma_.lower()]
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.lemma_.lower() in table["toll"]:  # "put the death toll at 812"
                return table["toll"][obj.lemma_.lower()]
            if subj is not None and subj.lemma_.lower() == "number":  # "the number of dead rose to"
                dead = [g for c in subj.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                for g in dead:
                    role = table["adj"].get(g.lower_) or table["noun"].get(g.lemma_.lower())
                    if role:
                        return role
            break
    return None


_DEFINITE_DETS = {"the", "this", "that"}
_ONE_PERSON_PRONOUNS = {"he", "she", "him", "her", "himself", "herself", "themselves"}


def _indefinite_counts(tokens: list, table: dict, used: set[int]) -> list[tuple[Count, object]]:
    """One person told without a number is an open count of at least one in the role of
    the verb that takes them: "a man was killed", and so a definite person ("the boy died
    of a gunshot wound", "her son was shot and killed"), a named one ("police shot and
    killed Hayes"), a personal pronoun ("he was pronounced dead") and a person whose
    death, shooting or wounding an event noun tells ("the shooting death of his
    girlfriend"). Each reads "at least one": it says someone was, not how many were."""
    out = []
    taken: set[int] = set()
    for t in tokens:
        noun = _one_person(t, table)
        if noun is None or noun.i in taken or noun.i in used:
            continue
        top = noun
        while top.dep_ == "conj" and top.head.i != top.i:  # "a man and a woman were shot"
            top = top.head
        roles: list[str] = []
        if top.dep_ in ("nsubj", "nsubjpass", "dobj"):
            roles = _governing_roles(top, table)
        elif top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lemma_.lower() in table["event_nouns"]:
            roles = [table["event_nouns"][top.head.head.lemma_.lower()]]  # "the death of an 8-year-old boy"
        if roles and not _indefinite(noun):
            roles = [r for r in roles if r in _HARM_ROLES]  # "Assad fled Damascus" displaced no one
        if roles:
            taken.add(noun.i)
            first = min((c for c in noun.children if c.dep_ in ("det", "poss") and c.i < noun.i),
                        key=lambda c: c.i, default=noun)
            text = noun.doc[first.i: noun.i + 1].text if noun.i - first.i <= 8 else noun.text
            out.append((Count(role=roles[0], low=1.0, high=None, text=text, unit="people",
                              noun=_kind(noun, "people", table), one=True), noun))
    return out


# The roles a definite or named person is counted in: harm done to them ("the boy died",
# "police shot Hayes"); that "Assad fled" or "Smith was arrested" counts no one.
_HARM_ROLES = {"killed", "injured", "shot", "missing"}


def _indefinite(noun) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)


_AGE_UNITS = {"year", "month", "week", "day"}


def _one_person(t, table: dict):
    """The head word of a phrase naming one person ("a man", "the 2-year-old", "her son",
    "Demarian Jones", "he"), else None."""
    if t.pos_ == "PRON":
        return t if t.lower_ in _ONE_PERSON_PRONOUNS else None
    if t.pos_ == "PROPN":
        if t.ent_type_ != "PERSON" or t.dep_ in ("compound", "flat", "appos", "poss") or t.dep_ == "nmod":
            return None
        return t
    if t.lower_ == "old" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj") and any(
            c.dep_ == "npadvmod" and c.lemma_.lower() in _AGE_UNITS for c in t.children):
        return t  # "killed a 3-year-old": the age names the person
    if t.pos_ != "NOUN" or t.tag_ != "NN":
        return None
    if t.lemma_.lower() not in table["person"] and not _AGE.match(t.text):
        return None
    if t.lower_ in ("one", "other", "family", "crew", "staff", "police"):
        return None  # counted as numbers, or groups
    if any(c.dep_ in ("amod", "nummod") and (c.ent_type_ == "ORDINAL" or c.lower_ in ("other", "second", "third"))
           for c in t.children):
        return None  # "a second man", "the other victim": one more, told apart
    dets = [c for c in t.children if c.dep_ in ("det", "poss")]
    if any(c.lower_ in ("a", "an") for c in dets):
        return t
    if any(c.lower_ in _DEFINITE_DETS or c.dep_ == "poss" and c.lower_ not in ("its",) for c in dets):
        return t
    return None


def _vague_counts(tokens: list, table: dict, used: set[int]) -> list[Count]:
    """"Dozens were injured", "hundreds of people": vague amounts as open intervals."""
    out = []
    vague = table["vague"]
    for t in tokens:
        if t.i in used:
            continue
        for phrase in (f"{t.lower_} of {t.nbor(2).lower_}" if t.i + 2 < len(t.doc) else "", t.lower_):
            if phrase in vague and phrase:
                low, high = vague[phrase]
                noun = next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pobj"), t)
                role, unit = _role_of(t, noun, table)
                if role is None:  # "dozens of people were injured": the vague word is the argument
                    role, _ = _role_of(t, t, table)
                    unit = "people" if noun.lemma_.lower() in table["person"] or noun is t else unit
                if role:
                    out.append(Count(role=role, low=float(low), high=None if high is None else float(high),
                                     text=t.doc[t.i: noun.i + 1].text if noun.i > t.i else t.text, unit=unit))
                break
    return out


def checkable(span, appeals: bool = True) -> bool:
    """Whether the clause asserts something an analyst could check: not "did not
    immediately comment", "could not be independently confirmed", "it is unclear
    whether ...", "declined to comment", a question, or (with ``appeals``) an appeal
    for information."""
    cues = _non_assertions()
    if span.text.rstrip().endswith("?") or _hypothetical(span, cues):
        return False
    for t in span:
        lemma = t.lemma_.lower()
        # "not verified", or a subject that denies ("Neither side's version could be verified").
        negated = any(c.dep_ == "neg" for c in t.children) or any(
            c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ in ("neither", "no", "none", "nobody")
                                                     for d in c.subtree) for c in t.children)
        if t.pos_ in ("VERB", "AUX") and negated and lemma in cues["negated_verbs"]:
            return False
        if lemma in cues["unverifiable_participles"] and negated and t.tag_ == "VBN":
            return False
        if lemma in cues["unverifiable_participles"] and t.tag_ == "VBN" and any(
                c.lower_ in ("not", "n't") for c in t.head.children) and t.dep_ in ("xcomp", "auxpass"):
            return False
        if lemma in ("decline", "refuse") and any(c.lemma_.lower() in cues["negated_verbs"] for c in t.children):
            return False
        if appeals and lemma in cues["request_verbs"] and t.dep_ == "ROOT":
            return False
        if t.lower_ in cues["unknown_words"]:
            neg = negated or any(c.dep_ == "neg" for c in t.head.children) or t.lower_ in (
                "unclear", "unknown", "uncertain", "unsure")
            question = any(_asks(c, cues) for c in t.subtree if c.i > t.i) or any(
                _asks(c, cues) for c in t.head.subtree if c.i > t.i)
            if neg and question:
                return False
    return True


def _hypothetical(span, cues: dict) -> bool:
    """A counterfactual or conditional sentence: its predicate is a modal perfect ("would
    have had two other slain deputies", "could have been killed") or governs a clause an
    "if" or "unless" opens ("if the officer hadn't killed the gunman, ..."); "even if" and
    "as if" concede or compare, and assert."""
    root = span.root
    content = main_verb(root)  # through what reports or holds it: "says he's convinced that if ..."
    # the main clause and its reported clause ("the sheriff said ... would have"), not a
    # coordinated clause of its own ("X was killed, and Y could have been ...")
    for v in [root, *(c for c in root.children if c.dep_ == "ccomp"), *([content] if content else [])]:
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in cues["counterfactual_modals"] for a in auxes) and any(a.lower_ == "have" for a in auxes):
            return True
        for c in v.children:
            if c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in cues["conditional_marks"]
                    and not (m.i > 0 and m.doc[m.i - 1].lower_ in ("even", "as")) for m in c.children):
                return True
    return False


def _asks(token, cues: dict) -> bool:
    """Whether a word opens a question ("unclear whether ...", "not known who ..."); a
    "when" or "where" after a comma is a relative adverb that tells a time or place
    ("uncertain since Sunday, when fighters entered Damascus"), no question."""
    if token.lower_ not in cues["question_words"]:
        return False
    return not (token.lower_ in ("when", "where") and token.i > 0 and token.doc[token.i - 1].text == ",")


def read_propositions(span, claim: Claim, mentions: list[Mention], places: list[Place],
                      times: list[TimeExpr], set_somewhere: bool = False) -> list[Proposition]:
    """The propositions of one claim from its span in the document's parse: one per
    coordinated main predicate, and the events told inside them that have a day or a
    place (any, when ``set_somewhere``: the report has a setting); none for a verbless
    heading."""
    tokens = list(span)
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return []
    verb = main_verb(span.root)
    if verb is None:
        return []
    ok = checkable(span)
    blame = read_blame(span)
    conjuncts = [verb] + [c for c in verb.conjuncts if c.dep_ == "conj" and c.pos_ == "VERB"
                          and c.i < span.end and any(g.dep_ in ("dobj", "prep", "attr") for g in c.children)]
    subject = agent_of(verb) or _controller(verb)  # "Russia began withdrawing", "police were able to halt"
    # The subject of a passive first verb does the active ones after it ("police were
    # warned and began stopping traffic").
    passive = next((subtree_span(c) for c in verb.children if c.dep_ == "nsubjpass"), None)
    out = []
    told_as = {v.i: event_subject(v) for v in conjuncts}  # "the earthquake struck": an earthquake
    for v in conjuncts:
        shared = passive if passive is not None and v is not verb and not _is_passive(v) else subject
        own = _own_tokens(v, conjuncts, shared, span)
        told = told_as[v.i]
        frames = token_frames(v)
        agent = agent_of(v) or shared
        agent_text = _extend_agent(agent, v)
        prop = Proposition(
            text=_LEADING_THAT.sub("", claim.text if len(conjuncts) == 1 else _piece_text(v, own, agent, conjuncts, claim)),
            frame=sorted(frames)[0] if frames else None,
            frames=sorted(frames | _clause_frames(own)),
            lemma=told.lemma_.lower() if told is not None else state_word(v) or (
                "be" if _labels(v, frames) else v.lemma_.lower()),
            agent=agent_text.text if agent_text is not None else None,
            agent_key=_agent_key(agent, mentions) if agent is not None else None,
            counts=read_counts(own if len(conjuncts) > 1 else tokens),
            days=_days(span.doc, _same_time({v} | (set(v.conjuncts) if len(conjuncts) == 1 else set())), times, span),
            content=sorted({t.lemma_.lower() for t in own if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                            and not t.is_stop}),
            places=[] if blame is not None and v is verb else _event_places(
                v, mentions, places, list(v.conjuncts) if len(conjuncts) == 1 else []),
            negated=any(c.dep_ == "neg" for c in v.children) or (claim.negated and v is verb),
            checkable=ok)
        prop.patient, prop.patient_key = _patient(v, agent, mentions, span)
        prop.goal = _goal(v, frames, mentions, places)
        if prop.goal and agent is not None:
            prop.agent_key = _mover_key(agent, mentions) or prop.agent_key
        prop.another = told is not None and _other_event(told, _told())  # "a second quake hit"
        if blame is not None and v is verb:
            prop.frame = sorted(blame.frames)[0] if blame.frames else prop.frame
            prop.frames = sorted(set(prop.frames) | blame.frames)
            prop.agent = blame.agent
            prop.agent_key = f"country:{blame.agent_country}" if blame.agent_country else prop.agent_key
            prop.patient = blame.patient  # the blamed party is the agent, never the object
            prop.patient_key = None
        if not prop.days and v is not verb and out:
            prop.days = list(out[0][1].days)  # "came back Tuesday, broke in and shot five people": all Tuesday
        out.append((v.i, prop))
    _share_day_backwards([p for _, p in out])
    # A held clause that is itself the claim's predicate ("some speculation that he may
    # have perished") is one proposition, with the certainty its noun gives it.
    own = dict(out)
    for i, held in _embedded(span, claim, mentions, places, times, ok):
        if i in own:
            own[i].certainty = held.certainty
        else:
            out.append((i, held))
    taken = {i for i, _ in out} | {n.i for n in told_as.values() if n is not None}
    # An appeal for information takes the event it asks about as having happened: "Dallas
    # police are asking for the public's help after a man was fatally shot early Sunday"
    # asserts nothing checkable itself, but the shooting it tells has its day and place.
    told_ok = ok or checkable(span, appeals=False)
    out += [(i, p) for i, p in _secondary(span, claim, mentions, places, times, told_ok, set_somewhere)
            if i not in taken]
    return [p for _, p in out]


# Lemmas of a death, which may come days after the act that caused it ("was shot and
# died Monday" dates the death, not the shooting).
_DEATH_LEMMAS = frozenset({"die", "death", "perish", "succumb"})


def _share_day_backwards(props: list[Proposition]) -> None:
    """A day written after the last of coordinated predicates of one happening is the
    day of the earlier ones too: "shot to death one person and injured two others
    Monday" shot them Monday. Only between frames that tell one incident (the same or
    compatible frames: shooting, killing, wounding), and never from a death, which may
    come later than the act ("was shot and died Sunday")."""
    for n in range(len(props) - 2, -1, -1):
        p, later = props[n], props[n + 1]
        if p.days or not later.days or later.lemma in _DEATH_LEMMAS or not p.frame or not later.frame:
            continue
        if frames_relation({p.frame}, {later.frame}) in ("same", "compatible"):
            p.days = list(later.days)


def _same_time(verbs: set) -> set[int]:
    """The verbs' token indices with those of their "when/as/while" clauses, which happen
    then and there ("was shot when she was caught in a crossfire as she returned home
    Wednesday night")."""
    marks = _told()["same_time_marks"]
    out, todo = set(), list(verbs)
    while todo:
        v = todo.pop()
        if v.i in out:
            continue
        out.add(v.i)
        todo += [c for c in v.children if c.dep_ == "advcl"
                 and any(g.dep_ == "advmod" and g.lower_ in marks or g.dep_ == "mark" and g.lower_ in marks
                         for g in c.children)]
    return out


def _secondary(span, claim: Claim, mentions, places, times, ok: bool, set_somewhere: bool) -> list[tuple[int, Proposition]]:
    """(token index, proposition) of each event told inside the claim's predicates: a
    framed verb of a relative or adverbial clause ("a robbery that left six injured",
    "after his firearm went off and injured another customer Saturday morning") and an
    event noun ("responded to multiple shootings at Shawnee Park Sunday afternoon"),
    each with its own days, places and object ("since rebels captured Hama"). Events marked as others ("another shooting", "a
    separate attack", "the second shooting this week") are left out."""
    told = _told()
    out = []
    # verb -> the event noun a happening verb tells of: the verb's proposition is the noun's
    tells = {t.i: noun for t in span if t.pos_ == "VERB" and (noun := event_subject(t)) is not None}
    subjects = {noun.i for noun in tells.values()}
    # A generic happening noun and the framed noun that says its kind ("the shooting
    # incident"): one telling, of the kind's frame, with the generic noun's modifiers.
    kinds_of = {t.i: c for t in span if t.pos_ == "NOUN" and _generic_happening(t, told)
                for c in t.children if c.dep_ == "compound" and c.pos_ == "NOUN" and word_frame(c)}
    kinds = {c.i for c in kinds_of.values()}
    for t in span:
        lemma = t.lemma_.lower()
        if t.i in subjects:
            continue
        if t.pos_ == "VERB":
            frames = token_frames(t)
            if not frames or _other_event(_clause_head(t), told):
                continue
            lemma = tells[t.i].lemma_.lower() if t.i in tells else state_word(t) or lemma
            agent = agent_of(t) or _controller(t)
            patient, patient_key = _patient(t, agent, mentions, span)
            days = _days(span.doc, _same_time({t}), times, span)
            where = _event_places(t, mentions, places)
            if t.i in tells:  # "a shooting in northeast Houston that left one dead": the noun's own day and place
                noun_days, noun_where = _noun_when_where(tells[t.i], span, mentions, places, times, told)
                days += [d for d in noun_days if d not in days]
                where += [k for k in noun_where if k not in where]
            goal = _goal(t, frames, mentions, places)
        elif t.pos_ == "NOUN" and ((frame := word_frame(t)) or _generic_happening(t, told)) \
                and not _other_event(t, told) and t.i not in kinds:
            kind = kinds_of.get(t.i)  # "the shooting incident": the incident is the shooting
            frames = {word_frame(kind)} if kind is not None else {frame} if frame else set()
            lemma = kind.lemma_.lower() if kind is not None else lemma
            # "Friday's shooting" is dated by its possessive, not done by it
            agent = next((subtree_span(c) for c in t.children if c.dep_ == "poss"
                          and c.ent_type_ not in ("DATE", "TIME")), None)
            obj = next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj"), None)
            patient = obj.lemma_.lower() if obj is not None else None
            patient_key = _head_mention(obj, mentions) if obj is not None else None
            days, where = _noun_when_where(t, span, mentions, places, times, told)
            goal = []
        else:
            continue
        if not (days or where or goal or patient_key or set_somewhere or t.pos_ == "NOUN" and _known_event(t)):
            continue  # only a day, a place or a named object makes a told event worth reading
        if not frames and not (days or where):
            continue  # a frameless telling says only when and where the report's incident was
        own = [x for x in span if t.left_edge.i <= x.i <= t.right_edge.i]
        out.append((t.i, Proposition(
            text=_LEADING_THAT.sub("", source_text(own)), frame=min(frames, default=None), frames=sorted(frames),
            lemma=lemma, agent=agent.text if agent is not None else None,
            agent_key=(goal and _mover_key(agent, mentions) or _agent_key(agent, mentions)) if agent is not None else None,
            patient=patient, patient_key=patient_key, days=days, places=where, goal=goal,
            content=sorted({x.lemma_.lower() for x in own if x.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                            and not x.is_stop}),
            negated=any(c.dep_ == "neg" for c in t.children), checkable=ok, secondary=True,
            aside=_aside(t))))
    return out


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _generic_happening(noun, told: dict) -> bool:
    """A noun that names a happening without saying what kind ("the incident",
    "Friday's incident"), made definite or possessed: it refers back to the incident
    the report is about, so it tells that incident's day and place (fusion attaches such
    a frameless telling to the story's main event only: picture.py). An indefinite one
    ("in an incident last year") may be any other."""
    return noun.lemma_.lower() in told["generic_event_nouns"] and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)


def _known_event(noun) -> bool:
    """Whether an event noun tells a happening the report speaks of: one made definite
    ("the outage", "his arrest", "Sunday's shooting", "the death of ...") refers back to
    it; one a predicate takes as its subject or object ("a huge fire destroyed the store",
    "the cables suffered severe damage") is told as having happened. A bare noun in a
    phrase ("fears of attacks", "a history of violence") is neither."""
    return noun.dep_ in ("nsubj", "nsubjpass", "dobj") or any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)


def _clause_head(verb):
    """The noun a relative clause describes ("another man who was shot"), else the verb."""
    return verb.head if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") else verb


def _other_event(token, told: dict) -> bool:
    return any(c.lower_ in told["other_event_markers"] or c.ent_type_ == "ORDINAL"
               for c in token.children if c.dep_ in ("det", "amod", "poss", "npadvmod", "nummod", "advmod")) \
        or any(c.dep_ == "poss" and c.ent_type_ == "DATE" and _long_ago(c) for c in token.children)


_LONG_AGO = re.compile(r"\b(?:years?|months?|decades?|century|ago|\d{4})\b", re.I)


def _long_ago(date_word) -> bool:
    """"last year's shooting" is another event; "Sunday's shooting" and "yesterday's
    earthquakes" are the one being reported."""
    return bool(_LONG_AGO.search(subtree_span(date_word).text))


def _noun_when_where(noun, span, mentions, places, times, told) -> tuple[list[str], list[str]]:
    """An event noun's days and places: the date phrases and locative phrases that modify
    the noun itself, and those of a verb that takes the event's own time ("responded to
    a shooting Sunday", "the shooting happened Sunday") or that the event caused
    ("killed by Monday's earthquake in Turkey")."""
    phrases = noun_dates(span, noun.i)
    where = _event_places_of([noun], mentions, places)
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    cause = noun.dep_ == "pobj" and noun.head.dep_ == "agent"  # "killed by yesterday's earthquakes"
    if verb.pos_ in ("VERB", "AUX") and (cause or _verb_key(verb) in told["same_time_verbs"]):
        phrases += verb_dates(span, _same_time({verb}))
        where += [k for k in _event_places_of([verb], mentions, places) if k not in where]
    return _days_of(phrases, times, span), where


def _verb_key(verb) -> str:
    prt = next((c.lemma_.lower() for c in verb.children if c.dep_ == "prt"), None)
    obj = next((c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"), None)
    lemma = verb.lemma_.lower()
    if prt:
        return f"{lemma} {prt}"
    if lemma == "take" and obj == "place":
        return "take place"
    return lemma


# Nouns whose "that" clause is a proposition someone holds without the claim asserting
# it ("speculation that he may have been killed"), with the certainty it carries.
_HELD_NOUNS = {"speculation": "speculative", "rumour": "speculative", "rumor": "speculative",
               "suggestion": "hedged", "fear": "hedged", "report": "hedged", "claim": "hedged",
               "allegation": "hedged", "suspicion": "speculative", "indication": "hedged", "sign": "hedged"}


def _embedded(span, claim: Claim, mentions, places, times, ok: bool) -> list[tuple[int, Proposition]]:
    """(verb token index, proposition) of each "that" clause of a held noun in the span."""
    out = []
    for t in span:
        if t.pos_ != "VERB" or t.dep_ not in ("acl", "ccomp") or t.head.pos_ != "NOUN" \
                or t.head.lemma_.lower() not in _HELD_NOUNS:
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
            continue
        frames = token_frames(t)
        own = [x for x in span if t.left_edge.i <= x.i <= t.right_edge.i]
        agent = agent_of(t)
        prop = Proposition(
            text=_LEADING_THAT.sub("", source_text(own)), frame=sorted(frames)[0] if frames else None,
            frames=sorted(frames), lemma=t.lemma_.lower(), agent=agent.text if agent is not None else None,
            agent_key=_agent_key(agent, mentions) if agent is not None else None,
            counts=read_counts(own), days=_days(span.doc, {t.i}, times, span),
            places=_event_places(t, mentions, places),
            content=sorted({x.lemma_.lower() for x in own if x.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                            and not x.is_stop}),
            negated=any(c.dep_ == "neg" for c in t.children), checkable=ok,
            certainty=_HELD_NOUNS[t.head.lemma_.lower()])
        prop.patient, prop.patient_key = _patient(t, agent, mentions, span)
        out.append((t.i, prop))
    return out


def proposition_at(head, span, claim: Claim, mentions: list[Mention], places: list[Place],
                   times: list[TimeExpr]) -> Proposition:
    """The proposition of one event word of a parse: a verb ("withdrew") with its
    subject and object, or an event noun ("the withdrawal of troops", "Russia's
    attack") with its possessor or "by" phrase as agent and its "of" phrase as object.
    Used where the event words are given (annotated corpora), not found."""
    if head.pos_ in ("VERB", "AUX"):
        agent = agent_of(head)
        patient, patient_key = _patient(head, agent, mentions, span)
        frames = token_frames(head)
    else:
        agent = next((subtree_span(c) for c in head.children if c.dep_ == "poss"), None) or next(
            (subtree_span(g) for c in head.children if c.dep_ == "prep" and c.lower_ == "by"
             for g in c.children if g.dep_ == "pobj"), None)
        obj = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children if g.dep_ == "pobj"), None)
        patient = obj.lemma_.lower() if obj is not None else None
        patient_key = _head_mention(obj, mentions) if obj is not None else None
        frame = word_frame(head)
        frames = {frame} if frame else set()
    own = [t for t in span if head.left_edge.i <= t.i <= head.right_edge.i] or list(span)
    return Proposition(
        text=source_text(own), frame=sorted(frames)[0] if frames else None, frames=sorted(frames),
        lemma=head.lemma_.lower(), agent=agent.text if agent is not None else None,
        agent_key=_agent_key(agent, mentions) if agent is not None else None,
        patient=patient, patient_key=patient_key, counts=read_counts(list(span)),
        days=_days(span.doc, {head.i}, times, span), places=_event_places(head, mentions, places),
        content=sorted({t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
                        and not t.is_stop}),
        negated=any(c.dep_ == "neg" for c in head.children), checkable=True)


def _own_tokens(verb, conjuncts: list, subject, span) -> list:
    """The tokens of one conjunct: its verb phrase without the other conjuncts' phrases
    (but with those it hangs under: "entered Homs" is a conjunct of "captured Hama"),
    with the shared subject; a joining "and" or comma only between words it keeps."""
    if len(conjuncts) == 1:
        return list(span)
    mine = set(range(verb.left_edge.i, verb.right_edge.i + 1))
    for other in conjuncts[1:]:  # the later conjuncts hang under the first verb
        if other.i != verb.i and not other.left_edge.i <= verb.i <= other.right_edge.i:
            mine -= set(range(other.left_edge.i, other.right_edge.i + 1))
        elif other.i != verb.i:  # an earlier conjunct holding this one: only its own words go
            mine -= {t.i for t in other.subtree if not verb.left_edge.i <= t.i <= verb.right_edge.i}
    if subject is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        mine |= set(range(subject.start, subject.end))  # the shared subject, unless it has its own
    doc = span.doc
    kept = {i for i in mine if span.start <= i < span.end}
    joints = {i for i in kept if doc[i].dep_ in ("cc", "punct")}
    changed = True
    while changed:  # "in his home and was ready ..., and": the inner "and" stays, the trailing goes
        edge = {i for i in kept & joints if i - 1 not in kept or i + 1 not in kept}
        changed = bool(edge)
        kept -= edge
    return [doc[i] for i in sorted(kept)]


def _piece_text(verb, own: list, agent, conjuncts: list, claim: Claim) -> str:
    """How one conjunct of a claim reads on its own: its words when they make a clause
    (a finite verb with a subject: "Rebels captured Hama on Thursday"), with a subject
    pronoun that stands for the speaker shown as the speaker ("[Syrian rebels] captured
    Damascus"); the whole claim when they do not ("to step down", "leave Syria", or
    "Russian forces mined" whose object is the next verb's)."""
    subject = agent if agent is not None else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or not _finite(verb) or _object_in_next(verb, conjuncts):
        return claim.text  # (a passive's subject makes a clause: "more than 24,000 workers were deployed")
    at = next((k for k, t in enumerate(own) if t.dep_ != "mark"), None)  # past "that"
    if agent is not None and at is not None and own[at].i == agent.start and len(agent) == 1:
        speaker = _speaker_pronoun(agent[0], claim)
        if speaker:
            return f"[{speaker}] {source_text(own[at + 1:])}"
    return source_text(own) or claim.text


def _is_passive(verb) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN" and verb.dep_ == "conj" \
        and verb.head.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.head.children)


def _finite(verb) -> bool:
    """A verb that makes a clause: finite itself or through its auxiliary ("would stay"),
    or a past form coordinated with a plain past ("took Aleppo, captured Hama": the
    tagger often reads the second as a participle)."""
    if verb.morph.get("VerbForm") == ["Fin"] or any(
            c.dep_ in ("aux", "auxpass") and c.morph.get("VerbForm") == ["Fin"] for c in verb.children):
        return True
    head = verb.head
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and head.tag_ == "VBD"
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children))


_OBJECTS = {"dobj", "attr", "ccomp", "xcomp", "acomp", "oprd", "dative", "prep", "agent"}


def _object_in_next(verb, conjuncts: list) -> bool:
    """Right-node raising: "mined and blew up the dam", where the first verb's object is
    the one after the next verb."""
    if any(c.dep_ in _OBJECTS for c in verb.children):
        return False
    doc = verb.doc
    for other in conjuncts:
        if other.i > verb.i and any(c.dep_ == "dobj" for c in other.children):
            between = doc[verb.i + 1: other.left_edge.i]
            return all(t.dep_ in ("cc", "punct", "prt") or t.head.i == verb.i and t.dep_ == "advmod" for t in between)
    return False


_SPEAKER_PRONOUNS = {"they": "plural", "we": "plural", "he": "person", "she": "person", "it": "thing"}


def _speaker_pronoun(token, claim: Claim) -> str | None:
    """The speaker a subject pronoun of reported words stands for, when they agree: a
    plural source for "they"/"we" ("Syrian rebels said they captured ..."), a named person
    for "he"/"she" ("Jalali said he would stay"), an organisation for "it"; else None
    ("police said he fled": he is not the police)."""
    kind = _SPEAKER_PRONOUNS.get(token.lower_)
    if kind is None or token.pos_ != "PRON" or claim.attribution_kind == "outlet" or not claim.source_span:
        return None
    source = token.doc.char_span(*claim.source_span, alignment_mode="expand")
    if source is None or token.i < source.end:
        return None
    head = source.root
    if kind == "plural":
        ok = head.tag_ in ("NNS", "NNPS")
    elif kind == "person":
        ok = head.ent_type_ == "PERSON"
    else:
        ok = head.tag_ in ("NN", "NNP") and head.ent_type_ in ("ORG", "") and not head.ent_type_ == "PERSON"
    return claim.attribution if ok else None


def _clause_frames(tokens: list) -> set[str]:
    """Frames of event nouns in the clause ("the shooting", "the collapse")."""
    return {f for t in tokens if t.pos_ == "NOUN" and (f := word_frame(t))}


_LEADING_THAT = re.compile(r"^(that|whether)\s+(?=\S)")  # a clause cut from "said that ..."


def without_leading_that(text: str) -> str:
    """A clause as a proposition's text gives it: without the "that" it was cut from."""
    return _LEADING_THAT.sub("", text)
_AUXILIARIES = {"be", "have", "do", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "get"}


def _extend_agent(agent, verb):
    """The agent phrase with a noun the parser split off it ("Ukrainian shelling" read as
    "Ukrainian" plus an appositive "shelling"), up to the verb."""
    if agent is None:
        return None
    doc = agent.doc
    end = agent.end
    while end < verb.i and doc[end].pos_ in ("NOUN", "PROPN", "AUX", "VERB") \
            and doc[end].lemma_.lower() not in _AUXILIARIES and doc[end].dep_ in ("aux", "appos", "compound", "nsubj", "dep"):
        end += 1
    return doc[agent.start:end] if end > agent.end else agent


def _head_mention(head, mentions: list[Mention]) -> str | None:
    """The entity or place key of the mention that covers a phrase's head word (or its
    "of" object: "the city of Aleppo"), not of any name inside its modifiers."""
    targets = [head] + [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
    targets += [c for c in head.children if c.dep_ in ("appos", "compound") and c.pos_ in ("PROPN", "NOUN")]
    targets += [c for c in head.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
    # A generational suffix the parser made the head ("Kenneth Bacque’ Jr.": a curly
    # apostrophe cuts the name off its "Jr.", which alone names no one) stands for the
    # name it follows.
    if head.lower_.strip(".") in _NAME_SUFFIXES:
        targets += [c for c in head.children if c.dep_ in ("nmod", "poss", "compound", "appos") and c.pos_ == "PROPN"]
    # A person told by where they are from ("a Salt Lake man", "a 59-year-old Sulphur man")
    # is neither that town nor anyone named after it; an organisation's man ("a Hamas
    # gunman") is the organisation's.
    person = head.pos_ == "NOUN" and head.lemma_.lower() in _told()["person_nouns"]
    for t in targets:
        for m in mentions:
            if m.entity and m.label != "TIME" and m.start <= t.idx < m.end:
                if person and t is not head and t.dep_ in ("compound", "npadvmod") and m.label not in _GROUP_LABELS:
                    continue
                return m.entity
    return None


_GROUP_LABELS = frozenset({"ORG", "MILITARY", "NORP"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _agent_key(agent, mentions: list[Mention]) -> str | None:
    """"country:XX" for a state actor ("Russian forces", "Moscow"), else the Entity.key
    the agent phrase names, else None (a pronoun or a common noun)."""
    country = state_actor(agent)
    if country:
        return f"country:{country}"
    head = agent.root
    if head.pos_ == "PRON":
        return None
    return _head_mention(head, mentions)


def _patient(verb, agent, mentions: list[Mention], span) -> tuple[str | None, str | None]:
    """What the verb acts on: its direct object or a passive subject (lemma, and the
    key of the entity or place it names)."""
    head = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if head is None:  # a personal pronoun stays as written for the story to resolve ("he was killed")
        pron = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                     and c.lower_ in _PERSONAL | {"it", "them"}), None)
        if pron is not None:
            return pron.lower_, None
    if head is None:
        head = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "over")
                     for g in c.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
                     and g.ent_type_ not in ("DATE", "TIME")), None)  # "spread on Wednesday": a day, not a target
    if head is None:
        return None, None
    if (verb.lemma_.lower(), head.lemma_.lower()) in LIGHT_PAIRS:  # "established control over Damascus"
        over = next((g for c in list(head.children) + list(verb.children) if c.dep_ == "prep"
                     and c.lower_ in ("over", "of", "in", "on") for g in c.children if g.dep_ == "pobj"), None)
        if over is not None:
            return over.lemma_.lower(), _head_mention(over, mentions)
    if head.lemma_.lower() in _REFUGE:  # "granted asylum to Assad": whom it is granted to
        to = next((g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj"), None)
        if to is not None:
            return head.lemma_.lower(), _head_mention(to, mentions)
    return head.lemma_.lower(), _head_mention(head, mentions)


# Verbs that, with an object and an object predicate, name their object as something
# ("called it a developing mass casualty event", "described it as a crime"): a judgement
# of what the object is, no happening of their own. Frameless verbs only: "named him
# prime minister" is an appointment.
_LABELLING = frozenset({"call", "describe", "label", "term", "dub", "brand", "deem", "consider", "characterize",
                        "characterise", "declare"})
# Frames of movements: where they take their doer is their goal.
_MOVEMENT_FRAMES = frozenset({"withdraw", "deploy", "transport"})
_GOAL_PREPS = {"to", "into", "toward", "towards"}
_ARRIVAL_PREPS = {"in", "at"}  # "arrived in Moscow", "landed at Hmeimim"
_ARRIVALS = frozenset({"arrive", "land", "reach", "arrival"})


def _labels(verb, frames: set[str]) -> bool:
    """Whether a frameless verb names its object as something ("called it a mass casualty
    event"): an object and an object predicate (or an "as" phrase after the object)."""
    if frames or verb.lemma_.lower() not in _LABELLING:
        return False
    kids = list(verb.children)
    if not any(c.dep_ == "dobj" for c in kids):
        return False
    return any(c.dep_ == "oprd" for c in kids) or any(
        c.dep_ == "prep" and c.lower_ == "as" for c in kids)


def _aside(verb) -> bool:
    """Whether a verb heads a non-restrictive relative clause ("the bridge, which opened in
    1977, ..."; "Assad, who fled to Moscow"): set off by a comma, it is the writer's
    description, not part of what a quoted speaker says; so is a verb joined to it
    ("which opened in 1977 and carried Interstate 695")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "relcl" or verb.left_edge.i == 0:
        return False
    return verb.doc[verb.left_edge.i - 1].text == "," and verb.left_edge.lower_ in ("which", "who", "whose", "whom", "where")


def _controller(verb):
    """Who does what an infinitive complement says when it has no subject: the object
    of its head ("forcing Assad to flee", "allowed him to leave"), else the head's
    subject ("decided to leave"; of a passive head, the raised subject: "aircraft were said
    to be arriving")."""
    if verb.dep_ != "xcomp":
        return None
    head = verb.head
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is not None:
        return subtree_span(obj)
    if head.dep_ == "acomp":  # "police were able to halt": the copula's subject
        head = head.head
    raised = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return agent_of(head) or (subtree_span(raised) if raised is not None else None)


def _goal(verb, frames: set[str], mentions: list[Mention], places: list[Place]) -> list[str]:
    """Place keys where a movement takes its doer or object: "fled to Moscow", "sent
    troops into Syria", "arrived in the Russian capital" (a country's capital named by
    the country: the document's place that is its capital)."""
    if verb.pos_ != "VERB" or not (set(frames) & _MOVEMENT_FRAMES):
        return []
    preps = _GOAL_PREPS | (_ARRIVAL_PREPS if verb.lemma_.lower() in _ARRIVALS else set())
    place_keys = {p.key for p in places}
    out: list[str] = []
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ not in preps:
            continue
        for g in (g for g in c.children if g.dep_ == "pobj"):
            key = next((m.entity for m in mentions if m.entity in place_keys and m.start <= g.idx < m.end), None)
            key = key or _capital_named(g, places)
            if key and key not in out:
                out.append(key)
    return out


def _capital_named(noun, places: list[Place]) -> str | None:
    """"the Russian capital", "the capital of Syria": the document's place that is that
    country's capital (entities.capital_of), when the document names it."""
    if noun.lemma_.lower() != "capital":
        return None
    from .entities import capital_of, country_of
    words = [c.text for c in noun.children if c.dep_ in ("amod", "compound")]
    words += [g.text for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    country = next((k for w in words if (k := country_of(w))), None)
    if country is None:
        return None
    return next((p.key for p in places if capital_of(p.name) == country), None)


def _mover_key(agent, mentions: list[Mention]) -> str | None:
    """The key of who moves: a place does not, so of a subject that joins a place and a
    person (a misparse of "entered Damascus and President Assad fled") the person."""
    key = _agent_key(agent, mentions)
    if key and key.startswith("person:"):
        return key
    for c in agent.root.conjuncts:
        k = _head_mention(c, mentions)
        if k and k.startswith("person:"):
            return k
    return key


_PERSONAL = {"he", "she", "him", "her"}
_REFUGE = {"asylum", "refuge", "sanctuary"}
_PLACE_PREPS = {"in", "at", "near", "outside", "inside", "on", "into", "from", "across", "off", "along", "over"}


def _event_places(verb, mentions: list[Mention], places: list[Place], joined: list | None = None) -> list[str]:
    """Place keys of the places the predicate happens in: named in a locative phrase of
    the verb (or of a "when/as" clause of it), of its object or subject ("shot in
    Chesapeake", "the shooting at Los Altos Skate Park"), or the object of a movement
    verb ("fled Damascus")."""
    doc = verb.doc
    clauses = [doc[i] for i in sorted(_same_time({verb, *(joined or [])})) if i != verb.i]
    out = _event_places_of([verb], mentions, places)
    return out + [k for k in _event_places_of(clauses, mentions, places, own=False) if k not in out]


def _event_places_of(verbs: list, mentions: list[Mention], places: list[Place], own: bool = True) -> list[str]:
    """Place keys named in the locative phrases of the words (and, with ``own``, of
    their objects and event subjects)."""
    out: list[str] = []
    for verb in verbs:
        out += [k for k in _places_of_one(verb, mentions, places, own) if k not in out]
    return out


def _places_of_one(verb, mentions: list[Mention], places: list[Place], own: bool) -> list[str]:
    place_keys = {p.key for p in places}
    # A subject's places count only when the subject is the event itself ("the shooting
    # at Los Altos Skate Park left ..."), not a source ("the health ministry in Damascus").
    # So does the subject of an event verb without an object: what collapses, explodes or
    # sinks is where it happens ("Baltimore's Francis Scott Key Bridge collapsed").
    objectless = verb.lemma_.lower() in LEMMA_TO_FRAME and not any(c.dep_ == "dobj" for c in verb.children)
    # A copula's complement says what its subject is, not where it is ("Hagen had been a
    # corrections officer at the St. Mary Parish jail"), unless the subject is an event
    # ("the shooting was the second at the mall").
    copular = verb.lemma_.lower() == "be" and not any(c.dep_ == "nsubj" and word_frame(c) for c in verb.children)
    heads = [verb] + ([c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "attr" and not copular
                       or c.dep_ == "nsubj" and (c.lemma_.lower() in LEMMA_TO_FRAME or objectless)]
                      if own and verb.pos_ in ("VERB", "AUX") else [])
    if own and verb.pos_ == "NOUN":
        # An event noun's "of" object is where it happens: "the collapse of the Francis Scott
        # Key Bridge in Baltimore", "the capture of Damascus", "the shooting of a man in
        # Chesapeake" (a home town, "of a man from Dayton", stays a residence).
        heads += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                  if g.dep_ == "pobj"]
    targets = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                targets += [g for g in c.children if g.dep_ == "pobj"]
            elif c.dep_ == "npadvmod" and c.pos_ == "PROPN":
                targets.append(c)
        if h is not verb:  # the object or event subject itself ("captured the Syrian capital Damascus")
            targets.append(h)
    out = []
    for t in targets:
        for tok in subtree_span(t):
            for m in mentions:
                if m.entity in place_keys and m.start <= tok.idx < m.end and m.entity not in out \
                        and not _street(tok.doc, m) and not in_residence(tok, t):
                    out.append(m.entity)
        capital = _capital_named(t, places)  # "arrived in the Russian capital"
        if capital and capital not in out:
            out.append(capital)
    return out


def in_residence(tok, stop=None) -> bool:
    """Whether a word lies in a person's home-town phrase ("Adam Bentdahl of Appleton",
    "Jenkins, 23, of Dayton", "a man from Chesapeake"), below ``stop`` if given."""
    residents = _told()["resident_nouns"]
    t = tok
    while t.i != t.head.i and t is not stop:
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in ("of", "from") \
                and (_person_like(t.head.head) or t.head.lower_ == "from" and _is_from(t.head.head)):
            return True
        if t.dep_ == "compound" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in residents:
            return True  # "a Pike Creek man", "the Kansas City native"
        t = t.head
    return False


def _is_from(verb) -> bool:
    """Whether a verb says where a person comes from: "Long, who is from Kansas City",
    "she hails from Dayton"."""
    return verb.lemma_.lower() in ("be", "hail", "come") and any(
        c.dep_ == "nsubj" and (c.lower_ in ("who", "he", "she") or _person_like(c)) for c in verb.children)


def _person_like(tok, depth: int = 0) -> bool:
    if tok.ent_type_ == "PERSON" or tok.lemma_.lower() in _told()["person_nouns"]:
        return True
    if tok.pos_ == "PROPN" and any(c.dep_ == "appos" and (c.like_num or c.ent_type_ in ("CARDINAL", "DATE"))
                                   for c in tok.children):
        return True  # a name with an age: "Jenkins, 23,"
    # the age after a name: "Jenkins, 23, of Dayton"
    return depth == 0 and (tok.like_num or tok.ent_type_ in ("CARDINAL", "DATE")) and tok.head.i != tok.i \
        and _person_like(tok.head, 1)


def _residences(doc, mentions: list[Mention], places: list[Place]) -> list[tuple[int, str]]:
    """(offset, place key) of every place named as a person's home town."""
    keys = {p.key for p in places}
    out = []
    for m in mentions:
        if m.entity in keys:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) and in_residence(span.root):
                out.append((m.start, m.entity))
    return out


def _street(doc, m: Mention) -> bool:
    """Whether a place mention names a street or is part of a building's or another name
    ("Spring Street", "22nd Street", "Mountain View Hall", "Alton Sterling")."""
    told = _told()
    text = doc.user_data.get("newsfuse_text")
    if text is None:  # Doc.text is rebuilt from every token on each call: read it once per Doc
        text = doc.user_data["newsfuse_text"] = doc.text
    after = text[m.end:m.end + 40].split()
    nxt = after[0].strip(".,;") if after else ""
    word = nxt.lower()
    plural = word.endswith("s") and word[:-1] in told["street_words"]  # "Fairfield and Hewitt avenues"
    # the building may come a few capitalised words on: "Baton Rouge General Hospital"
    name = list(itertools.takewhile(lambda w: w[:1].isupper(), (w.strip(".,;") for w in after[:3])))
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return word in told["street_words"] or plural or m.text.split()[-1].lower().strip(".") in told["street_words"] \
        or any(w.lower() in told["facility_words"] for w in name) or _crossing(text, m, told["street_words"]) \
        or span is not None and len(span) > 0 and opens_a_name(span)


_ORDINAL_STREET = re.compile(r"\b\d+(?:st|nd|rd|th)\s*$", re.I)


def _crossing(text: str, m: Mention, street_words) -> bool:
    """Whether a name is one of two crossing streets: "near Northwest 10th and Rockwell",
    "Rockwell and 10th", "the intersection of Fairfield and Hewitt avenues", "on Lamar
    Street near Griffin"."""
    before = text[max(0, m.start - 30):m.start]
    found = re.search(r"(\S+)\s+(?:and|&)\s+$", before)
    if found and _ORDINAL_STREET.search(found.group(1).rstrip(".,")):
        return True
    # the cross street after a street: "on Lamar Street near Griffin", "Main Street at Elm"
    found = re.search(r"(\S+)\s+(?:near|at|and|&)\s+$", before)
    if found and found.group(1).rstrip(".,").lower() in street_words:
        return True
    after = re.match(r"\s+(?:and|&)\s+(\S+)(?:\s+(\S+))?", text[m.end:m.end + 40])
    if not after:
        return False
    other, then = after.group(1).rstrip(".,;"), (after.group(2) or "").rstrip(".,;").lower()
    return bool(_ORDINAL_STREET.search(other)) or other[:1].isupper() and then.endswith("s") and \
        then[:-1] in street_words


def _days(doc, verbs: set[int], times: list[TimeExpr], span) -> list[str]:
    """ISO days of the date phrases that modify the predicate's own verb."""
    return _days_of(verb_dates(span, verbs), times, span)


def _days_of(phrases: list[str], times: list[TimeExpr], span) -> list[str]:
    """ISO days of the document's day-precise times written as one of the phrases."""
    phrases = [p.lower() for p in phrases]
    out = []
    for t in times:
        if t.date is None or t.granularity != "day" or not (span.start_char <= t.start < span.end_char):
            continue
        low = t.text.lower()
        if any(low in p or p in low for p in phrases):
            out.append(t.date.isoformat())
    return sorted(set(out))


def attach_propositions(doc, claims: list[Claim], mentions: list[Mention], places: list[Place],
                        times: list[TimeExpr]) -> None:
    """Read every claim's propositions from the document's parse, in place."""
    # Where the report is set: its local dateline and the towns of the police and
    # officials it cites anywhere ("Lubbock police say ..."), for all its tellings.
    setting = _local_dateline(doc, mentions, places)
    setting += [k for k in _jurisdictions(doc, mentions, places) if k not in setting]
    residences = _residences(doc, mentions, places)
    for c in claims:
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        c.propositions = read_propositions(span, c, mentions, places, times, bool(setting))
        # A home town the claim names is where its report is set, not the scene.
        homes = [k for s, k in residences if c.start <= s < c.end]
        for p in c.propositions:
            p.setting = [k for k in dict.fromkeys(setting + homes) if k not in p.places]
    _one_victim(claims)
    _report_survivors(doc, claims)


_MORE_VICTIMS = re.compile(r"\b(also|another|second|third|both|other|others|too|each|all)\b", re.I)
# "Police also said ...": the telling is further, not the victims
_ALSO_SAID = re.compile(r"\b(also|too)\s+(said|say|says|told|tells|reported|added|noted|confirmed|believe[sd]?)\b", re.I)


def _one_victim(claims: list[Claim]) -> None:
    """A report that tells of the killed (injured, shot) only as one person, the same
    person throughout ("a 41-year-old man is dead" ... "the victim" ... "he"), says one
    was: its open counts of one person become exactly one. Not when it introduces two
    people ("a 19-year-old man ... an 18-year-old man"), names two, or the predicate that
    counts them tells of others ("was also shot", "another", "both"; not "a man died and
    three others were hurt", nor "police also said")."""
    for role in ("killed", "injured", "shot"):
        told = [(cl, p, c) for cl in claims if cl.kind in ("report", "quote") for p in cl.propositions
                if not p.negated for c in p.counts if c.role == role and c.unit == "people" and c.scope is None]
        if not told or not all(c.one for _, _, c in told):
            continue
        if any(_MORE_VICTIMS.search(_ALSO_SAID.sub(" ", p.text or cl.text)) for cl, p, _ in told):
            continue  # the predicate that counts them tells of more ("also shot", "three others"), not a neighbour
        introduced = {c.text.lower() for _, _, c in told if c.text.lower().startswith(("a ", "an "))}
        named = {c.text for _, _, c in told if c.text[:1].isupper() and " " not in c.text
                 and c.text.lower() not in _ONE_PERSON_PRONOUNS}
        if len(introduced) != 1 or len(named) > 1:
            continue  # the victim must be introduced ("a man"), once; a name alone may be one of several
        for _, _, c in told:
            c.high = 1.0


_DEATH_WORDS = re.compile(r"\b(?:kill\w*|dead|died|dies|dying|death|deaths|deadly|fatal\w*|murder\w*|homicides?|"
                          r"slain|slaying|deceased|lifeless|suicide)\b", re.I)


def _report_survivors(doc, claims: list[Claim]) -> None:
    """The injured a report tells across its sentences: the Gun Violence Archive counts
    a person shot and not killed as injured. A report that says how many were shot and
    gives no injured count of its own has that many injured, less the killed it counts
    ("four people were shot ... one died": three), or all of them when it tells no
    death at all ("a 2-year-old boy was accidentally shot" ... "listed in good
    condition"). The count is added to the proposition that says how many were shot."""
    def whole(c: Count) -> bool:
        return c.unit == "people" and c.scope is None

    told = [(p, c) for cl in claims if cl.kind in ("report", "quote") for p in cl.propositions
            if not p.negated for c in p.counts if whole(c)]
    if any(c.role == "injured" for _, c in told):
        return
    shot = [(p, c) for p, c in told if c.role == "shot"]
    if not shot:
        return
    p, s = max(shot, key=lambda pc: (pc[1].low, pc[1].high is not None))
    killed = [c for _, c in told if c.role == "killed"]
    if killed:
        k = max(killed, key=lambda c: c.low)
        if k.in_one_place:  # "one person died at the hospital": the report's own tally of its dead
            k = dataclasses.replace(k, high=k.low)
        if s.high is None or k.high is None or s.low != s.high or k.low != k.high or k.high >= s.low:
            return
        low = high = s.low - k.high
    elif _DEATH_WORDS.search(doc.user_data.get("newsfuse_text") or doc.text):
        return  # a death the counts do not read: how many lived is unknown
    else:
        low, high = s.low, s.high
    p.counts.append(Count(role="injured", low=low, high=high, text=s.text, unit="people", noun=s.noun))


# A local dateline: an upper-case place, an optional state and an optional outlet mark,
# then a dash ("SAN ANTONIO -", "BANGOR, Maine --", "LOUISVILLE, KY (WAVE) -", which the
# parser may cut off as a sentence of its own). A wire
# dateline carries a date or an agency ("KYIV, June 6 (Reuters) -": data/wire_services.yaml)
# and is where the reporter files from, often far from the event.
_LOCAL_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’ -]{2,40}?)(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?\s*"
                             r"(?:\(([^()\n]{1,30})\)\s*)?[-–—]{1,2}(?:\s+|$)")


def _wire_dateline(head: str, mark: str | None) -> bool:
    """A date in the dateline ("ANKARA, Feb 7 -"; a station's "(CBS4)" is none) or an
    agency's mark."""
    outside = head.replace(f"({mark})", "") if mark else head
    return bool(re.search(r"\d", outside)) or (mark is not None and _is_agency(mark))


@functools.lru_cache(maxsize=256)
def _is_agency(mark: str) -> bool:
    table = _wire_services()
    low = mark.lower().strip()
    return low in table["agencies"] or any(re.search(rf"\b{re.escape(w)}\b", low) for w in table["words"])


@functools.lru_cache(maxsize=1)
def _wire_services() -> dict:
    with (resources.files("newsfuse") / "data" / "wire_services.yaml").open(encoding="utf-8") as fh:
        data = yamlfast.safe_load(fh)
    return {"agencies": {a.lower() for a in data["agencies"]}, "words": [w.lower() for w in data["words"]]}


def _local_dateline(doc, mentions: list[Mention], places: list[Place]) -> list[str]:
    """Place keys of the document's local dateline: the first sentence of its first
    2,000 characters that opens with one (a page's navigation may come first)."""
    for sent in doc.sents:
        if sent.start_char > 2000:
            break
        head = sent.text[:120]
        found = _LOCAL_DATELINE.match(head)
        if not found:
            continue
        if _wire_dateline(head[:found.end()], found.group(2)):
            return []
        # The town alone: the state after it only tells which town ("MOBILE, AL": not Ål in Norway).
        keys = {p.key for p in places}
        end = sent.start_char + found.end(1)
        return list(dict.fromkeys(m.entity for m in mentions
                                  if m.entity in keys and sent.start_char <= m.start < end))
    return []


def _jurisdictions(doc, mentions: list[Mention], places: list[Place]) -> list[str]:
    """Place keys named as the jurisdiction of a local institution in the document
    ("Lubbock police", "the Anchorage Sheriff's Office", "Paris Police Chief Bob Hundley",
    "officers from Buena Vista"): the place a police force or local official reports on."""
    words = _institution_words()
    keys = {p.key for p in places}
    out: list[str] = []
    for t in doc:
        if t.lemma_.lower() not in words and t.lower_ not in words:
            continue
        named = [c for c in t.children if c.dep_ in ("compound", "nmod", "poss", "amod") and c.pos_ == "PROPN"]
        named += [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "in")
                  for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        for n in named:
            for m in mentions:
                if m.entity in keys and m.start <= n.idx < m.end and m.entity not in out:
                    out.append(m.entity)
    return out


@functools.lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    """Single head words of the local institutions (police, sheriff, officers, ...)."""
    with (resources.files("newsfuse") / "data" / "institutions.yaml").open(encoding="utf-8") as fh:
        data = yamlfast.safe_load(fh)
    heads = {w.split()[-1].replace("'s", "") for kind, words in data.items() if kind != "hospital" for w in words}
    return frozenset(heads | {"authority", "official", "department", "office", "chief"})


__all__ = ["attach_propositions", "checkable", "estimating_verbs", "parse_number", "proposition_at", "read_counts", "read_propositions",
           "RESPONSIBILITY_FRAMES"]
