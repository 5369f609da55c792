"""Verdicts and gaps for one unit-year, decided exactly (QĐ 1829 examples first)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xaso.engine import evaluate
from xaso.engine.evaluate import count_gap, ratio_gap

from .conftest import group, make_set, ratio, yes_no

SIGNATURE = ratio("3.10", "adults_digital_signature", "adults", ">= 30")
ELECTRICITY = ratio("3.12", "households_cashless_electricity", "households", ">= 60")
RADIO = yes_no("4.7", "has_ict_radio")


@pytest.fixture(scope="module")
def xhs():
    return make_set(group("XHS", SIGNATURE, ELECTRICITY) + group("HTS", RADIO))


def values(**overrides):
    base = {
        "adults": 1000,
        "adults_digital_signature": 300,
        "households": 1000,
        "households_cashless_electricity": 600,
        "businesses": 40,
        "businesses_econtract": 20,
        "teams": 5,
        "has_ict_radio": True,
    }
    base.update(overrides)
    return base


@pytest.mark.parametrize(
    ("part", "whole", "code", "met", "gap"),
    [
        # The boundary cases: 1,180 of 4,210 adults at >= 30 % lack 83 adults.
        (1180, 4210, "3.10", False, 83),
        (1263, 4210, "3.10", True, 0),
        (1262, 4210, "3.10", False, 1),
        (300, 1000, "3.10", True, 0),
        (299, 1000, "3.10", False, 1),
        # 599 of 999 households at >= 60 % lack exactly one household.
        (599, 999, "3.12", False, 1),
        (600, 999, "3.12", True, 0),
        (600, 1000, "3.12", True, 0),
        (599, 1000, "3.12", False, 1),
        (0, 1, "3.12", False, 1),
        (0, 7, "3.10", False, 3),
    ],
)
def test_ratio_verdict_and_gap_are_exact(xhs, part, whole, code, met, gap):
    names = {
        "3.10": ("adults_digital_signature", "adults"),
        "3.12": ("households_cashless_electricity", "households"),
    }[code]
    result = evaluate(xhs, values(**{names[0]: part, names[1]: whole})).indicator(code)
    assert (result.met, result.gap) == (met, gap)
    assert result.value == Fraction(part, whole)
    assert (result.numerator, result.denominator) == (part, whole)


def test_gap_is_counted_in_the_numerator_unit(xhs):
    result = evaluate(xhs, values(adults=4210, adults_digital_signature=1180))
    assert result.indicator("3.10").gap_unit == "người"
    assert result.indicator("3.12").gap_unit == "hộ gia đình"


@pytest.mark.parametrize(
    ("n", "d", "op", "target", "gap"),
    [
        (10, 100, ">", Fraction(1, 10), 1),
        (11, 100, ">", Fraction(1, 10), 0),
        (10, 100, "<=", Fraction(1, 10), 0),
        (15, 100, "<=", Fraction(1, 10), 5),
        (10, 100, "<", Fraction(1, 10), 1),
        (5, 10, ">", Fraction(1), None),  # more than 100 % is out of reach
        (3, 10, "<", Fraction(0), None),  # below 0 % is out of reach
        (99, 100, ">=", Fraction(1), 1),
    ],
)
def test_ratio_gap_for_every_comparator(n, d, op, target, gap):
    assert ratio_gap(n, d, op, target) == gap


@pytest.mark.parametrize(
    ("value", "op", "target", "gap"),
    [(3, ">=", 5, 2), (5, ">=", 5, 0), (5, ">", 5, 1), (7, "<=", 5, 2), (5, "<", 5, 1)],
)
def test_count_gap(value, op, target, gap):
    assert count_gap(value, op, target) == gap


def test_it_completes_when_every_indicator_is_met(xhs):
    result = evaluate(xhs, values())
    assert result.completed
    assert result.failed == ()
    assert all(g.complete for g in result.groups)


def test_a_missing_radio_alone_holds_a_commune_back(xhs):
    # Quảng Hòa (Quảng Xương): everything met except 4.7 (seed 001).
    result = evaluate(xhs, values(has_ict_radio=False))
    assert not result.completed
    assert result.failed == ("4.7",)
    radio = result.indicator("4.7")
    assert radio.met is False and radio.gap is None and radio.value is False
    assert [g.complete for g in result.groups] == [True, False]


def test_missing_values_fail_the_indicator_without_raising(xhs):
    result = evaluate(xhs, values(adults=None))
    assert result.missing == ("3.10",)
    assert result.failed == ("3.10",)
    assert result.indicator("3.10").met is False
    assert not result.completed


def test_an_indicator_that_does_not_apply_to_the_unit_type_is_skipped():
    cs = make_set(
        group(
            "XHS",
            ratio(
                "3.10", "adults_digital_signature", "adults", ">= 30", applies_to="[xa, thi_tran]"
            ),
            RADIO,
        )
    )
    result = evaluate(cs, values(adults_digital_signature=0), unit_type="phuong")
    signature = result.indicator("3.10")
    assert signature.applicable is False and signature.met is None
    assert result.completed
    assert not evaluate(cs, values(adults_digital_signature=0), unit_type="xa").completed


@pytest.mark.parametrize(
    ("policy", "applicable", "met", "completed"),
    [
        ("not_applicable", False, None, True),
        ("met", True, True, True),
        ("not_met", True, False, False),
    ],
)
def test_zero_denominator_follows_the_indicator_policy(policy, applicable, met, completed):
    cs = make_set(
        group(
            "KTS",
            ratio("2.1", "businesses_econtract", "businesses", ">= 50", zero_denominator=policy),
        )
    )
    result = evaluate(cs, values(businesses=0, businesses_econtract=0))
    r = result.indicator("2.1")
    assert (r.applicable, r.met, r.value) == (applicable, met, None)
    assert result.completed is completed


def test_count_indicator_needs_at_least_n():
    cs = make_set(
        group(
            "XHS",
            """\
- code: "3.8"
  name: Có ít nhất 5 tổ công nghệ số cộng đồng
  kind: count
  status: provisional
  value: teams
  threshold: ">= 5"
""",
        )
    )
    assert evaluate(cs, values(teams=3)).indicator("3.8").gap == 2
    assert evaluate(cs, values(teams=3)).indicator("3.8").gap_unit == "tổ"
    assert evaluate(cs, values(teams=5)).indicator("3.8").met


def test_formula_numerator_sums_variables():
    cs = make_set(
        group(
            "XHS",
            """\
- code: "9.1"
  name: Tổng hợp
  kind: ratio
  status: provisional
  numerator: "adults_digital_signature + 2 * teams"
  denominator: adults
  gap_unit: người
  threshold: ">= 50"
""",
        )
    )
    r = evaluate(cs, values(adults=100, adults_digital_signature=40, teams=4)).indicator("9.1")
    assert (r.numerator, r.denominator, r.met, r.gap) == (48, 100, False, 2)


MANDATORY_PLUS = group(
    "A",
    ratio("a1", "adults_digital_signature", "adults", ">= 30"),
    ratio("a2", "households_cashless_electricity", "households", ">= 60"),
    ratio("a3", "businesses_econtract", "businesses", ">= 50"),
    yes_no("a4", "has_ict_radio"),
)


@pytest.mark.parametrize(
    ("overrides", "completed"),
    [
        ({}, True),
        ({"has_ict_radio": False}, True),  # a4 is one of the "N of M"
        ({"has_ict_radio": False, "businesses_econtract": 0}, False),  # only 0 of 2 optional
        ({"adults_digital_signature": 0}, False),  # a1 is mandatory
    ],
)
def test_mandatory_plus_n_of_m(overrides, completed):
    cs = make_set(MANDATORY_PLUS, extra="completion: {mandatory: [a1, a2], at_least: 1}\n")
    assert evaluate(cs, values(**overrides)).completed is completed


def test_group_rules_decide_completion_when_asked():
    groups = group(
        "A",
        ratio("a1", "adults_digital_signature", "adults", ">= 30"),
        yes_no("a2", "has_ict_radio"),
        completion="{at_least: 1}",
    )
    cs = make_set(groups, extra="completion: {groups: true}\n")
    result = evaluate(cs, values(has_ict_radio=False))
    assert result.completed and result.groups[0].complete
    assert result.failed == ("a2",)


POINTS = """\
- code: p1
  name: Chữ ký số
  kind: points
  status: reported
  source: minh họa
  numerator: [adults_digital_signature]
  denominator: [adults]
  points: {max: 30, method: proportional}
- code: p2
  name: Thanh toán điện
  kind: points
  status: reported
  source: minh họa
  numerator: [households_cashless_electricity]
  denominator: [households]
  points:
    max: 20
    method: bands
    bands: [{from: 0, points: 0}, {from: 50, points: 10}, {from: 80, points: 20}]
- code: p3
  name: Đài truyền thanh
  kind: yes_no
  status: reported
  source: minh họa
  variable: has_ict_radio
  points: {max: 10}
"""


def test_points_add_up_exactly():
    cs = make_set(group("P", POINTS), extra="completion: {min_points: 35}\n")
    result = evaluate(
        cs,
        values(
            adults=3, adults_digital_signature=1, households=100, households_cashless_electricity=79
        ),
    )
    assert result.indicator("p1").points == Fraction(10)
    assert result.indicator("p2").points == Fraction(10)
    assert result.indicator("p2").gap == 1  # one more household reaches the top band
    assert result.points == Fraction(30) and result.max_points == Fraction(60)
    assert not result.completed
    full = evaluate(cs, values(households_cashless_electricity=800))
    assert full.points == Fraction(30 * 300, 1000) + 20 + 10 and full.completed


TIERS = """\
tiers:
  - {code: basic, name: Xã chuyển đổi số}
  - code: advanced
    name: Xã chuyển đổi số nâng cao
    completion: {mandatory: [b1], at_least: 1}
"""


def test_tiers_are_cumulative():
    groups = group(
        "A",
        ratio("a1", "adults_digital_signature", "adults", ">= 30", tier="basic"),
        ratio("b1", "households_cashless_electricity", "households", ">= 60", tier="advanced"),
        ratio("b2", "businesses_econtract", "businesses", ">= 50", tier="advanced"),
        yes_no("b3", "has_ict_radio", tier="advanced"),
    )
    cs = make_set(groups, extra=TIERS)
    assert evaluate(cs, values()).tier == "advanced"
    basic_only = evaluate(cs, values(households_cashless_electricity=0))
    assert (basic_only.completed, basic_only.tier) == (True, "basic")
    # b2 and b3 are "N of M": one is enough.
    assert evaluate(cs, values(has_ict_radio=False)).tier == "advanced"
    none = evaluate(cs, values(adults_digital_signature=0))
    assert (none.completed, none.tier) == (False, None)


def test_the_1829_set_needs_every_applicable_indicator(th1829):
    assert len(th1829.indicators) == 37
    assert th1829.completion.all and not th1829.tiers
