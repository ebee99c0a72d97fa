"""Entities with merged aliases, on the seed reports and small realistic texts."""
from __future__ import annotations

import pytest

from newsfuse.analyze.entities import (
    canonical_key,
    extract_entities,
    load_aliases,
    merge_entities,
    resolve_source,
)
from newsfuse.analyze.nlp import parse, split_sentences
from newsfuse.errors import InputError
from tests.conftest import seed_paths


def analyse(text: str):
    doc = parse(text)
    return extract_entities(text, doc, split_sentences(text, doc))


@pytest.fixture(scope="module")
def seed_entities():
    return [analyse(p.read_text(encoding="utf-8")) for p in seed_paths()]


def keys_of(mentions, surface: str) -> set[str]:
    return {m.entity for m in mentions if m.text.replace("’", "'").endswith(surface)}


def test_seed_intelligence_agency_aliases_share_one_key_across_documents(seed_entities):
    (m1, e1), (m2, e2) = seed_entities
    merged, mapping = merge_entities([e1, e2])
    forms = {
        "GUR": keys_of(m1, "GUR"),
        "Main Directorate of Intelligence of Ukraine": keys_of(m1, "Main Directorate of Intelligence of Ukraine"),
        "HUR": keys_of(m2, "HUR"),
        "Defence Intelligence Directorate": keys_of(m2, "Defence Intelligence Directorate"),
    }
    assert all(len(k) == 1 for k in forms.values()), forms
    assert len({mapping[next(iter(k))] for k in forms.values()}) == 1
    agency = next(e for e in merged if e.key == mapping[next(iter(forms["HUR"]))])
    assert {"GUR", "HUR"} <= set(agency.aliases)
    assert agency.type == "ORG"


def test_seed_ship_names_are_vessels_and_tartus_is_a_place(seed_entities):
    (m1, _), (m2, _) = seed_entities
    labels = {m.text: m.label for m in m1}
    assert labels["Admiral Grigorievich"] == "VESSEL"
    assert labels["Engineer Trubin"] == "VESSEL"
    assert {m.label for m in m1 + m2 if m.text == "Tartus"} == {"GPE"}
    assert {m.label for m in m1 + m2 if m.text in ("Khmeimim", "Hmeimim")} == {"FAC"}


def test_seed_assad_surname_and_full_name_are_one_person(seed_entities):
    (m1, e1), (m2, e2) = seed_entities
    assert keys_of(m1, "Assad") == keys_of(m1, "Bashar al-Assad") == {"person:bashar-al-assad"}
    merged, _ = merge_entities([e1, e2])
    assad = [e for e in merged if e.key == "person:bashar-al-assad"]
    assert len(assad) == 1 and assad[0].mentions >= 8


def test_state_actor_convention(seed_entities):
    (m1, _), (m2, _) = seed_entities
    mentions = m1 + m2
    assert keys_of(mentions, "Russian Federation") == keys_of(mentions, "Russia") == {"gpe:russia"}
    assert keys_of(mentions, "Russian troops") == {"military:russia-armed-forces"}
    assert keys_of(mentions, "Russian army") == keys_of(mentions, "Russian military") == {"military:russia-armed-forces"}
    assert keys_of(mentions, "Russian officials") == {"org:russia-government"}
    assert keys_of(mentions, "Black Sea Fleet") == {"military:russia-black-sea-fleet"}
    assert not any(m.text.lower().startswith("the ") or m.text.endswith("'s") for m in mentions)


def test_heading_words_are_not_entities(seed_entities):
    _, (m2, _) = seed_entities
    assert not {"Background", "Withdrawal"} & {m.text for m in m2}


def test_general_title_is_stripped_and_person_typed(seed_entities):
    (m1, _), _ = seed_entities
    assert ("Oleksandr Chaiko", "PERSON") in {(m.text, m.label) for m in m1}


def test_acronym_defined_in_text_joins_its_expansion():
    _, entities = analyse(
        "The Committee for Coastal Protection (CCP) warned of floods on Monday. "
        "The CCP said the dykes would hold."
    )
    ccp = [e for e in entities if "CCP" in e.aliases]
    assert len(ccp) == 1 and "Committee for Coastal Protection" in ccp[0].aliases
    assert ccp[0].mentions == 3


def test_kyiv_and_kiev_merge_across_documents():
    _, e1 = analyse("Missiles struck Kyiv overnight, the city administration said.")
    _, e2 = analyse("Explosions were heard in Kiev on Tuesday morning.")
    merged, mapping = merge_entities([e1, e2])
    city = [e for e in merged if {"Kyiv", "Kiev"} <= set(e.aliases)]
    assert len(city) == 1 and city[0].type == "GPE"


def test_transliteration_variants_merge_fuzzily_but_different_names_do_not():
    _, e1 = analyse("Fighting continued near Pokrovsk, said commander Oleksandr Syrskyi.")
    _, e2 = analyse("Fighting continued near Pokrovsk, said commander Oleksandr Syrskyy.")
    _, e3 = analyse("Austria and Slovakia signed the agreement in Vienna.")
    _, e4 = analyse("Australia and Slovenia signed the agreement in Canberra.")
    _, mapping = merge_entities([e1, e2, e3, e4])
    assert mapping[canonical_key("Oleksandr Syrskyi", "PERSON")] == mapping[canonical_key("Oleksandr Syrskyy", "PERSON")]
    assert mapping["gpe:austria"] != mapping["gpe:australia"]
    assert mapping["gpe:slovakia"] != mapping["gpe:slovenia"]


def test_surname_merges_with_unique_full_name_only():
    _, e1 = analyse("Finance minister Maria Kowalczyk presented the budget in Warsaw on Monday.")
    _, e2 = analyse("Kowalczyk said the deficit would shrink next year.")
    _, e3 = analyse("Police in Warsaw questioned Tomasz Kowalczyk, a local businessman.")
    _, only_one = merge_entities([e1, e2])
    assert only_one["person:kowalczyk"] == "person:maria-kowalczyk"
    merged, mapping = merge_entities([e1, e2, e3])
    assert mapping["person:maria-kowalczyk"] != mapping["person:tomasz-kowalczyk"]
    assert mapping["person:kowalczyk"] == "person:kowalczyk"


def test_user_alias_file_extends_the_table(tmp_path):
    assert canonical_key("NWRA", "ORG") == "org:nwra"
    csv_file = tmp_path / "my_aliases.csv"
    csv_file.write_text(
        "canonical,type,aliases,source\n"
        "Northern Water Resources Agency,ORG,NWRA|Northern Water Agency,agency website\n",
        encoding="utf-8",
    )
    load_aliases(csv_file)
    key = canonical_key("NWRA", "ORG")
    assert key == canonical_key("Northern Water Agency", "ORG") == "org:northern-water-resources-agency"
    yaml_file = tmp_path / "mine.yaml"
    yaml_file.write_text(
        "entities:\n  - name: Lake District Rangers\n    type: MILITARY\n    aliases: [LDR Corps]\n"
        "    source: local militia register\n",
        encoding="utf-8",
    )
    load_aliases(yaml_file)
    assert canonical_key("LDR Corps", "ORG") == "military:lake-district-rangers"


def test_bad_alias_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Somebody,WIZARD,Sb\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv"):
        load_aliases(bad)
    with pytest.raises(InputError, match="not found"):
        load_aliases(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    "source, key",
    [
        ("HUR", "org:ukraine-defence-intelligence"),
        ("Ukraine's military intelligence", "org:ukraine-defence-intelligence"),
        ("the Main Directorate of Intelligence of Ukraine", "org:ukraine-defence-intelligence"),
        ("according to the Defence Intelligence of Ukraine", "org:ukraine-defence-intelligence"),
        ("Russian military intelligence", "org:russia-gru"),
        ("Russian officials", "org:russia-government"),
        ("the Kremlin", "org:russia-presidency"),
        ("IDF", "military:israel-armed-forces"),
        ("Daesh", "org:islamic-state"),
        ("the U.S.", "gpe:united-states"),
    ],
)
def test_resolve_source(source, key):
    assert resolve_source(source) == key


def test_resolve_source_unknown_is_none():
    assert resolve_source("a source close to the matter") is None
    assert resolve_source("") is None


def test_junk_is_dropped_and_types_are_from_the_model_vocabulary():
    mentions, entities = analyse(
        "On 12 March 2024, 65 people were evacuated from Kharkov by the State Emergency Service of Ukraine, "
        "the Hayat Tahrir al-Sham spokesman said in Idlib."
    )
    texts = {m.text for m in mentions}
    assert not {"12 March 2024", "65"} & texts
    assert {m.entity for m in mentions if m.text == "Kharkov"} == {"gpe:kharkiv"}
    assert {m.label for m in mentions if "Tahrir" in m.text} == {"ORG"}
    assert all(e.type in {"PERSON", "ORG", "GPE", "LOC", "FAC", "MILITARY", "VESSEL", "NORP", "EVENT", "OTHER"} for e in entities)


def test_a_known_name_behind_a_descriptor_resolves_as_a_source():
    assert resolve_source("the US firm Maxar") == resolve_source("Maxar Technologies") is not None
    assert resolve_source("the Turkish disaster agency AFAD") == resolve_source("AFAD") is not None
    assert resolve_source("the DSNS, the national emergency service") == resolve_source("DSNS") is not None
    assert resolve_source("local residents") is None


def test_one_name_is_one_entity_with_one_type():
    text = ("Rescuers in Antakya pulled survivors from the rubble. Antakya was hit hardest, and aid "
            "also reached Adıyaman. Officials in Adiyaman said more tents were needed.\n"
            "Kherson regional governor Oleksandr Prokudin said shelling continued. Prokudin asked "
            "residents to leave.")
    mentions, entities = analyse(text)
    names = [e.name for e in entities]
    assert len({m.entity for m in mentions if m.text == "Antakya"}) == 1
    assert len({m.entity for m in mentions if m.text in ("Adıyaman", "Adiyaman")}) == 1
    assert "Oleksandr" not in names and "Oleksandr Prokudin" in names
    assert {m.entity for m in mentions if m.text == "Prokudin"} == {"person:oleksandr-prokudin"}


def test_ship_bridge_and_river_types():
    text = ("Baltimore's Francis Scott Key Bridge collapsed into the Patapsco River after the container "
            "ship Dali struck one of its supports. The Dali had just left port. Floodwater rose along "
            "the Dnieper River near Kherson.")
    mentions, entities = analyse(text)
    types = {e.name: e.type for e in entities}
    assert types.get("Francis Scott Key Bridge") == "FAC"
    assert types.get("Dali") == "VESSEL"
    assert types.get("Patapsco River") == "LOC"
    assert {m.label for m in mentions if m.text == "Dali"} == {"VESSEL"}


def test_people_sharing_a_surname_and_spelling_their_names_differently():
    text = ("W. Mark Felt, the FBI official known as Deep Throat, died on Thursday. William Mark Felt "
            "was 95. Mark Felt's daughter Joan said Felt died in his sleep. His grandson Rob Jones "
            "and a neighbour, Sarah Jones, were with him. Jones said he was calm.\n"
            "Fritz Henderson, the chief executive, said the plan would work. Henderson added that "
            "talks would go on.")
    mentions, entities = analyse(text)
    felt = {m.entity for m in mentions if m.text.endswith("Felt")}
    assert len(felt) == 1
    henderson = {m.entity for m in mentions if "Henderson" in m.text}
    assert len(henderson) == 1 and next(e for e in entities if e.key in henderson).type == "PERSON"
    bare_jones = [m for m in mentions if m.text == "Jones"]
    sarah = {m.entity for m in mentions if m.text == "Sarah Jones"}
    assert bare_jones and {m.entity for m in bare_jones} == sarah  # the Jones named last before it
    assert len({m.entity for m in mentions if "Jones" in m.text}) == 2


def test_a_service_named_after_a_town_is_not_a_person():
    text = "Kent Police said a man was arrested in Kent on Friday. Kent Police asked witnesses to call."
    _, entities = analyse(text)
    assert not [e for e in entities if e.type == "PERSON" and "Police" in e.name]


def test_a_town_typed_a_person_in_one_report_is_the_town_across_the_story():
    from newsfuse.model import Entity

    a = [Entity("gpe:trotwood", "Trotwood", "GPE", ["Trotwood"], 2),
         Entity("gpe:jordan", "Jordan", "GPE", ["Jordan"], 1)]
    b = [Entity("person:trotwood", "Trotwood", "PERSON", ["Trotwood"], 1),
         Entity("person:eddie-jordan", "Eddie Jordan", "PERSON", ["Eddie Jordan", "Jordan"], 3)]
    merged, mapping = merge_entities([a, b])
    assert mapping["person:trotwood"] == mapping["gpe:trotwood"]
    assert next(e for e in merged if e.key == mapping["gpe:trotwood"]).type == "GPE"
    assert mapping["person:eddie-jordan"] != mapping["gpe:jordan"]


def test_a_park_one_report_calls_an_organisation_is_one_place_across_the_story():
    from newsfuse.model import Entity

    a = [Entity("fac:los-altos-skate-park", "Los Altos Skate Park", "FAC", ["Los Altos Skate Park"], 1)]
    b = [Entity("org:los-altos-skate-park", "Los Altos Skate Park", "ORG", ["Los Altos Skate Park"], 2),
         Entity("person:los-altos", "Los Altos", "PERSON", ["Los Altos"], 1)]
    merged, mapping = merge_entities([a, b])
    assert mapping["org:los-altos-skate-park"] == mapping["fac:los-altos-skate-park"]
    assert [e.type for e in merged if e.key == mapping["fac:los-altos-skate-park"]] == ["FAC"]
