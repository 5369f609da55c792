"""Evaluate many unit-years at once with integer arrays.

Same rules, same exactness as :mod:`xaso.engine.evaluate`: a ratio ``n / d OP p / q`` is
decided as ``n * q OP d * p`` on int64 (widened to Python integers if a product could
overflow), and gaps come from integer ceiling / floor division. Points, which need
fractions, are kept as Fraction objects and only exist for points-based sets.
:meth:`BatchResult.result` turns a row back into the exact :class:`UnitResult` the
single-unit path gives; a property test checks that they are equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .evaluate import (
    REASON_MISSING,
    REASON_NONE,
    REASON_UNIT_TYPE,
    REASON_UNREACHABLE,
    REASON_ZERO,
    REASONS,
    IndicatorResult,
    UnitResult,
    group_result,
    max_points_total,
    points_total,
)
from .formula import LinearExpr, compare
from .model import CriteriaSet, Indicator, Rule
from .table import ValueTable

BoolArray = npt.NDArray[np.bool_]
Array = npt.NDArray[np.int64] | npt.NDArray[np.object_]

_SAFE = 2**62
_R = {reason: np.int8(i) for i, reason in enumerate(REASONS)}


@dataclass
class IndicatorArrays:
    """One indicator over all rows. ``gap`` is -1 where the single path says None."""

    indicator: Indicator
    applicable: BoolArray
    met: BoolArray  # False where not applicable
    reason: npt.NDArray[np.int8]
    numerator: Array | None
    denominator: Array | None
    gap: Array
    points: npt.NDArray[np.object_] | None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def failed(self) -> BoolArray:
        return self.applicable & ~self.met


def _column(table: ValueTable, code: str) -> tuple[Array, BoolArray | None]:
    if code not in table.columns:  # a variable another set does not have: all empty
        return np.zeros(len(table), dtype=np.int64), np.ones(len(table), dtype=np.bool_)
    return table.columns[code], table.missing_mask(code)


def _sum(expr: LinearExpr, table: ValueTable) -> Array:
    total: Array = np.full(len(table), expr.constant, dtype=np.int64)
    for code, coef in expr.terms:
        values, _ = _column(table, code)
        total = total + coef * values
    return total


def _widen(factor: int, *arrays: Array) -> list[Array]:
    """Python-int object arrays when ``array * factor`` could overflow int64."""
    biggest = max((int(np.abs(a).max()) if len(a) else 0) for a in arrays)
    if biggest * max(factor, 1) < _SAFE:
        return list(arrays)
    return [a.astype(object) for a in arrays]


def filled(value: Fraction, rows: int) -> npt.NDArray[np.object_]:
    """An object array of one Fraction (points are exact, so they stay Python objects)."""
    return np.full(rows, value, dtype=object)


def _ceil_div(a: Array, b: int) -> Array:
    return -((-a) // b)


def _ratio_gap(n: Array, d: Array, op: str, target: Fraction) -> Array:
    """Vectorised :func:`xaso.engine.evaluate.ratio_gap`, with -1 for None."""
    p, q = target.numerator, target.denominator
    n, d = _widen(max(p, q), n, d)
    dp = d * p
    if op in (">=", ">"):
        need = _ceil_div(dp, q) if op == ">=" else dp // q + 1
        over = need > d
        return np.where(over, np.where(n < need, -1, 0), np.maximum(0, need - n))
    limit = dp // q if op == "<=" else _ceil_div(dp, q) - 1
    return np.where(limit < 0, -1, np.maximum(0, n - limit))


def _count_gap(n: Array, op: str, target: int) -> Array:
    if op == ">=":
        return np.maximum(0, target - n)
    if op == ">":
        return np.maximum(0, target + 1 - n)
    if op == "<=":
        return np.maximum(0, n - target)
    if target <= 0:
        return np.full(len(n), -1, dtype=np.int64)
    return np.maximum(0, n - (target - 1))


def _ratio_compare(n: Array, d: Array, op: str, target: Fraction) -> BoolArray:
    p, q = target.numerator, target.denominator
    n, d = _widen(max(p, q), n, d)
    return np.asarray(compare(n * q, op, d * p), dtype=np.bool_)


def _indicator(
    ind: Indicator, table: ValueTable, unit_types: npt.NDArray[np.str_]
) -> IndicatorArrays:
    rows = len(table)
    type_ok = np.isin(unit_types, sorted(ind.applies_to))
    missing = np.zeros(rows, dtype=np.bool_)
    for code in ind.variables:
        _, mask = _column(table, code)
        if mask is not None:
            missing |= mask
    reason = np.zeros(rows, dtype=np.int8)
    reason[~type_ok] = _R[REASON_UNIT_TYPE]
    reason[type_ok & missing] = _R[REASON_MISSING]
    computed = type_ok & ~missing
    applicable = type_ok.copy()
    gap: Array = np.full(rows, -1, dtype=np.int64)
    points: npt.NDArray[np.object_] | None = None
    zero_points = filled(Fraction(0), rows)
    numerator = denominator = None

    if ind.kind == "yes_no":
        assert ind.variable is not None
        answer = _column(table, ind.variable)[0] != 0
        met = computed & answer
        if ind.points is not None:
            points = np.where(met, filled(ind.points.max, rows), zero_points)
        return IndicatorArrays(ind, applicable, met, reason, None, None, gap, points)

    assert ind.numerator is not None
    numerator = _sum(ind.numerator, table)
    if ind.kind == "count":
        assert ind.threshold is not None
        target = int(ind.threshold.target)
        met = computed & np.asarray(compare(numerator, ind.threshold.op, target), dtype=np.bool_)
        raw_gap = _count_gap(numerator, ind.threshold.op, target)
        gap = np.where(computed, raw_gap, -1)
        reason[computed & (gap < 0)] = _R[REASON_UNREACHABLE]
        if ind.points is not None:
            points = np.where(met, filled(ind.points.max, rows), zero_points)
        return IndicatorArrays(ind, applicable, met, reason, numerator, None, gap, points)

    assert ind.denominator is not None
    denominator = _sum(ind.denominator, table)
    zero = computed & (denominator <= 0)
    normal = computed & (denominator > 0)
    reason[zero] = _R[REASON_ZERO]
    met = np.zeros(rows, dtype=np.bool_)
    if ind.zero_denominator == "not_applicable":
        applicable[zero] = False
    elif ind.zero_denominator == "met":
        met[zero] = True
        gap = np.where(zero, 0, gap)
    safe_d = np.where(normal, denominator, 1)
    safe_n = np.where(normal, numerator, 0)
    if ind.points is not None and ind.points.method == "proportional":
        points = zero_points.copy()
        for i in np.flatnonzero(normal):
            ni, di = int(safe_n[i]), int(safe_d[i])
            points[i] = ind.points.max * Fraction(min(ni, di), di)
    elif ind.points is not None and ind.points.method == "bands":
        points = zero_points.copy()
        for band in ind.points.bands:
            reached = normal & _ratio_compare(safe_n, safe_d, ">=", band.from_ratio)
            points = np.where(reached, filled(band.points, rows), points)
    if ind.threshold is not None:
        met |= normal & _ratio_compare(safe_n, safe_d, ind.threshold.op, ind.threshold.target)
        raw_gap = _ratio_gap(safe_n, safe_d, ind.threshold.op, ind.threshold.target)
    else:
        assert ind.points is not None and points is not None
        met |= normal & np.asarray(points >= ind.points.max, dtype=np.bool_)
        full = [b for b in ind.points.bands if b.points == ind.points.max]
        if ind.points.method == "proportional":
            raw_gap = np.maximum(0, safe_d - safe_n)
        elif full:
            raw_gap = _ratio_gap(safe_n, safe_d, ">=", full[0].from_ratio)
        else:
            raw_gap = np.full(rows, -1, dtype=np.int64)
    gap = np.where(normal, raw_gap, gap)
    reason[normal & (gap < 0)] = _R[REASON_UNREACHABLE]
    if ind.points is not None:
        if ind.points.method == "all_or_nothing":
            points = np.where(met & applicable, filled(ind.points.max, rows), zero_points)
        assert points is not None
        # Zero-denominator rows score like the single path: full when "met", else nothing.
        points = np.where(
            zero & met, filled(ind.points.max, rows), np.where(zero, zero_points, points)
        )
    return IndicatorArrays(ind, applicable, met, reason, numerator, denominator, gap, points)


@dataclass
class _Lists:
    applicable: list[bool]
    met: list[bool]
    reason: list[str]
    numerator: list[int] | None
    denominator: list[int] | None
    gap: list[int]
    points: list[Fraction] | None
    answer: list[bool] | None


@dataclass
class BatchResult:
    """Results for every row of a :class:`ValueTable`, column by column."""

    criteria: CriteriaSet
    table: ValueTable
    indicators: dict[str, IndicatorArrays]
    completed: BoolArray
    tier_index: npt.NDArray[np.int64]
    group_complete: dict[str, BoolArray]
    _cache: dict[str, _Lists] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.table)

    def failed_count(self, scope: tuple[str, ...] | None = None) -> npt.NDArray[np.int64]:
        codes = scope if scope is not None else tuple(self.indicators)
        total = np.zeros(len(self.table), dtype=np.int64)
        for code in codes:
            total += self.indicators[code].failed
        return total

    def points(self) -> npt.NDArray[np.object_] | None:
        if not self.criteria.has_points:
            return None
        return _points_total(self.indicators, tuple(self.indicators), len(self.table))

    def _lists(self, code: str) -> _Lists:
        """The indicator's arrays as Python lists, made once: indexing numpy arrays one
        element at a time is what makes turning 50,000 rows into results slow."""
        cached = self._cache.get(code)
        if cached is None:
            a = self.indicators[code]
            ind = a.indicator
            answer = None
            if ind.kind == "yes_no" and ind.variable is not None:
                answer = (_column(self.table, ind.variable)[0] != 0).tolist()
            cached = _Lists(
                applicable=a.applicable.tolist(),
                met=a.met.tolist(),
                reason=[REASONS[r] for r in a.reason.tolist()],
                numerator=a.numerator.tolist() if a.numerator is not None else None,
                denominator=a.denominator.tolist() if a.denominator is not None else None,
                gap=a.gap.tolist(),
                points=a.points.tolist() if a.points is not None else None,
                answer=answer,
            )
            self._cache[code] = cached
        return cached

    def indicator_result(self, code: str, i: int) -> IndicatorResult:
        ind = self.indicators[code].indicator
        c = self._lists(code)
        reason = c.reason[i]
        applicable = c.applicable[i]
        met = c.met[i] if applicable else None
        pts = Fraction(c.points[i]) if c.points is not None else None
        gap = c.gap[i]
        gap_value = None if gap < 0 else int(gap)
        if reason in (REASON_UNIT_TYPE, REASON_MISSING):
            return IndicatorResult(
                code, applicable, met, None, None, None, None, ind.gap_unit, pts, reason
            )
        if c.answer is not None:
            answer = c.answer[i]
            return IndicatorResult(code, True, answer, answer, None, None, None, None, pts)
        assert c.numerator is not None
        n = int(c.numerator[i])
        if ind.kind == "count":
            return IndicatorResult(
                code, True, met, n, n, None, gap_value, ind.gap_unit, pts, reason
            )
        assert c.denominator is not None
        d = int(c.denominator[i])
        value = Fraction(n, d) if reason != REASON_ZERO else None
        return IndicatorResult(
            code, applicable, met, value, n, d, gap_value, ind.gap_unit, pts, reason
        )

    def result(self, i: int) -> UnitResult:
        """Row ``i`` as the same :class:`UnitResult` the single-unit path returns."""
        cs = self.criteria
        results = tuple(self.indicator_result(ind.code, i) for ind in cs.indicators)
        by_code = {r.code: r for r in results}
        index = int(self.tier_index[i])
        return UnitResult(
            criteria_key=cs.key,
            indicators=results,
            groups=tuple(
                group_result(cs, g.code, by_code, bool(self.group_complete[g.code][i]))
                for g in cs.groups
            ),
            completed=bool(self.completed[i]),
            tier=cs.tiers[index].code if index >= 0 else None,
            points=points_total(cs, results),
            max_points=max_points_total(cs, results),
        )

    def results(self) -> list[UnitResult]:
        return [self.result(i) for i in range(len(self.table))]


def _points_total(
    arrays: dict[str, IndicatorArrays], scope: tuple[str, ...], rows: int
) -> npt.NDArray[np.object_]:
    total = filled(Fraction(0), rows)
    for code in scope:
        a = arrays[code]
        if a.points is not None:
            total = total + np.where(a.applicable, a.points, filled(Fraction(0), rows))
    return total


def rule_mask(
    cs: CriteriaSet,
    rule: Rule,
    scope: tuple[str, ...],
    arrays: dict[str, IndicatorArrays],
    rows: int,
) -> BoolArray:
    """Vectorised :func:`xaso.engine.evaluate.rule_holds`."""
    mask = np.ones(rows, dtype=np.bool_)
    if rule.all:
        for code in scope:
            mask &= ~arrays[code].failed
    for code in rule.mandatory:
        mask &= ~arrays[code].failed
    if rule.at_least is not None:
        pool = (
            rule.of if rule.of is not None else tuple(c for c in scope if c not in rule.mandatory)
        )
        met = np.zeros(rows, dtype=np.int64)
        applicable = np.zeros(rows, dtype=np.int64)
        for code in pool:
            met += arrays[code].applicable & arrays[code].met
            applicable += arrays[code].applicable
        mask &= met >= np.minimum(rule.at_least, applicable)
    if rule.min_points is not None:
        total = _points_total(arrays, scope, rows)
        mask &= np.asarray(total >= rule.min_points, dtype=np.bool_)
    if rule.groups:
        in_scope = set(scope)
        for group in cs.groups:
            own = tuple(i.code for i in cs.indicators_of(group.code) if i.code in in_scope)
            if own:
                mask &= rule_mask(cs, group.rule, own, arrays, rows)
    return mask


def evaluate_batch(cs: CriteriaSet, table: ValueTable) -> BatchResult:
    """Evaluate every row of ``table`` under ``cs``; see :class:`BatchResult`."""
    rows = len(table)
    unit_types = np.asarray(table.unit_types if table.unit_types else ["xa"] * rows, dtype=str)
    arrays = {ind.code: _indicator(ind, table, unit_types) for ind in cs.indicators}
    groups = {
        g.code: rule_mask(cs, g.rule, tuple(i.code for i in cs.indicators_of(g.code)), arrays, rows)
        for g in cs.groups
    }
    tier_index = np.full(rows, -1, dtype=np.int64)
    if cs.tiers:
        reached = np.ones(rows, dtype=np.bool_)
        for index, tier in enumerate(cs.tiers):
            reached &= rule_mask(cs, tier.rule, cs.tier_scope(index), arrays, rows)
            tier_index[reached] = index
        completed = tier_index >= 0
    else:
        completed = rule_mask(cs, cs.completion, cs.completion_scope, arrays, rows)
    return BatchResult(cs, table, arrays, completed, tier_index, groups)


__all__ = ["REASON_NONE", "BatchResult", "IndicatorArrays", "evaluate_batch", "rule_mask"]
