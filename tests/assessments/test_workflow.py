"""The self-assessment workflow: every step, its audit trail, its refusals."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from xaso.assessments.models import (
    Assessment,
    AuditEntry,
    EvidenceFile,
    RawValue,
    ReviewComment,
    Round,
    VerifiedValue,
)
from xaso.assessments.selectors import assessment_values
from xaso.assessments.services import (
    Conflict,
    NotAllowed,
    assessment_open,
    assessment_reopen,
    assessment_return,
    assessment_submit,
    assessment_values_update,
    assessment_verify,
    decision_recognise,
    evidence_add,
)
from xaso.assessments.services.evidence import UploadRefused
from xaso.engine import ValuesInvalid
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db
Status = Assessment.Status


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def private(settings, tmp_path):
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.XASO_PRIVATE_MEDIA_ROOT


@pytest.fixture
def thanglong(demo_db):
    r = Round.objects.get(year=2024, province__code="38")
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    return assessment_open(round=r, unit=unit, user=user("xa.thanglong"))


def fresh(a):
    return Assessment.objects.select_related("unit", "round", "round__province").get(pk=a.pk)


def test_saving_values_is_audited_old_to_new(thanglong):
    before = assessment_values(thanglong)["adults_digital_signature"]
    changed = assessment_values_update(
        assessment=thanglong,
        lock_version=1,
        values={"adults_digital_signature": before + 5},
        user=user("xa.thanglong"),
    )
    assert changed == ["adults_digital_signature"]
    entry = AuditEntry.objects.filter(assessment=thanglong, action="value:update").get()
    assert (entry.field, entry.old, entry.new) == (
        "adults_digital_signature",
        str(before),
        str(before + 5),
    )
    assert entry.actor.username == "xa.thanglong"
    assert fresh(thanglong).lock_version == 2


def test_a_second_save_from_a_stale_form_is_refused_and_writes_nothing(thanglong):
    officer = user("xa.thanglong")
    assessment_values_update(
        assessment=thanglong, lock_version=1, values={"adults": 4300}, user=officer
    )
    with pytest.raises(Conflict, match="vừa được Lê Thị Hoa lưu lúc") as info:
        assessment_values_update(
            assessment=fresh(thanglong), lock_version=1, values={"adults": 4400}, user=officer
        )
    assert "Số liệu bạn vừa nhập vẫn còn trên màn hình" in str(info.value)
    assert assessment_values(thanglong)["adults"] == 4300


def test_bad_values_are_refused_with_the_engines_messages(thanglong):
    with pytest.raises(ValuesInvalid, match="không được lớn hơn mẫu số"):
        assessment_values_update(
            assessment=thanglong,
            lock_version=1,
            values={"adults_digital_signature": 10**7},
            user=user("xa.thanglong"),
        )
    assert fresh(thanglong).lock_version == 1


def test_submitting_needs_every_value(thanglong):
    officer = user("xa.thanglong")
    assessment_values_update(
        assessment=thanglong, lock_version=1, values={"shops": None}, user=officer
    )
    with pytest.raises(NotAllowed, match=r"Chưa nhập đủ số liệu cho các chỉ tiêu: 2\.6"):
        assessment_submit(assessment=fresh(thanglong), lock_version=2, user=officer)


def test_the_whole_loop_in_the_legacy_era(thanglong, private):
    officer, district, province = user("xa.thanglong"), user("huyen.nongcong"), user("so.thanhhoa")
    a = thanglong
    assessment_submit(assessment=a, lock_version=1, user=officer)
    assert fresh(a).status == Status.SUBMITTED
    with pytest.raises(NotAllowed, match="đã nộp"):
        assessment_values_update(
            assessment=fresh(a), lock_version=2, values={"adults": 1}, user=officer
        )
    with pytest.raises(NotAllowed, match="không ở bước bạn thẩm định"):
        assessment_verify(assessment=fresh(a), lock_version=2, user=user("lanhdao.thanhhoa"))

    # The district returns it with a comment on 3.10.
    assessment_return(
        assessment=fresh(a),
        lock_version=2,
        user=district,
        comments={"3.10": "Cần danh sách người có chữ ký số kèm theo."},
    )
    a = fresh(a)
    assert a.status == Status.RETURNED
    comment = ReviewComment.objects.get(assessment=a)
    assert (comment.indicator, comment.stage) == ("3.10", "district")

    # The officer fixes it and resubmits; the district verifies with a corrected count.
    evidence_add(
        assessment=a,
        indicator="3.10",
        summary="Danh sách chữ ký số",
        document_number="12/BC-UBND",
        document_date=dt.date(2024, 11, 2),
        files=[SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.7\n...")],
        user=officer,
    )
    assessment_submit(assessment=a, lock_version=a.lock_version, user=officer)
    a = fresh(a)
    reported = assessment_values(a)["adults_digital_signature"]
    assessment_verify(
        assessment=a,
        lock_version=a.lock_version,
        user=district,
        verified={"adults_digital_signature": (reported - 10, "Trùng 10 người")},
    )
    a = fresh(a)
    assert a.status == Status.DISTRICT_VERIFIED
    assert assessment_values(a)["adults_digital_signature"] == reported - 10
    assert assessment_values(a, verified=False)["adults_digital_signature"] == reported
    assert (
        RawValue.objects.get(unit=a.unit, year=2024, variable="adults_digital_signature").value
        == reported
    )
    assert VerifiedValue.objects.get(assessment=a).reason == "Trùng 10 người"

    # The province verifies and recognises it by decision; the data is then locked.
    assessment_verify(assessment=a, lock_version=a.lock_version, user=province)
    decision = decision_recognise(
        province=a.round.province,
        number="1234/QĐ-UBND",
        date=dt.date(2025, 3, 1),
        signer="Chủ tịch UBND tỉnh",
        assessments=[fresh(a)],
        user=province,
    )
    a = fresh(a)
    assert (a.status, a.decision) == (Status.RECOGNISED, decision)
    with pytest.raises(NotAllowed, match="đã khóa"):
        assessment_values_update(
            assessment=a, lock_version=a.lock_version, values={"adults": 1}, user=officer
        )
    with pytest.raises(NotAllowed, match="Chỉ quản trị cấp tỉnh"):
        assessment_reopen(assessment=a, reason="sai sót", user=province)
    assessment_reopen(
        assessment=a, reason="Phát hiện sai sót số liệu 3.12", user=user("qt.thanhhoa")
    )
    a = fresh(a)
    assert a.status == Status.RETURNED and a.decision is None

    # Nothing was lost: the whole story is in the timeline, in order.
    actions = list(AuditEntry.objects.filter(assessment=a).values_list("action", flat=True))
    assert actions[0] == "assessment:create"
    for step in (
        "assessment:submit",
        "review:comment",
        "assessment:return",
        "evidence:add",
        "evidence:file",
        "value:verify",
        "assessment:verify:district",
        "assessment:verify:province",
        "assessment:recognise",
        "assessment:reopen",
    ):
        assert step in actions
    reopen = AuditEntry.objects.filter(assessment=a, action="assessment:reopen").get()
    assert "1234/QĐ-UBND" in reopen.reason and "Phát hiện sai sót" in reopen.reason


def test_since_july_2025_the_province_verifies_directly(demo_db):
    r = Round.objects.get(year=2025, province__code="38")
    unit = Unit.objects.get(era="2025", level="commune", code="16342")
    a = assessment_open(round=r, unit=unit, user=user("xa.thangbinh"))
    assessment_submit(assessment=a, lock_version=1, user=user("xa.thangbinh"))
    assessment_verify(assessment=fresh(a), lock_version=2, user=user("so.thanhhoa"))
    assert fresh(a).status == Status.PROVINCE_VERIFIED


def test_only_verified_communes_can_be_recognised(thanglong):
    with pytest.raises(NotAllowed, match="đã được tỉnh thẩm định: Xã Thăng Long"):
        decision_recognise(
            province=thanglong.round.province,
            number="1/QĐ",
            signer="A",
            date=dt.date(2025, 1, 1),
            assessments=[thanglong],
            user=user("so.thanhhoa"),
        )
    with pytest.raises(NotAllowed, match="Chỉ cấp tỉnh"):
        decision_recognise(
            province=thanglong.round.province,
            number="1/QĐ",
            signer="A",
            date=dt.date(2025, 1, 1),
            assessments=[thanglong],
            user=user("huyen.nongcong"),
        )


def test_officers_cannot_open_another_communes_assessment(demo_db):
    r = Round.objects.get(year=2024, province__code="38")
    other = Unit.objects.get(era="legacy", level="commune", code="16483")
    with pytest.raises(NotAllowed):
        assessment_open(round=r, unit=other, user=user("xa.thanglong"))


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 60, "nội dung là một chương trình chạy"),
        ("anh.png", b"%PDF-1.4", "không phải ảnh PNG"),
        ("virus.exe", b"MZ\x90\x00", "chỉ nhận các loại"),
        ("bang.xlsx", docx_bytes(), "không phải Excel"),
    ],
)
def test_forged_uploads_are_refused_and_nothing_is_stored(
    thanglong, private, name, content, fragment
):
    with pytest.raises(UploadRefused, match=fragment):
        evidence_add(
            assessment=thanglong,
            indicator="3.10",
            summary="Minh chứng",
            files=[SimpleUploadedFile(name, content)],
            user=user("xa.thanglong"),
        )
    assert not thanglong.evidence.exists() and not EvidenceFile.objects.exists()
    assert not private.exists() or not any(private.rglob("*.*"))


def test_oversized_uploads_are_refused(thanglong, private, settings):
    settings.XASO_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(UploadRefused, match="vượt giới hạn 1 MB"):
        evidence_add(
            assessment=thanglong,
            indicator="3.10",
            summary="Bản quét",
            files=[big],
            user=user("xa.thanglong"),
        )
    assert not EvidenceFile.objects.exists()


def test_good_uploads_are_kept_outside_the_web_root(thanglong, private):
    evidence = evidence_add(
        assessment=thanglong,
        indicator="1.2",
        summary="Báo cáo văn bản điện tử",
        files=[
            SimpleUploadedFile("bao-cao.docx", docx_bytes()),
            SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        ],
        user=user("xa.thanglong"),
    )
    files = list(evidence.files.all())
    assert [f.original_name for f in files] == ["bao-cao.docx", "anh.jpg"]
    for f in files:
        assert str(private) in f.file.path and len(f.sha256) == 64


def test_audit_entries_cannot_be_edited(thanglong):
    entry = AuditEntry.objects.filter(assessment=thanglong).first()
    entry.reason = "sửa lén"
    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()


def test_a_reviewers_values_pass_the_engine_checks(thanglong):
    officer, district = user("xa.thanglong"), user("huyen.nongcong")
    assessment_submit(assessment=thanglong, lock_version=1, user=officer)
    with pytest.raises(NotAllowed, match="Giá trị thẩm định chưa hợp lệ"):
        assessment_verify(
            assessment=fresh(thanglong),
            lock_version=2,
            user=district,
            verified={"officials_digital_signature": (999, "đếm lại")},
        )
    assert fresh(thanglong).status == Status.SUBMITTED


def test_the_officer_edits_her_own_values_not_the_reviewers(client, thanglong):
    officer, district = user("xa.thanglong"), user("huyen.nongcong")
    assessment_submit(assessment=thanglong, lock_version=1, user=officer)
    own = assessment_values(thanglong, verified=False)["officials_trained"]
    assessment_verify(
        assessment=fresh(thanglong),
        lock_version=2,
        user=district,
        verified={"officials_trained": (own - 2, "2 người chưa tập huấn")},
    )
    assessment_return(
        assessment=fresh(thanglong),
        lock_version=3,
        user=user("so.thanhhoa"),
        comments={"1.6": "Xem lại"},
    )
    client.force_login(officer)
    html = client.get(thanglong.get_absolute_url()).content.decode()
    assert f'name="v_officials_trained" value="{own}"' in html
