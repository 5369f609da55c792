"""Raw values for many unit-years, column by column, and reading them from CSV.

A :class:`ValueTable` keeps one integer array per variable (yes/no as 0/1) plus a mask of
cells left empty, which is what the batch evaluator needs. Reading a CSV checks every
cell and every rule between variables first and reports all problems in Vietnamese by row
and column; a table is only returned when nothing is wrong, so no partial result exists.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import numpy.typing as npt

from .errors import Problem, ValuesInvalid
from .model import UNIT_TYPE_NAMES, UNIT_TYPES, CriteriaSet, Variable
from .validate import MAX_DIGITS, MAX_VALUE, table_problems, too_small

META_COLUMNS = ("unit_code", "unit_name", "year")
OPTIONAL_COLUMNS = ("unit_type",)
MAX_PROBLEMS = 200  # enough to fix a file in one pass without flooding the screen

_YES = {"1", "có", "co", "yes", "y", "x", "true", "đạt", "dat"}
_NO = {"0", "không", "khong", "no", "n", "", "false", "chưa", "chua", "chưa đạt"}
_INT = re.compile(r"^[+-]?\d+$")
_UNIT_TYPE_BY_NAME = {name: code for code, name in UNIT_TYPE_NAMES.items()}

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class ValueTable:
    """Raw values of many unit-years for one criteria set's variables."""

    columns: dict[str, IntArray]
    missing: dict[str, BoolArray]
    unit_codes: list[str]
    unit_names: list[str]
    years: list[int]
    unit_types: list[str]
    yes_no: frozenset[str] = frozenset()
    lines: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.unit_codes)

    def row_values(self, i: int) -> dict[str, int | bool | None]:
        """One row as the single-unit evaluator takes it."""
        row: dict[str, int | bool | None] = {}
        for code, column in self.columns.items():
            mask = self.missing.get(code)
            if mask is not None and mask[i]:
                row[code] = None
            elif code in self.yes_no:
                row[code] = bool(column[i])
            else:
                row[code] = int(column[i])
        return row

    def missing_mask(self, code: str) -> BoolArray | None:
        return self.missing.get(code)

    @classmethod
    def concat(cls, tables: Sequence[ValueTable]) -> ValueTable:
        """Several tables of the same variables as one, rows in order: evaluating many small
        tables (a country's provinces) at once costs about as much as one of them."""
        if not tables:
            raise ValueError("concat needs at least one table")
        first = tables[0]
        codes = list(first.columns)
        if any(list(t.columns) != codes for t in tables):
            raise ValueError("concat needs tables of the same variables")
        columns = {c: np.concatenate([t.columns[c] for t in tables]) for c in codes}
        missing = {}
        for c in codes:
            if any(c in t.missing for t in tables):
                missing[c] = np.concatenate(
                    [t.missing.get(c, np.zeros(len(t), dtype=np.bool_)) for t in tables]
                )
        return cls(
            columns=columns,
            missing=missing,
            unit_codes=[u for t in tables for u in t.unit_codes],
            unit_names=[u for t in tables for u in t.unit_names],
            years=[y for t in tables for y in t.years],
            unit_types=[u for t in tables for u in t.unit_types],
            yes_no=first.yes_no,
            lines=[line for t in tables for line in (t.lines or range(2, len(t) + 2))],
        )

    def for_criteria(self, cs: CriteriaSet) -> ValueTable:
        """The same rows with exactly ``cs``'s variables, for asking "what if another set
        applied to these counts?". A variable these rows never had is missing everywhere
        (never zero), so the other set's verdicts say "thiếu số liệu" rather than guess.
        """
        n = len(self)
        columns: dict[str, IntArray] = {}
        missing: dict[str, BoolArray] = {}
        for var in cs.variables:
            column = self.columns.get(var.code)
            if column is None:
                columns[var.code] = np.zeros(n, dtype=np.int64)
                missing[var.code] = np.ones(n, dtype=np.bool_)
            else:
                columns[var.code] = column
                mask = self.missing.get(var.code)
                if mask is not None:
                    missing[var.code] = mask
        return replace(
            self,
            columns=columns,
            missing=missing,
            yes_no=frozenset(v.code for v in cs.variables if v.kind == "yes_no"),
        )

    @classmethod
    def from_records(cls, cs: CriteriaSet, records: Iterable[Mapping[str, Any]]) -> ValueTable:
        """Build from dicts (``unit_code``, ``unit_name``, ``year``, ``unit_type``, values).

        Used by code that already holds checked values (the database, tests); a missing
        or None value is an empty cell.
        """
        records = list(records)
        yes_no = frozenset(v.code for v in cs.variables if v.kind == "yes_no")
        columns: dict[str, IntArray] = {}
        missing: dict[str, BoolArray] = {}
        for var in cs.variables:
            raw = [r.get(var.code) for r in records]
            mask = np.fromiter((v is None for v in raw), dtype=np.bool_, count=len(raw))
            columns[var.code] = np.fromiter(
                (0 if v is None else int(v) for v in raw), dtype=np.int64, count=len(raw)
            )
            if mask.any():
                missing[var.code] = mask
        return cls(
            columns=columns,
            missing=missing,
            unit_codes=[str(r.get("unit_code", "")) for r in records],
            unit_names=[str(r.get("unit_name", "")) for r in records],
            years=[int(r.get("year", 0) or 0) for r in records],
            unit_types=[str(r.get("unit_type") or "xa") for r in records],
            yes_no=yes_no,
            lines=list(range(2, len(records) + 2)),
        )


def parse_yes_no(text: str) -> bool | None:
    """1/0, có/không, yes/no, x/empty (any case); None when it is none of these."""
    key = unicodedata.normalize("NFC", text).strip().lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(self, message: str, line: int | None = None, column: str = "") -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(message, self.source, line, column, "cột"))
        else:
            self.truncated = True

    truncated = False

    def raise_if_any(self) -> None:
        if self.items:
            items = list(self.items)
            if self.truncated:
                items.append(
                    Problem(
                        f"đã dừng sau {MAX_PROBLEMS} lỗi, có thể còn lỗi khác; "
                        "hãy sửa các lỗi trên rồi kiểm tra lại",
                        self.source,
                    )
                )
            raise ValuesInvalid(items)


def _open(source: str | Path | TextIO, name: str) -> TextIO:
    if not isinstance(source, (str, Path)):
        return source
    try:
        return open(source, encoding="utf-8-sig", newline="")  # the caller closes it
    except FileNotFoundError:
        raise ValuesInvalid([Problem("không tìm thấy tệp", name)]) from None
    except IsADirectoryError:
        raise ValuesInvalid([Problem("đây là một thư mục, không phải tệp CSV", name)]) from None
    except OSError as exc:
        raise ValuesInvalid([Problem(f"không đọc được tệp ({exc.strerror})", name)]) from None


_NOT_UTF8 = (
    "tệp không phải văn bản UTF-8; trong Excel hãy chọn «Lưu thành» → "
    "«CSV UTF-8 (phân tách bằng dấu phẩy)»"
)


def _int_column(
    cells: list[str], lines: list[int], var: Variable, problems: _Problems
) -> tuple[IntArray, BoolArray | None]:
    code = var.code
    joined = "".join(cells)
    if (
        joined.isascii()
        and joined.isdigit()
        and "" not in cells
        and max(map(len, cells)) <= MAX_DIGITS
    ):
        # Fast path: every cell is a plain non-negative whole number of sane size.
        values = np.array(cells, dtype=np.int64)
        if var.minimum and (values < var.minimum).any():
            for row in np.flatnonzero(values < var.minimum):
                problems.add(too_small(var), lines[row], code)
        return values, None
    values = np.zeros(len(cells), dtype=np.int64)
    mask = np.zeros(len(cells), dtype=np.bool_)
    for i, raw in enumerate(cells):
        text = raw.strip()
        if text == "":
            mask[i] = True
        elif _INT.match(text) and text.isascii():
            if len(text.lstrip("+-")) > MAX_DIGITS:
                problems.add(
                    f"số {text} quá lớn (tối đa {MAX_VALUE:,})".replace(",", "."), lines[i], code
                )
                continue
            number = int(text)
            if number < 0:
                problems.add(f"số âm ({text}); số liệu phải từ 0 trở lên", lines[i], code)
            elif number < var.minimum:
                problems.add(too_small(var), lines[i], code)
            values[i] = number
        else:
            hint = ""
            if re.match(r"^\d{1,3}([.,]\d{3})+$", text):
                hint = "; ghi số liền, không dùng dấu chấm hay phẩy ngăn cách hàng nghìn"
            elif re.match(r"^\d+[.,]\d+$", text):
                hint = "; số liệu phải là số nguyên (số người, số hộ …)"
            problems.add(f"«{raw}» không phải số nguyên{hint}", lines[i], code)
    return values, (mask if mask.any() else None)


def _yes_no_column(cells: list[str], lines: list[int], code: str, problems: _Problems) -> IntArray:
    values = np.zeros(len(cells), dtype=np.int64)
    for i, raw in enumerate(cells):
        answer = parse_yes_no(raw)
        if answer is None:
            problems.add(
                f"«{raw}» không phải câu trả lời có/không (dùng 1/0, có/không, "
                "yes/no, x hoặc để trống)",
                lines[i],
                code,
            )
        else:
            values[i] = int(answer)
    return values


def read_values_csv(
    source: str | Path | TextIO, cs: CriteriaSet, *, name: str | None = None
) -> ValueTable:
    """Read raw counts for ``cs`` from CSV and check them whole.

    Columns: ``unit_code,unit_name,year``, every variable of the set, and optionally
    ``unit_type`` (xa / phuong / thi_tran / dac_khu; default xa). Raises
    :class:`ValuesInvalid` with every problem by row and column; returns nothing partial.
    The file is read in chunks, so memory stays near the size of the integer columns.
    """
    label = name or (str(source) if isinstance(source, (str, Path)) else "<dữ liệu>")
    handle = _open(source, label)
    try:
        return _read(handle, cs, label)
    except UnicodeDecodeError:
        raise ValuesInvalid([Problem(_NOT_UTF8, label)]) from None
    finally:
        if isinstance(source, (str, Path)):
            handle.close()


class _Columns:
    """Column chunks being collected while the file is read."""

    def __init__(self, cs: CriteriaSet) -> None:
        self.cs = cs
        self.values: dict[str, list[IntArray]] = {v.code: [] for v in cs.variables}
        self.masks: dict[str, list[BoolArray]] = {v.code: [] for v in cs.variables}
        self.unit_codes: list[str] = []
        self.unit_names: list[str] = []
        self.years: list[int] = []
        self.unit_types: list[str] = []
        self.lines: list[int] = []
        self.first_line: dict[tuple[str, int], int] = {}

    def add(
        self, rows: list[list[str]], lines: list[int], position: dict[str, int], problems: _Problems
    ) -> None:
        width = len(position)
        bad = [(r, n) for r, n in zip(rows, lines, strict=True) if len(r) != width]
        for row, line in bad:
            problems.add(f"dòng có {len(row)} ô nhưng tiêu đề có {width} cột", line)
        if bad:
            return
        cells = list(zip(*rows, strict=True))

        def column(code: str) -> list[str]:
            return list(cells[position[code]])

        codes = [c.strip() for c in column("unit_code")]
        self.unit_names += [c.strip() for c in column("unit_name")]
        for code, raw, line in zip(codes, column("year"), lines, strict=True):
            text_year = raw.strip()
            year = 0
            if text_year.isascii() and text_year.isdigit() and 1900 <= int(text_year) <= 2100:
                year = int(text_year)
            else:
                problems.add(f"năm «{raw}» không hợp lệ (cần dạng 2024)", line, "year")
            if not code:
                problems.add("thiếu mã đơn vị", line, "unit_code")
            elif year and (code, year) in self.first_line:
                problems.add(
                    f"đơn vị {code} năm {year} đã có ở dòng {self.first_line[(code, year)]}",
                    line,
                    "unit_code",
                )
            else:
                self.first_line[(code, year)] = line
            self.years.append(year)
        self.unit_codes += codes
        self.lines += lines
        if "unit_type" in position:
            for raw, line in zip(column("unit_type"), lines, strict=True):
                key = unicodedata.normalize("NFC", raw).strip().lower()
                key = _UNIT_TYPE_BY_NAME.get(key, key.replace(" ", "_")) or "xa"
                if key not in UNIT_TYPES:
                    problems.add(
                        f"loại đơn vị «{raw}» không hợp lệ (xã, phường, thị trấn, đặc khu)",
                        line,
                        "unit_type",
                    )
                self.unit_types.append(key)
        else:
            self.unit_types += ["xa"] * len(rows)
        for var in self.cs.variables:
            if var.kind == "yes_no":
                values = _yes_no_column(column(var.code), lines, var.code, problems)
                mask = None
            else:
                values, mask = _int_column(column(var.code), lines, var, problems)
            self.values[var.code].append(values)
            self.masks[var.code].append(
                mask if mask is not None else np.zeros(len(rows), dtype=np.bool_)
            )

    def table(self) -> ValueTable:
        columns = {code: np.concatenate(chunks) for code, chunks in self.values.items()}
        missing = {}
        for code, chunks in self.masks.items():
            mask = np.concatenate(chunks)
            if mask.any():
                missing[code] = mask
        return ValueTable(
            columns=columns,
            missing=missing,
            unit_codes=self.unit_codes,
            unit_names=self.unit_names,
            years=self.years,
            unit_types=self.unit_types,
            yes_no=frozenset(v.code for v in self.cs.variables if v.kind == "yes_no"),
            lines=self.lines,
        )


_CHUNK = 4096


def _read(handle: TextIO, cs: CriteriaSet, label: str) -> ValueTable:
    problems = _Problems(label)
    first = handle.readline()
    if first.startswith("\ufeff"):
        first = first[1:]
    if not first.strip():
        raise ValuesInvalid([Problem("tệp trống: cần một dòng tiêu đề và các dòng số liệu", label)])
    header_line = 1
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        # Excel writes "sep=;" above the header when asked to keep the separator.
        delimiter = first.strip()[4]
        first, header_line = handle.readline(), 2
    else:
        delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    while header and not header[-1]:  # Excel's trailing empty columns
        header.pop()
    expected = list(META_COLUMNS) + list(cs.variable_codes)
    allowed = set(expected) | set(OPTIONAL_COLUMNS)
    seen: set[str] = set()
    for number, col in enumerate(header, 1):
        if not col:
            problems.add(f"cột thứ {number} không có tên", header_line)
            continue
        if col in seen:
            problems.add("cột bị lặp lại", header_line, col)
        seen.add(col)
        if col not in allowed:
            problems.add(
                f"cột không có trong bộ tiêu chí {cs.id} (lệnh «xaso template {cs.id}» in ra "
                "dòng tiêu đề đúng)",
                header_line,
                col,
            )
    for col in expected:
        if col not in seen:
            problems.add("thiếu cột này", header_line, col)
    problems.raise_if_any()

    position = {col: i for i, col in enumerate(header)}
    collected = _Columns(cs)
    reader = csv.reader(handle, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    width = len(header)
    last = 0  # line where the previous record ended (the reader counts after the header)
    try:
        for row in reader:
            start, last = last + 1 + header_line, reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) > width and not any(c.strip() for c in row[width:]):
                row = row[:width]
            rows.append(row)
            lines.append(start)  # a quoted cell may span lines: name the first
            if len(rows) == _CHUNK:
                collected.add(rows, lines, position, problems)
                rows, lines = [], []
    except csv.Error as exc:
        raise ValuesInvalid(
            [Problem(f"tệp CSV hỏng ({exc})", label, reader.line_num + header_line)]
        ) from None
    if rows:
        collected.add(rows, lines, position, problems)
    if not collected.lines and not problems.items:
        raise ValuesInvalid([Problem("tệp chỉ có dòng tiêu đề, chưa có số liệu", label)])
    problems.raise_if_any()
    table = collected.table()
    for problem in table_problems(cs, table, label):
        problems.items.append(problem)
        if len(problems.items) >= MAX_PROBLEMS:
            break
    problems.raise_if_any()
    return table
