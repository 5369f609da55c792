"""Storing raw counts: checked by the engine, only changes written, nothing on error."""

from __future__ import annotations

import pytest

from xaso.assessments.models import RawValue
from xaso.assessments.services import values_bulk_load, values_set
from xaso.criteria.models import CriteriaSetVersion
from xaso.engine import ValuesInvalid
from xaso.units.selectors import unit_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(demo_db):
    return CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")


@pytest.fixture
def thang_long(demo_db):
    return unit_get(era="legacy", code="16342")


def stored(unit, year, version):
    return dict(
        RawValue.objects.filter(unit=unit, year=year, criteria_version=version).values_list(
            "variable", "value"
        )
    )


def test_the_demo_stored_thang_long_2023_as_raw_counts(thang_long, version):
    values = stored(thang_long, 2023, version)
    assert values["adults"] == 4210 and values["adults_digital_signature"] == 1180
    assert set(values) == set(
        __import__("xaso.criteria.selectors", fromlist=["x"])
        .criteria_set_get(set_id=version.set_id)
        .variable_codes
    )


def test_values_set_writes_only_what_changed(thang_long, version):
    before = stored(thang_long, 2023, version)
    changed = values_set(
        unit=thang_long,
        year=2023,
        criteria_version=version,
        values={"adults_digital_signature": 1263, "adults": 4210},
    )
    assert changed == 1
    assert stored(thang_long, 2023, version) == before | {"adults_digital_signature": 1263}


def test_none_clears_a_value_and_yes_no_is_stored_as_one_or_zero(thang_long, version):
    values_set(
        unit=thang_long,
        year=2023,
        criteria_version=version,
        values={"has_ict_radio": False, "shops_cashless": None},
    )
    after = stored(thang_long, 2023, version)
    assert after["has_ict_radio"] == 0 and "shops_cashless" not in after


@pytest.mark.parametrize(
    ("year", "values", "fragment"),
    [
        (2023, {"adults_digital_signature": 5000}, "không được lớn hơn mẫu số"),
        (2023, {"adults": 9_999_999}, "Dân số trưởng thành không được lớn hơn dân số"),
        (2023, {"adults": -1}, "không được âm"),
        (2023, {"made_up": 3}, "biến không có trong bộ tiêu chí"),
        (2025, {"adults": 10}, "năm 2025 phải dùng đơn vị từ 1/7/2025"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(thang_long, version, year, values, fragment):
    before = RawValue.objects.count(), stored(thang_long, 2023, version)
    with pytest.raises(ValuesInvalid) as info:
        values_set(unit=thang_long, year=year, criteria_version=version, values=values)
    assert fragment in str(info.value)
    assert "Xã Thăng Long (16342)" in str(info.value)
    assert (RawValue.objects.count(), stored(thang_long, 2023, version)) == before


def test_bulk_load_twice_adds_nothing(thang_long, version):
    rows = [(thang_long, 2023, {"adults": 1})]
    result = values_bulk_load(criteria_version=version, rows=rows)
    assert (result.created_unit_years, result.skipped_unit_years) == (0, 1)
    assert stored(thang_long, 2023, version)["adults"] == 4210


def test_bulk_load_checks_everything_before_writing(version):
    unit = unit_get(era="2025", code="16342")
    bad = [(unit, 2024, {"adults": 5})]  # a 2025 commune cannot report for 2024
    count = RawValue.objects.count()
    with pytest.raises(ValuesInvalid, match="năm 2024 phải dùng đơn vị trước 1/7/2025"):
        values_bulk_load(criteria_version=version, rows=bad)
    assert RawValue.objects.count() == count
