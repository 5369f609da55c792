"""Printable PDF reports: a commune's self-assessment and a province-year's summary.

Thin handlers: each passes the object's access gate (404 for "not yours" as for "not
found"), asks :mod:`xaso.reports.pdf` for the bytes and sends them inline, so the browser
shows the document ready to print. The document itself is Vietnamese in any UI language.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from xaso.assessments.access import assessment_for_read
from xaso.common.text import ascii_slug
from xaso.dashboards.access import province_view
from xaso.dashboards.selectors import NoData

from ..pdf import commune_report_pdf, province_pdf_of, province_report


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
    limits it to one district, as on the dashboards (ignored when not theirs)."""
    allowed = province_view(request.user, code, year)
    chosen = _int(request.GET.get("huyen"))
    if chosen is not None and allowed is not None and chosen not in allowed:
        chosen = None  # not yours: the whole of what you may see, as the dashboards do
    pks = {chosen} if chosen is not None else (set(allowed) if allowed is not None else None)
    try:
        report = province_report(code, year, pks, request.user)
    except NoData:
        raise Http404 from None
    return _inline(province_pdf_of(report), f"bao-cao-tong-hop-{year}-{report.area}")
