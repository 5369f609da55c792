"""Workbooks written by Xã Số (results, templates) never carry a formula: text typed by
people that starts like one is written as text with a leading ' (OWASP "CSV injection")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit

from ..fixtures import passing
from .test_excel import YEAR, _upload

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


def _named_like_formulas(province: Unit) -> list[Unit]:
    communes = list(
        Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[
            : len(PAYLOADS)
        ]
    )
    for unit, payload in zip(communes, PAYLOADS, strict=True):
        unit.name = payload
        unit.save(update_fields=["name"])
    return communes


def _text_cells(data: bytes) -> dict[str, Any]:
    """Every cell whose text contains a payload, by sheet!address."""
    wb = load_workbook(io.BytesIO(data))
    return {
        f"{ws.title}!{cell.coordinate}": cell
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and any(p in cell.value for p in PAYLOADS)
    }


def _assert_inert(cells: dict[str, Any], expected: int) -> None:
    assert len(cells) >= expected
    for where, cell in cells.items():
        assert cell.data_type == "s", where
        assert not str(cell.value).startswith(("=", "+", "-", "@")), (where, cell.value)


def test_the_results_workbook_writes_formula_like_names_as_text(
    admin: Client, cs: Any, province: Unit
) -> None:
    from xaso.assessments.services.values import values_bulk_load

    communes = _named_like_formulas(province)
    values_bulk_load(
        criteria_version=CriteriaSetVersion.objects.get(),
        rows=[(u, 2024, passing(cs)) for u in communes],
    )
    r = admin.get("/bao-cao/ket-qua/38/2024/")
    assert r.status_code == 200
    cells = _text_cells(r.content)
    _assert_inert(cells, len(PAYLOADS))
    names = {c.value for c in cells.values()}
    assert {"'" + p for p in PAYLOADS} <= names


def test_a_province_template_writes_formula_like_names_as_text_and_still_imports(
    admin: Client, cs: Any, province: Unit
) -> None:
    _named_like_formulas(province)
    template = admin.get(f"/bao-cao/mau/38/{YEAR}/")
    cells = _text_cells(template.content)
    _assert_inert(cells, len(PAYLOADS))
    assert {c.value for c in cells.values()} == {"'" + p for p in PAYLOADS}
    # The signed marker is never touched: the template is still accepted.
    check = _upload(admin, template.content).context["check"]
    assert check.ok, check.problems


def test_inert_spares_numbers_and_the_signed_marker() -> None:
    from openpyxl import Workbook

    from xaso.reports.workbook import MARKER_SHEET, inert

    wb = Workbook()
    ws = wb.active
    ws.append([*PAYLOADS, -2, 3.5])
    marker = wb.create_sheet(MARKER_SHEET)
    marker["A1"] = "-signed:value"
    inert(wb)
    assert [c.value for c in ws[1]] == [*("'" + p for p in PAYLOADS), -2, 3.5]
    assert [c.data_type for c in ws[1]] == ["s"] * len(PAYLOADS) + ["n", "n"]
    assert marker["A1"].value == "-signed:value"
