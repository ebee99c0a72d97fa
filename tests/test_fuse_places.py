"""A place contradiction needs one specific place on each side, of one kind, far apart."""
from __future__ import annotations

from newsfuse.fuse.align import ClaimView
from newsfuse.fuse.contradictions import _place_clash
from newsfuse.model import Claim, Place

DAMASCUS = Place("geonames:170654", "Damascus", lat=33.51, lon=36.29, feature="city")
ALEPPO = Place("geonames:170063", "Aleppo", lat=36.20, lon=37.16, feature="city")
HAMA = Place("geonames:170017", "Hama", lat=35.13, lon=36.76, feature="city")
KHMEIMIM = Place("facility:khmeimim-air-base", "Khmeimim Air Base", lat=35.40, lon=35.95, feature="facility")
LATAKIA = Place("geonames:173576", "Latakia", lat=35.53, lon=35.79, feature="city")


def _view(*places: Place) -> ClaimView:
    claim = Claim("d:c0", "d", 0, "text", 0, 4, "the outlet", places=[p.key for p in places])
    return ClaimView(claim, None, "text", {p.key for p in places}, set(), set(), set(),
                     place_of={p.key: p for p in places})


def test_one_city_each_far_apart_is_a_place_clash_named_by_place():
    assert _place_clash(_view(DAMASCUS), _view(ALEPPO)) == ("Damascus", "Aleppo")


def test_a_list_of_places_against_one_is_detail_not_a_clash():
    assert _place_clash(_view(DAMASCUS), _view(ALEPPO, HAMA, LATAKIA)) is None


def test_a_city_and_a_nearby_facility_or_near_places_do_not_clash():
    assert _place_clash(_view(LATAKIA), _view(KHMEIMIM)) is None
    assert _place_clash(_view(HAMA), _view(Place("geonames:x", "Salamiyah", lat=35.01, lon=37.05, feature="city"))) is None
