"""Hostile and broken workbooks: refused within the documented limits, each with a clear
message and nothing written, never an error page."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client

from xaso.reports import xlsx
from xaso.units.models import Unit

from .test_excel import _filled, _nothing_written, _upload

pytestmark = pytest.mark.django_db

DATA_PART = "xl/worksheets/sheet1.xml"  # the sheet «Số liệu», as openpyxl writes it
MARKER_PART = "xl/worksheets/sheet3.xml"
STRINGS_PART = "xl/sharedStrings.xml"
FIRST_CODE = re.compile(rb'<c r="A7"[^>]*><is><t>[^<]*</t></is></c>')  # the first commune's code
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _with_shared_strings(data: bytes, strings: list[str], marker_index: int) -> bytes:
    """The workbook as Excel saves it: text in a shared strings table, the marker among it
    (openpyxl writes each text in its cell instead)."""
    parts = _parts(data)
    marker = parts[MARKER_PART].decode()
    start = marker.index("<is><t>") + len("<is><t>")
    text = marker[start : marker.index("</t>", start)]
    strings = list(strings)
    strings.insert(marker_index, text)
    before, _sep, after = marker.partition('<c r="A1" t="inlineStr">')
    tail = after[after.index("</c>") :]
    parts[MARKER_PART] = f'{before}<c r="A1" t="s"><v>{marker_index}</v>{tail}'.encode()
    items = "".join(f"<si><t>{_escape(s)}</t></si>" for s in strings)
    parts[STRINGS_PART] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{STRINGS_PART}" ContentType="{STRINGS_TYPE}"/></Types>'
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdS" Type="{kind}" Target="sharedStrings.xml"/></Relationships>',
    ).encode()
    return _zip(parts)


def _first_commune(province: Unit) -> Unit:
    return Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]


def _problem(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    check = response.context["check"]
    assert not check.ok and response.context["token"] == ""
    return " ".join(str(p) for p in check.problems)


def test_a_workbook_saved_by_excel_with_shared_strings_is_read(
    admin: Client, cs: Any, province: Unit
) -> None:
    data = _filled(admin, cs, {_first_commune(province).code: {"population": 5}})
    check = _upload(admin, _with_shared_strings(data, ["Mã xã", "Huyện"], 1)).context["check"]
    assert check.ok and check.changed_values == 1


def test_more_shared_strings_than_the_limit_are_refused_as_they_stream(
    admin: Client, cs: Any, province: Unit
) -> None:
    # The attack of issue 11 had 3.8 million; one past the limit is enough to show the stop.
    data = _filled(admin, cs, {_first_commune(province).code: {"population": 5}})
    many = [str(n) for n in range(xlsx.MAX_SHARED_STRINGS)]
    hostile = _with_shared_strings(data, many, xlsx.MAX_SHARED_STRINGS)
    assert len(hostile) < 1_000_000
    message = _problem(_nothing_written(lambda: _upload(admin, hostile)))
    assert "hơn 50.000 đoạn chữ" in message


def test_more_cells_than_the_limit_are_refused_as_they_stream(
    admin: Client, cs: Any, province: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_CELLS", 2_000)  # the template itself has ~400 cells
    parts = _parts(_filled(admin, cs, {}))
    row = "".join(f'<c r="ZZ{n}"><v>1</v></c>' for n in range(1))
    rows = "".join(f'<row r="{r}">{row * 50}</row>' for r in range(900, 960))
    sheet = parts[DATA_PART].decode()
    parts[DATA_PART] = sheet.replace("</sheetData>", rows + "</sheetData>").encode()
    message = _problem(_nothing_written(lambda: _upload(admin, _zip(parts))))
    assert "hơn 2.000 ô" in message


def test_cells_right_of_the_template_and_rows_past_the_limit_are_not_kept(cs: Any) -> None:
    sheet = (
        '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
        '<row r="2"><c><v>3</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="9"><c r="A9"><v>9</v></c></row></sheetData></worksheet>'
    )
    book = xlsx.XlsxBook(_zip(_book_parts(sheet)))
    assert book.rows("S", max_row=3, max_col=2) == [
        [(1, "n"), (None, None)],
        [(3, "n"), ("x", "s")],
    ]


def test_a_part_of_millions_of_empty_rows_is_refused_as_it_streams(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ELEMENTS", 1_000)
    sheet = "<worksheet><sheetData>" + '<row r="1"/>' * 2_000 + "</sheetData></worksheet>"
    book = xlsx.XlsxBook(_zip(_book_parts(sheet)))
    with pytest.raises(xlsx.XlsxRefused, match="quá nhiều phần tử XML"):
        book.rows("S", max_row=10, max_col=3)


def _book_parts(sheet: str) -> dict[str, bytes]:
    return {
        "xl/workbook.xml": b'<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets>'
        b"</workbook>",
        "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" '
        b'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }


def _broken(parts: dict[str, bytes], change: str) -> bytes:
    """A template broken in one way, as a damaged download or a hostile hand would."""
    compression = zipfile.ZIP_DEFLATED
    if change == "workbook XML cut short":
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"][:200]
    elif change == "no workbook relationships":
        del parts["xl/_rels/workbook.xml.rels"]
    elif change == "no data sheet part":
        del parts[DATA_PART]
    elif change == "data sheet not XML":
        parts[DATA_PART] = b"\x00\x01 not xml at all <<<"
    elif change == "shared string that does not exist":
        parts[DATA_PART] = FIRST_CODE.sub(b'<c r="A7" t="s"><v>99999</v></c>', parts[DATA_PART])
    elif change == "number that is not a number":
        parts[DATA_PART] = FIRST_CODE.sub(b'<c r="A7"><v>mot</v></c>', parts[DATA_PART])
    elif change == "an entity bomb in a DTD":
        dtd = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        )
        parts[DATA_PART] = dtd + parts[DATA_PART].replace(b"<sheetData>", b"<sheetData>&lol2;")
    elif change == "bzip2 compression":
        compression = zipfile.ZIP_BZIP2
    data = _zip(parts, compression)
    if change == "damaged bytes":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo(DATA_PART)
        offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
        data = (
            data[:offset]
            + bytes(b ^ 0x55 for b in data[offset : offset + 64])
            + data[offset + 64 :]
        )
    return data


@pytest.mark.parametrize(
    "change",
    [
        "workbook XML cut short",
        "no workbook relationships",
        "no data sheet part",
        "data sheet not XML",
        "shared string that does not exist",
        "number that is not a number",
        "an entity bomb in a DTD",
        "bzip2 compression",
        "damaged bytes",
    ],
)
def test_a_broken_workbook_gets_a_message_not_an_error_page(
    admin: Client, cs: Any, province: Unit, change: str
) -> None:
    parts = _parts(_filled(admin, cs, {_first_commune(province).code: {"population": 5}}))
    assert FIRST_CODE.search(parts[DATA_PART])
    message = _problem(_nothing_written(lambda: _upload(admin, _broken(parts, change))))
    assert "tệp bị hỏng" in message or "khai báo DTD" in message
