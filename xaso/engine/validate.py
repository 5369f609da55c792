"""Checks on raw values before they are evaluated: counts are whole and not negative,
yes/no answers are yes or no, and every rule between variables holds (a part never
exceeds its whole, plus the set's own ``validations``).

The same checks serve one unit (a web form, :func:`check_values`) and a whole table
(a CSV or Excel import, :func:`table_problems`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np

from .display import format_int
from .errors import Problem
from .formula import LinearExpr, compare
from .model import CriteriaSet, Validation, Variable

if TYPE_CHECKING:
    from .table import ValueTable

MAX_VALUE = 10**12 - 1  # no commune counts a trillion of anything; keeps sums exact in int64
MAX_DIGITS = 12

_NEGATE = {"<=": ">", "<": ">=", ">=": "<", ">": "<=", "==": "!=", "!=": "=="}


def too_small(var: Variable) -> str:
    """The message for a value below the variable's minimum (a population of 0 …)."""
    if var.minimum == 1:
        return f"«{var.label}» phải lớn hơn 0"
    return f"«{var.label}» phải từ {format_int(var.minimum)} trở lên"


def _violation_text(rule: Validation, left: int, right: int) -> str:
    op = _NEGATE[rule.check.op]
    return f"{rule.message} (hiện {format_int(left)} {op} {format_int(right)})"


def _fields(rule: Validation) -> str:
    return ", ".join(rule.check.variables)


def check_values(
    cs: CriteriaSet, values: Mapping[str, object], *, source: str = ""
) -> list[Problem]:
    """Every problem with one unit's values; missing values are allowed (drafts)."""
    problems: list[Problem] = []
    clean: dict[str, int] = {}
    for var in cs.variables:
        value = values.get(var.code)
        if value is None:
            continue
        if var.kind == "yes_no":
            if not isinstance(value, bool) and value not in (0, 1):
                problems.append(Problem("cần trả lời có hoặc không", source, None, var.code, "cột"))
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                Problem(f"«{value}» không phải số nguyên", source, None, var.code, "cột")
            )
            continue
        if value < 0:
            problems.append(Problem("số liệu không được âm", source, None, var.code, "cột"))
            continue
        if value > MAX_VALUE:
            problems.append(
                Problem(f"số {format_int(value)} quá lớn", source, None, var.code, "cột")
            )
            continue
        if value < var.minimum:
            problems.append(Problem(too_small(var), source, None, var.code, "cột"))
            continue
        clean[var.code] = value
    for rule in cs.validations:
        if all(v in clean for v in rule.check.variables) and not rule.check.holds(clean):
            left = rule.check.left.evaluate(clean)
            right = rule.check.right.evaluate(clean)
            problems.append(
                Problem(_violation_text(rule, left, right), source, None, _fields(rule), "cột")
            )
    return problems


def _column_sum(expr: LinearExpr, table: ValueTable) -> np.ndarray:
    total = np.full(len(table), expr.constant, dtype=np.int64)
    for code, coef in expr.terms:
        total = total + coef * table.columns[code]
    return total


def table_problems(cs: CriteriaSet, table: ValueTable, source: str = "") -> Iterator[Problem]:
    """Rows of ``table`` that break a rule between variables, in row order per rule.

    Rows where a variable of the rule is empty are skipped (nothing to compare yet).
    Negative and non-numeric cells are caught while reading, before this runs.
    """
    for rule in cs.validations:
        left = _column_sum(rule.check.left, table)
        right = _column_sum(rule.check.right, table)
        ok = compare(left, rule.check.op, right)
        bad = ~np.asarray(ok, dtype=np.bool_)
        for code in rule.check.variables:
            mask = table.missing_mask(code)
            if mask is not None:
                bad &= ~mask
        for i in np.flatnonzero(bad):
            line = table.lines[i] if table.lines else int(i) + 2
            yield Problem(
                _violation_text(rule, int(left[i]), int(right[i])),
                source,
                line,
                _fields(rule),
                "cột",
            )
