"""The reviewers' side: return with comments, verify, recognise by decision, reopen."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xaso.engine import CriteriaSet
from xaso.units.models import Unit

from .. import access
from ..forms import parse_values
from ..models import Assessment
from ..selectors import assessment_criteria, assessment_values
from ..services import (
    Conflict,
    NotAllowed,
    assessment_reopen,
    assessment_return,
    assessment_verify,
    decision_recognise,
)
from ..services.evidence import UploadRefused
from .entry import render_page, whole

Status = Assessment.Status


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Return with comments (per indicator) or verify (with corrected values and reasons).

    A refusal shows the page again with every value, reason and comment as typed.
    """
    a = access.assessment_for_read(request.user, pk)
    cs = assessment_criteria(a)
    typed, values, errors = parse_values(cs, request.POST)
    drafts = {k: v for k, v in request.POST.items() if k == "general" or k.startswith(("c_", "r_"))}
    try:
        _review(request, a, cs, values, errors)
    except (Conflict, NotAllowed) as exc:
        messages.error(request, str(exc))
        a.refresh_from_db()
        keep = {"typed": typed, "typed_values": values, "errors": errors, "drafts": drafts}
        return render_page(request, a, status=409 if isinstance(exc, Conflict) else 400, **keep)
    return redirect("assessments:detail", pk=a.pk)


def _review(
    request: HttpRequest,
    a: Assessment,
    cs: CriteriaSet,
    values: dict[str, Any],
    errors: dict[str, str],
) -> None:
    lock = whole(request.POST.get("lock_version"))
    decision = request.POST.get("decision")
    if decision not in ("return", "verify"):
        raise NotAllowed(_("Yêu cầu không hợp lệ: hãy chọn «Trả lại» hoặc «Thẩm định đạt»."))
    if decision == "return":
        codes = {i.code for i in cs.indicators}
        comments = {
            key[2:]: value
            for key, value in request.POST.items()
            if key.startswith("c_") and key[2:] in codes
        }
        comments[""] = request.POST.get("general", "")
        assessment_return(assessment=a, comments=comments, lock_version=lock, user=request.user)
        messages.success(request, _("Đã trả lại để xã bổ sung."))
        return
    if errors:
        raise NotAllowed("; ".join(f"{cs.variable(c).label}: {e}" for c, e in errors.items()))
    current = assessment_values(a)  # only values the reviewer changed are verified
    verified = {
        code: (int(value), request.POST.get(f"r_{code}", ""))
        for code, value in values.items()
        if value is not None and value != current.get(code)
    }
    assessment_verify(assessment=a, lock_version=lock, user=request.user, verified=verified)
    messages.success(request, _("Đã ghi nhận thẩm định đạt."))


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    a = access.assessment_for_read(request.user, pk)
    reason = request.POST.get("reason", "")
    try:
        assessment_reopen(assessment=a, reason=reason, user=request.user)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        a.refresh_from_db()
        return render_page(request, a, status=400, context={"reopen_reason": reason})
    messages.success(request, _("Đã mở lại; xã có thể sửa số liệu."))
    return redirect("assessments:detail", pk=a.pk)


@login_required
def recognise(request: HttpRequest) -> HttpResponse:
    """The province records a recognition decision for several communes at once.

    One form per province of the list (Thanh Hóa before and since 1/7/2025 are two): a
    decision recognises communes of one province.
    """
    scope = access.scope_of(request.user)
    provinces = scope.reviewed_provinces | scope.admin_provinces
    if not provinces and not scope.superuser:
        raise access.Http404
    ready = (
        access.visible_assessments(request.user)
        .filter(status=Status.PROVINCE_VERIFIED)
        .order_by("round__province__era", "-round__year", "unit__name_folded")
    )
    if not scope.superuser:
        ready = ready.filter(round__province_id__in=provinces)
    groups: dict[int, list[Assessment]] = {}
    names: dict[int, str] = {}
    for a in ready:
        groups.setdefault(a.round.province_id, []).append(a)
        names[a.round.province_id] = (
            f"{a.round.province.name} ({a.round.province.get_era_display()})"
        )
    form = {"number": "", "date": "", "signer": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        province_id = whole(request.POST.get("province"))
        ids = {int(x) for x in request.POST.getlist("assessments") if x.isdigit() and len(x) < 10}
        chosen = [a for a in groups.get(province_id, []) if a.pk in ids]
        try:
            when = date.fromisoformat(form["date"])
        except ValueError:
            messages.error(request, _("Hãy chọn ngày ký quyết định."))
        else:
            try:
                decision = decision_recognise(
                    province=chosen[0].round.province if chosen else Unit(pk=province_id),
                    number=form["number"],
                    date=when,
                    signer=form["signer"],
                    assessments=chosen,
                    user=request.user,
                    pdf=request.FILES.get("pdf"),
                )
            except (NotAllowed, UploadRefused) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("Đã công nhận %(n)s xã theo quyết định %(d)s.")
                    % {"n": len(chosen), "d": decision},
                )
                return redirect("assessments:work")
    return render(
        request,
        "assessments/recognise.html",
        {
            "groups": [(pid, names[pid], rows) for pid, rows in groups.items()],
            "form": form,
        },
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only through the gate; images and PDFs open in the browser."""
    f = access.evidence_file_for_read(request.user, pk)
    inline = f.original_name.lower().endswith((".pdf", ".png", ".jpg", ".jpeg", ".webp"))
    return FileResponse(f.file.open("rb"), as_attachment=not inline, filename=f.original_name)


def decision_pdf(request: HttpRequest, pk: int) -> FileResponse:
    decision = access.decision_for_read(request.user, pk)
    if not decision.pdf:
        raise access.Http404
    return FileResponse(
        decision.pdf.open("rb"), filename=f"{decision.number}.pdf".replace("/", "-")
    )
