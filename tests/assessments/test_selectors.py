"""Value tables from the database, and exact regrouping into 2025 communes."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xaso.assessments.selectors import regrouped_table, value_table
from xaso.assessments.services import values_set
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.engine import evaluate_batch
from xaso.units.models import Unit
from xaso.units.selectors import unit_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(demo_db):
    return CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")


@pytest.fixture
def cs(version):
    return criteria_set_get(set_id=version.set_id, version=version.version)


def legacy_communes(code):
    return Unit.objects.filter(era="legacy", level="commune", province__code=code)


def test_value_table_has_a_row_per_unit_and_a_fixed_query_count(version, cs):
    criteria_set_get(set_id=version.set_id, version=version.version)  # parsed and cached
    counts = []
    for province in ("26", "38"):  # 121 communes, then 547
        with CaptureQueriesContext(connection) as queries:
            table, units = value_table(
                criteria_version=version, year=2023, units=legacy_communes(province)
            )
        counts.append(len(queries))
        assert len(table) == len(units) == legacy_communes(province).count()
    assert counts[0] == counts[1] <= 4
    row = table.unit_codes.index("16342")
    result = evaluate_batch(cs, table).result(row)
    assert result.failed == ("3.10", "3.11", "3.12")
    assert result.indicator("3.10").gap == 83


def test_a_unit_without_data_is_a_row_of_missing_values(version, cs):
    table, _ = value_table(criteria_version=version, year=2019, units=legacy_communes("26")[:3])
    assert len(table) == 3
    result = evaluate_batch(cs, table).result(0)
    assert result.missing == tuple(r.code for r in result.indicators if r.applicable)
    assert len(result.missing) >= 36  # 2.4 does not apply to a phường
    empty, units = value_table(
        criteria_version=version, year=2019, units=legacy_communes("26"), only_reported=True
    )
    assert len(empty) == 0 and units == []


def test_regrouping_sums_counts_where_averaging_percentages_would_flip_the_verdict(version, cs):
    # Thăng Bình (2025) = Thăng Long + Thăng Bình + Thăng Thọ (legacy). Make the parts'
    # electricity shares 100 %, 100 % and 10 %: the average is 70 % (>= 60 %), but the
    # merged commune, weighed by its households, is below 60 %.
    parts = {"16342": (100, 100), "16351": (100, 100), "16360": (2000, 200)}
    for code, (households, cashless) in parts.items():
        values_set(
            unit=unit_get(era="legacy", code=code),
            year=2024,
            criteria_version=version,
            values={
                "farm_households": 0,
                "farm_households_ecommerce": 0,
                "households_fiber": 0,
                "households": households,
                "households_cashless_electricity": cashless,
            },
        )
    province = Unit.objects.get(era="2025", level="province", code="38")
    regrouped, targets = regrouped_table(criteria_version=version, year=2024, province=province)
    assert len(regrouped.table) == 166 and set(regrouped.table.unit_codes) == set(targets)
    row = regrouped.table.unit_codes.index("16342")
    assert regrouped.table.unit_names[row] == "Xã Thăng Bình"
    assert regrouped.sources[row] == ("16342", "16351", "16360")
    electricity = evaluate_batch(cs, regrouped.table).result(row).indicator("3.12")
    assert (electricity.numerator, electricity.denominator) == (400, 2200)
    assert electricity.value == Fraction(400, 2200) and electricity.met is False
    assert electricity.gap == 1320 - 400


def test_regrouping_flags_divided_communes(version):
    province = Unit.objects.get(era="2025", level="province", code="38")
    regrouped, _ = regrouped_table(criteria_version=version, year=2024, province=province)
    row = regrouped.table.unit_codes.index("14797")  # Phường Hạc Thành
    assert regrouped.exact[row] is False
    assert any("Phường Đông Thọ (14758)" in note for note in regrouped.notes[row])


def test_regrouping_needs_a_2025_province(version):
    legacy = Unit.objects.get(era="legacy", level="province", code="38")
    with pytest.raises(ValueError):
        regrouped_table(criteria_version=version, year=2024, province=legacy)


def test_value_table_never_mixes_eras(version):
    both = Unit.objects.filter(level="commune", code="16342")  # two units, two eras
    with pytest.raises(ValueError, match="không dùng được Xã Thăng Bình"):
        value_table(criteria_version=version, year=2024, units=both)
    table, units = value_table(
        criteria_version=version, year=2024, units=both.filter(era="legacy"), only_reported=True
    )
    assert [u.name for u in units] == ["Xã Thăng Long"] and table.unit_codes == ["16342"]
