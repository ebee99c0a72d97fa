"""One dispute between the same two sides is read once, with all its claim pairs."""
from __future__ import annotations

from newsfuse.model import Claim, Contradiction, Document, Report, Story, StoryPicture
from newsfuse.report import render_markdown
from newsfuse.report.grouping import group_contradictions


def _claim(cid: str, who: str, text: str) -> Claim:
    return Claim(cid, "d1", 0, text, 0, len(text), who, attribution_kind="entity")


def _picture() -> StoryPicture:
    claims = [_claim("k1", "Kyiv", "Kyiv says Russian forces blew up the dam."),
              _claim("m1", "Moscow", "Moscow blames Ukrainian shelling."),
              _claim("k2", "Kyiv", "Kyiv maintains that Russian forces mined the dam."),
              _claim("w1", "Witnesses", "Witnesses heard explosions at night.")]
    contradictions = [Contradiction(("k1", "m1"), "actor", "responsibility disputed: Kyiv vs Moscow"),
                      Contradiction(("k2", "m1"), "actor", "responsibility disputed: Kyiv vs Moscow again"),
                      Contradiction(("w1", "m1"), "negation", "witnesses vs Moscow")]
    return StoryPicture(Story("s1", "Dam destroyed", ["d1"]), claims=claims, contradictions=contradictions)


def test_pairs_between_the_same_sides_form_one_dispute():
    disputes = group_contradictions(_picture())
    assert [(d.kind, d.sides, len(d.contradictions)) for d in disputes] == [
        ("actor", ("kyiv", "moscow"), 2), ("negation", ("moscow", "witnesses"), 1)]
    assert disputes[0].claim_ids == ["k1", "m1", "k2"]


def test_markdown_shows_each_dispute_once_with_all_quotes():
    doc = Document("d1", "a.txt", "x", outlet="Wire")
    md = render_markdown(Report([doc], [_picture()]))
    assert md.count("**actor**") == 1 and "1 more claim pair on the same sides" in md
    assert "Kyiv maintains that Russian forces mined the dam." in md
