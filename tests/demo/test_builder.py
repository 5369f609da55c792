"""The demo builder: deterministic, valid, and telling the articles' story."""

from __future__ import annotations

import pytest

from xaso.demo.builder import NEW_YEAR, THANH_HOA, VINH_PHUC, build_demo
from xaso.demo.plans import load_plans
from xaso.engine import ValueTable, check_values, evaluate_batch, load_criteria_set
from xaso.units.catalog import LEGACY, NEW, load_catalog

from ..engine.conftest import TH_1829

TARGETS = {2022: 94, 2023: 132, 2024: 133, 2025: 118}


@pytest.fixture(scope="module")
def cs():
    return load_criteria_set(TH_1829)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def demo(cs, catalog):
    return build_demo(cs, catalog, TARGETS)


def province_rows(demo, catalog, province, era, year):
    return [
        r
        for r in demo.for_year(era, year)
        if catalog.get(era, r.unit_code).province_code == province
    ]


def batch(cs, catalog, rows, era):
    records = [
        dict(
            r.values,
            unit_code=r.unit_code,
            year=r.year,
            unit_type=catalog.get(era, r.unit_code).criteria_type,
        )
        for r in rows
    ]
    return evaluate_batch(cs, ValueTable.from_records(cs, records))


def test_it_covers_every_commune_of_both_provinces(demo, catalog):
    for year in (2022, 2023, 2024):
        assert len(province_rows(demo, catalog, THANH_HOA, LEGACY, year)) == 547
        assert len(province_rows(demo, catalog, VINH_PHUC, LEGACY, year)) == 121
    assert len(province_rows(demo, catalog, THANH_HOA, NEW, NEW_YEAR)) == 166
    assert len(demo.rows) == 547 * 3 + 166 + 121 * 3


def test_it_is_deterministic(cs, catalog, demo):
    again = build_demo(cs, catalog, TARGETS)
    assert again.rows == demo.rows and again.assignments == demo.assignments


def test_every_row_passes_the_engine_checks(cs, demo):
    for row in demo.rows:
        assert check_values(cs, row.values) == [], (row.unit_code, row.year)


def test_completion_grows_like_the_reported_numbers(cs, catalog, demo):
    done = {
        year: int(
            batch(
                cs, catalog, province_rows(demo, catalog, THANH_HOA, LEGACY, year), LEGACY
            ).completed.sum()
        )
        for year in (2022, 2023, 2024)
    }
    assert done[2022] < done[2023] < done[2024]
    assert 0.15 <= done[2023] / 547 <= 0.28  # 114 of 558 were recognised for 2023
    assert done[2024] / 547 >= 0.35


def test_the_hardest_indicators_are_the_ones_the_articles_name(cs, catalog, demo):
    from xaso.engine import bottlenecks

    rows = province_rows(demo, catalog, THANH_HOA, LEGACY, 2023)
    top = [b.code for b in bottlenecks(batch(cs, catalog, rows, LEGACY))[:4]]
    assert set(top) <= {"3.10", "3.11", "3.12", "3.4", "2.1", "4.7"}


@pytest.mark.parametrize(
    ("code", "failed", "gaps"),
    [
        ("16483", ("4.7",), {"4.7": None}),  # Quảng Hòa: only the IT-enabled radio
        ("16342", ("3.10", "3.11", "3.12"), {"3.10": 83, "3.12": 1}),  # Thăng Long
        ("15988", ("2.1",), {"2.1": 11}),  # Hoằng Tiến: 9 of 40 businesses use e-contracts
        ("16063", (), {}),  # Hoa Lộc
        ("15463", (), {}),  # Định Long
    ],
)
def test_the_articles_cases_in_2023(cs, catalog, demo, code, failed, gaps):
    (row,) = [r for r in demo.for_year(LEGACY, 2023) if r.unit_code == code]
    result = batch(cs, catalog, [row], LEGACY).result(0)
    assert result.failed == failed
    for indicator, gap in gaps.items():
        assert result.indicator(indicator).gap == gap


def test_thang_long_in_figures(demo):
    (row,) = [r for r in demo.for_year(LEGACY, 2023) if r.unit_code == "16342"]
    assert (row.values["adults"], row.values["adults_digital_signature"]) == (4210, 1180)
    assert (row.values["households"], row.values["households_cashless_electricity"]) == (1499, 899)
    (hoang_tien,) = [r for r in demo.for_year(LEGACY, 2023) if r.unit_code == "15988"]
    assert hoang_tien.values["businesses"] == 40


def test_2025_communes_are_as_large_as_their_parts(catalog, demo):
    legacy_2024 = {r.unit_code: r.values for r in demo.for_year(LEGACY, 2024)}
    for row in province_rows(demo, catalog, THANH_HOA, NEW, NEW_YEAR)[:40]:
        parts = [s.legacy_code for s in catalog.predecessors(row.unit_code) if s.default]
        if not parts:
            continue
        before = sum(legacy_2024[p]["households"] for p in parts)
        assert abs(row.values["households"] - before * 1.008) <= 0.02 * before + len(parts)


def test_assignments_follow_the_plan(demo):
    plan = next(p for p in load_plans() if p.province_code == THANH_HOA)
    assert plan.decision_number == "969/QĐ-UBND" and plan.source
    assert {t.year: t.communes for t in plan.targets} == TARGETS
    for year in (2022, 2023, 2024):
        assert len(demo.assignments[(THANH_HOA, LEGACY, year)]) == TARGETS[year]
    # The 2025 target counts legacy communes; the new communes taking them in are assigned.
    new = demo.assignments[(THANH_HOA, NEW, 2025)]
    assert 30 <= len(new) <= 118 and len(new) == len(set(new))
    legacy = [c for y in (2022, 2023, 2024) for c in demo.assignments[(THANH_HOA, LEGACY, y)]]
    assert len(legacy) == len(set(legacy))  # no commune is assigned twice


def test_what_a_commune_achieves_it_keeps(cs, catalog, demo):
    for province in (THANH_HOA, VINH_PHUC):
        failed = {}
        for year in (2022, 2023, 2024):
            rows = province_rows(demo, catalog, province, LEGACY, year)
            b = batch(cs, catalog, rows, LEGACY)
            for i, row in enumerate(rows):
                now = set(b.result(i).failed)
                assert now <= failed.get(row.unit_code, now), (row.unit_code, year)
                failed[row.unit_code] = now
