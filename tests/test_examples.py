"""The whole pipeline over examples/ against the written ground truth in
docs/example-corpus.md: documents, copies, stories, the dam dispute, one official
Turkish toll, spelling variants, and what no contradiction or statement may look like."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsfuse.fuse.independence import normalise_name
from newsfuse.model import Claim, StoryPicture

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.slow

STORIES = {
    "quake": {"anatolia-ledger-quake.txt", "orontes-observer-quake.txt", "levant-daily-quake.html",
              "wire.xml#https://meridianwire.example/world/2023/02/07/turkey-state-of-emergency-quake",
              "reports.jsonl#line-1"},
    "dam": {"black-sea-monitor-dam.txt", "continental-post-dam.html", "dnieper-dispatch-dam.txt",
            "harbour-gazette-dam-syndicated.txt", "wire.xml#meridianwire:2023-06-08:ukraine-dam-0417"},
    "syria": {"eastmed-review-damascus.html", "capital-courier-assad-moscow.txt",
              "levant-strategic-tartous.txt", "wire.xml#meridianwire:2024-12-14:syria-russia-0912"},
    "bridge": {"chesapeake-tribune-bridge.txt", "atlantic-evening-bridge.html", "reports.jsonl#line-2",
               "midland-commerce-port.txt"},
}


def _name(path: str) -> str:
    """A document's name as the manifest gives it: the file name, with "#item" for
    feed items and JSONL lines."""
    file, _, item = path.replace("\\", "/").partition("#")
    return Path(file).name + (f"#{item}" if item else "")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from newsfuse.pipeline import run as run_pipeline
    from newsfuse.store import Store

    store = Store(tmp_path_factory.mktemp("examples") / "examples.db")
    report, summary = run_pipeline([str(EXAMPLES)], store)
    docs = {d.id: d for d in store.documents()}
    pictures = store.pictures()
    store.close()
    return report, summary, docs, pictures


@pytest.fixture(scope="module")
def stories(run) -> dict[str, StoryPicture]:
    _, _, docs, pictures = run
    out = {}
    for pic in pictures:
        names = {_name(docs[d].path) for d in pic.story.documents}
        for label, expected in STORIES.items():
            if names & expected:
                out[label] = pic
    return out


def test_eighteen_documents_and_one_linked_copy(run):
    _, summary, docs, _ = run
    assert summary.ok, summary.failures
    assert len(docs) == 18
    by_name = {_name(d.path): d for d in docs.values()}
    copies = [d for d in docs.values() if d.copy_of]
    assert [_name(d.path) for d in copies] == ["harbour-gazette-dam-syndicated.txt"]
    assert copies[0].copy_of == by_name["dnieper-dispatch-dam.txt"].id


def test_four_stories_with_the_right_members(run):
    _, _, docs, pictures = run
    found = sorted(sorted(_name(docs[d].path) for d in p.story.documents) for p in pictures)
    assert found == sorted(sorted(s) for s in STORIES.values())


def _side(claim: Claim) -> str | None:
    """Which side of the dam dispute a claim's source is on."""
    who = claim.attribution.lower()
    if re.search(r"\b(kyiv|kiev|ukraine|ukrainian|zelensky)\b", who):
        return "UA"
    if re.search(r"\b(moscow|kremlin|russian|russia|peskov|leontyev)\b", who):
        return "RU"
    return None


def _side_camps(issue, claims) -> list[set]:
    return [{_side(claims[x]) for x in side.claims} - {None} for side in issue.sides]


def test_dam_responsibility_is_one_issue_with_two_sides(stories):
    """Who destroyed the dam: one contested issue, Ukraine's sources on one side and
    Russia's on the other, not a pairwise item per pair of claims."""
    pic = stories["dam"]
    claims = {c.id: c for c in pic.claims}
    who = [c for c in pic.contradictions if c.kind in ("actor", "attributed-dispute")
           and {"UA", "RU"} <= set().union(*_side_camps(c, claims))]
    assert len(who) == 1, [c.explanation for c in who]
    camps = _side_camps(who[0], claims)
    assert {"UA"} in camps and {"RU"} in camps


def test_dam_responsibility_is_an_actor_contradiction_across_documents(stories):
    """#6 (Ukraine's armed forces: Russian troops blew it up) against #7 (Russian-installed
    officials: Ukrainian shelling destroyed it): two documents, two sides, both named."""
    pic = stories["dam"]
    claims = {c.id: c for c in pic.claims}
    across = [c for c in pic.contradictions if c.kind == "actor"
              and len({claims[x].document for x in c.claims}) >= 2
              and {_side(claims[x]) for x in c.claims} >= {"UA", "RU"}]
    assert len(across) == 1
    con = across[0]
    assert "dam" in con.explanation
    for side in con.sides:
        assert side.holders and side.independent_sources >= 1
    # The "who" fact is contested; that the dam was destroyed is not.
    who = next(f for f in pic.facts if f.event == con.event and f.aspect == "agent")
    assert who.status == "contested"
    happened = next(f for f in pic.facts if f.event == con.event and f.aspect == "occurrence")
    assert happened.status != "contested"


def test_syndicated_copy_adds_no_independent_source(stories, run):
    _, _, docs, _ = run
    pic = stories["dam"]
    copy = next(d for d in docs.values() if d.copy_of)
    for fact in pic.facts:
        if copy.id in fact.documents and copy.copy_of in fact.documents:
            of_copy = {link.source_key for link in fact.sources if link.document == copy.id}
            of_original = {link.source_key for link in fact.sources if link.document == copy.copy_of}
            assert of_copy <= of_original, fact


def test_the_turkish_toll_counts_as_one_official_source(stories, run):
    _, _, docs, _ = run
    pic = stories["quake"]
    claims = {c.id: c for c in pic.claims}
    toll = [f for f in pic.facts if f.aspect.startswith("killed") and sum("3,549" in claims[c].text for c in f.claims) >= 2]
    assert len(toll) == 1
    keys = {link.source_key for link in toll[0].sources if "3,549" in claims[
        next(c for c in toll[0].claims if claims[c].document == link.document)].text}
    assert len(keys) == 1, toll[0].sources


def _spellings(pic: StoryPicture) -> list[str]:
    return [d.explanation for d in pic.discrepancies if d.kind == "spelling"]


def test_spelling_variants_are_discrepancies(stories):
    assert any("Kiev" in e and "Kyiv" in e for e in _spellings(stories["dam"]))
    assert any(all(n in e for n in ("Khmeimim", "Hmeimim", "Hmeymim")) for e in _spellings(stories["syria"]))


def _words(name: str) -> str:
    return f" {normalise_name(name)} "


def test_no_source_disputes_itself(stories):
    for pic in stories.values():
        claims = {c.id: c for c in pic.claims}
        for con in pic.contradictions:
            holders = [set(side.holders) for side in con.sides]
            for i in range(len(holders)):
                for j in range(i + 1, len(holders)):
                    assert holders[i] != holders[j] or len(holders[i]) > 1, con.explanation


def test_no_duplicate_contradictions(stories):
    for pic in stories.values():
        claims = {c.id: c for c in pic.claims}
        seen = set()
        for con in pic.contradictions:
            key = (frozenset(" ".join(claims[x].text.split()) for x in con.claims), con.kind)
            assert key not in seen, con.explanation
            seen.add(key)


def test_no_fact_reads_twice(stories):
    """Two events told in one claim that reads as a whole for each ("Assad had decided to
    step down and leave Syria") are one line to the reader, not two."""
    for pic in stories.values():
        lines = [(f.aspect, f.statement, frozenset(f.claims)) for f in pic.facts]
        assert len(lines) == len(set(lines)), pic.story.title


@pytest.mark.parametrize("story", ["syria", "dam"])
def test_no_date_contradiction_between_dates_of_different_events(stories, story):
    # e.g. "Zelensky travelled on Thursday" vs "the dam was destroyed on Tuesday"
    assert not [c for c in stories[story].contradictions if c.kind == "date"]


def cut_from(statement: str, text: str, max_runs: int = 3) -> bool:
    """Whether the statement is at most ``max_runs`` pieces of the text, in order (a
    conjunct statement is the shared subject plus its own verb phrase)."""
    words, text = statement.split(), " ".join(text.split())
    pos, i, runs = 0, 0, 0
    while i < len(words):
        j = len(words)
        while j > i and text.find(" ".join(words[i:j]), pos) < 0:
            j -= 1
        if j == i:
            return False
        pos = text.find(" ".join(words[i:j]), pos) + len(" ".join(words[i:j]))
        i, runs = j, runs + 1
    return runs <= max_runs


def test_statements_are_text_of_their_documents(stories, run):
    _, _, docs, _ = run
    for pic in stories.values():
        claims = {c.id: c for c in pic.claims}
        for fact in pic.facts:
            if fact.aspect == "occurrence":
                # "[Syrian rebels] captured Damascus": a pronoun shown as the speaker it stands
                # for, in brackets; the speaker's name and the rest are the report's words.
                said = re.match(r"^\[([^\]]+)\] (.*)$", fact.statement)
                statement = said.group(2) if said else fact.statement
                assert any(cut_from(statement, docs[d].text) and (not said or said.group(1) in docs[d].text)
                           for d in fact.documents), fact.statement
                assert not fact.statement.startswith("that "), fact.statement
            else:  # the value of an aspect is written in a claim of the fact
                assert any(fact.value in claims[c].text for c in fact.claims) or fact.aspect in ("date", "place"), fact


def test_conjunct_statements_do_not_repeat_each_other(stories):
    for pic in stories.values():
        statements = [" ".join(f.statement.split()) for f in pic.facts]
        for a in statements:
            assert not [b for b in statements if b != a and len(a) > 40 and a in b and b.startswith(a)], a


def test_assad_speculated_dead_but_placed_in_moscow(stories):
    pic = stories["syria"]
    claims = {c.id: c for c in pic.claims}
    status = [c for c in pic.contradictions if c.kind == "status"]
    assert status
    assert len(status) == 1, [c.explanation for c in status]
    for con in status:
        dead, alive = con.sides
        assert [s.value for s in con.sides] == ["dead", "alive"]
        assert any("Moscow" in claims[x].text or "asylum" in claims[x].text for x in alive.claims)
        assert "Assad" in con.explanation and "speculates" in con.explanation
    assert not [c for c in stories["quake"].contradictions if c.kind == "status"]


def test_moscow_blaming_shelling_disputes_ukraines_military(stories):
    pic = stories["dam"]
    claims = {c.id: c for c in pic.claims}
    issues = [[{claims[x].text for x in side.claims} for side in c.sides] for c in pic.contradictions if c.kind == "actor"]
    assert any(any("Moscow blames Ukrainian shelling." in side for side in sides)
               and any(any(t.startswith("Ukraine's military said Russian forces") for t in side) for side in sides)
               for sides in issues)


def test_corroborated_facts_rank_first(stories):
    for pic in stories.values():
        counts = [f.independent_sources for f in pic.facts]
        assert counts == sorted(counts, reverse=True)


# -- the story page's timeline across the days of a developing story ------------------------
def _timeline(stories, run, label):
    from newsfuse.web.story_view import story_view

    _, _, docs, _ = run
    pic = stories[label]
    return story_view(pic, {d: docs[d] for d in pic.story.documents})


@pytest.mark.parametrize("label", ["quake", "dam", "syria"])
def test_timeline_spans_the_days_of_a_developing_story_one_item_per_event(stories, run, label):
    view = _timeline(stories, run, label)
    days = [day for day, _ in view["timeline_days"]]
    assert len(days) >= 3 and days == sorted(days) and len(set(days)) == len(days)  # grouped by day, in order
    items = view["timeline"]
    claims = [t["claim"] for t in items if t["claim"]]
    assert len(claims) == len(set(claims)), "a sentence appears twice on the timeline"
    for t in items:
        assert t["outlets"] and all(t["outlets"])
        assert not t["also"] or t["date"] not in t["also"]


def test_timeline_folds_the_syndicated_copy_into_its_originals_item(stories, run):
    items = _timeline(stories, run, "dam")["timeline"]
    flood = [t for t in items if "The Dnieper Dispatch" in t["outlets"]]
    assert flood and all("The Harbour Gazette (copy)" in t["outlets"] for t in flood)
    assert not [t for t in items if t["outlets"] == ["The Harbour Gazette (copy)"]]
    assert {t["date"] for t in items} >= {"2023-06-06", "2023-06-07", "2023-06-08"}


def test_timeline_gives_the_hour_when_the_report_does(stories, run):
    days = dict(_timeline(stories, run, "quake")["timeline_days"])
    quake = [t for t in days["2023-02-06"] if t["time"]]
    assert quake and quake[0]["time"] == {"hm": "04:17", "label": "04:17 local time"}
    assert days["2023-02-06"][0] is quake[0]  # the hour known, first in its day
    # "Turkish President Tayyip Erdogan on Tuesday declared ... state of emergency" (after
    # Monday's quake) is one item, on Tuesday, that also tells of Monday
    emergency = [t for day in days.values() for t in day if "state of emergency" in t["text"]]
    assert len(emergency) == 1 and emergency[0]["date"] == "2023-02-07" and emergency[0]["also"] == ["2023-02-06"]


def test_every_contested_count_is_of_a_happening(stories):
    """"As many as 20 people may have been in the water" is told beside "called it a mass
    casualty event": the count is the collapse's, not that frameless predicate's."""
    for pic in stories.values():
        frames = {e.id: e.frame for e in pic.story_events}
        for issue in pic.contradictions:
            if issue.kind == "number" and issue.event in frames:
                assert frames[issue.event], (issue.aspect, issue.summary)
