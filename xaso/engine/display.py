"""Numbers and verdicts as a Vietnamese reader expects them: 12.430; 26,9 %; "còn thiếu
83 người". For display only; decisions are made on exact values elsewhere.

Rounding never contradicts the verdict: 59,996 % of households at ">= 60 %" is shown as
59,99 %, never as a passing-looking 60,00 %.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .evaluate import (
    REASON_MISSING,
    REASON_UNIT_TYPE,
    REASON_UNREACHABLE,
    REASON_ZERO,
    IndicatorResult,
)
from .formula import compare
from .model import UNIT_TYPE_NAMES, CriteriaSet, Indicator, Threshold

_OP_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}


def format_int(n: int) -> str:
    """12430 -> "12.430"; -5 -> "-5"."""
    return f"{n:,}".replace(",", ".")


def _round_half_up(x: Fraction, decimals: int) -> Fraction:
    scale = 10**decimals
    return Fraction(math.floor(x * scale + Fraction(1, 2)), scale)


def display_percent(
    value: Fraction, threshold: Threshold | None = None, decimals: int = 1
) -> Fraction:
    """``value`` (a fraction of one) as a percentage rounded for display.

    Rounds half up, unless that would show a failing value as passing (or the reverse):
    then it rounds toward the side of the verdict.
    """
    scale = 10**decimals
    num, den = value.numerator * 100 * scale, value.denominator
    half_up = (2 * num + den) // (2 * den)
    if threshold is None:
        return Fraction(half_up, scale)
    exact = compare(value, threshold.op, threshold.target)
    for shown in (half_up, num // den, -(-num // den)):
        if compare(Fraction(shown, scale), threshold.op, threshold.display_value) == exact:
            return Fraction(shown, scale)
    return Fraction(half_up, scale)


def format_decimal(x: Fraction, decimals: int = 1) -> str:
    """Fraction -> "26,9" (comma decimal mark, dot thousands); trailing ",0" dropped."""
    scaled = _round_half_up(x, decimals)
    whole = math.floor(abs(scaled))
    frac = abs(scaled) - whole
    text = format_int(whole)
    if frac:
        digits = str(math.floor(frac * 10**decimals)).rjust(decimals, "0").rstrip("0")
        text += "," + digits
    return ("-" if scaled < 0 else "") + text


def format_percent(value: Fraction, threshold: Threshold | None = None, decimals: int = 1) -> str:
    """A fraction of one as "26,9 %" (see :func:`display_percent`)."""
    return f"{format_decimal(display_percent(value, threshold, decimals), decimals)} %"


def percent_number(value: Fraction, threshold: Threshold | None = None, decimals: int = 2) -> float:
    """A percentage for machine output (JSON), rounded like the display."""
    return float(display_percent(value, threshold, decimals))


def threshold_text(t: Threshold | None) -> str:
    """ ">= 60 %" -> "≥ 60 %"; a count threshold has no percent sign."""
    if t is None:
        return ""
    suffix = " %" if t.percent else ""
    return f"{_OP_SYMBOL[t.op]} {format_decimal(t.display_value, 2)}{suffix}"


def target_text(ind: Indicator) -> str:
    """What meeting the indicator takes: "≥ 60 %", "có", "đủ 30 điểm"."""
    if ind.threshold is not None:
        return threshold_text(ind.threshold)
    if ind.kind == "yes_no":
        return "có"
    if ind.points is not None:
        return f"đủ {format_decimal(ind.points.max, 2)} điểm"
    return ""


def value_text(ind: Indicator, r: IndicatorResult) -> str:
    if r.value is None:
        return "—"
    if isinstance(r.value, bool):
        return "Có" if r.value else "Không"
    if isinstance(r.value, Fraction):
        return format_percent(r.value, ind.threshold)
    return format_int(r.value)


def verdict_text(ind: Indicator, r: IndicatorResult, unit_type: str = "xa") -> str:
    """One short Vietnamese phrase: "Đạt", "Chưa đạt – còn thiếu 83 người", …"""
    if r.reason == REASON_UNIT_TYPE:
        return f"Không áp dụng cho {UNIT_TYPE_NAMES.get(unit_type, unit_type)}"
    if r.reason == REASON_ZERO and not r.applicable:
        return "Không áp dụng (mẫu số bằng 0)"
    if r.reason == REASON_MISSING:
        return "Chưa đạt – thiếu số liệu"
    if ind.points is not None and ind.threshold is None and r.points is not None:
        earned = f"{format_decimal(r.points, 2)}/{format_decimal(ind.points.max, 2)} điểm"
        return earned if r.met else f"{earned} – {gap_text(ind, r)} để đủ điểm"
    if r.met:
        return "Đạt"
    return f"Chưa đạt – {gap_text(ind, r)}"


def gap_text(ind: Indicator, r: IndicatorResult) -> str:
    """What is still needed, spelled out: "còn thiếu 83 người", "cần giảm 5 hồ sơ"."""
    if r.met:
        return "đã đạt"
    if r.reason == REASON_MISSING:
        return "thiếu số liệu"
    if ind.kind == "yes_no":
        return "chưa có"
    if r.reason == REASON_UNREACHABLE or r.gap is None:
        return "không thể đạt bằng cách tăng tử số"
    unit = r.gap_unit or ""
    decrease = ind.threshold is not None and ind.threshold.op in ("<=", "<")
    verb = "cần giảm" if decrease else "còn thiếu"
    return f"{verb} {format_int(r.gap)} {unit}".rstrip()


def need_text(cs: CriteriaSet, ind: Indicator, total: int) -> str:
    """A bottleneck's total gap in words a province can plan with:
    "cần thêm 12.430 hộ gia đình thanh toán tiền điện không dùng tiền mặt".

    The counted thing is the numerator's own label when it has one variable ("Số hộ gia
    đình thanh toán…" without its "Số"), so the sentence names what must grow.
    """
    decrease = ind.threshold is not None and ind.threshold.op in ("<=", "<")
    verb = "cần giảm" if decrease else "cần thêm"
    unit = ind.gap_unit or ""
    codes = [] if ind.numerator is None else [c for c, _k in ind.numerator.terms]
    if len(codes) == 1:
        label = cs.variable(codes[0]).label.strip()
        thing = label[3:] if label.startswith("Số ") else label
        if unit and thing.startswith(unit):
            return f"{verb} {format_int(total)} {thing}"
        if unit:
            return f"{verb} {format_int(total)} {unit} ({thing[:1].lower() + thing[1:]})"
    return f"{verb} {format_int(total)} {unit}".rstrip()


__all__ = [
    "display_percent",
    "format_decimal",
    "format_int",
    "format_percent",
    "gap_text",
    "need_text",
    "percent_number",
    "target_text",
    "threshold_text",
    "value_text",
    "verdict_text",
]
