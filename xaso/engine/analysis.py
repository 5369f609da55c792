"""Questions a province asks of many unit-years at once, answered from a batch result.

* which indicators hold communes back ("điểm nghẽn"), by how many communes fail them and
  by the total gap in people / households;
* which communes are one indicator away from completing, smallest gap first;
* which failing indicators are nearest to their threshold;
* what would change under another criteria set or another threshold ("what-if").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .batch import BatchResult, IndicatorArrays, evaluate_batch, filled, rule_mask
from .evaluate import REASON_MISSING, REASONS
from .model import CriteriaSet
from .table import ValueTable

_MISSING = REASONS.index(REASON_MISSING)


@dataclass(frozen=True, slots=True)
class Bottleneck:
    code: str
    failing: int  # applicable and not met (missing data included)
    missing: int  # of which: not met because data is missing
    total_gap: int  # sum of the gaps that can be counted
    gap_unit: str | None
    applicable: int


@dataclass(frozen=True, slots=True)
class OneStep:
    """Unit at ``index`` completes if indicator ``code`` is met; ``gap`` is what it takes."""

    index: int
    code: str
    gap: int | None
    gap_unit: str | None


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A failing indicator of a unit and how far below (or above) its threshold it is.

    ``distance`` is in percentage points for ratios and in units for counts.
    """

    index: int
    code: str
    gap: int
    gap_unit: str | None
    distance: Fraction


def bottlenecks(batch: BatchResult, rows: np.ndarray | None = None) -> list[Bottleneck]:
    """Indicators ranked by failing units, then by total gap (largest first).

    ``rows`` is an optional boolean mask (a district, a year) selecting the units counted.
    """
    select = np.ones(len(batch), dtype=np.bool_) if rows is None else rows
    out = []
    for code, a in batch.indicators.items():
        failing = a.failed & select
        missing = failing & (a.reason == _MISSING)
        countable = failing & (a.gap >= 0)
        out.append(
            Bottleneck(
                code=code,
                failing=int(failing.sum()),
                missing=int(missing.sum()),
                total_gap=int(a.gap[countable].sum()) if countable.any() else 0,
                gap_unit=a.indicator.gap_unit,
                applicable=int((a.applicable & select).sum()),
            )
        )
    order = {code: i for i, code in enumerate(batch.indicators)}
    out.sort(key=lambda b: (-b.failing, -b.total_gap, order[b.code]))
    return out


def _forced(a: IndicatorArrays) -> IndicatorArrays:
    """The same indicator as if met everywhere it applies (points at their maximum)."""
    points = None
    if a.points is not None and a.indicator.points is not None:
        points = np.where(a.applicable, filled(a.indicator.points.max, len(a.met)), a.points)
    return dataclasses.replace(a, met=a.applicable.copy(), points=points)


def one_step_away(batch: BatchResult) -> list[OneStep]:
    """Units not completed that one more met indicator would complete, smallest gap first.

    With an "all indicators" rule these are the units failing exactly one indicator. Under
    "mandatory plus N of M" or points rules several indicators may each do; the one with
    the smallest gap is given.
    """
    cs = batch.criteria
    rows = len(batch)
    scope = cs.completion_scope
    rule = cs.completion_rule
    best: dict[int, OneStep] = {}
    not_done = ~batch.completed
    for code in scope:
        a = batch.indicators[code]
        candidates = not_done & a.failed
        if not candidates.any():
            continue
        arrays = dict(batch.indicators)
        arrays[code] = _forced(a)
        done = candidates & rule_mask(cs, rule, scope, arrays, rows)
        for i in np.flatnonzero(done):
            gap = int(a.gap[i])
            step = OneStep(int(i), code, gap if gap >= 0 else None, a.indicator.gap_unit)
            current = best.get(int(i))
            if current is None or _gap_key(step) < _gap_key(current):
                best[int(i)] = step
    return sorted(best.values(), key=lambda s: (_gap_key(s), s.index))


def _gap_key(step: OneStep) -> tuple[int, int]:
    return (1, 0) if step.gap is None else (0, step.gap)


def nearest_to_threshold(
    batch: BatchResult, code: str | None = None, limit: int | None = None
) -> list[NearMiss]:
    """Failing (unit, indicator) pairs with a countable gap, nearest to the threshold first.

    Ratios are compared by percentage points below the threshold, so 59 % of 60 % ranks
    before 20 % of 30 %, whatever the commune's size.
    """
    out: list[NearMiss] = []
    codes = [code] if code else list(batch.indicators)
    for c in codes:
        a = batch.indicators[c]
        t = a.indicator.threshold
        if t is None:
            continue
        rows = np.flatnonzero(a.failed & (a.gap > 0))
        for i in rows:
            gap = int(a.gap[i])
            if a.denominator is not None:
                d = int(a.denominator[i])
                distance = abs(t.target - Fraction(int(a.numerator[i]), d)) * 100  # type: ignore[index]
            else:
                distance = Fraction(gap)
            out.append(NearMiss(int(i), c, gap, a.indicator.gap_unit, distance))
    out.sort(key=lambda n: (n.distance, n.gap, n.index, n.code))
    return out[:limit] if limit is not None else out


def with_threshold(cs: CriteriaSet, code: str, value: Fraction | int | str) -> CriteriaSet:
    """A copy of ``cs`` where indicator ``code`` uses another threshold value.

    ``value`` is written as in the criteria file: a percentage for ratios, a whole number
    for counts. The copy's version says it is hypothetical.
    """
    if not cs.has_indicator(code):
        raise ValueError(f"Bộ tiêu chí {cs.key} không có chỉ tiêu {code}")
    ind = cs.indicator(code)
    if ind.threshold is None:
        raise ValueError(f"Chỉ tiêu {code} không có ngưỡng để thay đổi")
    try:
        number = Fraction(str(value).strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"Ngưỡng «{value}» không phải là một con số") from None
    if ind.threshold.percent and not 0 <= number <= 100:
        raise ValueError(f"Ngưỡng tỷ lệ phải từ 0 đến 100 (%), không phải {value}")
    if not ind.threshold.percent and (number < 0 or number.denominator != 1):
        raise ValueError(f"Ngưỡng của chỉ tiêu {code} phải là số nguyên không âm")
    target = number / 100 if ind.threshold.percent else number
    threshold = dataclasses.replace(ind.threshold, target=target)
    indicators = tuple(
        dataclasses.replace(i, threshold=threshold) if i.code == code else i for i in cs.indicators
    )
    return dataclasses.replace(cs, indicators=indicators, version=f"{cs.version}+what-if")


@dataclass(frozen=True)
class WhatIf:
    """How the same raw values fare under two criteria sets."""

    before: BatchResult
    after: BatchResult
    completed_before: int
    completed_after: int
    newly_completed: tuple[int, ...]  # row indices
    no_longer_completed: tuple[int, ...]
    passing: Mapping[str, tuple[int, int]]  # indicator code -> (before, after), shared codes


def what_if(table: ValueTable, base: CriteriaSet, other: CriteriaSet) -> WhatIf:
    """Evaluate ``table`` under ``base`` and ``other`` and compare.

    ``other`` may ask for variables ``table`` does not have: they count as missing.
    """
    before = evaluate_batch(base, table)
    after = evaluate_batch(other, table.for_criteria(other))
    passing = {
        code: (
            int((a.applicable & a.met).sum()),
            int((after.indicators[code].applicable & after.indicators[code].met).sum()),
        )
        for code, a in before.indicators.items()
        if code in after.indicators
    }
    return WhatIf(
        before=before,
        after=after,
        completed_before=int(before.completed.sum()),
        completed_after=int(after.completed.sum()),
        newly_completed=tuple(int(i) for i in np.flatnonzero(~before.completed & after.completed)),
        no_longer_completed=tuple(
            int(i) for i in np.flatnonzero(before.completed & ~after.completed)
        ),
        passing=passing,
    )


__all__ = [
    "Bottleneck",
    "NearMiss",
    "OneStep",
    "WhatIf",
    "bottlenecks",
    "nearest_to_threshold",
    "one_step_away",
    "what_if",
    "with_threshold",
]
