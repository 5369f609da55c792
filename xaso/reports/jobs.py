"""The reports' slow work, run by the background worker (xaso.jobs)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from xaso.dashboards.selectors import NoData
from xaso.jobs.registry import JobRefused, JobResult, job_kind

from .pdf import province_pdf_of, province_report


@job_kind("reports.province_pdf")
def province_pdf(params: dict[str, Any], user: Any) -> JobResult:
    """A province-year's summary PDF (several seconds for a whole province). The user is
    gated again inside :func:`province_report`: a role removed meanwhile ends the job."""
    pks = set(params["districts"]) if params.get("districts") is not None else None
    try:
        report = province_report(params["code"], params["year"], pks, user)
    except (NoData, Http404):
        raise JobRefused(
            _("Không còn số liệu của năm này, hoặc tài khoản của bạn không còn được xem tỉnh.")
        ) from None
    stem = f"bao-cao-tong-hop-{params['year']}-{report.area}"
    return JobResult(province_pdf_of(report), f"{stem}.pdf", "application/pdf")
