from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xaso.units import catalog as cat
from xaso.units.catalog import Catalog
from xaso.units.models import Unit
from xaso.units.selectors import (
    predecessors,
    successors,
    unit_for_year,
    unit_get,
    units_of_province,
    units_search,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnam")]

LEGACY, NEW = cat.LEGACY, cat.NEW


def test_the_reused_code_16342_names_a_different_commune_in_each_era() -> None:
    legacy = unit_get(era=LEGACY, code="16342")
    new = unit_get(era=NEW, code="16342")

    assert legacy.pk != new.pk
    assert (legacy.era, legacy.name, legacy.parent.name) == (
        LEGACY,
        "Xã Thăng Long",
        "Huyện Nông Cống",
    )
    assert (new.era, new.name, new.parent.name) == (NEW, "Xã Thăng Bình", "Tỉnh Thanh Hóa")
    assert unit_for_year(code="16342", year=2024) == legacy
    assert unit_for_year(code="16342", year=2025) == new


def test_a_code_is_never_found_in_the_other_era_or_level() -> None:
    # 16351 (legacy xã Thăng Bình) has no 2025 commune; 404 is a district, not a commune.
    with pytest.raises(Unit.DoesNotExist):
        unit_get(era=NEW, code="16351")
    with pytest.raises(Unit.DoesNotExist):
        unit_get(era=LEGACY, code="404")
    assert unit_get(era=LEGACY, code="404", level="district").name == "Huyện Nông Cống"


def test_a_province_code_reused_by_another_province_is_kept_apart() -> None:
    assert unit_get(era=LEGACY, code="15", level="province").name == "Tỉnh Yên Bái"
    assert unit_get(era=NEW, code="15", level="province").name == "Tỉnh Lào Cai"


@pytest.mark.parametrize("arguments", [{"era": "2024"}, {"era": NEW, "level": "xa"}])
def test_an_unknown_era_or_level_is_an_error_not_a_miss(arguments: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="unknown"):
        unit_get(code="16342", **arguments)


def test_a_merged_2025_commune_lists_the_legacy_communes_it_was_made_of() -> None:
    thang_binh = unit_get(era=NEW, code="16342")

    parts = predecessors(thang_binh)

    assert [(u.era, u.code, u.name) for u, _link in parts] == [
        (LEGACY, "16351", "Xã Thăng Bình"),
        (LEGACY, "16342", "Xã Thăng Long"),
        (LEGACY, "16360", "Xã Thăng Thọ"),
    ]
    assert {u.parent.name for u, _link in parts} == {"Huyện Nông Cống"}
    assert all(not link.divided and link.is_default for _u, link in parts)
    assert [u for u, _link in successors(parts[1][0])] == [thang_binh]


def _most_divided(catalog: Catalog) -> tuple[str, list[cat.Succession]]:
    """The legacy commune split among the most new communes (the lowest code on a tie)."""
    divided: dict[str, list[cat.Succession]] = defaultdict(list)
    for link in catalog.links:
        if link.divided:
            divided[link.legacy_code].append(link)
    code = min(divided, key=lambda c: (-len(divided[c]), c))
    return code, divided[code]


def test_a_divided_legacy_commune_has_several_successors_and_one_default(
    catalog: Catalog,
) -> None:
    code, links = _most_divided(catalog)
    unit = unit_get(era=LEGACY, code=code)

    found = successors(unit)

    assert len(found) == len(links) >= 2
    assert {u.code for u, _link in found} == {link.new_code for link in links}
    assert all(link.divided and u.era == NEW for u, link in found)
    defaults = [u.code for u, link in found if link.is_default]
    assert defaults == [next(link.new_code for link in links if link.default)]
    assert found[0][0].code == defaults[0]  # the default comes first


def test_successors_and_predecessors_take_one_query_with_their_places(catalog: Catalog) -> None:
    code, _links = _most_divided(catalog)
    unit = unit_get(era=LEGACY, code=code)

    with CaptureQueriesContext(connection) as queries:
        names = [str(u) for u, _link in successors(unit)]
        names += [str(u) for u, _link in predecessors(unit_get(era=NEW, code="16342"))]

    assert len(queries) == 3  # successors, unit_get, predecessors
    assert len(names) > 4


def test_the_units_of_a_province_match_the_package_in_one_query(catalog: Catalog) -> None:
    with CaptureQueriesContext(connection) as queries:
        legacy = [(u.code, str(u)) for u in units_of_province(era=LEGACY, province_code="38")]
        new = [(u.code, str(u)) for u in units_of_province(era=NEW, province_code="38")]
        districts = list(units_of_province(era=LEGACY, province_code="38", level="district"))

    assert len(queries) == 3
    assert {code for code, _ in legacy} == {u.code for u in catalog.communes(LEGACY, "38")}
    assert {code for code, _ in new} == {u.code for u in catalog.communes(NEW, "38")}
    # 26 district-level units on the eve of the reform: Đông Sơn had already been merged
    # into Thanh Hóa city.
    assert (len(legacy), len(new), len(districts)) == (547, 166, 26)


def test_the_units_of_a_province_come_by_district_then_name() -> None:
    units = list(units_of_province(era=LEGACY, province_code="38"))

    keys = [(u.parent.name_folded, u.name_folded, u.code) for u in units]
    assert keys == sorted(keys)
    assert units_of_province(era=LEGACY, province_code="99").count() == 0


def test_search_ignores_accents_and_case() -> None:
    for text in ("thang long", "THĂNG LONG", "  Thăng Long "):
        found = units_search(text=text)
        assert {(u.era, u.code) for u in found} == {
            (LEGACY, "10717"),
            (LEGACY, "12754"),
            (LEGACY, "16342"),
        }, text


def test_search_finds_units_of_both_eras() -> None:
    found = [(u.era, u.level, u.code) for u in units_search(text="thang binh")]

    assert found == [
        (NEW, "commune", "16342"),
        (NEW, "commune", "20791"),
        (LEGACY, "commune", "16351"),
        (LEGACY, "district", "513"),
    ]


def test_search_by_code_puts_the_exact_matches_of_both_eras_first() -> None:
    found = units_search(text="16342")

    assert [(u.era, u.name) for u in found] == [(NEW, "Xã Thăng Bình"), (LEGACY, "Xã Thăng Long")]


def test_search_is_one_query_limited_and_blank_finds_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        names = [str(u) for u in units_search(text="xa", limit=7)]

    assert len(queries) == 1
    assert len(names) == 7
    assert units_search(text="  ") == []
