"""Small formulas over variable codes, parsed by hand and never passed to ``eval``.

A criteria file may say ``numerator: "households_fiber + households_wireless"`` or
``rule: "adults <= population"``. Only integer-linear expressions are allowed (``+``, ``-``,
``*`` by a whole-number constant, parentheses, whole numbers): that keeps every value an
exact integer, so ratios can be decided exactly and evaluated in bulk with integer arrays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

COMPARATORS = ("<=", ">=", "==", "!=", "<", ">")
MAX_DEPTH = 50  # parentheses or signs nested deeper than this are surely a mistake
MAX_COEFFICIENT = 1_000  # keeps sums of counts far inside 64-bit integers
MAX_CONSTANT = 10**12

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|[-+*()<>]))"
)


class FormulaError(ValueError):
    """The text is not a formula we accept; the message is Vietnamese."""


@dataclass(frozen=True, slots=True)
class LinearExpr:
    """``sum(coef * variable) + constant`` with integer coefficients.

    Terms keep the order in which variables first appear, so a plain sum lists its codes
    as written.
    """

    terms: tuple[tuple[str, int], ...]
    constant: int = 0

    @classmethod
    def of(cls, codes: list[str] | tuple[str, ...]) -> LinearExpr:
        """A plain sum of variables (the common case ``[a, b]`` in a criteria file)."""
        return _combine([(c, 1) for c in codes], 0)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.terms)

    @property
    def is_plain_sum(self) -> bool:
        return self.constant == 0 and all(coef == 1 for _, coef in self.terms)

    def evaluate(self, values: Mapping[str, int]) -> int:
        """Value for one unit; the caller makes sure every variable is present."""
        total = self.constant
        for code, coef in self.terms:
            total += coef * int(values[code])
        return total

    def __str__(self) -> str:
        parts: list[str] = []
        for code, coef in self.terms:
            sign = "-" if coef < 0 else "+"
            mag = abs(coef)
            body = code if mag == 1 else f"{mag} * {code}"
            parts.append(f"{sign} {body}")
        if self.constant or not parts:
            parts.append(f"{'-' if self.constant < 0 else '+'} {abs(self.constant)}")
        text = " ".join(parts)
        return text[2:] if text.startswith("+ ") else "-" + text[2:]


@dataclass(frozen=True, slots=True)
class Comparison:
    """``left OP right``, used by validation rules between variables."""

    left: LinearExpr
    op: str
    right: LinearExpr

    @property
    def variables(self) -> tuple[str, ...]:
        seen = dict.fromkeys(self.left.variables + self.right.variables)
        return tuple(seen)

    def holds(self, values: Mapping[str, int]) -> bool:
        return compare(self.left.evaluate(values), self.op, self.right.evaluate(values))

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


def compare(a: object, op: str, b: object) -> bool:
    """Apply a comparator written as text; works for ints, Fractions and numpy arrays."""
    if op == ">=":
        return a >= b  # type: ignore[operator,no-any-return]
    if op == ">":
        return a > b  # type: ignore[operator,no-any-return]
    if op == "<=":
        return a <= b  # type: ignore[operator,no-any-return]
    if op == "<":
        return a < b  # type: ignore[operator,no-any-return]
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    raise FormulaError(f"phép so sánh không hợp lệ: {op!r}")


def _combine(terms: list[tuple[str, int]], constant: int) -> LinearExpr:
    merged: dict[str, int] = {}
    for code, coef in terms:
        merged[code] = merged.get(code, 0) + coef
    return LinearExpr(tuple((c, k) for c, k in merged.items() if k != 0), constant)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].strip()[:1]
            raise FormulaError(f"ký tự không được phép «{bad}» trong công thức «{text}»")
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        tokens.append((kind, m.group(kind)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise FormulaError(f"công thức «{self.text}» kết thúc đột ngột")
        self.i += 1
        return tok

    def expr(self) -> LinearExpr:
        result = self.term()
        while (tok := self.peek()) and tok[1] in "+-" and tok[0] == "op":
            self.take()
            rhs = self.term()
            sign = 1 if tok[1] == "+" else -1
            result = _combine(
                list(result.terms) + [(c, sign * k) for c, k in rhs.terms],
                result.constant + sign * rhs.constant,
            )
        return result

    def term(self) -> LinearExpr:
        result = self.factor()
        while (tok := self.peek()) and tok == ("op", "*"):
            self.take()
            rhs = self.factor()
            if result.terms and rhs.terms:
                raise FormulaError(
                    f"công thức «{self.text}»: chỉ được nhân một biến với một hằng số"
                )
            k, e = (result.constant, rhs) if not result.terms else (rhs.constant, result)
            result = _combine([(c, k * v) for c, v in e.terms], k * e.constant)
        return result

    def factor(self) -> LinearExpr:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise FormulaError(f"công thức «{self.text[:60]}…» lồng quá sâu")
            return self._factor()
        finally:
            self.depth -= 1

    def _factor(self) -> LinearExpr:
        kind, value = self.take()
        if kind == "num":
            if len(value) > 13 or int(value) > MAX_CONSTANT:
                raise FormulaError(f"công thức «{self.text}»: số {value} quá lớn")
            return LinearExpr((), int(value))
        if kind == "name":
            return LinearExpr(((value, 1),), 0)
        if value == "-":
            inner = self.factor()
            return _combine([(c, -k) for c, k in inner.terms], -inner.constant)
        if value == "(":
            inner = self.expr()
            if self.peek() != ("op", ")"):
                raise FormulaError(f"công thức «{self.text}» thiếu dấu «)»")
            self.take()
            return inner
        raise FormulaError(f"công thức «{self.text}»: không mong đợi «{value}»")


def parse_expression(text: str) -> LinearExpr:
    """Parse ``a + b - 2 * c``; raise :class:`FormulaError` with a Vietnamese message."""
    if not text or not text.strip():
        raise FormulaError("công thức trống")
    parser = _Parser(text)
    result = parser.expr()
    if parser.peek() is not None:
        raise FormulaError(f"công thức «{text}»: thừa «{parser.peek()[1]}»")  # type: ignore[index]
    return _bounded(result, text)


def _bounded(expr: LinearExpr, text: str) -> LinearExpr:
    if any(abs(k) > MAX_COEFFICIENT for _, k in expr.terms) or abs(expr.constant) > MAX_CONSTANT:
        raise FormulaError(
            f"công thức «{text}»: hệ số tối đa {MAX_COEFFICIENT}, hằng số tối đa {MAX_CONSTANT}"
        )
    return expr


def parse_comparison(text: str) -> Comparison:
    """Parse ``left OP right`` where OP is one of ``<= >= == != < >``."""
    if not text or not text.strip():
        raise FormulaError("điều kiện trống")
    parser = _Parser(text)
    left = parser.expr()
    tok = parser.peek()
    if tok is None or tok[1] not in COMPARATORS:
        raise FormulaError(f"điều kiện «{text}» cần một phép so sánh (<=, >=, <, >, ==, !=)")
    parser.take()
    right = parser.expr()
    if parser.peek() is not None:
        raise FormulaError(f"điều kiện «{text}»: thừa «{parser.peek()[1]}»")  # type: ignore[index]
    _bounded(left, text)
    _bounded(right, text)
    return Comparison(left, tok[1], right)
