"""Propositions read from claims at analysis time: counts with their roles and
intervals, statements that assert nothing checkable, one proposition per coordinated
predicate, the blamed party as agent."""
from __future__ import annotations

import pytest

from newsfuse.analyze.nlp import load_nlp
from newsfuse.analyze.propositions import checkable, parse_number, read_counts, read_propositions
from newsfuse.model import Claim

pytestmark = pytest.mark.slow


def counts(text: str) -> list[tuple]:
    return [(c.role, c.low, c.high, c.scope) for c in read_counts(list(load_nlp()(text)))]


def props(text: str):
    doc = load_nlp()(text)
    return read_propositions(doc[:], Claim("d:c0", "d", 0, text, 0, len(text), "outlet"), [], [], [])


@pytest.mark.parametrize("words, value", [
    (["1,600"], 1600), (["two", "dozen"], 24), (["5", "million"], 5_000_000), (["twenty-one"], 21),
    (["three", "hundred"], 300), (["dozen"], 12)])
def test_numbers_in_digits_and_words(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("text, expected", [
    ("Two men were shot and killed and a woman was injured.", [("killed", 2, 2, None), ("injured", 1, None, None)]),
    ("The shooting left one person dead and six injured.", [("killed", 1, 1, None), ("injured", 6, 6, None)]),
    ("At least five people died.", [("killed", 5, None, None)]),
    ("The gunman killed three people and wounded two others.", [("killed", 3, 3, None), ("injured", 2, 2, None)]),
    ("AFAD said 3,549 people had died in Turkey and more than 22,000 had been injured.",
     [("killed", 3549, 3549, "turkey"), ("injured", 22000, None, None)]),
    ("By evening the number of dead reported in Syria rose above 2,500.", [("killed", 2500, 2500, "syria")]),
    ("There have been 12 homicides in the city this year.", [("killed", 12, 12, "period")]),
    ("Dozens of people were injured.", [("injured", 24, None, None)]),
    ("In government-held areas, the Syrian health ministry put the death toll at 812.",
     [("killed", 812, 812, "government-held areas")]),
    ("Rescuers said at least 790 people had been killed in areas outside government control.",
     [("killed", 790, None, "areas outside government control")]),
])
def test_counts_carry_role_interval_and_part_of_the_whole(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text", [
    "The toll could rise up to eight times.", "The man, 25, was taken to hospital.",
    "The shooting happened in the 1200 block of Main Street in 2015.", "Both men are on the run."])
def test_ages_addresses_years_and_multipliers_are_no_counts(text):
    assert counts(text) == []


@pytest.mark.parametrize("text, ok", [
    ("Officials did not immediately comment.", False),
    ("His account could not be independently confirmed.", False),
    ("It is unclear if the two shootings are related.", False),
    ("Police are not yet sure if the shootings are related.", False),
    ("The spokesman declined to comment on the investigation.", False),
    ("Police are asking anyone with information to call detectives.", False),
    ("Police did not find the gun.", True),
    ("Two men were arrested on Friday.", True),
])
def test_statements_of_missing_information_are_not_checkable(text, ok):
    doc = load_nlp()(text)
    assert checkable(doc[:]) is ok


def test_a_compound_claim_gives_one_proposition_per_predicate():
    found = props("According to HUR the Russian military has evacuated combat ships from its naval base in Tartus "
                  "and has been airlifting military hardware from the Khmeimim Air Base.")
    assert [(p.frame, p.lemma, p.agent_key) for p in found] == [
        ("withdraw", "evacuate", "country:RU"), ("transport", "airlift", "country:RU")]
    assert "Khmeimim" in found[1].text and "Khmeimim" not in found[0].text


def test_the_proposition_is_what_is_reported_not_the_reporting():
    [p] = props("Kyiv maintains that Russian forces blew up the dam.")
    assert (p.frame, p.agent_key, p.patient) == ("destroy", "country:RU", "dam")


def test_a_blame_names_the_blamed_party_as_agent_and_no_object():
    [p] = props("Moscow blames Ukrainian shelling.")
    assert p.agent_key == "country:UA" and p.patient is None and p.frame in ("attack", "destroy")


def test_speculation_that_is_a_proposition_of_its_own():
    found = props("Flight data prompted unconfirmed speculation that he may have been killed.")
    held = [p for p in found if p.certainty == "speculative"]
    assert [(p.lemma, p.patient) for p in held] == [("kill", "he")]


def test_events_told_inside_a_predicate_have_their_own_day():
    import datetime as dt

    from newsfuse.analyze import analyze_documents
    from newsfuse.model import Document

    text = ("Police responded to a shooting on Sunday near the park. "
            "Officers said it was the second shooting in the area on Sunday.")
    (a,) = analyze_documents([Document("d", "d.txt", text, published=dt.date(2016, 9, 20))])
    told = [p for c in a.claims for p in c.propositions if p.secondary and p.lemma == "shooting"]
    assert [p.days for p in told] == [["2016-09-18"]]  # the second shooting is another event


@pytest.mark.parametrize("text, expected", [
    ("A magnitude 7.8 earthquake struck southern Turkey.", [("magnitude", 7.8, 7.8, None)]),
    ("The disaster agency measured the first shock at 7.7.", [("magnitude", 7.7, 7.7, None)]),
    ("A second quake, which the agency put at magnitude 7.6, hit Elbistan.",
     [("magnitude", 7.6, 7.6, "of the second quake")]),
    ("The two main shocks, measured at 7.8 and 7.5, were felt in Cyprus.",
     [("magnitude", 7.8, 7.8, None), ("magnitude", 7.5, 7.5, "of the second shock")]),
    ("Officers arrested 7 men at 8 p.m.", [("arrested", 7, 7, None)]),
])
def test_measured_quantities_of_the_event(text, expected):
    assert counts(text) == expected


def test_a_conjunct_with_its_own_subject_does_not_borrow_the_first():
    texts = [p.text for p in props("Syrian rebels said they captured Damascus earlier today and that "
                                   "President Bashar al-Assad had left the country.") if not p.secondary]
    assert texts == ["they captured Damascus earlier today", "President Bashar al-Assad had left the country"]


@pytest.mark.parametrize("text, expected", [
    ("A 63-year-old woman and two men, ages 47 and 48, were shot, the police said.", [("shot", 3, None, None)]),
    ("A man and a woman were shot outside the bar.", [("shot", 2, None, None)]),
    ("Two men and three women were killed.", [("killed", 5, 5, None)]),
    ("Police learned that three other people, a man and two women, had been shot.", [("shot", 3, None, None)]),
    ("Of the four wounded, three worked at the salon; three other teenagers were also injured.",
     [("injured", 4, 4, None), ("injured", 3, None, None)]),
    ("Ka'Deidre Rials, 23, of Kent, was arrested on Monday.", []),
    ("One of 3 victims died at the hospital.", [("killed", 1, None, None)]),
    ("The shooting injured 4 others 1 / 8 Back to Gallery.", [("injured", 4, 4, None)])])
def test_victims_listed_one_by_one_are_one_count(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Four people were shot, one fatally, police said.", [("shot", 4, 4, None), ("killed", 1, 1, None),
                                                          ("injured", 3, 3, None)]),
    ("A 2-year-old boy was shot in the leg and is in stable condition.", [("shot", 1, None, None),
                                                                          ("injured", 1, None, None)]),
    ("Two men were shot and killed on Saturday.", [("killed", 2, 2, None)]),
    ("Six people were shot, four of them suffering non-fatal injuries.", [("shot", 6, 6, None), ("injured", 4, None, None)])])
def test_the_shot_who_live_are_injured(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, frame", [
    ("Damascus fell to the rebels on Sunday.", "capture"),
    ("Experts warned that the chances of finding people alive would fall sharply.", None),
    ("Parliament passed the bill on Monday.", "approve"),
    ("The death toll passed 5,000 on Tuesday.", None)])
def test_a_word_takes_its_frame_only_with_the_right_argument(text, frame):
    assert props(text)[0].frame == frame


def test_nouns_that_name_things_are_no_events_told_inside():
    """"The police station" is no deploying told inside the sentence; "a shooting" is."""
    import datetime as dt
    from newsfuse.analyze import analyze_document
    from newsfuse.model import Document
    text = "Officers responded to a shooting at a police station in Baltimore on Saturday."
    a = analyze_document(Document(id="d", path="d.txt", text=text, outlet="x.com", published=dt.date(2016, 11, 28)))
    told = [(p.lemma, p.frame) for c in a.claims for p in c.propositions if p.secondary]
    assert told == [("shooting", "attack")]


def test_an_event_told_as_another_is_marked():
    """"A second quake hit Elbistan" is another event than "a magnitude 7.8 earthquake
    struck Turkey", and event grouping never joins the two."""
    from newsfuse.fuse.events import opposite
    first = props("A magnitude 7.8 earthquake struck southern Turkey on Monday.")[0]
    second = props("Shortly after 13:20 a second quake hit the Elbistan district.")[0]
    assert (first.lemma, first.frame, first.another) == ("earthquake", "disaster", False)
    assert (second.lemma, second.another) == ("quake", True)
    assert opposite(first, second)


def test_coordinated_acts_share_the_day_the_first_gives():
    """"came back to the house Tuesday, broke in and shot the five people": the shooting
    is one proposition of its own, on Tuesday."""
    import datetime as dt
    from newsfuse.analyze import analyze_document
    from newsfuse.model import Document
    text = "A buyer came back to the house Tuesday, broke in to rob the place and shot the five people, police said."
    a = analyze_document(Document(id="d", path="d.txt", text=text, outlet="x.com", published=dt.date(2016, 12, 21)))
    shot = [p for c in a.claims for p in c.propositions if p.lemma == "shoot" and not p.secondary]
    assert len(shot) == 1 and shot[0].days == ["2016-12-20"] and shot[0].counts[0].low == 5


@pytest.mark.parametrize("text, expected", [
    ("The boy died of a gunshot wound, said Metro Lt. Jeff Goodwin.", [("killed", 1, None, None)]),
    ("He was rushed to Grady Memorial Hospital where he was pronounced dead.", [("killed", 1, None, None)]),
    ("The mother said her son was shot and killed early Saturday morning.", [("killed", 1, None, None)]),
    ("Police are investigating the death of a 17-year-old male.", [("killed", 1, None, None)]),
    # the doer of the shooting is no victim of it; nor is one who "hurts" for another
    ("Officer Andrew Hearst shot and killed Hayes following a robbery report.", [("killed", 1, None, None)]),
    ("A man shot his wife on Sunday.", [("shot", 1, None, None)]),
    ("The suspect's mother said she is also hurting for the family.", []),
    ("Assad fled Damascus before the opposition arrived.", []),
    ("A 19-year-old man has been charged in the shooting of three people.", [("shot", 3, 3, None)]),
    # shots fired, a wound and a dog are not people
    ("Neighbours reported hearing eight gunshots.", []),
    ("The gun went off, killing her and injuring one of the family dogs.", [("killed", 1, None, None)]),
])
def test_one_person_told_without_a_number_counts_at_least_one(text, expected):
    assert [x for x in counts(text) if x[0] != "arrested"] == expected


def test_a_count_of_a_kind_of_victims_is_a_part_of_all_of_them():
    from newsfuse.fuse.values import counts_agree, group_counts
    from newsfuse.model import Count

    def c(n, noun=None):
        return Count(role="killed", low=n, high=n, text=f"{n} {noun or 'people'}", unit="people", noun=noun)

    assert counts_agree(c(3, "child"), c(5))  # "three children" of "a family of five dead"
    assert not counts_agree(c(6, "child"), c(5))  # more children than dead
    assert counts_agree(c(2, "man"), c(3, "woman"))  # two kinds, one whole
    assert not counts_agree(c(2, "man"), c(3, "man"))  # the same kind: rival figures
    assert not counts_agree(c(2), c(3))
    (group,) = group_counts([(c(2, "man"), "a:c1"), (c(3), "b:c1")])
    assert (group.best.text, group.low, group.high) == ("3 people", 3, 3)
    (group,) = group_counts([(c(2, "man"), "a:c1")])
    assert (group.low, group.high) == (2, 2)


@pytest.mark.parametrize("text, injured", [
    # shot in one sentence, alive in the next: GVA counts a person shot and not killed as injured
    ("A 2-year-old boy was accidentally shot in his leg early Tuesday morning, police said. "
     "The boy was taken to Comer Children's Hospital, where he was listed in good condition.", (1, 1)),
    ("Four people were shot outside a bar on Main Street on Saturday night, police said. "
     "One person died at the hospital.", (3, 3)),
    # a death the counts do not read: how many lived is not known
    ("Two men were shot on Main Street on Saturday. Police are investigating the deaths.", None),
])
def test_a_report_tells_its_injured_across_sentences(text, injured):
    from tests.conftest import analyse

    found = [(c.low, c.high) for cl in analyse(text).claims for p in cl.propositions for c in p.counts
             if c.role == "injured"]
    assert found == ([injured] if injured else [])


def test_a_count_of_homicides_is_a_record_not_a_toll():
    assert counts("January started the year with at least 50 homicides.") == [("killed", 50, None, "period")]


@pytest.mark.parametrize("text, lemma, frame", [
    ("Rebels took Damascus on Sunday.", "take", "capture"),  # a city is taken
    ("The man took a gun from the car.", "take", None),  # a gun is not
    ("He became president in 2000.", "become", "appoint"),
    ("Russia's position has become uncertain.", "become", None),  # a position only becomes so
])
def test_a_word_takes_its_frame_only_with_the_right_argument(text, lemma, frame):
    main = props(text)[0]
    assert (main.lemma, main.frame) == (lemma, frame)


def test_an_event_told_in_a_since_clause_with_a_named_object_is_read():
    # A told event is read when it has a day, a place or a named object: Hama is named.
    import datetime as dt

    from newsfuse.analyze import analyze_documents
    from newsfuse.model import Document

    text = "Russia's position has unravelled since rebels captured Hama last week."
    a = analyze_documents([Document("d", "d.txt", text, published=dt.date(2024, 12, 14))])[0]
    told = [p for c in a.claims for p in c.propositions if p.secondary]
    assert [(p.frame, p.patient_key) for p in told] == [("capture", "gpe:hama")]


@pytest.mark.parametrize("text, expected", [
    ("The home where three people were reportedly shot to death is a known drug house.", [("killed", 3, 3, None)]),
    ("A boy was killed and three other men were injured when shots were fired.",
     [("injured", 3, 3, None), ("killed", 1, None, None)]),
    ("Three other teenagers were also injured.", [("injured", 3, None, None)]),  # beyond those told
    ("Officers found three people suffering from gunshot wounds.", [("shot", 3, 3, None)]),  # hit, maybe dead
    ("Two men were treated for gunshot wounds.", [("injured", 2, 2, None)]),
    ("A teenager was killed and six other people were injured in separate shootings in Baltimore.",
     [("injured", 6, 6, "period"), ("killed", 1, None, None)]),
])
def test_death_others_wounds_and_several_shootings(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, killed", [
    # one victim introduced once and followed through the report: exactly one killed
    ("A 41-year-old man is dead after a shooting on Main Street on Sunday, police said. "
     "The victim was pronounced dead at the scene.", {(1, 1)}),
    # two people introduced, or others told: how many died is not closed
    ("A 19-year-old man was shot and killed on Main Street on Sunday. "
     "An 18-year-old man was also killed, police said.", {(1, None)}),
])
def test_a_report_telling_of_one_victim_throughout_counts_one(text, killed):
    from tests.conftest import analyse

    found = {(c.low, c.high) for cl in analyse(text).claims for p in cl.propositions for c in p.counts
             if c.role == "killed"}
    assert found == killed


def analysed_props(text: str) -> list[str]:
    """Proposition texts of a one-sentence report, through the whole analysis (so that
    the claim's speaker is read)."""
    import datetime as dt

    from newsfuse.analyze import analyze_documents
    from newsfuse.model import Document

    analysis = analyze_documents([Document("d1", "d1.txt", text, outlet="Daily", published=dt.date(2024, 12, 8))])[0]
    return [p.text for c in analysis.claims for p in c.propositions if not p.secondary]


def test_each_conjunct_reads_as_a_clause_with_its_subject():
    texts = analysed_props("Rebels took Aleppo within days, captured Hama on Thursday and entered Homs overnight.")
    assert "Rebels captured Hama on Thursday" in texts
    assert "Rebels entered Homs overnight" in texts  # not just "Rebels": it hangs under "captured"


def test_a_conjunct_that_is_no_clause_reads_as_its_whole_claim():
    text = "Russia's foreign ministry said Assad had decided to step down and leave Syria after talks."
    assert set(analysed_props(text)) == {text}  # not "to step down", "leave Syria after talks"
    text = "Kyiv maintains that Russian forces mined and blew up the dam."
    assert "Russian forces mined" not in analysed_props(text)  # its object is the next verb's


def test_a_passive_conjunct_with_its_subject_reads_as_a_clause():
    text = ("The agency said thousands of buildings had been confirmed destroyed across ten provinces and that "
            "more than 24,000 search and rescue workers were now deployed, with teams arriving from dozens of countries.")
    texts = analysed_props(text)
    assert "more than 24,000 search and rescue workers were now deployed, with teams arriving from dozens of countries" in texts
    # the verb under another ("had been confirmed destroyed") has no subject of its own
    assert text in texts


def test_a_pronoun_for_the_speaker_is_shown_as_the_speaker():
    texts = analysed_props("Police said they arrested two men and recovered a handgun.")
    assert "[Police] arrested two men" in texts and "[Police] recovered a handgun" in texts
    texts = analysed_props("Police said he fled in a white car and later crashed it into a fence.")
    assert not any(t.startswith("[") for t in texts)  # "he" is not the police


@pytest.mark.parametrize("text, expected", [
    # a definite or possessed event noun refers back to the report's happening
    ("Lo Presti, 52, was found dead in his cell only hours after his arrest.", [("arrest", "arrest")]),
    ("Many countries were affected by the fire, including India and Egypt.", [("fire", "disaster")]),
    # one a predicate takes as subject or object is told as having happened
    ("A huge fire has destroyed the Waitrose store in Banstead High Street.", [("fire", "disaster")]),
    ("Internet access was lost after two undersea cables suffered severe damage.", [("damage", "destroy")]),
    ("Police are investigating how the Mafia boss was able to commit suicide.", [("suicide", "kill")]),
])
def test_event_nouns_inside_a_claim_are_told_events(text, expected):
    """Reports tell their event as a noun inside another statement ("hours after his
    arrest", "a huge fire destroyed ..."): read as a secondary telling with its frame,
    even with no day or place of its own, so event grouping can link it to the reports
    that state it."""
    told = [(p.lemma, p.frame) for p in props(text) if p.secondary]
    assert told == expected


@pytest.mark.parametrize("text", [
    "Officers returned fire and the suspect fled on foot.",  # bare "fire": shooting, no blaze
    "Residents voiced fears of attacks on the town.",  # a bare noun in a phrase tells no happening
])
def test_bare_event_nouns_are_no_told_events(text):
    assert [p.lemma for p in props(text) if p.secondary and p.lemma in ("fire", "attack")] == []


@pytest.mark.parametrize("text, lemma", [
    ("Lo Presti was found dead in his prison cell in Palermo.", "die"),
    ("A 41-year-old man is dead after the shooting.", "die"),
])
def test_a_result_state_takes_its_event_word(text, lemma):
    """"Was found dead" and "is dead" tell a death: their lemma is the one the reports
    that say "died" use, and their frame is kill."""
    main = [p for p in props(text) if not p.secondary][0]
    assert (main.lemma, main.frame) == (lemma, "kill")


@pytest.mark.parametrize("text, frame", [
    ("Williams, 91, passed away early Thursday in her sleep.", "kill"),  # a death, not an approval
    ("The officer succumbed to his injuries on Friday.", "kill"),
    ("Police nabbed the suspect near the station on Monday.", "arrest"),
    ("The Senate passed the bill on Monday.", "approve"),
])
def test_phrasal_and_plain_words_for_a_death_or_an_arrest(text, frame):
    assert props(text)[0].frame == frame


@pytest.mark.parametrize("text, expected", [
    # a person and "N others" in one list: N + 1
    ("Her nephew and two others were killed in the shooting.", [("killed", 3, 3, None)]),
    ("The gunman killed his wife and two others before turning the gun on himself.", [("killed", 3, 3, None)]),
    # an age names the person: "killed a 3-year-old" counts one killed
    ("The shooting killed a 3-year-old and injured two men.", [("injured", 2, 2, None), ("killed", 1, None, None)]),
])
def test_a_person_listed_with_others_and_an_age_as_a_person(text, expected):
    assert sorted(counts(text)) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    # the perpetrator's fate is its own aspect, not the victims' toll
    ("Police killed the gunman, who had killed three officers.",
     [("killed", 3, 3, None), ("perpetrator killed", 1, None, None)]),
    ("Brewster County Sheriff Ronny Dodson said a female shooter shot a student and then killed herself.",
     [("perpetrator killed", 1, None, None), ("shot", 1, None, None)]),
    ("The suspect, a 25-year-old man, was shot and wounded by officers.", [("perpetrator injured", 1, None, None)]),
    ("The gunman killed his wife and two others before killing himself.",
     [("killed", 3, 3, None), ("perpetrator killed", 1, None, None)]),
    # one who shoots only himself is the victim
    ("A 2-year-old boy is in critical condition after accidentally shooting himself.",
     [("injured", 1, None, None), ("shot", 1, None, None)]),
    ("Two bailiffs and the shooter are dead.", [("killed", 2, 2, None), ("perpetrator killed", 1, None, None)]),
    # a toll that includes the shooter: two victims, and the shooter; of four shot, one lives
    ("Four people were shot at the courthouse, and three people are dead, including the shooter.",
     [("injured", 1, 1, None), ("killed", 2, 2, None), ("perpetrator killed", 1, None, None), ("shot", 4, 4, None)]),
    # "others" after one person close the list; "other" before it looks beyond the list
    ("The gunman killed his wife and two other people.", [("killed", 3, 3, None)]),
    ("Four other officers and two civilians were injured.", [("injured", 6, None, None)]),
    # "also": beyond those told before
    ("Four Dallas Police Department officers also died from their injuries.", [("killed", 4, None, None)]),
])
def test_the_perpetrators_death_is_apart_from_the_victims_toll(text, expected):
    assert sorted(counts(text)) == sorted(expected)


@pytest.mark.parametrize("text", [
    "If the officer hadn't killed the gunman, we would have had two other slain deputies.",
    "Had the officer not acted, more people could have been killed.",
    "If convicted, he faces up to 20 years in prison for shooting three people.",
])
def test_conditional_and_counterfactual_clauses_assert_nothing(text):
    doc = load_nlp()(text)
    assert not checkable(doc[:])


@pytest.mark.parametrize("text", [
    "Even if the shooting was accidental, two people died.",
    "The gunman killed three people, police said.",
    "Officials said he may have perished in an air incident."])
def test_concessions_and_hedges_still_assert(text):
    doc = load_nlp()(text)
    assert checkable(doc[:])


@pytest.mark.parametrize("text, expected", [
    # those whose names were released may be only some of those shot
    ("The names of three people shot in the shooting have been released.", [("shot", 3, None, None)]),
    ("Police charged him in the shooting of three people.", [("shot", 3, 3, None)]),
])
def test_a_count_of_those_something_is_told_of_is_a_lower_bound(text, expected):
    assert counts(text) == expected

@pytest.mark.parametrize("text, lemma, agent", [
    ("Russia began withdrawing troops from the city on Monday.", "withdraw", "Russia"),
    ("Police were able to halt traffic onto the bridge moments before the collapse.", "halt", "Police"),
    # the passive subject of the first verb does the active one after it, not its "by" agent
    ("The bridge was hit by a ship and collapsed into the river.", "collapse", "The bridge"),
])
def test_the_doer_of_a_complement_or_a_later_conjunct(text, lemma, agent):
    found = {p.lemma: p.agent for p in props(text)}
    assert found[lemma] == agent


def test_an_ability_told_in_the_past_is_a_deed_in_the_present_a_possibility():
    from newsfuse.analyze.certainty import read_scope
    doc = load_nlp()("Police were able to halt traffic onto the bridge.")
    assert read_scope(doc[4]).certainty == "asserted"
    doc = load_nlp()("Police are able to halt traffic onto the bridge.")
    assert read_scope(doc[4]).certainty == "hedged"
    doc = load_nlp()("Police were not able to halt traffic onto the bridge.")
    assert read_scope(doc[5]).negated  # "were not able to": it did not happen


@pytest.mark.parametrize("text", [
    "The sheriff says he's convinced that if the deputy hadn't stopped the man, more people would have died.",
    "Officials are sure that without the warning, the crew would have been killed.",
])
def test_a_conditional_held_by_an_adjective_asserts_nothing(text):
    assert not any(p.checkable for p in props(text))


def test_a_belief_held_by_an_adjective_tells_its_content():
    (p,) = props("Police are confident that the suspect fled the state.")
    assert (p.lemma, p.agent) == ("flee", "the suspect")


def test_home_towns_in_x_man_and_who_is_from_phrases_are_residences():
    from newsfuse.analyze import analyze_documents
    from newsfuse.model import Document

    text = ("A Pike Creek man was wounded in Wilmington on Monday. Gavin Long, who is from Kansas City, "
            "was killed by officers.")
    a = analyze_documents([Document("d", "d.txt", text)])[0]
    key = {p.name: p.key for p in a.places}
    props = {p.lemma: p for c in a.claims for p in c.propositions}
    assert key["Wilmington"] in props["wound"].places
    assert key["Pike Creek"] not in props["wound"].places and key["Pike Creek"] in props["wound"].setting
    assert key["Kansas City"] not in props["kill"].places


def scene_names(text: str) -> set[str]:
    """The names of the places where a report's propositions say their acts happen."""
    from newsfuse.analyze import analyze_documents
    from newsfuse.model import Document

    a = analyze_documents([Document("d", "d.txt", text)])[0]
    names = {p.key: p.name for p in a.places}
    return {names.get(k) for c in a.claims for p in c.propositions for k in p.places}


def test_a_cross_street_and_a_hospital_named_after_a_town_are_not_the_scene():
    scene = scene_names("Shots were first fired from above on Lamar Street near Griffin in Dallas on Thursday. "
                        "An officer was being treated at Baton Rouge General Hospital.")
    assert "Dallas" in scene
    assert not scene & {"Griffin", "Baton Rouge"}


def test_the_first_word_of_a_persons_or_a_papers_name_is_not_the_scene():
    scene = scene_names("Demonstrators protested the killing of Alton Sterling by police in Baton Rouge on Tuesday. "
                        "A man was shot in Dallas Monday with a Springfield XD pistol, the Orlando Sentinel reported.")
    assert {"Baton Rouge", "Dallas"} <= scene
    assert not scene & {"Alton", "Springfield", "Orlando"}
