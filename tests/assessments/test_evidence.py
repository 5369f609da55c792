"""Evidence files are stored before their rows are written, and never left half-kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from xaso.assessments.models import AuditEntry, Evidence, EvidenceFile, Round
from xaso.assessments.services import NotAllowed, assessment_open, evidence_add
from xaso.assessments.services.evidence import UploadRefused
from xaso.assessments.storage import PrivateStorage
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n" + b"0" * 2000


@pytest.fixture
def private(settings, tmp_path):
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.XASO_PRIVATE_MEDIA_ROOT


@pytest.fixture
def thanglong(demo_db):
    r = Round.objects.get(year=2024, province__code="38")
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    return assessment_open(round=r, unit=unit, user=officer())


def officer() -> Any:
    return get_user_model().objects.get(username="xa.thanglong")


def files_in(folder: Any) -> list[Any]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def add(a: Any, *files: SimpleUploadedFile, **fields: Any) -> Evidence:
    return evidence_add(
        assessment=a,
        indicator=fields.pop("indicator", "1.2"),
        summary=fields.pop("summary", "Báo cáo văn bản điện tử"),
        files=list(files),
        user=officer(),
        **fields,
    )


def test_a_failure_while_storing_the_second_file_keeps_no_record_and_no_file(
    thanglong, private, monkeypatch
):
    real = PrivateStorage._save
    calls = []

    def failing(self, name, content):
        calls.append(name)
        if len(calls) == 1:
            return real(self, name, content)
        (private / name).parent.mkdir(parents=True, exist_ok=True)
        (private / name).write_bytes(b"%PDF-1.7\n half")  # the disk fills up half-way
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PrivateStorage, "_save", failing)
    with pytest.raises(OSError, match="No space left"):
        add(thanglong, SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF))
    assert len(calls) == 2
    assert not Evidence.objects.filter(assessment=thanglong).exists()
    assert not EvidenceFile.objects.exists()
    assert files_in(private) == []


def test_a_database_failure_after_storing_leaves_no_orphan_file(thanglong, private, monkeypatch):
    real = AuditEntry._do_insert

    def insert(self, *args, **kwargs):
        if self.action == "evidence:file":  # the last row written, after the file is stored
            raise DatabaseError("the database went away")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(AuditEntry, "_do_insert", insert)
    with pytest.raises(DatabaseError):
        add(thanglong, SimpleUploadedFile("a.pdf", PDF))
    assert not Evidence.objects.filter(assessment=thanglong).exists()
    assert files_in(private) == []


def test_a_stored_file_has_a_new_name_and_the_type_its_content_was_checked_as(thanglong, private):
    name = "Báo cáo " + "rất dài " * 30 + ".pdf"  # 250 characters: longer than a path column
    upload = SimpleUploadedFile(name, PDF, content_type="text/html; " + "x" * 300)
    stored = add(thanglong, upload).files.get()
    assert stored.original_name == name
    assert stored.content_type == "application/pdf"
    assert stored.file.name.startswith("evidence/") and stored.file.name.endswith(".pdf")
    assert "Báo cáo" not in stored.file.name and len(stored.file.name) < 100
    assert [p.read_bytes() for p in files_in(private)] == [PDF]


def test_a_file_name_with_a_nul_character_is_refused_and_nothing_is_stored(thanglong, private):
    with pytest.raises(UploadRefused, match="Tên tệp có ký tự không hợp lệ"):
        add(thanglong, SimpleUploadedFile("bao-cao\x00.exe.pdf", PDF))
    assert not Evidence.objects.filter(assessment=thanglong).exists()
    assert files_in(private) == []


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"document_number": "1" * 101}, "«Số văn bản» dài 101 ký tự, quá giới hạn 100"),
        ({"document_number": "12/BC\x00"}, "«Số văn bản» có ký tự không hợp lệ"),
        ({"summary": "Báo cáo\x00"}, "«Trích yếu» có ký tự không hợp lệ"),
        ({"summary": "x" * 5001}, "«Trích yếu» dài 5001 ký tự, quá giới hạn 5000"),
    ],
)
def test_text_the_database_cannot_keep_is_refused_and_nothing_is_stored(
    thanglong, private, fields, fragment
):
    with pytest.raises(NotAllowed, match=fragment):
        add(thanglong, SimpleUploadedFile("a.pdf", PDF), **fields)
    assert not Evidence.objects.filter(assessment=thanglong).exists()
    assert files_in(private) == []
