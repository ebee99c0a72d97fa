"""A contested issue is read once, with its sides, who holds each and the sentences
behind each side; the bottom line comes first."""
from __future__ import annotations

import datetime as dt

from newsfuse.model import (BottomLine, Claim, Contradiction, Document, Fact, Report, Side, Story,
                            StoryPicture)
from newsfuse.report import render_markdown
from newsfuse.report.grouping import group_contradictions


def _claim(cid: str, who: str, text: str) -> Claim:
    return Claim(cid, "d1", 0, text, 0, len(text), who, attribution_kind="entity")


def _picture() -> StoryPicture:
    claims = [_claim("k1", "Kyiv", "Kyiv says Russian forces blew up the dam."),
              _claim("m1", "Moscow", "Moscow blames Ukrainian shelling."),
              _claim("k2", "Kyiv", "Kyiv maintains that Russian forces mined the dam."),
              _claim("w1", "Witnesses", "The dam was destroyed overnight.")]
    issue = Contradiction(
        ["k1", "k2", "m1"], "actor", "who did it in \"The dam was destroyed\" is disputed: Russian forces (Kyiv); "
        "Ukrainian shelling (Moscow)", event="s1:e1", aspect="agent", id="s1:x1",
        sides=[Side("Russian forces", ["Kyiv"], ["k1", "k2"], ["d1"], 1, dt.date(2023, 6, 6)),
               Side("Ukrainian shelling", ["Moscow"], ["m1"], ["d1"], 1, dt.date(2023, 6, 6))])
    destroyed = Fact("s1:f1", "The dam was destroyed overnight.", ["w1", "k1", "k2", "m1"], ["d1"], 3,
                     "corroborated", credibility=1, event="s1:e1")
    return StoryPicture(Story("s1", "Dam destroyed", ["d1"]), claims=claims, contradictions=[issue],
                        facts=[destroyed], bottom_line=BottomLine(["s1:f1"], ["s1:x1"], [], ["1 new report"]))


def test_each_issue_is_one_dispute_with_who_holds_each_side():
    disputes = group_contradictions(_picture())
    assert [(d.kind, d.sides) for d in disputes] == [("actor", ("Kyiv", "Moscow"))]
    assert disputes[0].claim_ids == ["k1", "k2", "m1"]


def test_markdown_leads_with_the_bottom_line_and_shows_each_side_with_its_sentences():
    doc = Document("d1", "a.txt", "x", outlet="Wire")
    md = render_markdown(Report([doc], [_picture()]))
    bottom = md.index("### Bottom line")
    assert bottom < md.index("### Contested issues") < md.index("### Facts")
    assert "**Established**" in md and "The dam was destroyed overnight. — 3 independent sources" in md
    assert "who did it: Russian forces (Kyiv; 1 source) vs Ukrainian shelling (Moscow; 1 source)" in md
    assert md.count("**actor**") == 1
    assert "Kyiv maintains that Russian forces mined the dam." in md
    assert "1 new report" in md
    assert "1 document, 1 story." in md
