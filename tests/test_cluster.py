"""Story clustering: same event together, same kind of event elsewhere apart."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from newsfuse.analyze.embed import embed
from newsfuse.cluster import ClusterSettings, StoryClusterer, StoryFeatures, features_from, lead_text, story_title
from newsfuse.cluster.quick import quick_analyses
from newsfuse.model import Document

from .conftest import seed_paths


TURKEY_1 = Document(
    id="tr1", path="tr1.txt", published=dt.date(2023, 2, 6),
    title="Powerful earthquake kills hundreds in Turkey and Syria",
    text=(
        "A magnitude 7.8 earthquake struck southern Turkey near the Syrian border before dawn on "
        "Monday, toppling apartment blocks in Gaziantep and Kahramanmaras. Turkish President Recep "
        "Tayyip Erdogan said at least 912 people had died in Turkey. Rescuers in Hatay searched "
        "collapsed buildings in freezing rain, the disaster agency AFAD said."
    ),
)
TURKEY_2 = Document(
    id="tr2", path="tr2.txt", published=dt.date(2023, 2, 7),
    title="Turkey quake death toll rises as rescuers dig through rubble",
    text=(
        "The death toll from Monday's earthquake in southern Turkey rose above 3,000 on Tuesday, "
        "AFAD said, as aftershocks rattled Kahramanmaras and Gaziantep. Erdogan declared a state of "
        "emergency in ten provinces. Rescue teams from Europe arrived in Hatay and Adana."
    ),
)
JAPAN_1 = Document(
    id="jp1", path="jp1.txt", published=dt.date(2024, 1, 1),
    title="Strong earthquake hits central Japan, tsunami warning issued",
    text=(
        "A magnitude 7.5 earthquake struck the Noto peninsula in Ishikawa prefecture in Japan on "
        "Monday afternoon, collapsing houses in Wajima and triggering a tsunami warning along the "
        "Sea of Japan coast. Prime Minister Fumio Kishida urged residents to evacuate to higher ground."
    ),
)
JAPAN_2 = Document(
    id="jp2", path="jp2.txt", published=dt.date(2024, 1, 2),
    title="Japan quake kills dozens as fires sweep Wajima",
    text=(
        "At least 48 people were killed after the earthquake on the Noto peninsula in Japan, "
        "Ishikawa prefecture officials said on Tuesday. A fire destroyed about 200 buildings in "
        "Wajima. Kishida said rescuers were racing against time to reach cut-off villages."
    ),
)
ARREST_A1 = Document(
    id="a1", path="a1.txt", published=dt.date(2024, 3, 12),
    title="Police arrest Marcus Delaney over Leeds warehouse fire",
    text=(
        "West Yorkshire Police arrested Marcus Delaney, 34, on suspicion of arson on Tuesday after "
        "a fire destroyed a warehouse in Leeds. Delaney was detained at his home in Bradford, a "
        "police spokesman said, and remains in custody."
    ),
)
ARREST_A2 = Document(
    id="a2", path="a2.txt", published=dt.date(2024, 3, 13),
    title="Man held over Leeds warehouse blaze named as Marcus Delaney",
    text=(
        "The man arrested over the Leeds warehouse fire is Marcus Delaney, police confirmed. "
        "Delaney, from Bradford, was arrested on suspicion of arson and questioned by detectives "
        "on Wednesday, West Yorkshire Police said."
    ),
)
ARREST_B = Document(
    id="b1", path="b1.txt", published=dt.date(2024, 3, 14),
    title="Woman charged with arson after Sheffield shop fire",
    text=(
        "South Yorkshire Police have arrested Sofia Marchetti, 29, after a fire gutted a clothing "
        "shop on Division Street in Sheffield early on Thursday. Marchetti was charged with arson "
        "with intent to endanger life and will appear before Sheffield magistrates on Friday, "
        "the force said. Nobody was injured."
    ),
)


def featurize(docs: list[Document]) -> list[StoryFeatures]:
    analyses = quick_analyses(docs)
    vectors = embed([lead_text(d, a) for d, a in zip(docs, analyses)])
    return [features_from(d, a, v) for d, a, v in zip(docs, analyses, vectors)]


def partition(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def incremental(feats: list[StoryFeatures]) -> set[frozenset[str]]:
    clusterer = StoryClusterer()
    for f in feats:
        clusterer.add(f)
    return partition(clusterer.clusters())


def seed_documents() -> list[Document]:
    return [Document(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8")) for p in seed_paths()]


@pytest.mark.slow
def test_seed_reports_form_one_story():
    docs = seed_documents()
    assert len(docs) == 2
    feats = featurize(docs)
    assert incremental(feats) == {frozenset(d.id for d in docs)}
    assert partition(StoryClusterer().recluster(feats)) == {frozenset(d.id for d in docs)}


@pytest.mark.slow
def test_earthquakes_in_different_countries_are_different_stories():
    feats = featurize([TURKEY_1, JAPAN_1, TURKEY_2, JAPAN_2])
    expected = {frozenset({"tr1", "tr2"}), frozenset({"jp1", "jp2"})}
    assert incremental(feats) == expected
    assert partition(StoryClusterer().recluster(feats)) == expected


@pytest.mark.slow
def test_arrests_of_different_people_are_different_stories():
    feats = featurize([ARREST_A1, ARREST_B, ARREST_A2])
    expected = {frozenset({"a1", "a2"}), frozenset({"b1"})}
    assert incremental(feats) == expected
    assert partition(StoryClusterer().recluster(feats)) == expected


def lexical(doc: Document) -> StoryFeatures:
    return features_from(doc)


def test_add_returns_the_story_the_report_joined():
    clusterer = StoryClusterer(ClusterSettings(threshold=0.2))
    first = clusterer.add(lexical(TURKEY_1))
    second = clusterer.add(lexical(TURKEY_2))
    assert first == second
    assert clusterer.story_of == {"tr1": first, "tr2": first}
    assert clusterer.add(lexical(TURKEY_1)) == first  # re-adding is a no-op
    assert clusterer.clusters() == [["tr1", "tr2"]]


def test_incremental_join_matches_pairwise_score():
    """A report joins a one-report story exactly when the pairwise similarity says so."""
    for first, second in ((ARREST_A1, JAPAN_1), (ARREST_A1, ARREST_B)):  # months apart; days apart
        a, b = lexical(first), lexical(second)
        clusterer = StoryClusterer()
        clusterer.add(a)
        clusterer.n_docs += 1
        clusterer.df.update(b.terms)
        story = clusterer.stories[clusterer.story_of[first.id]]
        assert clusterer.score(b, story) == pytest.approx(float(clusterer.pairwise([a, b])[0, 1]), abs=1e-5)


def test_dated_reports_far_apart_are_not_joined():
    late = Document(id="tr-late", path="x", title=TURKEY_2.title, text=TURKEY_2.text, published=dt.date(2023, 9, 1))
    clusterer = StoryClusterer()
    assert clusterer.add(lexical(TURKEY_1)) != clusterer.add(lexical(late))


AMBUSH = Document(
    id="br1", path="br1.txt", published=dt.date(2016, 7, 17),
    title="Three officers killed in Baton Rouge ambush",
    text=(
        "Three law enforcement officers were shot and killed and three others wounded on Sunday "
        "morning in Baton Rouge, Louisiana, when a gunman opened fire near a gas station on Airline "
        "Highway. Police identified the gunman as Gavin Long, 29, of Kansas City, who was killed by "
        "officers at the scene. The dead officers were Montrell Jackson, Matthew Gerald and sheriff's "
        "deputy Brad Garafola, Baton Rouge Police Chief Carl Dabadie said."
    ),
)
REVIEW = Document(
    id="br2", path="br2.txt", published=dt.date(2017, 6, 30),
    title="No charges for officers who shot Baton Rouge gunman Gavin Long",
    text=(
        "The officers who shot and killed Gavin Long after he ambushed police in Baton Rouge last "
        "July acted lawfully, Louisiana Attorney General Jeff Landry said on Friday. Long, 29, killed "
        "Montrell Jackson, Matthew Gerald and Brad Garafola and wounded three other officers before "
        "a SWAT officer shot him from about 100 yards away, the report found."
    ),
)
OTHER = Document(
    id="br3", path="br3.txt", published=dt.date(2017, 6, 29),
    title="Man shot and killed outside Baton Rouge gas station",
    text=(
        "A man was shot and killed outside a gas station on Plank Road in Baton Rouge on Thursday "
        "night, police said. Officers found Tyrone Wells, 34, with several gunshot wounds. He died at "
        "the scene. Police are looking for a suspect, described as a man in a dark hoodie, and ask "
        "anyone with information to call Crime Stoppers."
    ),
)


def test_a_follow_up_months_later_naming_the_same_people_joins_its_story():
    """The story of a shooting is looked up by its people at any time: the review of the
    officers' shots a year on joins it, not a new shooting in the same town that week."""
    docs = [AMBUSH, OTHER, REVIEW]
    ambush, other, review = (features_from(d, a) for d, a in zip(docs, quick_analyses(docs)))
    clusterer = StoryClusterer()
    story = clusterer.add(ambush)
    assert clusterer.add(other) != story
    assert clusterer.add(review) == story


def test_state_round_trip_continues_identically():
    feats = [lexical(d) for d in (TURKEY_1, JAPAN_1, ARREST_A1)]
    clusterer = StoryClusterer()
    for f in feats:
        clusterer.add(f)
    restored = StoryClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    assert restored.clusters() == clusterer.clusters()
    assert restored.add(lexical(JAPAN_2)) == clusterer.add(lexical(JAPAN_2)) == clusterer.story_of["jp1"]
    assert restored.state() == clusterer.state()


def test_state_from_unknown_version_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        StoryClusterer.from_state({"version": 99})


def test_features_round_trip_through_json():
    f = features_from(TURKEY_1, embedding=np.ones(4, dtype=np.float32))
    back = StoryFeatures.from_dict(json.loads(json.dumps(f.to_dict())))
    assert back.terms == f.terms and back.published == f.published and back.years == {2023}
    assert np.allclose(back.embedding, 0.5)


def test_story_title_prefers_the_most_central_report():
    offtopic = Document(id="x", path="x", title="Markets rally on tech earnings", text="Shares rose.")
    title = story_title([offtopic, TURKEY_1, TURKEY_2])
    assert title in (TURKEY_1.title, TURKEY_2.title)
    untitled = Document(id="u", path="u", text="Rescuers kept digging in Hatay. More text follows.")
    assert story_title([untitled]) == "Rescuers kept digging in Hatay."
    assert story_title([]) == ""


def test_shared_rare_names_raise_the_score_of_same_kind_reports():
    """Two title defences by one champion read alike; the challenger's name tells them apart."""
    words = {"klitschko": 2.0, "heavyweight": 1.7, "title": 1.4, "round": 1.0, "stopped": 1.0, "defended": 1.0}
    def report(doc: str, challenger: str) -> StoryFeatures:
        return StoryFeatures(document=doc, terms=dict(words),
                             people={"person:wladimir-klitschko": 6, challenger: 4, "person:emanuel-steward": 1},
                             places={"geonames:2921044": 2})
    clusterer = StoryClusterer()
    clusterer.add(report("r1", "person:hasim-rahman"))
    for doc, challenger in (("x1", "person:tony-thompson"), ("x2", "person:ruslan-chagaev"), ("x3", "person:sam-peter")):
        clusterer.add(report(doc, challenger))
    story = clusterer.stories[clusterer.story_of["r1"]]
    same = report("r2", "person:hasim-rahman")
    other = report("t2", "person:alexander-povetkin")
    assert set(same.names) == {"@person:wladimir-klitschko", "@person:hasim-rahman", "@person:emanuel-steward", "@geonames:2921044"}
    assert clusterer.score(same, story) > clusterer.score(other, story) + 0.05


def _synthetic_reports(n: int, seed: int = 3) -> list[StoryFeatures]:
    """Reports around a few events: each event has its people, place, words and week."""
    rng = np.random.default_rng(seed)
    feats = []
    for i in range(n):
        k = int(rng.integers(0, 8))
        words = [f"topic{k}-{int(w)}" for w in rng.choice(12, size=6, replace=False)] + [f"common{int(w)}" for w in rng.zipf(1.5, size=8) % 40]
        emb = np.zeros(16, dtype=np.float32)
        emb[k] = 1.0
        emb += rng.normal(scale=0.1, size=16).astype(np.float32)
        feats.append(StoryFeatures(
            document=f"d{i:03d}", title=f"report {i}", terms={w: 1.0 + float(rng.random()) for w in words},
            embedding=emb / np.linalg.norm(emb), people={f"person:{k}": 2}, places={f"geonames:{100 + k}": 1},
            countries={"US": 1}, published=dt.date(2024, 1, 1) + dt.timedelta(days=7 * k + int(rng.integers(0, 3))),
            years={2024},
        ))
    return feats


def test_a_clusterer_backed_by_the_store_decides_as_the_one_in_memory():
    """Across runs the clusterer reads only the rows it needs from the store's tables and
    writes back what changed: the stories are the same as one clusterer kept in memory."""
    from newsfuse.model import Story
    from newsfuse.store import Store

    feats = _synthetic_reports(60)
    memory = StoryClusterer()
    expected = {f.document: memory.add(f) for f in feats}
    store = Store(":memory:")
    store.add_documents([Document(f.document, f"{f.document}.txt", f.title, content_hash=f.document) for f in feats])
    got: dict[str, str] = {}
    for start in range(0, len(feats), 7):  # one run per few reports, a fresh clusterer each time
        clusterer = StoryClusterer.backed_by(store)
        run = {f.document: clusterer.add(f) for f in feats[start : start + 7]}
        stories = [Story(sid, sid, [d for d, s in run.items() if s == sid]) for sid in set(run.values())]
        store.assign(run, stories, clusterer.changes())
        got |= run
    assert got == expected
    assert len(set(expected.values())) >= 8
    again = StoryClusterer.backed_by(store)
    assert again.add(feats[0]) == expected[feats[0].document]  # placed reports stay where they are
    assert store.cluster_count() == len(feats)
