"""Excel round trips and every refusal, each refusal asserting that nothing was written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from xaso.accounts.models import Role
from xaso.assessments.models import AuditEntry, RawValue
from xaso.criteria.models import CriteriaSetVersion
from xaso.engine import evaluate
from xaso.reports.workbook import AREA_CODE_ROW, AREA_FIRST_ROW, DATA_SHEET, MARKER_SHEET
from xaso.units.models import Unit

from ..fixtures import passing, person

pytestmark = pytest.mark.django_db
YEAR = 2023  # no round that year: the province admin may load figures


def _book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _bytes(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _columns(ws: Any) -> dict[str, int]:
    """Variable code -> column number, read from the template's code row."""
    return {str(c.value): c.column for c in ws[AREA_CODE_ROW] if c.value and c.column >= 4}


def _row_of(ws: Any, code: str) -> int:
    for r in range(AREA_FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=r, column=1).value == code:
            return r
    raise AssertionError(code)


def _upload(client: Client, data: bytes, name: str = "so-lieu.xlsx") -> Any:
    return client.post("/bao-cao/nhap/", {"file": _named(data, name)})


def _named(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _nothing_written(action: Callable[[], Any]) -> Any:
    before = (RawValue.objects.count(), AuditEntry.objects.count())
    result = action()
    assert (RawValue.objects.count(), AuditEntry.objects.count()) == before
    return result


def _filled(admin: Client, cs: Any, rows: dict[str, dict[str, Any]]) -> bytes:
    template = admin.get(f"/bao-cao/mau/38/{YEAR}/")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = _book(template.content)
    ws = wb[DATA_SHEET]
    columns = _columns(ws)
    assert list(columns) == list(cs.variable_codes)
    for code, values in rows.items():
        r = _row_of(ws, code)
        for var, value in values.items():
            ws.cell(row=r, column=columns[var], value=value)
    return _bytes(wb)


def _excel_values(cs: Any, values: dict[str, int | bool]) -> dict[str, Any]:
    return {k: ("có" if v else "không") if isinstance(v, bool) else v for k, v in values.items()}


def test_round_trip_province_workbook(admin: Client, cs: Any, province: Unit) -> None:
    a, b = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[
        :2
    ]
    ok = passing(cs)
    # Thăng Long's figures in the articles: 1,180 of 4,210 adults sign digitally (83 short).
    b_values = {k: (v if isinstance(v, bool) else 4210) for k, v in ok.items()}
    b_values.update(population=5000, people_updated_ehr=5000, adults_digital_signature=1180,
                    has_ict_radio=False)  # fmt: skip
    data = _filled(admin, cs, {a.code: _excel_values(cs, ok), b.code: _excel_values(cs, b_values)})

    report = _nothing_written(lambda: _upload(admin, data))
    check = report.context["check"]
    assert report.status_code == 200, check.problems
    assert check.ok and len(check.changed) == 2
    assert check.changed_values == 2 * len(cs.variables)
    token = report.context["token"]

    done = admin.post(f"/bao-cao/nhap/{token}/", follow=True)
    assert "Đã lưu" in done.content.decode()
    stored = dict(RawValue.objects.filter(unit=b, year=YEAR).values_list("variable", "value"))
    assert stored == {k: int(v) for k, v in b_values.items()}
    result = evaluate(cs, {k: v for k, v in b_values.items()}, b.criteria_type)
    assert result.failed == ("3.10", "4.7")
    assert result.indicator("3.10").gap == 83
    assert AuditEntry.objects.filter(action="value:import").count() == 2 * len(cs.variables)
    # The same file again changes nothing.
    again = _upload(admin, data).context["check"]
    assert again.ok and again.changed == [] and again.unchanged_units == 2


def test_the_confirm_token_belongs_to_the_session(admin: Client, cs: Any, province: Unit) -> None:
    a = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]
    token = _upload(admin, _filled(admin, cs, {a.code: {"population": 5}})).context["token"]
    other = Client()
    other.force_login(person("qt2", Role.PROVINCE_ADMIN, province))
    r = _nothing_written(lambda: other.post(f"/bao-cao/nhap/{token}/", follow=True))
    assert "Không còn tệp đã kiểm tra" in r.content.decode()


def test_cells_with_formulas_text_or_bad_numbers_are_listed_by_address(
    admin: Client, cs: Any, province: Unit
) -> None:
    a, b = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[
        :2
    ]
    data = _filled(
        admin,
        cs,
        {
            a.code: {"population": "=1+1", "adults": "bốn nghìn"},
            b.code: {"households": 12.5, "has_ict_radio": "chắc có", "adults": 100,
                     "adults_digital_signature": 200},
        },
    )  # fmt: skip
    r = _nothing_written(lambda: _upload(admin, data))
    problems = r.context["check"].problems
    ws = _book(data)[DATA_SHEET]
    columns = _columns(ws)
    ra, rb = _row_of(ws, a.code), _row_of(ws, b.code)

    def at(var: str, row: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(columns[var])}{row}"

    by_cell = {p.cell: p for p in problems}
    assert "công thức" in by_cell[at("population", ra)].message
    assert "chữ «bốn nghìn»" in by_cell[at("adults", ra)].message
    assert "không phải số nguyên" in by_cell[at("households", rb)].message
    assert "có/không" in by_cell[at("has_ict_radio", rb)].message
    # The engine's check (a part above its whole) points at the part's cell.
    assert at("adults_digital_signature", rb) in by_cell
    html = r.content.decode()
    assert f'<td class="cell-ref">{at("population", ra)}</td>' in html
    assert "chưa lưu gì" in html


def test_rows_for_unknown_communes_are_refused(admin: Client, cs: Any) -> None:
    wb = _book(_filled(admin, cs, {}))
    ws = wb[DATA_SHEET]
    ws.cell(row=ws.max_row + 1, column=1, value="99999")
    ws.cell(row=ws.max_row, column=5, value=10)
    r = _nothing_written(lambda: _upload(admin, _bytes(wb)))
    [problem] = r.context["check"].problems
    assert problem.cell == f"A{ws.max_row}" and "«99999» không có trong danh mục" in problem.message


def test_an_edited_marker_is_refused(admin: Client, cs: Any) -> None:
    wb = _book(_filled(admin, cs, {}))
    wb[MARKER_SHEET]["A1"] = str(wb[MARKER_SHEET]["A1"].value).replace("a", "b", 1)
    r = _nothing_written(lambda: _upload(admin, _bytes(wb)))
    assert "bị sửa hoặc mẫu không do Xã Số này tạo" in r.context["check"].problems[0].message


def test_a_template_of_another_criteria_version_is_refused(admin: Client, cs: Any) -> None:
    from xaso.reports.workbook import AREA, Marker, area_template

    marker = Marker(kind=AREA, set_id=cs.id, version="1999.1", year=YEAR, province="38",
                    era="legacy")  # fmt: skip
    data = area_template(cs, marker, area_name="Tỉnh Thanh Hóa", lines=[])
    r = _nothing_written(lambda: _upload(admin, data))
    assert "không có bộ tiêu chí thanh_hoa_1829_2023 phiên bản 1999.1" in str(
        r.context["check"].problems[0]
    )


def test_a_template_made_before_the_round_opened_is_refused(
    admin: Client, cs: Any, province: Unit
) -> None:
    from xaso.assessments.services import round_create

    a = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]
    data = _filled(admin, cs, {a.code: {"population": 5}})
    round_create(
        province=province,
        year=YEAR,
        criteria_version=CriteriaSetVersion.objects.get(),
        name="Đợt 2023",
    )
    r = _nothing_written(lambda: _upload(admin, data))
    assert "nay đã có đợt đánh giá" in r.context["check"].problems[0].message


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("so-lieu.xlsx", b"day khong phai excel", "không phải là tệp Excel"),
        ("so-lieu.xls", b"\xd0\xcf\x11\xe0 old excel", "Excel 97–2003"),
        ("so-lieu.xlsm", b"PK anything", "macro"),
    ],
)
def test_files_that_are_not_plain_workbooks_are_refused(
    admin: Client, name: str, data: bytes, words: str
) -> None:
    r = _nothing_written(lambda: _upload(admin, data, name))
    assert words in r.context["check"].problems[0].message


def test_a_workbook_with_macros_inside_is_refused(admin: Client, cs: Any) -> None:
    data = _filled(admin, cs, {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\0" * 100)
    r = _nothing_written(lambda: _upload(admin, out.getvalue()))
    assert "macro" in r.context["check"].problems[0].message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(admin: Client) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)  # 60 MB of zeros
    data = out.getvalue()
    assert len(data) < 200_000
    r = _nothing_written(lambda: _upload(admin, data))
    assert "giải nén ra quá lớn" in r.context["check"].problems[0].message


def test_a_file_over_the_size_limit_is_not_read(admin: Client, settings: Any) -> None:
    settings.XASO_MAX_IMPORT_MB = 1
    r = _nothing_written(lambda: _upload(admin, b"PK" + b"\0" * 1_200_000))
    assert "quá giới hạn 1 MB" in r.context["check"].problems[0].message


def test_a_province_file_only_loads_communes_the_person_may(
    cs: Any, province: Unit, admin: Client
) -> None:
    a = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]
    data = _filled(admin, cs, {a.code: {"population": 5}})
    for role, unit in ((Role.PROVINCE_REVIEWER, province), (Role.COMMUNE_OFFICER, a)):
        client = Client()
        client.force_login(person(f"u-{role}", role, unit))
        r = _nothing_written(lambda client=client: _upload(client, data))
        problems = r.context["check"].problems
        assert problems and all("không được nhập số liệu" in p.message for p in problems)
    vinh_phuc = Unit.objects.get(era="legacy", level="province", code="26")
    other = Client()
    other.force_login(person("qt-vp", Role.PROVINCE_ADMIN, vinh_phuc))
    assert other.get(f"/bao-cao/mau/38/{YEAR}/").status_code == 404


def test_round_trip_commune_workbook_through_the_assessment(cs: Any, province: Unit) -> None:
    from xaso.assessments.services import assessment_open, round_create

    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    officer = person("xa", Role.COMMUNE_OFFICER, unit)
    r = round_create(
        province=province,
        year=2024,
        criteria_version=CriteriaSetVersion.objects.get(),
        name="Đợt 2024",
        communes=[unit],
    )
    a = assessment_open(round=r, unit=unit, user=officer)
    client = Client()
    client.force_login(officer)
    template = client.get(f"/bao-cao/mau/danh-gia/{a.pk}/")
    assert template.status_code == 200
    wb = _book(template.content)
    ws = wb[DATA_SHEET]
    typed = {**passing(cs), "has_ict_radio": False}
    for row in ws.iter_rows(min_row=6):
        code = row[0].value
        if code in typed:
            v = typed[code]
            row[3].value = ("có" if v else "không") if isinstance(v, bool) else v
    report = client.post("/bao-cao/nhap/", {"file": _named(_bytes(wb), "thang-long.xlsx")})
    assert report.context["check"].ok, report.context["check"].problems
    done = client.post(f"/bao-cao/nhap/{report.context['token']}/")
    assert done.status_code == 302 and done.url == a.get_absolute_url()
    stored = dict(RawValue.objects.filter(unit=unit, year=2024).values_list("variable", "value"))
    assert stored == {k: int(v) for k, v in typed.items()}
    assert a.audit.filter(action="value:update").count() == len(typed)
    assert evaluate(cs, typed, unit.criteria_type).failed == ("4.7",)


def test_a_commune_import_after_someone_saved_meanwhile_is_refused(cs: Any, province: Unit) -> None:
    from xaso.assessments.services import assessment_open, assessment_values_update, round_create

    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    officer = person("xa", Role.COMMUNE_OFFICER, unit)
    version = CriteriaSetVersion.objects.get()
    r = round_create(
        province=province, year=2024, criteria_version=version, name="Đợt 2024", communes=[unit]
    )
    a = assessment_open(round=r, unit=unit, user=officer)
    client = Client()
    client.force_login(officer)
    wb = _book(client.get(f"/bao-cao/mau/danh-gia/{a.pk}/").content)
    wb[DATA_SHEET]["D6"] = 7
    token = client.post("/bao-cao/nhap/", {"file": _named(_bytes(wb), "x.xlsx")}).context["token"]
    a.refresh_from_db()
    first = cs.variables[0].code  # the variable of row 6, cell D6
    assessment_values_update(
        assessment=a, values={first: 9}, lock_version=a.lock_version, user=officer
    )
    r = _nothing_written(lambda: client.post(f"/bao-cao/nhap/{token}/"))
    assert r.status_code == 409
    assert "vừa được" in r.content.decode()
    # The report now compares with the colleague's value; confirming again saves the file's.
    [change] = r.context["check"].changed[0].changes
    assert (change.cell, change.old, change.new) == ("D6", "9", "7")
    assert client.post(f"/bao-cao/nhap/{token}/").status_code == 302


def test_results_export(admin: Client, cs: Any, province: Unit) -> None:
    from xaso.assessments.services.values import values_bulk_load

    a, b = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[
        :2
    ]
    version = CriteriaSetVersion.objects.get()
    values_bulk_load(
        criteria_version=version,
        rows=[(a, 2024, passing(cs)), (b, 2024, {**passing(cs), "has_ict_radio": False})],
    )
    r = admin.get("/bao-cao/ket-qua/38/2024/")
    assert r.status_code == 200
    wb = _book(r.content)
    assert wb.sheetnames == ["Kết quả", "Điểm nghẽn", "Còn một chỉ tiêu"]
    ws = wb["Kết quả"]
    rows = {ws.cell(row=i, column=1).value: i for i in range(5, ws.max_row + 1)}
    headers = [c.value for c in ws[4]]
    col = headers.index(next(h for h in headers if h and h.startswith("4.7 "))) + 1
    assert ws.cell(row=rows[b.code], column=col).value == "Không – chưa có"
    assert ws.cell(row=rows[a.code], column=4).value == "Đạt, chờ công nhận"
    one = wb["Còn một chỉ tiêu"]
    assert one["A2"].value == b.code and one["D2"].value.startswith("4.7 ")


def test_a_commune_code_turned_into_a_number_by_excel_is_still_found(
    admin: Client, cs: Any, province: Unit
) -> None:
    a = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]
    wb = _book(_filled(admin, cs, {a.code: {"population": 5}}))
    ws = wb[DATA_SHEET]
    ws.cell(row=_row_of(ws, a.code), column=1).value = int(a.code)  # as Excel re-types it
    check = _upload(admin, _bytes(wb)).context["check"]
    assert check.ok and [p.unit.code for p in check.changed] == [a.code]


def test_a_province_file_confirmed_after_another_change_is_shown_again(
    admin: Client, cs: Any, province: Unit
) -> None:
    from xaso.assessments.services.values import values_set

    a, b = Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[
        :2
    ]
    version = CriteriaSetVersion.objects.get()
    values_set(unit=b, year=YEAR, criteria_version=version, values={"population": 50})
    token = _upload(admin, _filled(admin, cs, {a.code: {"population": 5}})).context["token"]
    values_set(unit=b, year=YEAR, criteria_version=version, values={"population": 60})  # meanwhile
    r = _nothing_written(lambda: admin.post(f"/bao-cao/nhap/{token}/"))
    assert r.status_code == 409
    assert "vừa được thay đổi sau khi bạn kiểm tra tệp" in r.content.decode()
    assert admin.post(f"/bao-cao/nhap/{token}/").status_code == 302  # seen now: saved
    assert RawValue.objects.get(unit=a, year=YEAR, variable="population").value == 5
