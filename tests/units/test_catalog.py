"""The package's units: both eras complete, codes only meaningful with their era."""

from __future__ import annotations

from collections import Counter

import pytest

from xaso.units.catalog import (
    COMMUNE,
    DISTRICT,
    LEGACY,
    NEW,
    PROVINCE,
    era_for_year,
    fold,
    load_catalog,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_counts_match_the_official_lists(catalog):
    counts = Counter((u.era, u.level) for u in catalog.units)
    assert counts[(LEGACY, PROVINCE)] == 63
    assert counts[(LEGACY, DISTRICT)] == 696
    assert counts[(LEGACY, COMMUNE)] == 10_040
    assert counts[(NEW, PROVINCE)] == 34
    assert counts[(NEW, COMMUNE)] == 3_321
    assert len(catalog.communes(LEGACY, "38")) == 547  # Thanh Hóa before 1/7/2025
    assert len(catalog.communes(NEW, "38")) == 166


def test_every_legacy_commune_has_a_successor(catalog):
    legacy = {u.code for u in catalog.communes(LEGACY)}
    assert {link.legacy_code for link in catalog.links} == legacy
    for code in legacy:
        links = catalog.successors(code)
        assert sum(1 for link in links if link.default) == 1, code


def test_code_16342_names_two_different_communes(catalog):
    old, new = catalog.get(LEGACY, "16342"), catalog.get(NEW, "16342")
    assert (old.name, new.name) == ("Xã Thăng Long", "Xã Thăng Bình")
    assert catalog.district_of(old).name == "Huyện Nông Cống"
    assert catalog.district_of(new) is None and catalog.province_of(new).name == "Tỉnh Thanh Hóa"
    parts = [catalog.get(LEGACY, s.legacy_code).name for s in catalog.predecessors("16342")]
    assert parts == ["Xã Thăng Long", "Xã Thăng Bình", "Xã Thăng Thọ"]


def test_a_divided_commune_has_one_default_successor(catalog):
    links = catalog.successors("14758")  # Phường Đông Thọ, TP Thanh Hóa
    assert len(links) == 2 and all(link.divided for link in links)
    assert [link.new_code for link in links if link.default] == ["14797"]


def test_parents_and_types(catalog):
    commune = catalog.get(LEGACY, "08773")  # Lãng Công, Sông Lô, Vĩnh Phúc: a leading zero
    assert commune.type == "xa" and commune.parent_code == commune.district_code
    district = catalog.get(LEGACY, commune.district_code, DISTRICT)
    assert district.parent_code == commune.province_code
    assert catalog.province_of(commune).name == "Tỉnh Vĩnh Phúc"


def test_island_districts_without_communes_are_their_own_unit(catalog):
    island = catalog.get(LEGACY, "755")  # Côn Đảo
    assert island.type == "huyen_dao" and island.criteria_type == "dac_khu"
    assert [s.new_code for s in catalog.successors("755")]


@pytest.mark.parametrize(
    ("year", "era"), [(2022, LEGACY), (2024, LEGACY), (2025, NEW), (2026, NEW)]
)
def test_era_follows_the_year(year, era):
    assert era_for_year(year) == era


def test_find_ignores_accents_and_case(catalog):
    assert fold("Đông Thọ") == "dong tho"
    found = catalog.find("thăng LONG")
    assert {(u.era, u.code) for u in found} >= {(LEGACY, "16342")}
    assert catalog.find("") == []
