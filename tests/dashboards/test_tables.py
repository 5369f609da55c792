"""Dashboard tables as CSV: the same rows as the page, and text typed by people never
becomes a formula when the file is opened in a spreadsheet (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client

from xaso.accounts.models import Role
from xaso.assessments.models import Assessment, RecognitionDecision, Round
from xaso.common.text import spreadsheet_safe
from xaso.dashboards.tables import Table, csv_response

from ..fixtures import person
from .conftest import World

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(p, "'" + p) for p in PAYLOADS],
        ("Xã Định Long", "Xã Định Long"),
        ("123/QĐ-UBND", "123/QĐ-UBND"),
        ("-2,5", "-2,5"),  # a formatted number cannot call anything
        ("-12 %", "-12 %"),
        (-2, -2),  # a number stays a number
        (-2.5, -2.5),
        (True, True),
        (None, None),
    ],
)
def test_text_that_starts_like_a_formula_is_prefixed_and_numbers_stay(value, expected):
    assert spreadsheet_safe(value) == expected


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_every_csv_cell_is_inert_and_numbers_are_written_as_numbers():
    table = Table("bang", ["=Tên", "Số"], [[p, -2] for p in PAYLOADS] + [["Xã A", 1_234]])
    rows = _rows(csv_response(table, stem="thu"))
    assert rows[0] == ["'=Tên", "Số"]
    assert rows[1:] == [["'" + p, "-2"] for p in PAYLOADS] + [["Xã A", "1234"]]


@pytest.mark.django_db
def test_a_decision_number_typed_as_a_formula_is_inert_in_the_public_csv(world: World) -> None:
    reviewer = person("so", Role.PROVINCE_REVIEWER, world.province)
    round_ = Round.objects.create(
        province=world.province, year=2024, name="Đợt 2024", criteria_version=world.version
    )
    decision = RecognitionDecision.objects.create(
        province=world.province,
        number='=HYPERLINK("http://x","y")',
        date=datetime.date(2024, 12, 20),
        signer="@SUM(A1)",
        created_by=reviewer,
    )
    Assessment.objects.create(round=round_, unit=world.a, status="recognised", decision=decision)
    rows = _rows(Client().get("/cong-khai/38/2024/?csv=cong-nhan"))
    [line] = [r for r in rows if r[0] == world.a.code]
    assert line[3] == '\'=HYPERLINK("http://x","y")'
