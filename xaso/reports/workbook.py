"""Excel templates generated from a criteria-set version, filled offline, read back in.

Two shapes, both with Vietnamese headers and help, data validation (whole numbers ≥ 0,
có/không lists), locked header cells, an instructions sheet and a hidden, signed marker
naming the criteria version, year, round and units the template was made for:

* a commune's template: one sheet, one variable per row ("Giá trị" column);
* a province's (or district's) template: one row per commune, one variable per column.

The marker is signed with the site's secret (``django.core.signing``): a template of
another version or round, or an edited marker, is refused on import before any cell is
read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from io import BytesIO

from django.core import signing
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xaso.common.text import spreadsheet_safe
from xaso.engine import CriteriaSet, Variable

MARKER_SHEET = "_xaso"
DATA_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
SALT = "xaso.reports.template"
COMMUNE, AREA = "xa", "tinh"
YES, NO = "có", "không"

# Commune template: the first data row, and the columns.
COMMUNE_FIRST_ROW = 6
COMMUNE_VALUE_COLUMN = 4  # D
# Province template: header rows (codes, labels, units) then one row per commune.
AREA_CODE_ROW = 4
AREA_FIRST_ROW = 7
AREA_FIRST_VARIABLE_COLUMN = 4  # D; A: code, B: name, C: district

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class Marker:
    """What a template was made for; signed into the hidden sheet."""

    kind: str  # COMMUNE or AREA
    set_id: str
    version: str
    year: int
    province: str  # province code
    era: str
    round_id: int | None = None
    assessment_id: int | None = None
    units: tuple[str, ...] = ()  # commune codes, in row order

    def signed(self) -> str:
        data = asdict(self)
        data["units"] = list(self.units)
        return signing.dumps(data, salt=SALT, compress=True)

    @classmethod
    def unsigned(cls, text: str) -> Marker:
        """Raises ``signing.BadSignature`` for an edited or foreign marker."""
        data = signing.loads(text, salt=SALT)
        data["units"] = tuple(data.get("units") or ())
        return cls(**data)


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    district: str
    values: Mapping[str, int | bool]


def _cell_value(var: Variable, value: int | bool | None) -> object:
    if value is None:
        return None
    if var.kind == "yes_no":
        return YES if value else NO
    return int(value)


def _validation(var: Variable) -> DataValidation:
    if var.kind == "yes_no":
        dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
        dv.error = "Chọn «có» hoặc «không»."
    else:
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1=str(var.minimum), allow_blank=True
        )
        dv.error = f"Nhập số nguyên từ {var.minimum} trở lên (không dùng dấu chấm, dấu phẩy)."
    dv.errorTitle = "Giá trị chưa hợp lệ"
    dv.showErrorMessage = True
    return dv


def _protect(ws: Worksheet) -> None:
    """Header cells locked, input cells open; no password (this guards against slips, not
    people: the import checks every cell anyway)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _help_sheet(wb: Workbook, cs: CriteriaSet, marker: Marker, title: str) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    lines = [
        (title, _TITLE),
        (f"Bộ tiêu chí: {cs.name} (phiên bản {cs.version}), năm {marker.year}.", None),
        ("", None),
        ("Cách điền", _BOLD),
        (f"1. Chỉ nhập vào các ô nền vàng của trang «{DATA_SHEET}»; các ô khác đã khóa.", None),
        ("2. Nhập số nguyên không âm, không dùng dấu chấm hay dấu phẩy (ví dụ 4210).", None),
        ("3. Câu hỏi có/không: chọn «có» hoặc «không» trong danh sách.", None),
        ("4. Không nhập công thức và không nhập chữ vào ô số: Xã Số sẽ từ chối các ô đó.", None),
        (
            "5. Ô để trống nghĩa là chưa có số liệu: giá trị đã lưu trong Xã Số được giữ nguyên.",
            None,
        ),
        ("6. Không đổi tên, thêm hay xóa trang; không sửa trang ẩn «_xaso».", None),
        ("", None),
        ("Tải lên", _BOLD),
        (
            "Vào Xã Số, mục «Nhập số liệu từ Excel», chọn tệp này. Xã Số kiểm tra từng ô và liệt",
            None,
        ),
        (
            "kê mọi lỗi (trang, ô, lỗi gì, cần gì) trước khi lưu; chỉ khi bạn bấm «Xác nhận lưu»",
            None,
        ),
        ("số liệu mới được lưu, và lưu tất cả hoặc không lưu gì.", None),
        ("", None),
        (
            "Mẫu này chỉ dùng cho đúng bộ tiêu chí, năm và đợt ghi ở trên; "
            "năm khác hãy tải mẫu mới.",
            None,
        ),
    ]
    for i, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=text)
        if font is not None:
            cell.font = font
    ws.column_dimensions["A"].width = 100
    _protect(ws)


def _marker_sheet(wb: Workbook, marker: Marker) -> None:
    ws = wb.create_sheet(MARKER_SHEET)
    ws["A1"] = marker.signed()
    ws.sheet_state = "veryHidden"
    _protect(ws)


def inert(wb: Workbook, *, skip: tuple[str, ...] = (MARKER_SHEET,)) -> None:
    """Every text cell made safe to open (:func:`spreadsheet_safe`): openpyxl writes text
    starting with "=" as a formula, and Excel runs "+", "-" and "@" text typed into it.
    Xã Số never writes a formula, so no cell is spared but the signed marker's."""
    for ws in wb.worksheets:
        if ws.title in skip:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = spreadsheet_safe(cell.value)
                    if safe != cell.value or cell.data_type == "f":
                        cell.value = safe
                        cell.data_type = "s"


def _save(wb: Workbook) -> bytes:
    inert(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def commune_template(
    cs: CriteriaSet, marker: Marker, *, unit_name: str, values: Mapping[str, int | bool]
) -> bytes:
    """One commune's template: variables down the page, today's stored values filled in."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws["A1"] = f"Số liệu tự đánh giá chuyển đổi số – {unit_name} – năm {marker.year}"
    ws["A1"].font = _TITLE
    ws["A2"] = f"Bộ tiêu chí: {cs.name} (phiên bản {cs.version})"
    ws["A3"] = "Chỉ nhập vào cột «Giá trị» (ô nền vàng). Xem trang «Hướng dẫn»."
    headers = ("Mã biến", "Nội dung", "Đơn vị tính", "Giá trị", "Hướng dẫn", "Dùng cho chỉ tiêu")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=COMMUNE_FIRST_ROW - 1, column=col, value=text)
        cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BOX
    used_by: dict[str, list[str]] = {}
    for ind in cs.indicators:
        for code in ind.variables:
            used_by.setdefault(code, []).append(ind.code)
    for i, var in enumerate(cs.variables):
        row = COMMUNE_FIRST_ROW + i
        unit = "có / không" if var.kind == "yes_no" else var.unit
        cells = (var.code, var.label, unit, None, var.help, ", ".join(used_by.get(var.code, [])))
        for col, text in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=col, value=text)
            cell.border, cell.alignment = _BOX, _WRAP
        value = ws.cell(row=row, column=COMMUNE_VALUE_COLUMN)
        value.value = _cell_value(var, values.get(var.code))
        value.fill, value.protection = _INPUT_FILL, _UNLOCKED
        dv = _validation(var)
        ws.add_data_validation(dv)
        dv.add(value)
    for col, width in zip("ABCDEF", (26, 60, 14, 14, 50, 18), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=COMMUNE_FIRST_ROW, column=1)
    _protect(ws)
    _help_sheet(wb, cs, marker, f"Mẫu nhập số liệu của {unit_name}, năm {marker.year}")
    _marker_sheet(wb, marker)
    return _save(wb)


def area_template(
    cs: CriteriaSet, marker: Marker, *, area_name: str, lines: Sequence[UnitLine]
) -> bytes:
    """A province's (or district's) template: one row per commune, variables across."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws["A1"] = f"Số liệu chuyển đổi số cấp xã – {area_name} – năm {marker.year}"
    ws["A1"].font = _TITLE
    ws["A2"] = (
        f"Bộ tiêu chí: {cs.name} (phiên bản {cs.version}). "
        "Hàng 4: mã biến; hàng 5: nội dung; hàng 6: đơn vị tính."
    )
    ws["A3"] = "Chỉ nhập vào các ô nền vàng, mỗi xã một hàng. Xem trang «Hướng dẫn»."
    fixed = ("Mã xã", "Tên xã, phường", "Huyện")
    for col, text in enumerate(fixed, start=1):
        for row in (AREA_CODE_ROW, AREA_CODE_ROW + 1, AREA_CODE_ROW + 2):
            cell = ws.cell(row=row, column=col, value=text if row == AREA_CODE_ROW + 1 else None)
            cell.font, cell.fill, cell.border = _BOLD, _HEAD_FILL, _BOX
    n = len(lines)
    for j, var in enumerate(cs.variables):
        col = AREA_FIRST_VARIABLE_COLUMN + j
        unit = "có / không" if var.kind == "yes_no" else var.unit
        for row, text in ((AREA_CODE_ROW, var.code), (AREA_CODE_ROW + 1, var.label),
                          (AREA_CODE_ROW + 2, unit)):  # fmt: skip
            cell = ws.cell(row=row, column=col, value=text)
            cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD_FILL, _BOX, _WRAP
        ws.column_dimensions[get_column_letter(col)].width = 16
        if n:
            letter = get_column_letter(col)
            dv = _validation(var)
            ws.add_data_validation(dv)
            dv.add(f"{letter}{AREA_FIRST_ROW}:{letter}{AREA_FIRST_ROW + n - 1}")
    ws.row_dimensions[AREA_CODE_ROW + 1].height = 90
    for i, line in enumerate(lines):
        row = AREA_FIRST_ROW + i
        for col, text in enumerate((line.code, line.name, line.district), start=1):
            ws.cell(row=row, column=col, value=text).border = _BOX
        for j, var in enumerate(cs.variables):
            cell = ws.cell(row=row, column=AREA_FIRST_VARIABLE_COLUMN + j)
            cell.value = _cell_value(var, line.values.get(var.code))
            cell.fill, cell.protection, cell.border = _INPUT_FILL, _UNLOCKED, _BOX
    for col, width in zip("ABC", (10, 28, 22), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=AREA_FIRST_ROW, column=AREA_FIRST_VARIABLE_COLUMN)
    _protect(ws)
    _help_sheet(wb, cs, marker, f"Mẫu nhập số liệu các xã của {area_name}, năm {marker.year}")
    _marker_sheet(wb, marker)
    return _save(wb)


__all__ = [
    "AREA",
    "COMMUNE",
    "DATA_SHEET",
    "MARKER_SHEET",
    "Marker",
    "UnitLine",
    "area_template",
    "commune_template",
    "inert",
]
