"""Regrouping legacy raw counts into merged units: sums of counts, never averages."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xaso.engine import ValuesInvalid, ValueTable, evaluate, evaluate_batch
from xaso.engine.regroup import Link, TargetUnit, regroup

from .conftest import group, make_set, ratio, yes_no


@pytest.fixture(scope="module")
def cs():
    return make_set(
        group(
            "XHS",
            ratio("3.12", "households_cashless_electricity", "households", ">= 60"),
            yes_no("4.7", "has_ict_radio"),
        )
    )


def row(code, year, households, cashless, radio=True, name=None):
    return {
        "unit_code": code,
        "unit_name": name or f"Xã {code}",
        "year": year,
        "households": households,
        "households_cashless_electricity": cashless,
        "has_ict_radio": radio,
        "adults": 0,
        "adults_digital_signature": 0,
        "businesses": 0,
        "businesses_econtract": 0,
        "teams": 0,
    }


TARGETS = {
    "N1": TargetUnit("N1", "Xã Mới Một"),
    "N2": TargetUnit("N2", "Xã Mới Hai"),
    "N3": TargetUnit("N3", "Phường Ba", "phuong"),
}
LINKS = [
    Link("A", "N1"),
    Link("B", "N1"),
    Link("C", "N2", divided=True, default=True),
    Link("C", "N3", divided=True, default=False),
    Link("D", "N3"),
]


def test_merged_units_sum_counts_where_averaging_percentages_would_flip_the_verdict(cs):
    # A: 1 of 1 households (100 %), B: 300 of 1,000 (30 %). The average of percentages is
    # 65 % (>= 60 %, "met"); the merged commune really has 301 of 1,001 (30.07 %): not met.
    table = ValueTable.from_records(cs, [row("A", 2024, 1, 1), row("B", 2024, 1000, 300)])
    out = regroup(cs, table, LINKS[:2], TARGETS)
    assert out.table.unit_codes == ["N1"] and out.table.years == [2024]
    assert out.sources == [("A", "B")]
    result = evaluate_batch(cs, out.table).result(0)
    r = result.indicator("3.12")
    assert (r.numerator, r.denominator, r.met) == (301, 1001, False)
    assert r.value == Fraction(301, 1001)
    assert r.gap == 600 - 301 + 1  # ceil(1001 * 0.6) = 601
    assert out.exact == [True]


def test_yes_no_of_a_merged_unit_holds_only_if_every_part_did_and_is_flagged(cs):
    table = ValueTable.from_records(
        cs, [row("A", 2024, 10, 9, radio=True), row("B", 2024, 10, 9, radio=False)]
    )
    out = regroup(cs, table, LINKS[:2], TARGETS)
    assert evaluate(cs, out.table.row_values(0)).indicator("4.7").met is False
    assert out.reassess == [("4.7",)]
    assert any("cần đánh giá lại" in n for n in out.notes[0])
    both = ValueTable.from_records(cs, [row("A", 2024, 10, 9), row("B", 2024, 10, 9)])
    assert evaluate(cs, regroup(cs, both, LINKS[:2], TARGETS).table.row_values(0)).completed


def test_a_divided_unit_is_counted_whole_in_its_default_successor_and_said_so(cs):
    table = ValueTable.from_records(
        cs, [row("C", 2023, 500, 400, name="Xã Cũ"), row("D", 2023, 100, 10)]
    )
    out = regroup(cs, table, LINKS[2:], TARGETS)
    by_code = dict(zip(out.table.unit_codes, range(len(out.table)), strict=True))
    n2, n3 = by_code["N2"], by_code["N3"]
    assert out.table.columns["households"][n2] == 500
    assert out.table.columns["households"][n3] == 100  # C's share of N3 cannot be known
    assert out.exact[n2] is False and out.exact[n3] is False
    assert "Gồm toàn bộ số liệu của Xã Cũ (C)" in out.notes[n2][0]
    assert "Chưa gồm phần của Xã Cũ (C)" in out.notes[n3][0]
    assert out.table.unit_types[n3] == "phuong" and out.table.unit_names[n3] == "Phường Ba"


def test_a_part_without_data_leaves_the_merged_unit_missing(cs):
    table = ValueTable.from_records(cs, [row("A", 2024, 10, 9)])
    out = regroup(cs, table, LINKS[:2], TARGETS, source_names={"B": "Xã Bê"})
    assert out.sources == [("A",)]
    assert "Thiếu số liệu năm 2024 của Xã Bê (B)" in out.notes[0][0]
    result = evaluate(cs, out.table.row_values(0))
    assert set(result.missing) == {"3.12", "4.7"} and not result.completed


def test_years_are_regrouped_separately(cs):
    table = ValueTable.from_records(
        cs, [row("A", y, 10, 9) for y in (2022, 2023)] + [row("B", y, 10, 1) for y in (2022, 2023)]
    )
    out = regroup(cs, table, LINKS[:2], TARGETS)
    assert list(zip(out.table.unit_codes, out.table.years, strict=True)) == [
        ("N1", 2022),
        ("N1", 2023),
    ]
    assert out.table.columns["households_cashless_electricity"].tolist() == [10, 10]


def test_missing_cells_of_a_part_make_the_sum_missing(cs):
    records = [row("A", 2024, 10, 9), row("B", 2024, 10, 9)]
    records[1]["households"] = None
    out = regroup(cs, ValueTable.from_records(cs, records), LINKS[:2], TARGETS)
    assert out.table.row_values(0)["households"] is None
    assert out.table.row_values(0)["households_cashless_electricity"] == 18


def test_unknown_units_are_refused_by_row(cs):
    table = ValueTable.from_records(cs, [row("Z", 2024, 1, 1)])
    with pytest.raises(ValuesInvalid, match="«Z» không có trong danh mục"):
        regroup(cs, table, LINKS, TARGETS)


def test_a_unit_made_only_of_parts_of_divided_units_cannot_be_computed(cs):
    # N4 receives only non-default shares of divided units: nothing is counted whole there.
    links = [
        Link("E", "N5", divided=True, default=True),
        Link("E", "N4", divided=True, default=False),
    ]
    targets = {"N4": TargetUnit("N4", "Phường Bốn"), "N5": TargetUnit("N5", "Xã Năm")}
    out = regroup(cs, ValueTable.from_records(cs, [row("E", 2024, 10, 9)]), links, targets)
    n4 = out.table.unit_codes.index("N4")
    result = evaluate(cs, out.table.row_values(n4))
    assert not result.completed and set(result.missing) == {"3.12", "4.7"}
    assert "Không có đơn vị cũ nào được tính trọn vào đơn vị này" in out.notes[n4][0]
    assert "(cả Phường Bốn (N4))" in out.notes[out.table.unit_codes.index("N5")][0]
