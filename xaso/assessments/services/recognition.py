"""Recognition by decision, and reopening a recognised assessment: the end of the workflow
(:mod:`.workflow` holds the steps before it and the shared status change)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xaso.units.models import Unit

from .. import access
from ..models import Assessment, RecognitionDecision
from .errors import NotAllowed, check_text
from .evidence import check_upload
from .files import storing
from .locks import assessment_lock, assessments_lock
from .workflow import COMMENT_LIMIT, Status, _bump, _status


def decision_recognise(
    *,
    province: Unit,
    number: str,
    date: date,
    signer: str,
    assessments: Iterable[Assessment],
    user: Any,
    pdf: UploadedFile | None = None,
) -> RecognitionDecision:
    """Record the recognition decision and lock every assessment it recognises.

    The assessments' rows are locked first and their status is read from the locked rows:
    two decisions sent at the same moment for one commune cannot both recognise it. A
    number the province already used is refused with a message, also when the same number
    is committed by another request between the check and the insert (the unique constraint
    decides). The PDF is stored before the rows are written and deleted if they are not.
    """
    items = list({a.pk: a for a in assessments}.values())
    number, signer = number.strip(), signer.strip()
    if not items:
        raise NotAllowed(_("Hãy chọn ít nhất một xã để công nhận."))
    if not access.can_recognise(user, province.pk):
        raise NotAllowed(_("Chỉ cấp tỉnh ghi nhận được quyết định công nhận."))
    if not number or not signer:
        raise NotAllowed(_("Cần ghi số quyết định và người ký."))
    check_text(number, label=_("Số quyết định"), limit=_field_length(RecognitionDecision, "number"))
    check_text(signer, label=_("Người ký"), limit=_field_length(RecognitionDecision, "signer"))
    if pdf is not None:
        check_upload(pdf, allowed=("pdf",))
    with storing() as store:
        stored = store(pdf, "decisions/%Y/", "pdf") if pdf is not None else ""
        return _decision_write(
            province=province,
            number=number,
            date=date,
            signer=signer,
            pdf=stored,
            items=items,
            user=user,
        )


@transaction.atomic
def _decision_write(
    *,
    province: Unit,
    number: str,
    date: date,
    signer: str,
    pdf: str,
    items: list[Assessment],
    user: Any,
) -> RecognitionDecision:
    locked = assessments_lock(items)
    _check_recognisable(province, number, items, locked)
    decision = _decision_create(
        province=province, number=number, date=date, signer=signer, created_by=user, pdf=pdf
    )
    for a in locked:
        _bump(a, decision=decision)
        _status(
            a,
            Status.RECOGNISED,
            user,
            action="assessment:recognise",
            reason=f"Quyết định {decision}",
        )
    return decision


def _field_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


def _used(number: str) -> NotAllowed:
    return NotAllowed(_("Quyết định số %(number)s đã được ghi nhận trước đó.") % {"number": number})


def _check_recognisable(
    province: Unit, number: str, items: list[Assessment], locked: list[Assessment]
) -> None:
    """Refuse a used number, or communes not verified by this province (read under lock)."""
    if RecognitionDecision.objects.filter(province=province, number=number).exists():
        raise _used(number)
    present = {a.pk for a in locked}
    wrong = [
        a.unit.name
        for a in items
        if a.pk not in present
        or a.status != Status.PROVINCE_VERIFIED
        or a.round.province_id != province.pk
    ]
    if wrong:
        raise NotAllowed(
            _("Chỉ công nhận được xã đã được tỉnh thẩm định: %(names)s")
            % {"names": ", ".join(wrong)}
        )


def _decision_create(**fields: Any) -> RecognitionDecision:
    """Insert the decision; a number committed meanwhile by another request is a message."""
    try:
        with transaction.atomic():  # a savepoint: the transaction goes on after a refusal
            return RecognitionDecision.objects.create(**fields)
    except IntegrityError:
        province, number = fields["province"], fields["number"]
        if RecognitionDecision.objects.filter(province=province, number=number).exists():
            raise _used(number) from None
        raise


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, reason: str, user: Any) -> None:
    """Unlock a recognised assessment (province admin only, with a reason)."""
    a = assessment_lock(assessment, None)
    if not access.can_reopen(user, a):
        raise NotAllowed(_("Chỉ quản trị cấp tỉnh mở lại được bản đã công nhận."))
    if not reason.strip():
        raise NotAllowed(_("Cần ghi lý do mở lại."))
    check_text(reason.strip(), label=_("Lý do mở lại"), limit=COMMENT_LIMIT)
    decision = a.decision
    _bump(a, decision=None)
    _status(
        a,
        Status.RETURNED,
        user,
        reason=f"{reason.strip()} (trước đó: quyết định {decision})",
        action="assessment:reopen",
    )
