"""Printable PDF reports: a commune's self-assessment and a province-year's summary.

Thin handlers: each passes the object's access gate (404 for "not yours" as for "not
found"). A commune's report (a second) is sent inline at once, so the browser shows it
ready to print; a province's (several seconds for 550 communes) is a background job whose
page the person watches (xaso.jobs). The document itself is Vietnamese in any UI language.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from xaso.assessments.access import assessment_for_read
from xaso.common.text import ascii_slug
from xaso.dashboards.access import province_view
from xaso.dashboards.selectors import NoData, province_data
from xaso.jobs.registry import JobRefused
from xaso.jobs.services import job_start

from ..pdf import commune_report_pdf


def _inline(pdf: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{ascii_slug(stem) or "bao-cao"}.pdf"'
    # A draft report is nobody else's business: no shared cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def commune_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The commune's self-assessment report, for anyone who may read the assessment."""
    a = assessment_for_read(request.user, pk)
    pdf = commune_report_pdf(a, request.user)
    return _inline(pdf, f"bao-cao-tu-danh-gia-{a.unit.name}-{a.round.year}")


@login_required
def province_pdf(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The year's summary for what the user may see of the province; ``?huyen=<pk>``
    limits it to one district, as on the dashboards (ignored when not theirs).

    Checked here (404 as on the dashboards), made by the background worker: the person is
    sent to the job's page, which offers the PDF when it is ready.
    """
    allowed = province_view(request.user, code, year)
    chosen = _int(request.GET.get("huyen"))
    if chosen is not None and allowed is not None and chosen not in allowed:
        chosen = None  # not yours: the whole of what you may see, as the dashboards do
    pks = {chosen} if chosen is not None else (set(allowed) if allowed is not None else None)
    try:
        province_data(code).version(year)  # NoData when the year has no figures
    except NoData:
        raise Http404 from None
    back = reverse("dashboards:overview", args=[code, year])
    try:
        job = job_start(
            kind="reports.province_pdf",
            title=_("Báo cáo tổng hợp năm %(year)s (PDF)") % {"year": year},
            params={
                "code": code,
                "year": year,
                "districts": sorted(pks) if pks is not None else None,
                "back": back,
            },
            user=request.user,
        )
    except JobRefused as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect("jobs:job", pk=job.pk)
