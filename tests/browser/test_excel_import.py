"""The province admin fills the Excel template offline with two mistakes, uploads it, sees
both listed with their cell addresses, fixes them, uploads again and confirms."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ..fixtures import provinces_catalog
from .helpers import Shot, no_horizontal_scroll

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-thu"
YEAR = 2023  # no round: the province admin loads the year's figures


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from xaso.accounts.models import Role, RoleAssignment
    from xaso.criteria.services import criteria_set_publish
    from xaso.units.models import Unit
    from xaso.units.services import units_load_catalog

    units_load_catalog(catalog=provinces_catalog(["38"]))
    path = settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"
    criteria_set_publish(yaml_text=path.read_text(encoding="utf-8"), source_name=path.name)
    province = Unit.objects.get(era="legacy", level="province", code="38")
    user = get_user_model().objects.create_user(
        "qt.thanhhoa", password=PASSWORD, first_name="Nam", last_name="Hoàng Văn"
    )
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_ADMIN, unit=province)
    communes = list(
        Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[:2]
    )
    return {"communes": communes}


def _log_in(page: Page) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("qt.thanhhoa")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_attached()


def _fill(
    template: bytes, rows: dict[str, dict[str, Any]], out: Path
) -> tuple[Path, dict[tuple[str, str], str]]:
    """The template filled in, and the address of each cell written ((commune, variable))."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from xaso.reports.workbook import AREA_CODE_ROW, AREA_FIRST_ROW, DATA_SHEET

    wb = load_workbook(io.BytesIO(template))
    ws = wb[DATA_SHEET]
    columns = {str(c.value): c.column for c in ws[AREA_CODE_ROW] if c.value and c.column >= 4}
    row_of = {ws.cell(row=r, column=1).value: r for r in range(AREA_FIRST_ROW, ws.max_row + 1)}
    for code, values in rows.items():
        for var, value in values.items():
            ws.cell(row=row_of[code], column=columns[var], value=value)
    wb.save(out)
    cells = {
        (code, var): f"{get_column_letter(columns[var])}{row_of[code]}"
        for code, values in rows.items()
        for var in values
    }
    return out, cells


def test_upload_with_two_errors_fix_and_confirm(
    page: Page, shot: Shot, world: dict[str, Any], tmp_path: Path
) -> None:
    from xaso.assessments.models import RawValue
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get

    v = CriteriaSetVersion.objects.get()
    cs = criteria_set_get(set_id=v.set_id, version=v.version)
    a, b = world["communes"]
    good = {x.code: ("có" if x.kind == "yes_no" else 100) for x in cs.variables}

    _log_in(page)
    template = page.request.get(f"/bao-cao/mau/38/{YEAR}/")
    assert template.ok
    assert template.headers["content-type"].startswith("application/vnd.openxmlformats")
    body = template.body()

    # Two mistakes: text in a number cell for A, a formula for B.
    wrong, cells = _fill(
        body,
        {a.code: {**good, "population": "năm nghìn"}, b.code: {**good, "adults": "=90+10"}},
        tmp_path / "sai.xlsx",
    )
    page.goto("/bao-cao/nhap/")
    page.wait_for_load_state("load")
    page.set_input_files("#f-file", str(wrong))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(2)
    expect(page.get_by_role("heading", name="Tệp có 2 lỗi, chưa lưu gì")).to_be_visible()
    expect(problems.nth(0).locator("td")).to_have_text(
        ["Số liệu", cells[(a.code, "population")], "ô chứa chữ «năm nghìn», không phải số",
         "số nguyên từ 1 trở lên, gõ như số (không có dấu ' phía trước)"]
    )  # fmt: skip
    expect(problems.nth(1).locator("td").nth(1)).to_have_text(cells[(b.code, "adults")])
    expect(problems.nth(1).locator("td").nth(2)).to_have_text("ô có công thức «=90+10»")
    expect(page.locator("#upload-progress")).to_have_css("opacity", "0")  # done: bar hidden
    assert no_horizontal_scroll(page)
    shot(page, "1-two-errors")
    assert RawValue.objects.count() == 0

    # Fixed in Excel, uploaded again: every change listed, nothing saved yet.
    fixed, _cells = _fill(body, {a.code: good, b.code: good}, tmp_path / "dung.xlsx")
    page.set_input_files("#f-file", str(fixed))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(
        page.get_by_role("heading", name="Tệp hợp lệ: kiểm tra lại trước khi lưu")
    ).to_be_visible()
    expect(page.locator("#changes tbody tr")).to_have_count(2 * len(cs.variables))
    expect(page.locator("#upload-progress")).to_have_css("opacity", "0")
    shot(page, "2-ready")
    assert RawValue.objects.count() == 0

    page.get_by_role("button", name="Xác nhận lưu").click()
    page.wait_for_load_state("load")
    expect(page.locator(".notice.success")).to_contain_text(
        f"Đã lưu {2 * len(cs.variables)} số liệu của 2 xã từ tệp «dung.xlsx»."
    )
    shot(page, "3-saved")
    stored = dict(RawValue.objects.filter(unit=a, year=YEAR).values_list("variable", "value"))
    assert stored == {k: (1 if v == "có" else v) for k, v in good.items()}
