"""Search an analyst can trust to find variants: stems, irregular forms, other names of
a place or entity (from the alias tables and from what the store has seen), facets."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from click.testing import CliRunner

from newsfuse.model import Document, DocumentAnalysis, Entity, Place
from newsfuse.store import Store
from newsfuse.store.schema import MIGRATIONS
from newsfuse.store.search import expand, fts5_query, word_variants


def _doc(i: int, text: str, outlet: str = "Wire", day: int = 8) -> Document:
    return Document(f"d{i:012d}", f"r{i}.txt", text, title=f"Report {i}", outlet=outlet,
                    published=dt.date(2024, 12, day), content_hash=f"h{i}")


def test_stemming_and_irregular_forms_find_every_form_of_a_verb(store):
    if store.dialect == "postgresql":
        pytest.skip("the PostgreSQL index uses the 'simple' text search configuration (no stemming)")
    store.add_documents([_doc(1, "Russia withdrew its ships from Tartus."),
                         _doc(2, "Russia is withdrawing ships from Tartus."),
                         _doc(3, "The withdrawal from Tartus began."),
                         _doc(4, "Ships stayed in Tartus.")])
    found = {d for d, _ in store.search("Tartus withdrawal")}
    assert found == {"d000000000001", "d000000000002", "d000000000003"}
    assert {d for d, _ in store.search("withdrew")} == found


def test_word_variants_reduce_derived_words_to_the_irregular_lemma():
    assert {"withdrew", "withdrawn"} <= set(word_variants("withdrawal"))
    assert "struck" in word_variants("strike")
    assert word_variants("Tartus") == ["Tartus"]


def test_a_place_is_found_by_another_spelling_from_the_facility_table(store):
    store.add_documents([_doc(1, "Aircraft left the Khmeimim air base."), _doc(2, "Nothing here about bases.")])
    assert [d for d, _ in store.search("Hmeimim")] == ["d000000000001"]
    assert "Khmeimim" in expand("Hmeimim")[0]


def test_names_the_store_has_seen_for_one_key_find_each_other(store):
    """No table knows "Tartous"; two analysed documents resolved it and "Tartus" to one key."""
    store.add_documents([_doc(1, "Ships left Tartous on Sunday.", outlet="A"),
                         _doc(2, "Ships left Tartus on Sunday.", outlet="B", day=9)])
    place = lambda name: Place("geonames:170017", "Tartus", aliases=[name], role="event")  # noqa: E731
    store.save_analyses([DocumentAnalysis("d000000000001", places=[place("Tartous")]),
                         DocumentAnalysis("d000000000002", places=[place("Tartus")])])
    assert {d for d, _ in store.search("Tartous")} == {"d000000000001", "d000000000002"}
    result = store.search_documents("Tartous")
    assert result.facets["place"] == [("Tartus", 2)]
    assert result.facets["outlet"] == [("A", 1), ("B", 1)]
    assert result.facets["date"] == [("2024-12-09", 1), ("2024-12-08", 1)]
    narrowed = store.search_documents("Tartous", filters={"outlet": "B"})
    assert [h.document for h in narrowed.hits] == ["d000000000002"] and narrowed.total == 1
    assert narrowed.hits[0].published == "2024-12-09" and narrowed.hits[0].outlet == "B"
    by_day = store.search_documents("Tartous", filters={"date": "2024-12-08"})
    assert [h.document for h in by_day.hits] == ["d000000000001"]


def test_entity_facets_leave_places_to_the_place_facet(store):
    store.add_documents([_doc(1, "HUR said Damascus fell.")])
    store.save_analyses([DocumentAnalysis("d000000000001", entities=[
        Entity("org:ukraine-defence-intelligence", "Defence Intelligence of Ukraine", "ORG", ["HUR"]),
        Entity("gpe:damascus", "Damascus", "GPE")])])
    facets = store.search_documents("Damascus").facets
    assert facets["entity"] == [("Defence Intelligence of Ukraine", 1)]
    assert [d for d, _ in store.search("GUR")] == ["d000000000001"]  # the alias table: GUR = HUR


def test_fts_syntax_in_a_query_matches_literally_and_never_errors(store):
    store.add_documents([_doc(1, "Shelling near Kherson (AND) OR NOT.")])
    assert store.search('Kherson AND "unbalanced') == []
    assert [d for d, _ in store.search("kherson OR")] == ["d000000000001"]
    assert fts5_query([["a\"b"]]) == '"a b"'


def test_a_version_2_database_gets_the_stemmed_index_and_the_term_table(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        db.executescript(script)
        db.execute(f"PRAGMA user_version={number}")
    db.execute("INSERT INTO documents (id, path, text, title, content_hash) VALUES "
               "('d1', 'a.txt', 'Russia is withdrawing from Hmeimim.', 'T', 'h')")
    db.execute("INSERT INTO documents_fts (id, title, text) VALUES ('d1', 'T', 'Russia is withdrawing from Hmeimim.')")
    db.execute("""INSERT INTO analyses (document, data) VALUES ('d1', '{"document": "d1", "places": [{"key":
        "facility:khmeimim-air-base", "name": "Khmeimim Air Base", "aliases": ["Hmeimim"]}]}')""")
    db.commit()
    db.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [d for d, _ in store.search("withdrawal")] == ["d1"]
    assert store.search_documents("Hmeimim").facets["place"] == [("Khmeimim Air Base", 1)]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from newsfuse import pipeline

    from .conftest import seed_paths

    path = tmp_path_factory.mktemp("search") / "seeds.db"
    store = Store(path)
    pipeline.run([str(p) for p in seed_paths()], store)
    store.close()
    return path


def test_seed_spelling_variant_and_stemmed_query(seed_db):
    store = Store(seed_db)
    assert len(store.search("Hmeimim")) == 2  # both seeds write "Khmeimim"
    tartus = store.search_documents("Tartus withdrawal")
    by_name = {h.path.rsplit("/", 1)[-1][:3]: h for h in tartus.hits}
    assert "[withdrew]" in by_name["000"].snippet
    assert by_name["000"].published == "2024-12-08" and by_name["001"].published is None
    assert all(h.story for h in tartus.hits)


def test_cli_search_prints_dates_outlets_and_facets(seed_db):
    from newsfuse.cli import main

    result = CliRunner().invoke(main, ["search", "Hmeimim", "--db", str(seed_db)])
    assert result.exit_code == 0
    assert "2024-12-08" in result.stdout and "undated" in result.stdout and "[Khmeimim" in result.stdout
    assert "2 matching reports" in result.stderr and "place: " in result.stderr and "Khmeimim Air Base (2)" in result.stderr
