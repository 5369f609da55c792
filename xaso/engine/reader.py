"""Typed, line-aware access to parsed YAML, collecting problems instead of raising.

The builders in :mod:`xaso.engine.build` read every field through these helpers, so each
problem carries its file, line and field and a person fixes a file in one pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from .errors import Problem
from .formula import (
    FormulaError,
    LinearExpr,
    parse_expression,
)
from .schema import CODE_RE, MAX_LENGTH, SCHEMA, VAR_RE
from .yamlsrc import LList, LMap, bounded, shorten


class Reader:
    """Walks the parsed YAML once, collecting problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------

    def problem(self, message: str, line: int | None, field: str) -> None:
        """Record a problem; quoted values and the field path are shortened, never repeated."""
        self.problems.append(Problem(bounded(message), self.source, line, shorten(field, 120)))

    def check_keys(self, m: LMap, kind: str, path: str) -> None:
        allowed = SCHEMA[kind]
        for key in m:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                extra = f" Có phải ý bạn là «{hint[0]}»?" if hint else ""
                self.problem(
                    f"trường «{key}» không có trong định dạng bộ tiêu chí.{extra}",
                    m.line_of(key),
                    join(path, key),
                )

    # -- typed access ------------------------------------------------------------------

    def mapping(self, value: Any, line: int, path: str) -> LMap | None:
        if isinstance(value, LMap):
            return value
        self.problem("cần một bảng khóa: giá trị (mapping)", line, path)
        return None

    def seq(self, m: LMap, key: str, path: str, required: bool = False) -> LList:
        value = m.get(key)
        if value is None:
            if required:
                self.problem("thiếu trường bắt buộc", m.line, join(path, key))
            return LList()
        if not isinstance(value, LList):
            self.problem("cần một danh sách", m.line_of(key), join(path, key))
            return LList()
        return value

    def text(
        self,
        m: LMap,
        key: str,
        path: str,
        required: bool = True,
        default: str = "",
        *,
        kind: str = "",
    ) -> str:
        """The text of ``m[key]``; ``kind`` (an object of :data:`SCHEMA`) names the field's
        length limit in :data:`MAX_LENGTH`, if it has one."""
        value = m.get(key)
        if value is None or value == "":
            if required:
                self.problem("thiếu trường bắt buộc", m.line_of(key), join(path, key))
            return default
        if isinstance(value, (bool, LMap, LList)):
            self.problem("cần một chuỗi văn bản", m.line_of(key), join(path, key))
            return default
        text = str(value).strip()
        limit = MAX_LENGTH.get(f"{kind}.{key}")
        if limit is not None and len(text) > limit:
            self.problem(
                f"«{text}» dài {len(text)} ký tự, quá giới hạn {limit} ký tự; hãy rút gọn",
                m.line_of(key),
                join(path, key),
            )
        return text

    def code(
        self,
        m: LMap,
        key: str,
        path: str,
        pattern: re.Pattern[str] = CODE_RE,
        *,
        kind: str = "",
    ) -> str:
        value = self.text(m, key, path, kind=kind)
        if value and not pattern.match(value):
            self.problem(f"mã «{value}» không hợp lệ", m.line_of(key), join(path, key))
        return value

    def flag(self, m: LMap, key: str, path: str, default: bool) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            self.problem("cần true hoặc false", m.line_of(key), join(path, key))
            return default
        return value

    def number(self, value: Any, line: int, path: str, *, whole: bool = False) -> Fraction | None:
        if isinstance(value, bool) or value is None or isinstance(value, (LMap, LList)):
            self.problem("cần một con số", line, path)
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            self.problem(f"«{value}» không phải là một con số", line, path)
            return None
        if whole and number.denominator != 1:
            self.problem(f"«{value}» phải là số nguyên", line, path)
            return None
        return number

    def choice(self, m: LMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        value = m.get(key, default)
        if value not in options:
            self.problem(
                f"«{value}» không hợp lệ; chọn một trong: {', '.join(options)}",
                m.line_of(key),
                join(path, key),
            )
            return default
        return str(value)

    def codes(self, m: LMap, key: str, path: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, LList):
            value = LList([value])
        return tuple(str(v).strip() for v in value)

    def expression(self, m: LMap, key: str, path: str) -> LinearExpr | None:
        value = m.get(key)
        if value is None:
            self.problem("thiếu trường bắt buộc", m.line, join(path, key))
            return None
        line = m.line_of(key)
        if isinstance(value, LList):
            names = [str(v).strip() for v in value]
            if not names:
                self.problem("danh sách biến trống", line, join(path, key))
                return None
            bad = [n for n in names if not VAR_RE.match(n)]
            if bad:
                self.problem(f"mã biến không hợp lệ: {', '.join(bad)}", line, join(path, key))
                return None
            return LinearExpr.of(names)
        try:
            expr = parse_expression(str(value))
        except FormulaError as exc:
            self.problem(str(exc), line, join(path, key))
            return None
        if not expr.terms:
            self.problem("công thức phải có ít nhất một biến", line, join(path, key))
            return None
        return expr

    def entries(
        self,
        items: LList,
        list_name: str,
        kind: str,
        noun: str,
        pattern: re.Pattern[str] = CODE_RE,
    ) -> Iterator[tuple[LMap, str, str]]:
        """Each mapping of a list with its path and checked, not-yet-seen code."""
        seen: set[str] = set()
        for n, item in enumerate(items):
            m = self.mapping(item, items.line_of(n), f"{list_name}[{n}]")
            if m is None:
                continue
            path = f"{list_name}[{m.get('code', n)}]"
            self.check_keys(m, kind, path)
            code = self.code(m, "code", path, pattern, kind=kind)
            if code in seen:
                self.problem(f"{noun} «{code}» bị khai báo hai lần", m.line_of("code"), path)
            seen.add(code)
            yield m, path, code

    def minimum(self, m: LMap, path: str) -> int:
        if m.get("min") is None:
            return 0
        value = self.number(m["min"], m.line_of("min"), join(path, "min"), whole=True)
        if value is None or value < 0:
            self.problem("«min» phải là số nguyên không âm", m.line_of("min"), join(path, "min"))
            return 0
        return int(value)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
