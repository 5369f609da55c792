"""Reading an uploaded workbook, defensively, into raw counts with their cell addresses.

Before a byte is unpacked: the file's size, that it is a zip at all, that it carries no
macros, and that it does not unpack into far more than it weighs (a "zip bomb"). Then the
signed marker, and only then the cells, streamed by :mod:`xaso.reports.xlsx` (never
openpyxl) within documented limits:

* the upload: ``XASO_MAX_IMPORT_MB`` (10 MB by default); at most :data:`MAX_ENTRIES` parts,
  unpacking to at most :data:`MAX_EXPANSION` times the file's size in all;
* each part read: at most 32 MB unpacked (:data:`xaso.reports.xlsx.MAX_PART_BYTES`);
* shared strings: at most 50,000 entries and 5 million characters, counted as they stream;
* the data sheet: at most 200,000 cells and 600,000 XML elements in all, counted as they
  stream; only the template's columns and at most :data:`MAX_ROWS` communes are kept (rows
  after those are not parsed).

Every problem names the sheet and the cell, says what is wrong and what was expected, in
Vietnamese; a broken file (not a zip, a missing or damaged part, bad XML) is one clear
problem, never an error page. Nothing here writes anything.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core import signing
from openpyxl.utils import get_column_letter

from xaso.engine import CriteriaSet
from xaso.engine.table import parse_yes_no

from .workbook import (
    AREA,
    AREA_CODE_ROW,
    AREA_FIRST_ROW,
    AREA_FIRST_VARIABLE_COLUMN,
    COMMUNE,
    COMMUNE_FIRST_ROW,
    COMMUNE_VALUE_COLUMN,
    DATA_SHEET,
    MARKER_SHEET,
    Marker,
)
from .xlsx import BROKEN, Cell, XlsxBook, XlsxRefused, broken

MAX_EXPANSION = 50  # unpacked size at most 50 times the file's (real workbooks: 5–10)
MAX_ENTRIES = 1000
MAX_ROWS = 5000
MAX_CONTENT_TYPES_BYTES = 1_048_576  # [Content_Types].xml of a real workbook: ~2 KB
QUOTE_LIMIT = 60  # characters of a cell's text quoted in a problem


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    cell: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        tail = f" (cần: {self.expected})" if self.expected else ""
        return f"{where}: {self.message}{tail}"


class WorkbookRefused(Exception):
    """The file cannot be read at all; ``problems`` say why (usually one)."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Line:
    """One unit's values as read: ``cells`` maps a variable code to its cell address."""

    unit_code: str
    row: int
    values: dict[str, int | bool] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Read:
    marker: Marker
    lines: list[Line]
    problems: list[CellProblem]


def _refuse(message: str, expected: str = "", where: str = "Tệp") -> WorkbookRefused:
    return WorkbookRefused([CellProblem(where, "", message, expected)])


def _refused(exc: XlsxRefused) -> WorkbookRefused:
    return _refuse(exc.message, exc.expected)


def _quoted(raw: object) -> str:
    text = str(raw)
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"


def too_large(size: int, max_bytes: int) -> WorkbookRefused:
    return _refuse(
        f"tệp nặng {size / 1_048_576:.1f} MB, quá giới hạn {max_bytes / 1_048_576:.0f} MB",
        "một tệp .xlsx nhỏ hơn (tách theo huyện nếu cần)",
    )


def check_container(data: bytes, *, name: str, max_bytes: int) -> None:
    """The file as a file: size, zip, macros, expansion. Raises WorkbookRefused."""
    lower = name.lower()
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        raise _refuse("tệp Excel có macro không được nhận", "tệp .xlsx (Excel không macro)")
    if lower.endswith(".xls"):
        raise _refuse(
            "định dạng .xls (Excel 97–2003) không được nhận",
            "mở tệp bằng Excel rồi «Lưu thành» .xlsx",
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise _refuse("tệp không phải là tệp Excel (.xlsx)", "tệp mẫu tải từ Xã Số, dạng .xlsx")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename.lower(): i for i in infos}
            unpacked = sum(i.file_size for i in infos)
            if len(infos) > MAX_ENTRIES or unpacked > MAX_EXPANSION * max(len(data), 1_000_000):
                raise _refuse(
                    "tệp giải nén ra quá lớn so với kích thước của nó (có thể là tệp độc hại)",
                    "tệp mẫu tải từ Xã Số",
                )
            types = names.get("[content_types].xml")
            if types is not None and types.file_size > MAX_CONTENT_TYPES_BYTES:
                raise broken()
            content_types = archive.read(types) if types is not None else b""
    except XlsxRefused as exc:
        raise _refused(exc) from None
    except BROKEN:
        raise _refused(broken()) from None
    if "xl/workbook.xml" not in names:
        raise _refuse("tệp không phải là sổ tính Excel (.xlsx)", "tệp mẫu tải từ Xã Số")
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise _refuse("tệp có chứa macro (VBA) nên không được nhận", "tệp .xlsx không macro")


def open_book(data: bytes | XlsxBook) -> XlsxBook:
    """The workbook's sheets, read once per request. Raises WorkbookRefused."""
    if isinstance(data, XlsxBook):
        return data
    try:
        return XlsxBook(data)
    except XlsxRefused as exc:
        raise _refused(exc) from None


def read_marker(data: bytes | XlsxBook) -> Marker:
    """The signed marker of a template made by Xã Số. Raises WorkbookRefused."""
    book = open_book(data)
    if MARKER_SHEET not in book.sheetnames or DATA_SHEET not in book.sheetnames:
        raise _refuse(
            "tệp không phải là mẫu nhập số liệu của Xã Số (thiếu trang dữ liệu hoặc trang "
            "đánh dấu)",
            "tải mẫu từ Xã Số rồi điền vào",
        )
    try:
        text = book.cell(MARKER_SHEET, 1, 1)
    except XlsxRefused as exc:
        raise _refused(exc) from None
    try:
        return Marker.unsigned(str(text or ""))
    except (signing.BadSignature, TypeError, ValueError):
        raise _refuse(
            "trang đánh dấu của mẫu đã bị sửa hoặc mẫu không do Xã Số này tạo",
            "tải lại mẫu từ Xã Số",
        ) from None


def _value(
    cs: CriteriaSet, code: str, raw: object, data_type: str | None, where: str
) -> tuple[int | bool | None, CellProblem | None]:
    """A cell's value for variable ``code``; formulas and text in number cells refused."""
    var = cs.variable(code)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if data_type == "f" or (isinstance(raw, str) and raw.startswith("=")):
        return None, CellProblem(
            DATA_SHEET, where, f"ô có công thức «{_quoted(raw)}»", "gõ thẳng con số (dán giá trị)"
        )
    if var.kind == "yes_no":
        if isinstance(raw, bool):
            return raw, None
        answer = parse_yes_no(str(raw))
        if answer is None:
            return None, CellProblem(
                DATA_SHEET,
                where,
                f"«{_quoted(raw)}» không phải câu trả lời có/không",
                "«có» hoặc «không»",
            )
        return answer, None
    if isinstance(raw, (bool, str)):
        return None, CellProblem(
            DATA_SHEET,
            where,
            f"ô chứa chữ «{_quoted(raw)}», không phải số",
            f"số nguyên từ {var.minimum} trở lên, gõ như số (không có dấu ' phía trước)",
        )
    if isinstance(raw, float):
        if not raw.is_integer():
            return None, CellProblem(
                DATA_SHEET, where, f"{raw} không phải số nguyên", f"số nguyên ({var.unit})"
            )
        raw = int(raw)
    if not isinstance(raw, int):
        return None, CellProblem(
            DATA_SHEET, where, f"ô chứa «{_quoted(raw)}», không phải số", "số nguyên không âm"
        )
    if raw < var.minimum:
        return None, CellProblem(
            DATA_SHEET, where, f"{raw} nhỏ hơn {var.minimum}", f"số nguyên từ {var.minimum} trở lên"
        )
    return raw, None


def _unit_code(raw: object) -> str:
    """A commune code as written, also when Excel turned it into a number (08773 → 8773):
    commune codes have five digits."""
    if raw is None or isinstance(raw, bool):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        return str(raw).zfill(5)
    return str(raw).strip()


def read_values(data: bytes | XlsxBook, marker: Marker, cs: CriteriaSet) -> Read:
    """Every unit's values with their cells, and every cell-level problem found."""
    # Only the columns a template has: a file may declare a sheet 16,384 columns wide.
    width = (
        COMMUNE_VALUE_COLUMN
        if marker.kind == COMMUNE
        else AREA_FIRST_VARIABLE_COLUMN - 1 + len(cs.variables)
    )
    book = open_book(data)
    last = MAX_ROWS + AREA_FIRST_ROW
    try:
        grid: list[list[Cell]] = book.rows(DATA_SHEET, max_row=last + 1, max_col=width)
    except XlsxRefused as exc:
        raise _refused(exc) from None
    problems: list[CellProblem] = []
    if len(grid) > last:
        problems.append(
            CellProblem(
                DATA_SHEET,
                f"A{last + 1}",
                f"tệp có hơn {MAX_ROWS} xã; các hàng từ đây không được đọc",
                "tách tệp theo huyện",
            )
        )
        grid = grid[:last]
    if marker.kind == COMMUNE:
        line = Line(marker.units[0] if marker.units else "", COMMUNE_FIRST_ROW)
        expected = list(cs.variable_codes)
        for i, code in enumerate(expected):
            r = COMMUNE_FIRST_ROW + i
            cells = grid[r - 1] if r - 1 < len(grid) else []
            found = cells[0][0] if cells else None
            if str(found or "").strip() != code:
                problems.append(
                    CellProblem(
                        DATA_SHEET,
                        f"A{r}",
                        f"mã biến «{_quoted(found or '')}» không đúng chỗ",
                        code,
                    )
                )
                continue
            raw, kind = (
                cells[COMMUNE_VALUE_COLUMN - 1]
                if len(cells) >= COMMUNE_VALUE_COLUMN
                else (None, None)
            )
            where = f"{get_column_letter(COMMUNE_VALUE_COLUMN)}{r}"
            value, problem = _value(cs, code, raw, kind, where)
            if problem:
                problems.append(problem)
            elif value is not None:
                line.values[code] = value
                line.cells[code] = where
        return Read(marker, [line], problems)

    if marker.kind != AREA:
        raise _refuse("loại mẫu không rõ", "tải lại mẫu từ Xã Số")
    header = grid[AREA_CODE_ROW - 1] if len(grid) >= AREA_CODE_ROW else []
    columns: dict[int, str] = {}
    for j, code in enumerate(cs.variable_codes):
        col = AREA_FIRST_VARIABLE_COLUMN + j
        found = header[col - 1][0] if len(header) >= col else None
        if str(found or "").strip() != code:
            problems.append(
                CellProblem(
                    DATA_SHEET,
                    f"{get_column_letter(col)}{AREA_CODE_ROW}",
                    f"mã biến «{_quoted(found or '')}» không đúng cột",
                    code,
                )
            )
        else:
            columns[col] = code
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for r in range(AREA_FIRST_ROW, len(grid) + 1):
        cells = grid[r - 1]
        code = _unit_code(cells[0][0] if cells else None)
        if not code:
            if any(
                v is not None and str(v).strip()
                for v, _k in cells[AREA_FIRST_VARIABLE_COLUMN - 1 :]
            ):
                problems.append(
                    CellProblem(DATA_SHEET, f"A{r}", "hàng có số liệu nhưng thiếu mã xã", "mã xã")
                )
            continue
        if code in seen:
            problems.append(
                CellProblem(
                    DATA_SHEET,
                    f"A{r}",
                    f"mã xã {code} đã có ở hàng {seen[code]}",
                    "mỗi xã một hàng",
                )
            )
            continue
        seen[code] = r
        line = Line(code, r)
        for col, var_code in columns.items():
            raw, kind = cells[col - 1] if len(cells) >= col else (None, None)
            where = f"{get_column_letter(col)}{r}"
            value, problem = _value(cs, var_code, raw, kind, where)
            if problem:
                problems.append(problem)
            elif value is not None:
                line.values[var_code] = value
                line.cells[var_code] = where
        lines.append(line)
    return Read(marker, lines, problems)
