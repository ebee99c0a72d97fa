"""Re-fusing a story after a report joins it gives the picture that fusing all its
reports at once gives (facts, issues, sources, credibility, events) under the same story
statistics, in memory and through the store, where each run is a new process and the
previous picture and the fusion's memory are read back from the database; and it scores
only the pairs the new report brings (fuse/memory.py).

Real local-news reports: GVA incidents with three or more reports each
(../shared/bench/gva), several incidents in one story so that event grouping has
shootings of the same kind to tell apart; the report that joins last is one more
report of an incident already in the story."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.model import Story, to_jsonable

GVA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "gva"
INCIDENTS = 8  # incidents of 3+ reports in the story (about 30 reports)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports():
    """(documents, analyses, ids in arrival order) of the story's real reports."""
    from newsfuse.analyze import analyze_documents
    from newsfuse.ingest.sources import read_sources

    if not (GVA / "incidents.json").exists():
        pytest.skip(f"GVA reports not found in {GVA}")
    incidents = json.loads((GVA / "incidents.json").read_text(encoding="utf-8"))["incidents"]
    chosen = [i for _, i in sorted(incidents.items()) if len(i["documents"]) >= 3][:INCIDENTS]
    # The last incident's last report arrives last, into a story that already tells it.
    files = [f for i in chosen for f in i["documents"]]
    docs = list(read_sources([str(GVA / "docs" / f) for f in files]))
    analyses = analyze_documents(docs)
    assert all(a.error is None for a in analyses)
    ids = [d.id for d in docs]
    # The report that joins last is the last incident's with the most claims (some pages
    # are cookie notices): it must bring mentions of its own.
    last = {d.id for d in docs[-len(chosen[-1]["documents"]):]}
    joining = max((a for a in analyses if a.document in last), key=lambda a: len(a.claims)).document
    ids = [d for d in ids if d != joining] + [joining]
    return {d.id: d for d in docs}, {a.document: a for a in analyses}, ids


def essence(picture) -> dict:
    """What the analyst reads, without what changed since the last fusion (which differs
    by design): facts with their sources and credibility, issues with their sides,
    events, discrepancies, merged entities and places."""
    out = to_jsonable(picture)
    out["bottom_line"].pop("changed")
    return json.loads(json.dumps(out, sort_keys=True, default=str))


def kept_statistics(memory):
    """A memory holding only ``memory``'s statistics: fusing at once under it scores
    every pair afresh, as a fusion of a story that had those statistics."""
    from newsfuse.fuse.memory import EventMemory

    return EventMemory(memory.statistics, memory.documents, {}, memory.version)


def test_refusing_after_one_report_equals_fusing_at_once(reports, monkeypatch):
    from newsfuse.fuse import events, fuse_story
    from newsfuse.fuse.memory import EventMemory

    documents, analyses, ids = reports
    memory = EventMemory()
    before = fuse_story(Story("s", "shootings", ids[:-1]), documents, analyses, memory=memory)
    statistics, kept = memory.statistics, dict(memory.scores)
    assert statistics is not None and len(kept) > 1000
    scored = []  # the pairs scored while re-fusing, by their mentions' keys
    original = events.PairScorer._score
    monkeypatch.setattr(events.PairScorer, "_score", lambda self, a, b: scored.append(
        (a.claim.document, b.claim.document, tuple(sorted((self.keys[a.index], self.keys[b.index]))))
    ) or original(self, a, b))
    after = fuse_story(Story("s", "shootings", ids), documents, analyses, previous=before, memory=memory)
    monkeypatch.undo()
    # One report of ~30 joined: the statistics are kept and no pair scored before is
    # scored again. What is scored is the new report's pairs, and pairs of old reports
    # compared for the first time (average-link samples of groups the new report changed).
    assert memory.statistics is statistics
    assert scored and not any(key in kept for _, _, key in scored)
    assert any(ids[-1] in (a, b) for a, b, _ in scored)
    assert len(scored) < len(kept) / 2
    at_once = fuse_story(Story("s", "shootings", ids), documents, analyses, memory=kept_statistics(memory))
    assert len(after.facts) > 20 and len(after.story_events) > INCIDENTS
    a, b = essence(after), essence(at_once)
    for part in ("facts", "contradictions", "story_events", "discrepancies", "claims", "entities", "places"):
        assert a[part] == b[part], part
    assert a == b
    # The previous picture still tells the reader what changed.
    assert any("1 new report" in line for line in after.bottom_line.changed)


def test_a_story_grown_by_more_than_a_tenth_is_scored_afresh(reports):
    """Half of the story fused, then all of it: the statistics are made again from all
    its mentions, and the picture is the one fusing it at once with no memory gives."""
    from newsfuse.fuse import fuse_story
    from newsfuse.fuse.memory import EventMemory

    documents, analyses, ids = reports
    memory = EventMemory()
    fuse_story(Story("s", "shootings", ids[: len(ids) // 2]), documents, analyses, memory=memory)
    half = memory.statistics
    after = fuse_story(Story("s", "shootings", ids), documents, analyses, memory=memory)
    assert memory.statistics is not half and memory.statistics.mentions > half.mentions * 1.1
    assert essence(after) == essence(fuse_story(Story("s", "shootings", ids), documents, analyses))


def test_the_memory_is_read_back_as_written_and_a_damaged_one_is_dropped(reports):
    from newsfuse.fuse import fuse_story
    from newsfuse.fuse.memory import EventMemory

    documents, analyses, ids = reports
    memory = EventMemory()
    fuse_story(Story("s", "shootings", ids[:-1]), documents, analyses, memory=memory)
    data = memory.to_bytes()
    back = EventMemory.from_bytes(data)
    assert back.scores == memory.scores and back.documents == memory.documents
    assert back.statistics == memory.statistics and back.version == memory.version
    for damaged in (data[: len(data) // 2], b"not a memory", data[:-3] + b"xyz"):
        assert EventMemory.from_bytes(damaged).statistics is None
    # A memory of another story (none of its reports in this one) lends nothing.
    other = EventMemory.from_bytes(data)
    assert other.statistics_for([]) is None and not other.scores


def test_refusing_through_the_store_equals_fusing_at_once(reports, store):
    """The pipeline's path: the story fused and stored, a report joins it, the story is
    fused again with its previous picture read from the store (both back ends)."""
    from newsfuse.digest import picture_changes
    from newsfuse.fuse import fuse_story
    from newsfuse.fuse.memory import EventMemory
    from newsfuse.fuse.picture import changes
    from newsfuse.pipeline import fuse_stories

    documents, analyses, ids = reports
    store.add_documents(documents.values())
    store.save_analyses(analyses.values())
    store.assign({d: "s" for d in ids[:-1]}, [Story("s", "shootings", ids[:-1])])
    fuse_stories(store, ["s"])
    first = store.picture("s")
    assert first is not None and set(first.story.documents) == set(ids[:-1])
    outline = store.previous_picture("s")
    store.assign({ids[-1]: "s"}, [Story("s", "shootings", ids)])
    fuse_stories(store, ["s"])
    refused = store.picture("s")
    assert set(refused.story.documents) == set(ids)
    memory = EventMemory.from_bytes(store.fusion_memory("s"))
    assert memory.scores and memory.documents == set(ids[:-1])  # the first fusion's statistics, kept
    at_once = fuse_story(store.story("s"), documents, analyses, memory=kept_statistics(memory))
    assert essence(refused) == essence(at_once)
    # What changed is told against the stored outline of the last picture as against
    # the whole of it (Store.previous_picture).
    assert outline.facts and all(not c.propositions for c in outline.claims)
    assert refused.bottom_line.changed == changes(first, at_once)
    assert any("1 new report" in line for line in refused.bottom_line.changed)
    assert picture_changes(outline, refused) == picture_changes(first, refused)


@pytest.mark.parametrize("stored", ['{"story": {"id": "s"', '{"story": {"id": "s"}, "facts": [{"id": 1}]}'])
def test_an_unreadable_last_picture_is_fused_as_new(reports, store, stored):
    """A picture cut short (a crash while writing it, a hand edit) or of an older layout
    is no previous picture: the story is fused as new, and comes out as fusing it at
    once does; the next run has a readable picture again."""
    from newsfuse.fuse import fuse_story
    from newsfuse.pipeline import fuse_stories

    documents, analyses, ids = reports
    store.add_documents(documents.values())
    store.save_analyses(analyses.values())
    store.assign({d: "s" for d in ids}, [Story("s", "shootings", ids)])
    with store.transaction() as db:
        db.execute("UPDATE stories SET picture = ?, dirty = 1 WHERE id = ?", (stored, "s"))
        db.execute("INSERT OR REPLACE INTO fusion_memory (story, data) VALUES (?,?)", ("s", stored.encode()))
    assert store.previous_picture("s") is None
    digests = fuse_stories(store, ["s"])
    assert digests[0].new  # told as a new story: there was nothing to compare with
    refused = store.picture("s")
    assert essence(refused) == essence(fuse_story(store.story("s"), documents, analyses))
    assert store.previous_picture("s") is not None
    assert store.fusion_memory("s") != stored.encode()  # written again, readable
