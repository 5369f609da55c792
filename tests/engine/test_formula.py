"""Formulas are parsed by hand: linear, integer, and never evaluated as Python."""

from __future__ import annotations

import pytest

from xaso.engine.formula import FormulaError, LinearExpr, parse_comparison, parse_expression


@pytest.mark.parametrize(
    ("text", "terms", "constant"),
    [
        ("a", (("a", 1),), 0),
        ("a + b", (("a", 1), ("b", 1)), 0),
        ("a + b - c", (("a", 1), ("b", 1), ("c", -1)), 0),
        ("2 * a + b * 3", (("a", 2), ("b", 3)), 0),
        ("(a + b) * 2 - 10", (("a", 2), ("b", 2)), -10),
        ("-a + a + b", (("b", 1),), 0),
        ("a - (b - c)", (("a", 1), ("b", -1), ("c", 1)), 0),
    ],
)
def test_linear_expressions(text, terms, constant):
    assert parse_expression(text) == LinearExpr(terms, constant)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a * b", "nhân một biến với một hằng số"),
        ("a / b", "không được phép"),
        ("__import__('os').system('true')", "không được phép"),
        ("a +", "kết thúc đột ngột"),
        ("(a + b", "thiếu dấu"),
        ("a b", "thừa"),
        ("", "trống"),
        ("a ** 2", "không mong đợi"),
    ],
)
def test_anything_else_is_refused_in_vietnamese(text, fragment):
    with pytest.raises(FormulaError, match=fragment):
        parse_expression(text)


def test_evaluate_and_print_round_trip():
    expr = parse_expression("2 * a - b + 5")
    assert expr.evaluate({"a": 10, "b": 3}) == 22
    assert parse_expression(str(expr)) == expr


def test_comparisons():
    check = parse_comparison("adults <= population")
    assert check.holds({"adults": 5, "population": 5})
    assert not check.holds({"adults": 6, "population": 5})
    assert check.variables == ("adults", "population")
    with pytest.raises(FormulaError, match="phép so sánh"):
        parse_comparison("adults + population")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("(" * 60 + "a" + ")" * 60, "lồng quá sâu"),
        ("-" * 60 + "a", "lồng quá sâu"),
        ("99999999999999999999 * a", "quá lớn"),
        ("a + 10000000000000", "quá lớn"),
        ("1001 * a", "hệ số tối đa 1000"),
    ],
)
def test_numbers_and_nesting_are_bounded(text, fragment):
    with pytest.raises(FormulaError, match=fragment):
        parse_expression(text)
    with pytest.raises(FormulaError, match=fragment):
        parse_comparison(f"b <= {text}")
