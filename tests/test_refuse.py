"""Re-fusing a story after a report joins it gives the picture that fusing all its
reports at once gives (facts, issues, sources, credibility, events), in memory and
through the store, where each run is a new process and the previous picture is read
back from the database: the picture never depends on the order reports arrived in.

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
    return {d.id: d for d in docs}, {a.document: a for a in analyses}, [d.id for d in docs]


def essence(picture) -> dict:
    """What the analyst reads, without what changed since the last fusion (which differs
    by design): facts with their sources and credibility, issues with their sides,
    events, discrepancies, merged entities and places."""
    out = to_jsonable(picture)
    out["bottom_line"].pop("changed")
    return json.loads(json.dumps(out, sort_keys=True, default=str))


def test_refusing_after_one_report_equals_fusing_at_once(reports):
    from newsfuse.fuse import fuse_story

    documents, analyses, ids = reports
    before = fuse_story(Story("s", "shootings", ids[:-1]), documents, analyses)
    after = fuse_story(Story("s", "shootings", ids), documents, analyses, previous=before)
    at_once = fuse_story(Story("s", "shootings", ids), documents, analyses)
    assert len(after.facts) > 20 and len(after.story_events) > INCIDENTS
    a, b = essence(after), essence(at_once)
    for part in ("facts", "contradictions", "story_events", "discrepancies", "claims", "entities", "places"):
        assert a[part] == b[part], part
    assert a == b
    # The previous picture still tells the reader what changed.
    assert any("1 new report" in line for line in after.bottom_line.changed)


def test_refusing_through_the_store_equals_fusing_at_once(reports, store):
    """The pipeline's path: the story fused and stored, a report joins it, the story is
    fused again with its previous picture read from the store (both back ends)."""
    from newsfuse.digest import picture_changes
    from newsfuse.fuse import fuse_story
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
    at_once = fuse_story(store.story("s"), documents, analyses)
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
    assert store.previous_picture("s") is None
    digests = fuse_stories(store, ["s"])
    assert digests[0].new  # told as a new story: there was nothing to compare with
    refused = store.picture("s")
    assert essence(refused) == essence(fuse_story(store.story("s"), documents, analyses))
    assert store.previous_picture("s") is not None
