"""Evidence documents and their files, checked by content before anything is stored.

A file's type is decided by its first bytes, not by its name: an .exe renamed .pdf is
refused. Accepted: PDF, PNG, JPEG, WebP, and Office documents (docx/xlsx/pptx and the old
doc/xls/ppt), up to ``XASO_MAX_UPLOAD_MB``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access
from ..models import Assessment, Evidence, EvidenceFile
from ..selectors import assessment_criteria
from .audit import audit
from .errors import NotAllowed, check_text, not_editable_reason
from .files import storing
from .locks import assessment_lock

KINDS = {
    "pdf": "PDF", "png": gettext_lazy("ảnh PNG"), "jpg": gettext_lazy("ảnh JPEG"),
    "jpeg": gettext_lazy("ảnh JPEG"), "webp": gettext_lazy("ảnh WebP"),
    "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint", "doc": "Word", "xls": "Excel",
    "ppt": "PowerPoint",
}  # fmt: skip
# The type recorded is the one the content was checked against, never the browser's claim.
MIME = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "webp": "image/webp", "doc": "application/msword", "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}  # fmt: skip
_NAME_LIMIT = 255  # EvidenceFile.original_name
_NUMBER_LIMIT = 100  # Evidence.document_number
_SUMMARY_LIMIT = 5000  # a summary is a line or two; the column itself is unbounded
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UploadRefused(Exception):
    """The file cannot be kept; the message says why in Vietnamese."""


def _sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The real type of the file from its content, as an extension; None if unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            names = zipfile.ZipFile(upload).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def check_upload(upload: UploadedFile, allowed: Iterable[str] = tuple(KINDS)) -> str:
    """The file's extension if its content matches it; raise UploadRefused otherwise."""
    name = upload.name or _("tệp")
    limit = settings.XASO_MAX_UPLOAD_MB
    if not upload.size:
        raise UploadRefused(_("Tệp «%(name)s» rỗng (0 byte); hãy chọn lại tệp.") % {"name": name})
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        size = f"{upload.size / 1024 / 1024:.2f}".replace(".", ",")
        raise UploadRefused(
            _("Tệp «%(name)s» nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {"name": name, "size": size, "limit": limit}
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = tuple(allowed)
    if extension not in allowed:
        kinds = ", ".join(sorted({f".{e}" for e in allowed}))
        raise UploadRefused(
            _("Tệp «%(name)s»: chỉ nhận các loại %(kinds)s.") % {"name": name, "kinds": kinds}
        )
    upload.seek(0)
    head = upload.read(16)
    real = _sniff(head, upload)
    upload.seek(0)
    expected = (
        "ole"
        if extension in ("doc", "xls", "ppt")
        else ("jpg" if extension == "jpeg" else extension)
    )
    if real != expected:
        what = _(" (nội dung là một chương trình chạy, .exe)") if head.startswith(b"MZ") else ""
        raise UploadRefused(
            _(
                "Tệp «%(name)s» có đuôi .%(extension)s nhưng nội dung không phải %(kind)s"
                "%(what)s. Hãy chọn đúng tệp."
            )
            % {"name": name, "extension": extension, "kind": KINDS[extension], "what": what}
        )
    return extension


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _file_name(upload: UploadedFile) -> str:
    """The person's name for the file, as the row keeps it (refused if it cannot be kept)."""
    name = PurePath(upload.name or _("tệp")).name
    if "\x00" in name:
        raise UploadRefused(_("Tên tệp có ký tự không hợp lệ (ký tự rỗng); hãy đổi tên tệp."))
    if len(name) > _NAME_LIMIT:
        raise UploadRefused(
            _("Tên tệp «%(name)s…» dài quá %(limit)s ký tự; hãy đổi tên ngắn hơn.")
            % {"name": name[:40], "limit": _NAME_LIMIT}
        )
    return name


def evidence_add(
    *,
    assessment: Assessment,
    indicator: str,
    summary: str,
    user: Any,
    document_number: str = "",
    document_date: dt.date | None = None,
    files: Iterable[UploadedFile] = (),
) -> Evidence:
    """Attach a document (and its files) to an indicator of an editable assessment.

    Every file is checked before anything is stored; one bad file refuses them all.
    The files are stored first, then the rows written in one transaction: a failure while
    storing leaves no row, a failure while writing removes the files stored.
    """
    if not access.can_edit_values(user, assessment):
        raise NotAllowed(not_editable_reason(assessment))
    if indicator not in {i.code for i in assessment_criteria(assessment).indicators}:
        raise NotAllowed(_("Hãy chọn một chỉ tiêu của bộ tiêu chí."))
    summary, document_number = summary.strip(), document_number.strip()
    check_text(document_number, label=_("Số văn bản"), limit=_NUMBER_LIMIT)
    check_text(summary, label=_("Trích yếu"), limit=_SUMMARY_LIMIT)
    if not summary:
        raise NotAllowed(_("Hãy ghi trích yếu của văn bản minh chứng."))
    checked = []
    for upload in files:
        name = _file_name(upload)
        checked.append((upload, check_upload(upload), name))
    digests = [_sha256(upload) for upload, _e, _n in checked]  # before storing moves a file
    with storing() as store:
        names = [store(upload, "evidence/%Y/%m/", kind) for upload, kind, _n in checked]
        with transaction.atomic():
            return _evidence_write(
                assessment=assessment,
                user=user,
                fields={
                    "indicator": indicator,
                    "summary": summary,
                    "document_number": document_number,
                    "document_date": document_date,
                },
                files=[
                    {
                        "file": stored,
                        "original_name": name,
                        "content_type": MIME[kind],
                        "size": upload.size or 0,
                        "sha256": digest,
                    }
                    for (upload, kind, name), stored, digest in zip(
                        checked, names, digests, strict=True
                    )
                ],
            )


def _evidence_write(
    *, assessment: Assessment, user: Any, fields: dict[str, Any], files: list[dict[str, Any]]
) -> Evidence:
    assessment_lock(assessment, None)  # the status may have changed since the check above
    if not access.can_edit_values(user, assessment):
        raise NotAllowed(not_editable_reason(assessment))
    evidence = Evidence.objects.create(assessment=assessment, created_by=user, **fields)
    audit(
        actor=user,
        action="evidence:add",
        assessment=assessment,
        field=evidence.indicator,
        new=f"{evidence.document_number} {evidence.summary}".strip(),
    )
    for row in files:
        stored = EvidenceFile.objects.create(evidence=evidence, uploaded_by=user, **row)
        audit(
            actor=user,
            action="evidence:file",
            assessment=assessment,
            field=evidence.indicator,
            new=stored.original_name,
        )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: Any, reason: str = "") -> None:
    """Withdraw evidence: it is marked removed (kept, and shown in the timeline)."""
    assessment_lock(evidence.assessment, None)
    if not access.can_edit_values(user, evidence.assessment):
        raise NotAllowed(not_editable_reason(evidence.assessment))
    check_text(reason, label=_("Lý do"), limit=_SUMMARY_LIMIT)
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    audit(
        actor=user,
        action="evidence:remove",
        assessment=evidence.assessment,
        field=evidence.indicator,
        old=evidence.summary,
        reason=reason,
    )
