"""Spelling discrepancies are about names, never about descriptions."""
from __future__ import annotations

from newsfuse.fuse.discrepancies import spelling_discrepancies


def test_transliterated_names_are_a_spelling_discrepancy():
    forms = {"facility:khmeimim": {"d1": {"Khmeimim"}, "d2": {"Hmeimim"}}}
    (found,) = spelling_discrepancies(forms, {"facility:khmeimim": "Khmeimim Air Base"})
    assert found.kind == "spelling" and set(found.values) == {"Khmeimim", "Hmeimim"}


def test_two_descriptions_of_one_agency_are_not_a_spelling_discrepancy():
    forms = {"org:afad": {"d1": {"Turkey's disaster agency"}, "d2": {"Turkish disaster agency"}}}
    assert spelling_discrepancies(forms, {"org:afad": "AFAD"}) == []
