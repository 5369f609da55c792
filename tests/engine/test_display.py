"""Vietnamese number formats; rounding for display never flips a verdict."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xaso.engine.display import format_decimal, format_int, format_percent, threshold_text
from xaso.engine.model import Threshold

AT_LEAST_60 = Threshold(">=", Fraction(3, 5), True)
AT_MOST_5 = Threshold("<=", Fraction(1, 20), True)


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0"), (999, "999"), (12430, "12.430"), (1234567, "1.234.567"), (-5, "-5")]
)
def test_thousands_use_dots(n, text):
    assert format_int(n) == text


@pytest.mark.parametrize(
    ("value", "threshold", "decimals", "text"),
    [
        (Fraction(269, 1000), None, 1, "26,9 %"),
        (Fraction(1, 3), None, 1, "33,3 %"),
        (Fraction(2, 3), None, 1, "66,7 %"),
        (Fraction(3, 5), None, 1, "60 %"),
        (Fraction(599, 999), AT_LEAST_60, 1, "59,9 %"),
        (Fraction(59996, 100000), AT_LEAST_60, 2, "59,99 %"),  # not 60,00 %
        (Fraction(59996, 100000), None, 2, "60 %"),
        (Fraction(50004, 1000000), AT_MOST_5, 2, "5,01 %"),  # not 5,00 %
    ],
)
def test_percentages_round_toward_the_verdict(value, threshold, decimals, text):
    assert format_percent(value, threshold, decimals) == text


def test_decimals_and_thresholds():
    assert format_decimal(Fraction(12430)) == "12.430"
    assert format_decimal(Fraction(-1, 4), 2) == "-0,25"
    assert threshold_text(AT_LEAST_60) == "≥ 60 %"
    assert threshold_text(Threshold(">=", Fraction(5), False)) == "≥ 5"
    assert threshold_text(Threshold(">=", Fraction(333, 1000), True)) == "≥ 33,3 %"
