"""Bottlenecks, one step away, nearest to threshold and what-if over a batch."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xaso.engine import (
    ValueTable,
    bottlenecks,
    evaluate_batch,
    nearest_to_threshold,
    one_step_away,
    what_if,
    with_threshold,
)

from .conftest import group, make_set, ratio, yes_no


@pytest.fixture(scope="module")
def cs():
    return make_set(
        group("KTS", ratio("2.1", "businesses_econtract", "businesses", ">= 50"))
        + group(
            "XHS",
            ratio("3.10", "adults_digital_signature", "adults", ">= 30"),
            ratio("3.12", "households_cashless_electricity", "households", ">= 60"),
        )
        + group("HTS", yes_no("4.7", "has_ict_radio"))
    )


def unit(code, **values):
    base = {
        "unit_code": code,
        "unit_name": f"Xã {code}",
        "year": 2023,
        "businesses": 40,
        "businesses_econtract": 20,
        "adults": 1000,
        "adults_digital_signature": 300,
        "households": 1000,
        "households_cashless_electricity": 600,
        "has_ict_radio": True,
    }
    base.update(values)
    return base


@pytest.fixture(scope="module")
def batch(cs):
    records = [
        unit("quang_hoa", has_ict_radio=False),  # only 4.7 (seed 001)
        unit(
            "thang_long",
            adults=4210,
            adults_digital_signature=1180,
            households=999,
            households_cashless_electricity=599,
        ),  # 3.10 and 3.12
        unit("hoang_tien", businesses_econtract=9),  # 2.1: 11 businesses short
        unit("dinh_long"),  # completes
        unit("small_gap", households_cashless_electricity=595),  # 3.12: 5 households short
    ]
    return evaluate_batch(cs, ValueTable.from_records(cs, records))


def test_bottlenecks_rank_by_failing_units_then_total_gap(batch):
    ranked = bottlenecks(batch)
    assert [(b.code, b.failing, b.total_gap) for b in ranked] == [
        ("3.12", 2, 6),
        ("3.10", 1, 83),
        ("2.1", 1, 11),
        ("4.7", 1, 0),
    ]
    top = ranked[0]
    assert (top.code, top.failing, top.total_gap, top.gap_unit) == ("3.12", 2, 6, "hộ gia đình")
    # Among indicators failed by one unit each, the larger total gap comes first.
    assert [b.code for b in ranked[1:]] == ["3.10", "2.1", "4.7"]


def test_bottlenecks_can_be_restricted_to_some_rows(batch):
    import numpy as np

    rows = np.array([False, True, False, False, False])
    ranked = {b.code: b for b in bottlenecks(batch, rows)}
    assert ranked["3.12"].failing == 1 and ranked["3.12"].total_gap == 1
    assert ranked["4.7"].failing == 0


def test_one_step_away_lists_units_failing_exactly_one_smallest_gap_first(batch):
    steps = one_step_away(batch)
    names = [batch.table.unit_codes[s.index] for s in steps]
    assert names == ["small_gap", "hoang_tien", "quang_hoa"]
    assert [(s.code, s.gap) for s in steps] == [("3.12", 5), ("2.1", 11), ("4.7", None)]
    assert "thang_long" not in names and "dinh_long" not in names


def test_one_step_away_under_mandatory_plus_n_of_m():
    cs = make_set(
        group(
            "A",
            ratio("a1", "adults_digital_signature", "adults", ">= 30"),
            ratio("a2", "households_cashless_electricity", "households", ">= 60"),
            yes_no("a3", "has_ict_radio"),
        ),
        extra="completion: {mandatory: [a1], at_least: 1}\n",
    )
    records = [
        unit(
            "x",
            adults_digital_signature=290,
            households_cashless_electricity=0,
            has_ict_radio=False,
        )
    ]
    batch = evaluate_batch(cs, ValueTable.from_records(cs, records))
    assert one_step_away(batch) == []  # needs a1 and one of a2/a3: two steps
    records = [unit("y", households_cashless_electricity=590, has_ict_radio=False)]
    batch = evaluate_batch(cs, ValueTable.from_records(cs, records))
    (step,) = one_step_away(batch)
    assert (step.code, step.gap) == ("a2", 10)  # a2 (10 households) or a3 (yes/no)


def test_nearest_to_threshold_compares_percentage_points(batch):
    near = nearest_to_threshold(batch)
    first = near[0]
    assert (batch.table.unit_codes[first.index], first.code) == ("thang_long", "3.12")
    assert first.distance == (Fraction(3, 5) - Fraction(599, 999)) * 100
    only = nearest_to_threshold(batch, "2.1")
    assert [(n.code, n.gap) for n in only] == [("2.1", 11)]
    assert len(nearest_to_threshold(batch, limit=2)) == 2


def test_what_if_a_lower_threshold(cs, batch):
    lower = with_threshold(cs, "3.12", 59.5)
    assert lower.indicator("3.12").threshold.target == Fraction(595, 1000)
    result = what_if(batch.table, cs, lower)
    assert result.completed_before == 1
    # small_gap (59,5 %) now completes; thang_long (59,96 %) passes 3.12 but still fails 3.10.
    assert [batch.table.unit_codes[i] for i in result.newly_completed] == ["small_gap"]
    assert result.no_longer_completed == ()
    assert result.passing["3.12"] == (3, 5)


def test_what_if_another_set_with_missing_variables(cs, batch):
    other = make_set(
        group(
            "T",
            """\
- code: t1
  name: Tổ công nghệ số
  kind: count
  status: provisional
  value: teams
  threshold: ">= 1"
""",
        )
    )
    result = what_if(batch.table, cs, other)
    assert result.completed_after == 0  # no unit reported "teams"
    assert result.passing == {}


def test_with_threshold_refuses_a_yes_no_indicator(cs):
    with pytest.raises(ValueError, match="không có ngưỡng"):
        with_threshold(cs, "4.7", 50)


@pytest.mark.parametrize(
    ("code", "value", "fragment"),
    [
        ("9.9", 50, "không có chỉ tiêu 9.9"),
        ("3.12", "abc", "không phải là một con số"),
        ("3.12", 150, "từ 0 đến 100"),
    ],
)
def test_with_threshold_explains_bad_requests(cs, code, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        with_threshold(cs, code, value)
