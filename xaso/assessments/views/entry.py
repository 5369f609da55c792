"""The commune's side: my work, the assessment page, live checking, saving, submitting."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xaso.engine import ValuesInvalid
from xaso.units.models import Unit

from .. import access
from ..forms import parse_values
from ..models import Assessment, Round
from ..pages import STATUS_CSS, build_page, timeline
from ..selectors import assessment_criteria
from ..services import (
    Conflict,
    NotAllowed,
    assessment_open,
    assessment_submit,
    assessment_values_update,
    evidence_add,
)
from ..services.evidence import UploadRefused


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": what is waiting for this person, by role."""
    scope = access.scope_of(request.user)
    visible = list(
        access.visible_assessments(request.user).order_by("-round__year", "unit__name_folded")
    )
    to_review = [a for a in visible if access.review_stage(request.user, a)]
    mine = [a for a in visible if a.unit_id in scope.communes]
    openable = []
    if scope.communes:
        taken = {(a.round_id, a.unit_id) for a in mine}
        for r in Round.objects.filter(is_open=True, communes__in=scope.communes).distinct():
            for unit in Unit.objects.filter(pk__in=scope.communes, rounds_assigned=r):
                if (r.pk, unit.pk) not in taken:
                    openable.append((r, unit))
    listed = {a.pk for a in mine} | {a.pk for a in to_review}
    return render(
        request,
        "assessments/work.html",
        {
            "mine": mine,
            "to_review": to_review,
            "openable": openable,
            "status_css": STATUS_CSS,
            "others": [a for a in visible if a.pk not in listed][:200],
            "can_recognise": bool(scope.reviewed_provinces | scope.admin_provinces)
            or scope.superuser,
        },
    )


@login_required
@require_POST
def open_assessment(request: HttpRequest, round_pk: int, unit_pk: int) -> HttpResponse:
    r = get_object_or_404(Round, pk=round_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    try:
        a = assessment_open(round=r, unit=unit, user=request.user)
    except NotAllowed:
        raise access.Http404 from None
    return redirect("assessments:detail", pk=a.pk)


def render_page(
    request: HttpRequest,
    a: Assessment,
    status: int = 200,
    context: dict[str, Any] | None = None,
    **kwargs: Any,
) -> HttpResponse:
    """The assessment page; ``kwargs`` go to :func:`build_page` (what was typed), ``context``
    to the template (what was typed in the other forms, so a refusal loses nothing)."""
    page = build_page(a, request.user, **kwargs)
    return render(
        request,
        "assessments/detail.html",
        {
            "page": page,
            "a": a,
            "status_css": STATUS_CSS,
            "timeline": timeline(a),
            **(context or {}),
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a = access.assessment_for_read(request.user, pk)
    return render_page(request, a)


@login_required
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Live verdicts for what is typed, before saving (htmx); nothing is stored."""
    a = access.assessment_for_read(request.user, pk, light=True)
    typed, values, errors = parse_values(assessment_criteria(a), request.POST)
    page = build_page(
        a, request.user, typed=typed, typed_values=values, errors=errors, verdicts_only=True
    )
    return render(request, "assessments/_verdicts.html", {"page": page})


def whole(text: str | None) -> int:
    """A whole number from a form field; 0 (never a valid version) for anything else."""
    return int(text) if text and text.isdigit() and len(text) < 10 else 0


@login_required
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a draft; on any refusal the page comes back with everything typed.

    Only what this person changed is saved (each input carries the value it showed), so a
    colleague's save since the page was opened is never overwritten with old numbers.
    """
    a = access.assessment_for_read(request.user, pk)
    typed, values, errors = parse_values(assessment_criteria(a), request.POST)
    shown = {c: request.POST.get(f"o_{c}") for c in typed}
    changed = {c for c in typed if shown[c] is None or typed[c] != shown[c]}
    typed = {c: t for c, t in typed.items() if c in changed}
    values = {c: v for c, v in values.items() if c in changed}
    errors = {c: e for c, e in errors.items() if c in changed}
    keep = {"typed": typed, "typed_values": values, "errors": errors}
    if errors:
        messages.error(request, _("Chưa lưu: có ô nhập chưa đúng (xem các ô tô đỏ)."))
        return render_page(request, a, status=400, **keep)
    try:
        saved = assessment_values_update(
            assessment=a,
            values=values,
            lock_version=whole(request.POST.get("lock_version")),
            user=request.user,
        )
    except ValuesInvalid as exc:
        messages.error(request, _("Chưa lưu: ") + "; ".join(p.message for p in exc.problems))
        return render_page(request, a, status=400, **keep)
    except Conflict as exc:
        messages.error(request, str(exc))
        a.refresh_from_db()
        return render_page(request, a, status=409, **keep)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        a.refresh_from_db()
        return render_page(request, a, status=403, **keep)
    if saved:
        messages.success(request, _("Đã lưu %(n)s số liệu.") % {"n": len(saved)})
    elif request.POST.get("then") != "submit":
        messages.info(request, _("Không có số liệu nào thay đổi."))
    if request.POST.get("then") == "submit":
        return submit(request, pk)
    return redirect("assessments:detail", pk=a.pk)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    a = access.assessment_for_read(request.user, pk)
    a.refresh_from_db()
    try:
        assessment_submit(assessment=a, lock_version=a.lock_version, user=request.user)
    except (Conflict, NotAllowed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã nộp bản tự đánh giá để thẩm định."))
    return redirect("assessments:detail", pk=a.pk)


@login_required
@require_POST
def add_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document; a refusal shows the page again with the form as it was typed."""
    a = access.assessment_for_read(request.user, pk)
    form = {
        k: request.POST.get(k, "")
        for k in ("indicator", "document_number", "document_date", "summary")
    }
    try:
        evidence_add(
            assessment=a,
            indicator=form["indicator"],
            summary=form["summary"],
            document_number=form["document_number"],
            document_date=_date(form["document_date"]),
            files=request.FILES.getlist("files"),
            user=request.user,
        )
    except (NotAllowed, UploadRefused) as exc:
        messages.error(request, str(exc))
        if request.FILES:
            messages.info(request, _("Tệp đã chọn chưa được lưu: hãy chọn lại tệp."))
        a.refresh_from_db()
        return render_page(request, a, status=400, context={"evidence_form": form})
    messages.success(
        request, _("Đã thêm minh chứng cho chỉ tiêu %(code)s.") % {"code": form["indicator"]}
    )
    return redirect(f"{a.get_absolute_url()}#ind-{form['indicator'].replace('.', '-')}")


def _date(text: str) -> date | None:
    """A date typed as YYYY-MM-DD (what a date input sends), None if empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotAllowed(_("Ngày văn bản không hợp lệ.")) from None
