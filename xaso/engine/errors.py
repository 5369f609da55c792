"""Errors the engine raises, each carrying Vietnamese text a commune officer can act on.

Errors are collected, not raised one at a time: a person fixing a file wants every problem
in one pass, named by file, line (or row) and field (or column).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a criteria file (line, field) or a data file (row, column)."""

    message: str
    source: str = ""
    line: int | None = None
    field: str = ""
    field_label: str = "trường"  # "cột" for a column of a data file
    source_label: str = "tệp"  # "đơn vị" when the values come from a unit's form

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(f"{self.source_label} {self.source}")
        if self.line is not None:
            where.append(f"dòng {self.line}")
        if self.field:
            where.append(f"{self.field_label} «{self.field}»")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class EngineError(Exception):
    """Base class: the input cannot be used; ``problems`` says every reason."""

    title = "Dữ liệu không hợp lệ"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self, limit: int = 50) -> str:
        lines = [f"{self.title} ({len(self.problems)} lỗi):"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … và {len(self.problems) - limit} lỗi khác.")
        return "\n".join(lines)


class CriteriaSetInvalid(EngineError):
    """A criteria set file cannot be loaded."""

    title = "Bộ tiêu chí không hợp lệ"


class ValuesInvalid(EngineError):
    """A table of raw counts cannot be used."""

    title = "Số liệu không hợp lệ"
