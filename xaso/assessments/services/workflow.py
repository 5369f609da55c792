"""The self-assessment workflow: draft → submitted → verified → recognised, and back.

Every function checks permission through :mod:`xaso.assessments.access`, changes state
atomically and writes audit entries. A refusal raises :class:`NotAllowed` (the caller
shows the Vietnamese message) or, for a stale form, :class:`Conflict`; nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xaso.criteria.models import CriteriaSetVersion
from xaso.engine import CriteriaSet, check_values, evaluate
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .. import access
from ..models import Assessment, ReviewComment, Round, VerifiedValue
from ..selectors import assessment_criteria, assessment_values
from .audit import audit
from .errors import NotAllowed, check_text, not_editable_reason
from .locks import assessment_lock
from .stamps import values_changed
from .values import MAX_DIGITS, MAX_VALUE, Value, values_write, year_version_check

Status = Assessment.Status
COMMENT_LIMIT = 2000  # a reviewer's comment or a reason to reopen (unbounded text columns)
REASON_LIMIT = 500  # why a verified value differs from the commune's


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


def round_check(
    *,
    province: Unit,
    year: int,
    criteria_version: CriteriaSetVersion,
    communes: Iterable[Unit] = (),
    current: Round | None = None,
) -> None:
    """Raise NotAllowed unless a round (``current``, when editing one) may be so.

    The province must be of the era the year belongs to, and every commune of that province
    and era. One round per province and year. A year that already has figures under another
    criteria version keeps that version (:func:`~.values.year_version_check`): the dashboards
    read a year under its round's version, so a round under another would hide every figure
    already there (a year of 547 communes would show the 1 the round has). Call inside the
    transaction that writes: the province's row is locked.
    """
    era = era_for_year(year)
    if province.level != Unit.Level.PROVINCE or province.era != era:
        raise NotAllowed(
            _("Đợt năm %(year)s phải gắn với tỉnh thuộc danh mục %(era)s.")
            % {"year": year, "era": era}
        )
    wrong = [c.name for c in communes if c.era != era or c.province_id != province.pk]
    if wrong:
        raise NotAllowed(
            _("Các xã không thuộc tỉnh hoặc thời kỳ của đợt: %(names)s")
            % {"names": ", ".join(wrong)}
        )
    others = Round.objects.filter(province=province, year=year)
    same_year = others.exclude(pk=current.pk).first() if current else others.first()
    if same_year is not None:
        raise NotAllowed(
            _("Tỉnh đã có đợt đánh giá năm %(year)s («%(name)s»); mỗi năm chỉ có một đợt.")
            % {"year": year, "name": same_year.name}
        )
    # The same rule as loading figures, owned there; the same-year round is refused above.
    year_version_check(
        places=[(province.pk, year)], criteria_version=criteria_version, rounds=False
    )


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
    """A province's round for ``year``, refused (NotAllowed) as :func:`round_check` says."""
    communes = list(communes)
    round_check(province=province, year=year, criteria_version=criteria_version, communes=communes)
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
    a = assessment_lock(assessment, lock_version)
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
    a = assessment_lock(assessment, lock_version)
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
    a = assessment_lock(assessment, lock_version)
    stage = _stage(user, a)
    codes = {"", *(i.code for i in assessment_criteria(a).indicators)}
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    if not comments:
        raise NotAllowed(_("Hãy ghi ít nhất một ý kiến để xã biết cần bổ sung gì."))
    for indicator, text in comments.items():
        if indicator not in codes:
            raise NotAllowed(_("Hãy chọn một chỉ tiêu của bộ tiêu chí."))
        label = (
            _("Ý kiến cho chỉ tiêu %(code)s") % {"code": indicator}
            if indicator
            else _("Ý kiến chung")
        )
        check_text(text, label=label, limit=COMMENT_LIMIT)
    for indicator, text in comments.items():
        ReviewComment.objects.create(
            assessment=a, indicator=indicator, text=text, stage=stage, author=user
        )
        audit(actor=user, action="review:comment", assessment=a, field=indicator, new=text)
    _status(a, Status.RETURNED, user, action="assessment:return")


def _verified_checked(
    cs: CriteriaSet, verified: Mapping[str, tuple[int, str]]
) -> dict[str, tuple[int, str]]:
    """A reviewer's values with their reasons, each refused with a message if unusable."""
    checked = {}
    for variable, (value, reason) in verified.items():
        if not cs.has_variable(variable):
            raise NotAllowed(
                _("Biến «%(variable)s» không có trong bộ tiêu chí.") % {"variable": variable}
            )
        label = cs.variable(variable).label
        if not reason or not reason.strip():
            raise NotAllowed(
                _("Cần ghi lý do cho giá trị thẩm định của «%(variable)s».") % {"variable": label}
            )
        check_text(
            reason.strip(), label=_("Lý do: %(variable)s") % {"variable": label}, limit=REASON_LIMIT
        )
        if value is None or not 0 <= int(value) <= MAX_VALUE:
            raise NotAllowed(
                _(
                    "Giá trị thẩm định của «%(variable)s» phải là số không âm, "
                    "tối đa %(digits)s chữ số."
                )
                % {"variable": label, "digits": MAX_DIGITS}
            )
        checked[variable] = (int(value), reason.strip())
    return checked


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
    a = assessment_lock(assessment, lock_version)
    stage = _stage(user, a)
    reported = assessment_values(a, verified=False)
    cs = assessment_criteria(a)
    verified = _verified_checked(cs, verified or {})
    # A reviewer's values pass the same checks as the commune's (a part never above its whole).
    effective = assessment_values(a) | {k: v for k, (v, _r) in verified.items()}
    problems = check_values(cs, {k: v for k, v in effective.items() if v is not None})
    if problems:
        raise NotAllowed(
            _("Giá trị thẩm định chưa hợp lệ: %(problems)s")
            % {"problems": "; ".join(str(p.message) for p in problems)}
        )
    for variable, (value, reason) in verified.items():
        VerifiedValue.objects.update_or_create(
            assessment=a,
            variable=variable,
            stage=stage,
            defaults={"value": value, "reason": reason, "verified_by": user},
        )
        audit(
            actor=user,
            action="value:verify",
            assessment=a,
            field=variable,
            old=reported.get(variable),
            new=value,
            reason=reason,
        )
    if verified:
        values_changed(
            places=[(a.unit.province_id, a.round.year)],
            criteria_version_id=a.round.criteria_version_id,
        )
    new = Status.DISTRICT_VERIFIED if stage == "district" else Status.PROVINCE_VERIFIED
    _status(a, new, user, action=f"assessment:verify:{stage}")
