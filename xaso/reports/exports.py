"""A province-year's results as an Excel workbook: communes × indicators with verdicts and
gaps, the bottlenecks and the communes one step away — the dashboards' figures, written
out (the same engine results, never recomputed here). No text cell starts like a formula."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xaso.dashboards import figures
from xaso.dashboards.figures import Picture
from xaso.engine.display import gap_text, value_text

from .workbook import inert

_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_OK = PatternFill("solid", fgColor="DAFBE1")
_FAIL = PatternFill("solid", fgColor="FFEBE9")
_MISSING = PatternFill("solid", fgColor="FFF8C5")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _header(ws: object, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts, start=1):
        cell = ws.cell(row=row, column=col, value=text)  # type: ignore[attr-defined]
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD, _WRAP


def results_workbook(p: Picture, *, title: str, status_names: dict[str, str]) -> bytes:
    """Three sheets: "Kết quả" (one row per commune; per indicator its value and, when not
    met, the gap), "Điểm nghẽn" and "Còn một chỉ tiêu"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Bộ tiêu chí: {p.criteria.name} (phiên bản {p.criteria.version})"
    indicators = list(p.criteria.indicators)
    fixed = ["Mã xã", "Tên xã, phường", "Huyện", "Tình trạng", "Số chỉ tiêu chưa đạt"]
    _header(ws, 4, fixed + [f"{i.code} {i.name}" for i in indicators])
    statuses = p.statuses()
    failing = p.failing
    rows = [i for i in range(len(p.places)) if p.select[i]]
    for r, i in enumerate(rows, start=5):
        place = p.places[i]
        ws.cell(row=r, column=1, value=place.code)
        ws.cell(row=r, column=2, value=place.name)
        ws.cell(row=r, column=3, value=place.district_name)
        ws.cell(row=r, column=4, value=status_names[statuses[i]])
        ws.cell(row=r, column=5, value=int(failing[i]))
        for j, ind in enumerate(indicators, start=len(fixed) + 1):
            result = p.batch.indicator_result(ind.code, i)
            if not result.applicable:
                text, fill = "không áp dụng", None
            elif result.missing:
                text, fill = "thiếu số liệu", _MISSING
            elif result.met:
                text, fill = value_text(ind, result), _OK
            else:
                text, fill = f"{value_text(ind, result)} – {gap_text(ind, result)}", _FAIL
            cell = ws.cell(row=r, column=j, value=text)
            if fill is not None:
                cell.fill = fill
    ws.freeze_panes = "F5"
    for col, width in zip("ABCDE", (10, 28, 22, 20, 10), strict=True):
        ws.column_dimensions[col].width = width
    for j in range(len(fixed) + 1, len(fixed) + 1 + len(indicators)):
        ws.column_dimensions[get_column_letter(j)].width = 18
    ws.row_dimensions[4].height = 75

    b = wb.create_sheet("Điểm nghẽn")
    _header(
        b,
        1,
        ["Mã", "Chỉ tiêu", "Nhóm", "Yêu cầu", "Số xã chưa đạt", "Trong đó thiếu số liệu",
         "Số xã áp dụng", "Tỷ lệ chưa đạt", "Xã chỉ còn vướng chỉ tiêu này", "Tổng khoảng cách",
         "Cần thêm"],
    )  # fmt: skip
    for r, row in enumerate(figures.bottleneck_rows(p), start=2):
        values = [row.indicator.code, row.indicator.name, row.group_name, row.target,
                  row.failing, row.missing, row.applicable, row.failing_share,
                  row.only_blocker, row.total_gap, row.need]  # fmt: skip
        for col, value in enumerate(values, start=1):
            b.cell(row=r, column=col, value=value)
    for col, width in zip("ABCDEFGHIJK", (6, 60, 16, 10, 10, 10, 10, 10, 12, 12, 60), strict=True):
        b.column_dimensions[col].width = width

    o = wb.create_sheet("Còn một chỉ tiêu")
    _header(o, 1, ["Mã xã", "Tên xã, phường", "Huyện", "Chỉ tiêu còn lại", "Cần làm"])
    steps = sorted(p.one_step().items(), key=lambda kv: (kv[1][1] is None, kv[1][1] or 0, kv[0]))
    r = 2
    for i, (code, _gap) in steps:
        if not p.select[i]:
            continue
        ind = p.criteria.indicator(code)
        result = p.batch.indicator_result(code, i)
        place = p.places[i]
        for col, value in enumerate(
            [place.code, place.name, place.district_name, f"{code} {ind.name}",
             gap_text(ind, result)],
            start=1,
        ):  # fmt: skip
            o.cell(row=r, column=col, value=value)
        r += 1
    for col, width in zip("ABCDE", (10, 28, 22, 60, 30), strict=True):
        o.column_dimensions[col].width = width
    inert(wb)  # names and decision texts typed by people never run as formulas
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
