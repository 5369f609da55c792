"""The self-assessment workflow: draft → submitted → verified → recognised, and back.

Every function checks permission through :mod:`xaso.assessments.access`, changes state
atomically and writes audit entries. A refusal raises :class:`NotAllowed` (the caller
shows the Vietnamese message) or, for a stale form, :class:`Conflict`; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xaso.accounts.selectors import display_name
from xaso.criteria.models import CriteriaSetVersion
from xaso.engine import check_values, evaluate
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .. import access
from ..models import Assessment, RecognitionDecision, ReviewComment, Round, VerifiedValue
from ..selectors import assessment_criteria, assessment_values
from .audit import audit
from .errors import Conflict, NotAllowed, not_editable_reason
from .evidence import check_upload
from .stamps import values_changed
from .values import Value, values_write

Status = Assessment.Status


def _locked(a: Assessment, lock_version: int | None) -> Assessment:
    """Re-read ``a`` for update and refuse a stale form (optimistic locking)."""
    current = Assessment.objects.select_for_update().get(pk=a.pk)
    if lock_version is not None and current.lock_version != lock_version:
        last = current.audit.order_by("-at", "-pk").select_related("actor").first()
        who = display_name(last.actor) if last and last.actor else ""
        who = who or _("người khác")
        if last:
            when = timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y")
            message = _(
                "Bản đánh giá vừa được %(who)s lưu lúc %(when)s. Số liệu bạn vừa nhập vẫn còn "
                "trên màn hình: hãy xem lại các thay đổi rồi bấm lưu lần nữa."
            ) % {"who": who, "when": when}
        else:
            message = _(
                "Bản đánh giá vừa được %(who)s lưu. Số liệu bạn vừa nhập vẫn còn trên màn hình: "
                "hãy xem lại các thay đổi rồi bấm lưu lần nữa."
            ) % {"who": who}
        raise Conflict(message)
    # Keep the related objects the caller already loaded (unit, round …).
    a.status, a.lock_version = current.status, current.lock_version
    return a


def _bump(a: Assessment, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(a, name, value)
    a.lock_version += 1
    a.save(update_fields=[*fields, "lock_version", "updated_at"])


def _status(a: Assessment, new: str, user: Any, reason: str = "", action: str = "") -> None:
    old = a.status
    _bump(a, status=new, **({"submitted_at": timezone.now()} if new == Status.SUBMITTED else {}))
    audit(
        actor=user,
        action=action or f"status:{new}",
        assessment=a,
        field="status",
        old=Status(old).label,
        new=Status(new).label,
        reason=reason,
    )


# -- rounds ------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    province: Unit,
    year: int,
    criteria_version: CriteriaSetVersion,
    name: str,
    communes: Iterable[Unit] = (),
    submission_deadline: date | None = None,
    review_deadline: date | None = None,
    user: Any = None,
) -> Round:
    """A province's round for ``year``; units must be of the era the year belongs to."""
    era = era_for_year(year)
    if province.level != Unit.Level.PROVINCE or province.era != era:
        raise NotAllowed(
            _("Đợt năm %(year)s phải gắn với tỉnh thuộc danh mục %(era)s.")
            % {"year": year, "era": era}
        )
    communes = list(communes)
    wrong = [c.name for c in communes if c.era != era or c.province_id != province.pk]
    if wrong:
        raise NotAllowed(
            _("Các xã không thuộc tỉnh hoặc thời kỳ của đợt: %(names)s")
            % {"names": ", ".join(wrong)}
        )
    r = Round.objects.create(
        province=province,
        year=year,
        criteria_version=criteria_version,
        name=name,
        submission_deadline=submission_deadline,
        review_deadline=review_deadline,
    )
    r.communes.set(communes)
    audit(actor=user, action="round:create", target=f"round:{r.pk}", new=name)
    return r


@transaction.atomic
def assessment_open(*, round: Round, unit: Unit, user: Any) -> Assessment:
    """The commune's assessment in ``round``, created on first use by its own officer."""
    if unit.pk not in access.scope_of(user).communes and not access.scope_of(user).superuser:
        raise NotAllowed(_("Chỉ cán bộ của xã mới mở được bản tự đánh giá của xã."))
    if unit.province_id != round.province_id or not round.communes.filter(pk=unit.pk).exists():
        raise NotAllowed(_("Xã không được giao trong đợt đánh giá này."))
    if not round.is_open:
        raise NotAllowed(_("Đợt đánh giá đã đóng."))
    a, created = Assessment.objects.get_or_create(round=round, unit=unit)
    if created:
        audit(actor=user, action="assessment:create", assessment=a, target=unit.code)
    return a


# -- the commune ----------------------------------------------------------------------


@transaction.atomic
def assessment_values_update(
    *, assessment: Assessment, values: Mapping[str, Value], lock_version: int, user: Any
) -> list[str]:
    """Save the commune's raw counts (a draft may be incomplete); returns changed variables.

    Raises ValuesInvalid (engine messages) for bad values, Conflict for a stale form,
    NotAllowed when the assessment is not editable by ``user``.
    """
    a = _locked(assessment, lock_version)
    if not access.can_edit_values(user, a):
        raise NotAllowed(not_editable_reason(a))
    changes = values_write(
        unit=a.unit,
        year=a.round.year,
        criteria_version=a.round.criteria_version,
        values=values,
        user=user,
    )
    for change in changes:
        audit(
            actor=user,
            action="value:update",
            assessment=a,
            field=change.variable,
            old=change.old,
            new=change.new,
        )
    if changes:
        _bump(a)
    return [c.variable for c in changes]


@transaction.atomic
def assessment_submit(*, assessment: Assessment, lock_version: int, user: Any) -> None:
    """Send to review. Every applicable indicator must have its values (gaps are fine)."""
    a = _locked(assessment, lock_version)
    if not access.can_edit_values(user, a):
        raise NotAllowed(not_editable_reason(a))
    cs = assessment_criteria(a)
    result = evaluate(cs, assessment_values(a), a.unit.criteria_type)
    if result.missing:
        raise NotAllowed(
            _("Chưa nhập đủ số liệu cho các chỉ tiêu: %(codes)s. Hãy nhập rồi nộp lại.")
            % {"codes": ", ".join(result.missing)}
        )
    _status(a, Status.SUBMITTED, user, action="assessment:submit")


# -- reviewers ------------------------------------------------------------------------


def _stage(user: Any, a: Assessment) -> str:
    stage = access.review_stage(user, a)
    if stage is None:
        raise NotAllowed(_("Bản đánh giá không ở bước bạn thẩm định."))
    return stage


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, comments: Mapping[str, str], lock_version: int, user: Any
) -> None:
    """Send back to the commune with comments (key: indicator code, or "" for general)."""
    a = _locked(assessment, lock_version)
    stage = _stage(user, a)
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    if not comments:
        raise NotAllowed(_("Hãy ghi ít nhất một ý kiến để xã biết cần bổ sung gì."))
    for indicator, text in comments.items():
        ReviewComment.objects.create(
            assessment=a, indicator=indicator, text=text, stage=stage, author=user
        )
        audit(actor=user, action="review:comment", assessment=a, field=indicator, new=text)
    _status(a, Status.RETURNED, user, action="assessment:return")


@transaction.atomic
def assessment_verify(
    *,
    assessment: Assessment,
    lock_version: int,
    user: Any,
    verified: Mapping[str, tuple[int, str]] | None = None,
) -> None:
    """Verify at the reviewer's stage, optionally recording values that differ.

    ``verified`` maps a variable to (value, reason); the commune's own value is kept.
    """
    a = _locked(assessment, lock_version)
    stage = _stage(user, a)
    reported = assessment_values(a, verified=False)
    cs = assessment_criteria(a)
    # A reviewer's values pass the same checks as the commune's (a part never above its whole).
    effective = assessment_values(a) | {k: v for k, (v, _r) in (verified or {}).items()}
    problems = check_values(cs, {k: v for k, v in effective.items() if v is not None})
    if problems:
        raise NotAllowed(
            _("Giá trị thẩm định chưa hợp lệ: %(problems)s")
            % {"problems": "; ".join(str(p.message) for p in problems)}
        )
    for variable, (value, reason) in (verified or {}).items():
        if not cs.has_variable(variable):
            raise NotAllowed(
                _("Biến «%(variable)s» không có trong bộ tiêu chí.") % {"variable": variable}
            )
        if not reason or not reason.strip():
            raise NotAllowed(
                _("Cần ghi lý do cho giá trị thẩm định của «%(variable)s».")
                % {"variable": variable}
            )
        if value is None or int(value) < 0:
            raise NotAllowed(
                _("Giá trị thẩm định của «%(variable)s» phải là số không âm.")
                % {"variable": variable}
            )
        old = reported.get(variable)
        VerifiedValue.objects.update_or_create(
            assessment=a,
            variable=variable,
            stage=stage,
            defaults={"value": int(value), "reason": reason.strip(), "verified_by": user},
        )
        audit(
            actor=user,
            action="value:verify",
            assessment=a,
            field=variable,
            old=old,
            new=int(value),
            reason=reason.strip(),
        )
    if verified:
        values_changed(
            places=[(a.unit.province_id, a.round.year)],
            criteria_version_id=a.round.criteria_version_id,
        )
    new = Status.DISTRICT_VERIFIED if stage == "district" else Status.PROVINCE_VERIFIED
    _status(a, new, user, action=f"assessment:verify:{stage}")


@transaction.atomic
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
    """Record the recognition decision and lock every assessment it recognises."""
    items = list(assessments)
    if not items:
        raise NotAllowed(_("Hãy chọn ít nhất một xã để công nhận."))
    if not access.can_recognise(user, province.pk):
        raise NotAllowed(_("Chỉ cấp tỉnh ghi nhận được quyết định công nhận."))
    if not number.strip() or not signer.strip():
        raise NotAllowed(_("Cần ghi số quyết định và người ký."))
    wrong = [
        a.unit.name
        for a in items
        if a.status != Status.PROVINCE_VERIFIED or a.round.province_id != province.pk
    ]
    if wrong:
        raise NotAllowed(
            _("Chỉ công nhận được xã đã được tỉnh thẩm định: %(names)s")
            % {"names": ", ".join(wrong)}
        )
    if RecognitionDecision.objects.filter(province=province, number=number.strip()).exists():
        raise NotAllowed(
            _("Quyết định số %(number)s đã được ghi nhận trước đó.") % {"number": number}
        )
    if pdf is not None:
        check_upload(pdf, allowed=("pdf",))
    decision = RecognitionDecision.objects.create(
        province=province,
        number=number.strip(),
        date=date,
        signer=signer.strip(),
        created_by=user,
        **({"pdf": pdf} if pdf is not None else {}),
    )
    for a in items:
        locked = _locked(a, None)
        _bump(locked, decision=decision)
        _status(
            locked,
            Status.RECOGNISED,
            user,
            action="assessment:recognise",
            reason=f"Quyết định {decision}",
        )
    return decision


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, reason: str, user: Any) -> None:
    """Unlock a recognised assessment (province admin only, with a reason)."""
    a = _locked(assessment, None)
    if not access.can_reopen(user, a):
        raise NotAllowed(_("Chỉ quản trị cấp tỉnh mở lại được bản đã công nhận."))
    if not reason.strip():
        raise NotAllowed(_("Cần ghi lý do mở lại."))
    decision = a.decision
    _bump(a, decision=None)
    _status(
        a,
        Status.RETURNED,
        user,
        reason=f"{reason.strip()} (trước đó: quyết định {decision})",
        action="assessment:reopen",
    )
