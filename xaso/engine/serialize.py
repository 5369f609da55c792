"""Criteria sets and results as plain JSON-ready dicts: one shape for the CLI and the API.

Exact values travel as integers (numerator, denominator, gap); ``value`` is the display
percentage for ratios (rounded so it never contradicts the verdict), the count for
counts, true/false for yes/no.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .display import percent_number
from .evaluate import UnitResult
from .formula import LinearExpr
from .model import CriteriaSet, Indicator, Rule, Threshold


def number(x: Fraction | None) -> int | float | None:
    """An exact number as JSON: an int when whole, else a float."""
    if x is None:
        return None
    return int(x) if x.denominator == 1 else float(x)


def _codes(expr: LinearExpr | None) -> list[str]:
    return list(expr.variables) if expr is not None else []


def threshold_dict(t: Threshold | None) -> dict[str, Any] | None:
    if t is None:
        return None
    out: dict[str, Any] = {
        "op": t.op,
        "value": number(t.display_value),
        "unit": "%" if t.percent else None,
    }
    if t.status:
        out["status"] = t.status
    return out


def rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "all": rule.all,
        "mandatory": list(rule.mandatory),
        "at_least": rule.at_least,
        "of": list(rule.of) if rule.of is not None else None,
        "min_points": number(rule.min_points),
        "groups": rule.groups,
    }


def indicator_dict(ind: Indicator) -> dict[str, Any]:
    numerator = [ind.variable] if ind.variable else _codes(ind.numerator)
    return {
        "code": ind.code,
        "group": ind.group,
        "name": ind.name,
        "name_en": ind.name_en,
        "status": ind.status,
        "source": ind.source,
        "kind": ind.kind,
        "numerator": numerator,
        "denominator": _codes(ind.denominator),
        "numerator_formula": str(ind.numerator) if ind.numerator else None,
        "denominator_formula": str(ind.denominator) if ind.denominator else None,
        "threshold": threshold_dict(ind.threshold),
        "gap_unit": ind.gap_unit,
        "applies_to": sorted(ind.applies_to),
        "zero_denominator": ind.zero_denominator,
        "tier": ind.tier,
        "points": (
            {
                "max": number(ind.points.max),
                "method": ind.points.method,
                "bands": [
                    {"from": number(b.from_ratio * 100), "points": number(b.points)}
                    for b in ind.points.bands
                ],
            }
            if ind.points
            else None
        ),
        "evidence": list(ind.evidence),
        "note": ind.note,
    }


def describe(cs: CriteriaSet) -> dict[str, Any]:
    """The whole set as data (``xaso describe --format json``)."""
    return {
        "id": cs.id,
        "version": cs.version,
        "name": cs.name,
        "name_en": cs.name_en,
        "issuing_body": cs.issuing_body,
        "decision": {
            "number": cs.decision.number,
            "date": cs.decision.date.isoformat() if cs.decision.date else None,
            "title": cs.decision.title,
        },
        "province": cs.province,
        "valid_years": {"from": cs.valid_from, "to": cs.valid_to},
        "illustrative": cs.illustrative,
        "source": cs.source,
        "notes": cs.notes,
        "completion": rule_dict(cs.completion_rule),
        "tiers": [
            {"code": t.code, "name": t.name, "name_en": t.name_en, "completion": rule_dict(t.rule)}
            for t in cs.tiers
        ],
        "groups": [
            {
                "code": g.code,
                "name": g.name,
                "name_en": g.name_en,
                "indicators": [i.code for i in cs.indicators_of(g.code)],
            }
            for g in cs.groups
        ],
        "variables": [
            {
                "code": v.code,
                "kind": v.kind,
                "label": v.label,
                "label_en": v.label_en,
                "unit": v.unit,
                "help": v.help,
            }
            for v in cs.variables
        ],
        "validations": [
            {"code": v.code, "rule": str(v.check), "message": v.message, "automatic": v.automatic}
            for v in cs.validations
        ],
        "indicators": [indicator_dict(i) for i in cs.indicators],
    }


def result_dict(
    cs: CriteriaSet,
    result: UnitResult,
    *,
    unit_code: str,
    unit_name: str,
    year: int,
    unit_type: str = "xa",
) -> dict[str, Any]:
    """One unit-year's result (``xaso evaluate --format json``)."""
    indicators = []
    for r in result.indicators:
        ind = cs.indicator(r.code)
        if isinstance(r.value, Fraction):
            value: Any = percent_number(r.value, ind.threshold)
        else:
            value = r.value
        indicators.append(
            {
                "code": r.code,
                "applicable": r.applicable,
                "met": r.met,
                "value": value,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "gap": r.gap,
                "gap_unit": r.gap_unit,
                "reason": r.reason or None,
                "points": number(r.points),
            }
        )
    return {
        "unit_code": unit_code,
        "unit_name": unit_name,
        "year": year,
        "unit_type": unit_type,
        "criteria": cs.key,
        "completed": result.completed,
        "tier": result.tier,
        "failed": list(result.failed),
        "missing": list(result.missing),
        "points": number(result.points),
        "max_points": number(result.max_points),
        "groups": [
            {
                "code": g.code,
                "complete": g.complete,
                "met": g.met,
                "applicable": g.applicable,
                "failed": list(g.failed),
                "points": number(g.points),
            }
            for g in result.groups
        ],
        "indicators": indicators,
    }
