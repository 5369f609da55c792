"""The reviewers' side: return with comments, verify, recognise by decision, reopen."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xaso.units.models import Unit

from .. import access
from ..forms import parse_values
from ..models import Assessment
from ..pages import criteria_of
from ..selectors import assessment_values
from ..services import (
    Conflict,
    NotAllowed,
    assessment_reopen,
    assessment_return,
    assessment_verify,
    decision_recognise,
)
from ..services.evidence import UploadRefused

Status = Assessment.Status


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Return with comments (per indicator) or verify (with corrected values and reasons)."""
    a = access.assessment_for_read(request.user, pk)
    lock = int(request.POST.get("lock_version", "0"))
    try:
        if request.POST.get("decision") == "return":
            comments = {
                key[2:]: value for key, value in request.POST.items() if key.startswith("c_")
            }
            comments[""] = request.POST.get("general", "")
            assessment_return(assessment=a, comments=comments, lock_version=lock, user=request.user)
            messages.success(request, _("Đã trả lại để xã bổ sung."))
        else:
            _typed, values, errors = parse_values(criteria_of(a), request.POST)
            if errors:
                raise NotAllowed("; ".join(errors.values()))
            current = assessment_values(a)  # only values the reviewer changed are verified
            verified = {
                code: (int(value), request.POST.get(f"r_{code}", ""))
                for code, value in values.items()
                if value is not None and value != current.get(code)
            }
            assessment_verify(assessment=a, lock_version=lock, user=request.user, verified=verified)
            messages.success(request, _("Đã ghi nhận thẩm định đạt."))
    except (Conflict, NotAllowed) as exc:
        messages.error(request, str(exc))
    return redirect("assessments:detail", pk=a.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    a = access.assessment_for_read(request.user, pk)
    try:
        assessment_reopen(assessment=a, reason=request.POST.get("reason", ""), user=request.user)
    except NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã mở lại; xã có thể sửa số liệu."))
    return redirect("assessments:detail", pk=a.pk)


@login_required
def recognise(request: HttpRequest) -> HttpResponse:
    """The province records a recognition decision for several communes at once."""
    scope = access.scope_of(request.user)
    provinces = scope.reviewed_provinces | scope.admin_provinces
    if not provinces and not scope.superuser:
        raise access.Http404
    ready = (
        access.visible_assessments(request.user)
        .filter(status=Status.PROVINCE_VERIFIED)
        .order_by("round__province__code", "-round__year", "unit__name_folded")
    )
    if not scope.superuser:
        ready = ready.filter(round__province_id__in=provinces)
    form = {"number": "", "date": "", "signer": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        chosen = list(ready.filter(pk__in=request.POST.getlist("assessments")))
        try:
            when = date.fromisoformat(form["date"])
        except ValueError:
            messages.error(request, _("Hãy chọn ngày ký quyết định."))
        else:
            try:
                province = chosen[0].round.province if chosen else Unit(pk=0)
                decision = decision_recognise(
                    province=province,
                    number=form["number"],
                    date=when,
                    signer=form["signer"],
                    assessments=chosen,
                    user=request.user,
                    pdf=request.FILES.get("pdf"),
                )
            except (NotAllowed, UploadRefused, IndexError) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("Đã công nhận %(n)s xã theo quyết định %(d)s.")
                    % {"n": len(chosen), "d": decision},
                )
                return redirect("assessments:work")
    return render(request, "assessments/recognise.html", {"ready": ready, "form": form})


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
