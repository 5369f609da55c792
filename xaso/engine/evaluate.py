"""Evaluate one unit-year: every indicator's exact value, verdict and gap, then groups,
completion, tier and points.

This is the reference path, written for clarity with :class:`Fraction`. The batch path
(:mod:`xaso.engine.batch`) must give identical results; a property test holds them together.

The gap is the smallest whole number of people / households / businesses to add to the
numerator (or, for an "at most" threshold, to take away) for the indicator to be met:
1,180 of 4,210 adults at >= 30 % -> 83 adults; 599 of 999 households at >= 60 % -> 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .formula import compare
from .model import CriteriaSet, Indicator, Rule

Value = int | bool | None

# Why an indicator has no ordinary verdict. Short codes; display text lives in display.py.
REASON_NONE = ""
REASON_UNIT_TYPE = "unit_type"  # does not apply to this type of unit
REASON_ZERO = "zero_denominator"  # nothing to measure (e.g. no OCOP products)
REASON_MISSING = "missing"  # a value it needs was not reported
REASON_UNREACHABLE = "unreachable"  # cannot be met by adding to the numerator
REASONS = (REASON_NONE, REASON_UNIT_TYPE, REASON_ZERO, REASON_MISSING, REASON_UNREACHABLE)


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator for one unit-year.

    ``met`` is None when the indicator does not apply. ``value`` is exact: a Fraction of
    one for ratios (display it as a percentage), an int for counts, a bool for yes/no.
    ``gap`` is 0 when met, None when it cannot be expressed (yes/no, missing data,
    unreachable).
    """

    code: str
    applicable: bool
    met: bool | None
    value: Fraction | int | bool | None
    numerator: int | None
    denominator: int | None
    gap: int | None
    gap_unit: str | None
    points: Fraction | None
    reason: str = REASON_NONE

    @property
    def missing(self) -> bool:
        return self.reason == REASON_MISSING

    @property
    def failed(self) -> bool:
        return self.applicable and not self.met


@dataclass(frozen=True, slots=True)
class GroupResult:
    code: str
    complete: bool
    met: int
    applicable: int
    failed: tuple[str, ...]
    points: Fraction | None
    max_points: Fraction | None


@dataclass(frozen=True)
class UnitResult:
    """Everything the engine says about one unit-year under one criteria set."""

    criteria_key: str
    indicators: tuple[IndicatorResult, ...]
    groups: tuple[GroupResult, ...]
    completed: bool
    tier: str | None
    points: Fraction | None
    max_points: Fraction | None

    @property
    def failed(self) -> tuple[str, ...]:
        """Applicable indicators not met (missing data counts as not met), in set order."""
        return tuple(r.code for r in self.indicators if r.failed)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.indicators if r.missing)

    def indicator(self, code: str) -> IndicatorResult:
        for r in self.indicators:
            if r.code == code:
                return r
        raise KeyError(code)


def ceil_div(a: int, b: int) -> int:
    """Ceiling of a / b for b > 0, in integers (no float rounding)."""
    return -((-a) // b)


def ratio_gap(numerator: int, denominator: int, op: str, target: Fraction) -> int | None:
    """Smallest change of the numerator (added for >=, >; removed for <=, <) that meets
    ``numerator / denominator OP target``; None when no whole number can (over 100 %).

    The numerator can never exceed the denominator, so additions stop there.
    """
    p, q = target.numerator, target.denominator
    if op in (">=", ">"):
        need = ceil_div(denominator * p, q) if op == ">=" else (denominator * p) // q + 1
        if need > denominator:
            return None if numerator < need else 0
        return max(0, need - numerator)
    limit = (denominator * p) // q if op == "<=" else ceil_div(denominator * p, q) - 1
    if limit < 0:
        return None
    return max(0, numerator - limit)


def count_gap(value: int, op: str, target: int) -> int | None:
    """Smallest change of a count that meets ``value OP target``."""
    if op == ">=":
        return max(0, target - value)
    if op == ">":
        return max(0, target + 1 - value)
    if op == "<=":
        return max(0, value - target)
    if target <= 0:
        return None
    return max(0, value - (target - 1))


def band_points(ind: Indicator, numerator: int, denominator: int) -> Fraction:
    assert ind.points is not None
    earned = Fraction(0)
    for band in ind.points.bands:
        if numerator * band.from_ratio.denominator >= denominator * band.from_ratio.numerator:
            earned = band.points
    return earned


def full_points_gap(ind: Indicator, numerator: int, denominator: int) -> int | None:
    """For a points indicator without a threshold: additions needed for full points."""
    assert ind.points is not None
    if ind.points.method == "proportional":
        return max(0, denominator - numerator)
    for band in ind.points.bands:
        if band.points == ind.points.max:
            return ratio_gap(numerator, denominator, ">=", band.from_ratio)
    return None


def evaluate_indicator(
    ind: Indicator, values: Mapping[str, Value], unit_type: str = "xa"
) -> IndicatorResult:
    """Verdict and gap for one indicator; see :class:`IndicatorResult`."""
    has_points = ind.points is not None
    nothing = Fraction(0) if has_points else None
    if unit_type not in ind.applies_to:
        return IndicatorResult(
            ind.code, False, None, None, None, None, None, ind.gap_unit, nothing, REASON_UNIT_TYPE
        )
    if any(values.get(v) is None for v in ind.variables):
        return IndicatorResult(
            ind.code, True, False, None, None, None, None, ind.gap_unit, nothing, REASON_MISSING
        )
    if ind.kind == "yes_no":
        assert ind.variable is not None
        answer = bool(values[ind.variable])
        pts = (ind.points.max if answer else Fraction(0)) if ind.points else None
        return IndicatorResult(ind.code, True, answer, answer, None, None, None, None, pts)
    assert ind.numerator is not None
    n = ind.numerator.evaluate(values)  # type: ignore[arg-type]
    if ind.kind == "count":
        assert ind.threshold is not None
        target = int(ind.threshold.target)
        met = compare(n, ind.threshold.op, target)
        gap = count_gap(n, ind.threshold.op, target)
        pts = (ind.points.max if met else Fraction(0)) if ind.points else None
        reason = REASON_UNREACHABLE if gap is None else REASON_NONE
        return IndicatorResult(ind.code, True, met, n, n, None, gap, ind.gap_unit, pts, reason)
    assert ind.denominator is not None
    d = ind.denominator.evaluate(values)  # type: ignore[arg-type]
    if d <= 0:
        if ind.zero_denominator == "not_applicable":
            return IndicatorResult(
                ind.code, False, None, None, n, d, None, ind.gap_unit, nothing, REASON_ZERO
            )
        met = ind.zero_denominator == "met"
        pts = (ind.points.max if met else Fraction(0)) if ind.points else None
        return IndicatorResult(
            ind.code, True, met, None, n, d, 0 if met else None, ind.gap_unit, pts, REASON_ZERO
        )
    value = Fraction(n, d)
    pts = None
    if ind.points is not None:
        if ind.points.method == "proportional":
            pts = ind.points.max * min(value, Fraction(1))
        elif ind.points.method == "bands":
            pts = band_points(ind, n, d)
    if ind.threshold is not None:
        met = compare(value, ind.threshold.op, ind.threshold.target)
        gap = ratio_gap(n, d, ind.threshold.op, ind.threshold.target)
    else:  # a points indicator without its own threshold is "met" at full points
        assert ind.points is not None and pts is not None
        met = pts >= ind.points.max
        gap = full_points_gap(ind, n, d)
    if ind.points is not None and ind.points.method == "all_or_nothing":
        pts = ind.points.max if met else Fraction(0)
    reason = REASON_UNREACHABLE if gap is None else REASON_NONE
    return IndicatorResult(ind.code, True, met, value, n, d, gap, ind.gap_unit, pts, reason)


def rule_holds(
    cs: CriteriaSet, rule: Rule, scope: tuple[str, ...], by_code: Mapping[str, IndicatorResult]
) -> bool:
    """Whether ``rule`` holds over the indicators in ``scope`` (see :class:`Rule`)."""
    results = [by_code[c] for c in scope]
    if rule.all and any(r.failed for r in results):
        return False
    if any(by_code[c].failed for c in rule.mandatory):
        return False
    if rule.at_least is not None:
        pool = (
            rule.of if rule.of is not None else tuple(c for c in scope if c not in rule.mandatory)
        )
        applicable = [by_code[c] for c in pool if by_code[c].applicable]
        met = sum(1 for r in applicable if r.met)
        if met < min(rule.at_least, len(applicable)):
            return False
    if rule.min_points is not None:
        total = sum(
            (r.points for r in results if r.applicable and r.points is not None), Fraction(0)
        )
        if total < rule.min_points:
            return False
    if rule.groups:
        in_scope = set(scope)
        for group in cs.groups:
            own = tuple(i.code for i in cs.indicators_of(group.code) if i.code in in_scope)
            if own and not rule_holds(cs, group.rule, own, by_code):
                return False
    return True


def group_result(
    cs: CriteriaSet, code: str, by_code: Mapping[str, IndicatorResult], complete: bool
) -> GroupResult:
    """A group's counts and points; whether it is complete is decided by the caller's path."""
    rs = [by_code[i.code] for i in cs.indicators_of(code)]
    return GroupResult(
        code=code,
        complete=complete,
        met=sum(1 for r in rs if r.applicable and r.met),
        applicable=sum(1 for r in rs if r.applicable),
        failed=tuple(r.code for r in rs if r.failed),
        points=points_total(cs, rs),
        max_points=max_points_total(cs, rs),
    )


def summarize(cs: CriteriaSet, results: tuple[IndicatorResult, ...]) -> UnitResult:
    """Groups, completion, tier and points from one unit's indicator results."""
    by_code = {r.code: r for r in results}
    groups = tuple(
        group_result(
            cs,
            g.code,
            by_code,
            rule_holds(cs, g.rule, tuple(i.code for i in cs.indicators_of(g.code)), by_code),
        )
        for g in cs.groups
    )
    tier = None
    if cs.tiers:
        for index, t in enumerate(cs.tiers):
            if not rule_holds(cs, t.rule, cs.tier_scope(index), by_code):
                break
            tier = t.code
        completed = tier is not None
    else:
        completed = rule_holds(cs, cs.completion, cs.completion_scope, by_code)
    return UnitResult(
        criteria_key=cs.key,
        indicators=results,
        groups=groups,
        completed=completed,
        tier=tier,
        points=points_total(cs, results),
        max_points=max_points_total(cs, results),
    )


def points_total(cs: CriteriaSet, results: Sequence[IndicatorResult]) -> Fraction | None:
    """Points earned on the applicable indicators; None for a set without points."""
    if not cs.has_points:
        return None
    return sum((r.points for r in results if r.applicable and r.points is not None), Fraction(0))


def max_points_total(cs: CriteriaSet, results: Sequence[IndicatorResult]) -> Fraction | None:
    """Points that could be earned on the applicable indicators."""
    if not cs.has_points:
        return None
    total = Fraction(0)
    for r in results:
        points = cs.indicator(r.code).points
        if r.applicable and points is not None:
            total += points.max
    return total


def evaluate(cs: CriteriaSet, values: Mapping[str, Value], unit_type: str = "xa") -> UnitResult:
    """Evaluate one unit-year from its raw values (variable code -> count / yes-no / None).

    Missing variables make their indicators "missing" (not met), never an exception: a
    draft can be evaluated while it is being typed. Validation of the values themselves
    (negative counts, a part above its whole) is :func:`xaso.engine.validate.check_values`.
    """
    results = tuple(evaluate_indicator(ind, values, unit_type) for ind in cs.indicators)
    return summarize(cs, results)


__all__ = [
    "GroupResult",
    "IndicatorResult",
    "UnitResult",
    "ceil_div",
    "count_gap",
    "evaluate",
    "evaluate_indicator",
    "ratio_gap",
    "rule_holds",
    "summarize",
]
