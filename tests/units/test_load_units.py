from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from xaso.units import catalog as cat
from xaso.units.catalog import Catalog
from xaso.units.models import Unit, UnitSuccession
from xaso.units.selectors import successors, unit_get
from xaso.units.services import LoadCounts, units_load_catalog

from .conftest import Loaded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnam")]

LEGACY, NEW = cat.LEGACY, cat.NEW


def _counts() -> Counter[tuple[str, str]]:
    return Counter(Unit.objects.values_list("era", "level"))


def test_all_of_vietnam_loads_in_both_eras_with_the_packages_counts(vietnam: Loaded) -> None:
    assert _counts() == {
        (LEGACY, "province"): 63,
        (LEGACY, "district"): 696,
        # 10,035 communes plus the 5 island districts that have no commune level.
        (LEGACY, "commune"): 10_040,
        (NEW, "province"): 34,
        (NEW, "commune"): 3_321,
    }
    assert Unit.objects.filter(type=Unit.Type.HUYEN_DAO).count() == 5
    assert UnitSuccession.objects.count() == 10_602
    assert UnitSuccession.objects.filter(divided=True).count() == 1_033
    assert vietnam.summary.units == {
        LEGACY: LoadCounts(created=63 + 696 + 10_040),
        NEW: LoadCounts(created=34 + 3_321),
    }
    assert vietnam.summary.links == LoadCounts(created=10_602)


def test_the_first_load_writes_in_batches_not_one_row_at_a_time(vietnam: Loaded) -> None:
    rows = 14_154 + 10_602
    # Batches of 1,000 rows on PostgreSQL (about 30 statements); on SQLite Django fits each
    # statement into 999 parameters, 62 units or 249 links (about 250 statements).
    assert vietnam.queries < rows / 50


def test_a_legacy_commune_hangs_from_its_district_which_hangs_from_its_province() -> None:
    commune = unit_get(era=LEGACY, code="16342")

    assert commune.name == "Xã Thăng Long"
    assert (commune.parent.level, commune.parent.name) == ("district", "Huyện Nông Cống")
    assert commune.parent.parent == commune.province
    assert (commune.province.level, commune.province.name) == ("province", "Tỉnh Thanh Hóa")
    assert commune.province.parent is None and commune.province.province is None


def test_a_2025_commune_hangs_directly_from_its_province() -> None:
    commune = unit_get(era=NEW, code="16342")

    assert commune.parent == commune.province
    assert (commune.parent.era, commune.parent.code) == (NEW, "38")
    assert commune.parent.name == "Tỉnh Thanh Hóa"


def test_every_unit_has_the_parent_and_province_the_package_names(catalog: Catalog) -> None:
    def parent_level(unit: cat.AdminUnit) -> str | None:
        if unit.level == cat.PROVINCE:
            return None
        if unit.era == LEGACY and unit.level == cat.COMMUNE:
            return cat.DISTRICT
        return cat.PROVINCE

    expected = {
        u.key: (
            u.era if u.parent_code else None,
            parent_level(u),
            u.parent_code,
            None if u.level == cat.PROVINCE else u.province_code,
        )
        for u in catalog.units
    }
    stored = {
        (era, level, code): tuple(rest)
        for era, level, code, *rest in Unit.objects.values_list(
            "era", "level", "code", "parent__era", "parent__level", "parent__code", "province__code"
        )
    }

    assert stored == expected
    assert not Unit.objects.exclude(province=None).exclude(province__era=F("era")).exists()


def test_legacy_units_end_the_day_before_the_reform_and_2025_units_start_on_it() -> None:
    validity = set(Unit.objects.values_list("era", "valid_from", "valid_to").distinct())

    assert validity == {
        (LEGACY, None, date(2025, 6, 30)),
        (NEW, cat.REFORM_DATE, None),
    }


def test_every_legacy_commune_has_exactly_one_default_successor() -> None:
    defaults = (
        UnitSuccession.objects.filter(is_default=True)
        .values("predecessor")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )

    assert sorted(set(defaults)) == [1]
    assert len(defaults) == 10_040
    assert not UnitSuccession.objects.exclude(predecessor__era=LEGACY).exists()
    assert not UnitSuccession.objects.exclude(successor__era=NEW).exists()
    assert Unit.objects.filter(era=NEW, level="commune", predecessor_links=None).count() == 0


def test_loading_again_changes_nothing(django_assert_max_num_queries) -> None:
    before = list(Unit.objects.order_by("pk").values())
    links_before = list(UnitSuccession.objects.order_by("pk").values())

    with django_assert_max_num_queries(5):
        summary = units_load_catalog()

    assert summary.units == {
        LEGACY: LoadCounts(unchanged=10_799),
        NEW: LoadCounts(unchanged=3_355),
    }
    assert summary.links == LoadCounts(unchanged=10_602)
    assert (summary.units_not_in_catalog, summary.links_not_in_catalog) == (0, 0)
    assert list(Unit.objects.order_by("pk").values()) == before
    assert list(UnitSuccession.objects.order_by("pk").values()) == links_before


def test_a_changed_unit_and_a_moved_default_successor_are_updated_in_place(
    catalog: Catalog,
) -> None:
    divided = next(link for link in catalog.links if link.divided and not link.default)
    renamed = catalog.get(NEW, "16342")
    assert renamed is not None
    units = [
        dataclasses.replace(u, name="Xã Thăng Bình Mới", lat=19.6) if u is renamed else u
        for u in catalog.units
    ]
    # The package could one day designate another successor of a divided commune: the
    # old default gives it up and the new one takes it, without breaking "one default".
    links = [
        dataclasses.replace(link, default=link is divided)
        if link.legacy_code == divided.legacy_code
        else link
        for link in catalog.links
    ]
    pk_before = unit_get(era=NEW, code="16342").pk

    summary = units_load_catalog(catalog=Catalog(units, links))

    assert summary.units[NEW] == LoadCounts(updated=1, unchanged=3_354)
    assert summary.units[LEGACY] == LoadCounts(unchanged=10_799)
    assert summary.links == LoadCounts(updated=2, unchanged=10_600)
    unit = unit_get(era=NEW, code="16342")
    assert (unit.pk, unit.name, unit.name_folded, unit.lat) == (
        pk_before,
        "Xã Thăng Bình Mới",
        "xa thang binh moi",
        19.6,
    )
    old = unit_get(era=LEGACY, code=divided.legacy_code)
    defaults = [new.code for new, link in successors(old) if link.is_default]
    assert defaults == [divided.new_code]


def test_a_stored_unit_missing_from_the_catalog_is_kept_and_counted() -> None:
    province = unit_get(era=NEW, code="38", level="province")
    ghost = Unit.objects.create(
        era=NEW,
        level="commune",
        type="xa",
        code="99999",
        name="Xã Không Còn",
        short_name="Không Còn",
        name_folded="xa khong con",
        parent=province,
        province=province,
    )

    summary = units_load_catalog()

    assert summary.units_not_in_catalog == 1
    assert Unit.objects.filter(pk=ghost.pk).exists()


def test_the_command_prints_a_vietnamese_summary_and_its_time() -> None:
    out = StringIO()

    call_command("load_units", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:3] == [
        "Đơn vị trước 1/7/2025: 0 tạo mới, 0 cập nhật, 10.799 không đổi.",
        "Đơn vị từ 1/7/2025: 0 tạo mới, 0 cập nhật, 3.355 không đổi.",
        "Liên kết kế thừa: 0 tạo mới, 0 cập nhật, 10.602 không đổi.",
    ]
    assert lines[3].startswith("Xong trong ") and lines[3].endswith(" giây.")
    assert len(lines) == 4
