"""Hostile input in every assessment form: a message and the input kept, never an error page.

Over-long text and NUL characters fail in PostgreSQL itself (and a 20-digit count overflows
the column on both databases), so each case runs on both and checks that nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from xaso.assessments.models import (
    Assessment,
    AuditEntry,
    Evidence,
    RecognitionDecision,
    ReviewComment,
    Round,
)
from xaso.assessments.selectors import assessment_values
from xaso.assessments.services import assessment_open
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db
Status = Assessment.Status
LONG_COMMENT = "Cần bổ sung. " * 160  # 2,080 characters, above the 2,000 allowed


@pytest.fixture
def thanglong(demo_db, settings, tmp_path):
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    r = Round.objects.get(year=2024, province__code="38")
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    return assessment_open(round=r, unit=unit, user=user("xa.thanglong"))


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def at(a: Assessment, status: str) -> Assessment:
    Assessment.objects.filter(pk=a.pk).update(status=status)
    a.refresh_from_db()
    return a


def written(a: Assessment) -> int:
    """Rows any write would leave: audit entries, comments, evidence, decisions."""
    return sum(
        q.count()
        for q in (
            AuditEntry.objects.filter(assessment=a),
            ReviewComment.objects.filter(assessment=a),
            Evidence.objects.filter(assessment=a),
            RecognitionDecision.objects.exclude(number__contains="minh họa"),
        )
    )


def test_an_invalid_yes_no_answer_is_refused_and_the_stored_answer_kept(client, thanglong):
    assert assessment_values(thanglong)["has_ict_radio"] is True
    client.force_login(user("xa.thanglong"))
    response = client.post(
        f"{thanglong.get_absolute_url()}luu/",
        {"lock_version": 1, "v_has_ict_radio": "2", "o_has_ict_radio": "1"},
    )
    assert response.status_code == 400
    assert "hãy chọn «Có» hoặc «Không»" in response.content.decode()
    assert assessment_values(thanglong)["has_ict_radio"] is True
    assert written(thanglong) == 1  # only the entry that opened it


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("1" * 20, "Số quá lớn: tối đa 12 chữ số."),
        ("9" * 5000, "Quá dài: hãy nhập một số có tối đa 12 chữ số."),
        ("12\x0034", "Ô này có ký tự không hợp lệ"),
    ],
)
def test_unusable_counts_are_refused_with_the_input_kept(client, thanglong, typed, fragment):
    client.force_login(user("xa.thanglong"))
    url = f"{thanglong.get_absolute_url()}luu/"
    response = client.post(url, {"lock_version": 1, "v_adults": typed, "o_adults": "4210"})
    html = response.content.decode()
    assert response.status_code == 400 and fragment in html
    assert f'value="{typed}"' in html
    assert written(thanglong) == 1


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"document_number": "12/BC-" + "9" * 95}, "«Số văn bản» dài 101 ký tự"),
        ({"summary": "Báo cáo\x00"}, "«Trích yếu» có ký tự không hợp lệ"),
        ({"document_date": "2024-13-45"}, "Ngày văn bản không hợp lệ."),
        ({"document_date": "2024\x00"}, "Ngày văn bản không hợp lệ."),
        ({"indicator": "1.2\x00"}, "Hãy chọn một chỉ tiêu của bộ tiêu chí."),
    ],
)
def test_evidence_forms_that_cannot_be_kept_come_back_as_typed(client, thanglong, fields, fragment):
    client.force_login(user("xa.thanglong"))
    form = {"indicator": "1.2", "document_number": "12/BC-UBND", "summary": "Báo cáo"} | fields
    response = client.post(f"{thanglong.get_absolute_url()}minh-chung/", form)
    html = response.content.decode()
    assert response.status_code == 400 and fragment in html
    assert f'name="document_number" value="{form["document_number"]}"' in html
    assert written(thanglong) == 1


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"decision": "return", "c_3.10": LONG_COMMENT}, "quá giới hạn 2000 ký tự"),
        ({"decision": "return", "general": "Xem lại\x00"}, "«Ý kiến chung» có ký tự không hợp lệ"),
        (
            {"decision": "verify", "v_adults": "4000", "r_adults": "đếm lại\x00"},
            "có ký tự không hợp lệ",
        ),
        ({"decision": "verify", "v_adults": "4000", "r_adults": "x" * 501}, "quá giới hạn 500"),
        ({"decision": "verify", "v_has_ict_radio": "7"}, "hãy chọn «Có» hoặc «Không»"),
    ],
)
def test_review_input_that_cannot_be_kept_comes_back_as_typed(client, thanglong, fields, fragment):
    a = at(thanglong, Status.SUBMITTED)
    client.force_login(user("huyen.nongcong"))
    response = client.post(
        f"{a.get_absolute_url()}tham-dinh/", {"lock_version": a.lock_version, **fields}
    )
    html = response.content.decode()
    assert response.status_code == 400 and fragment in html
    if "c_3.10" in fields:
        assert LONG_COMMENT in html  # the comment is back in its box
    if "r_adults" in fields:
        assert 'name="v_adults" value="4000"' in html
    assert written(a) == 1 and at(a, Status.SUBMITTED).lock_version == a.lock_version


@pytest.mark.parametrize(
    ("reason", "fragment"),
    [("Sai sót\x00", "có ký tự không hợp lệ"), (LONG_COMMENT, "quá giới hạn 2000 ký tự")],
)
def test_a_reason_to_reopen_that_cannot_be_kept_comes_back_as_typed(
    client, thanglong, reason, fragment
):
    a = at(thanglong, Status.RECOGNISED)
    client.force_login(user("qt.thanhhoa"))
    response = client.post(f"{a.get_absolute_url()}mo-lai/", {"reason": reason})
    assert response.status_code == 400 and fragment in response.content.decode()
    assert at(a, Status.RECOGNISED).status == Status.RECOGNISED and written(a) == 1


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"number": "1/QĐ-UBND-" + "x" * 91}, "«Số quyết định» dài 101 ký tự"),
        ({"number": "1/QĐ\x00"}, "«Số quyết định» có ký tự không hợp lệ"),
        ({"signer": "Chủ tịch\x00"}, "«Người ký» có ký tự không hợp lệ"),
        ({"signer": "Chủ tịch " * 30}, "«Người ký» dài"),
        ({"date": "2025-02-30\x00"}, "Hãy chọn ngày ký quyết định."),
    ],
)
def test_a_decision_that_cannot_be_kept_comes_back_as_typed(client, thanglong, fields, fragment):
    a = at(thanglong, Status.PROVINCE_VERIFIED)
    client.force_login(user("so.thanhhoa"))
    form = {
        "province": a.round.province_id,
        "assessments": [a.pk],
        "number": "1/QĐ-UBND",
        "date": "2025-03-01",
        "signer": "Chủ tịch UBND tỉnh",
    } | fields
    response = client.post("/cong-nhan/", form)
    html = response.content.decode()
    assert response.status_code == 200 and fragment in html
    assert f'name="number" value="{form["number"]}"' in html
    assert at(a, Status.PROVINCE_VERIFIED).decision is None and written(a) == 1
