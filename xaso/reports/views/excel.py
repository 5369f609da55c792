"""Excel in and out: templates to fill offline, the import (dry run, then confirm), and a
province-year's results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xaso.assessments import access
from xaso.assessments.models import RawValue, Round
from xaso.assessments.selectors import assessment_criteria, assessment_values
from xaso.assessments.services import Conflict, NotAllowed
from xaso.common.text import ascii_slug
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.dashboards.access import province_view
from xaso.dashboards.selectors import NoData, province_data
from xaso.dashboards.views.province import STATUS_NAMES, province_frame
from xaso.engine import ValuesInvalid
from xaso.engine.display import format_int
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .. import workbook, xlsx
from ..exports import results_workbook
from ..imports import (
    import_allowed,
    import_apply,
    import_check,
    import_not_allowed,
    import_recheck,
    import_too_large,
)
from ..pending import pending_drop, pending_load, pending_refresh, pending_save
from ..reader import MAX_ROWS
from ..workbook import AREA, COMMUNE, Marker, UnitLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{ascii_slug(stem) or "xaso"}.xlsx"'
    return response


@login_required
def commune_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment's own template, with what is stored today filled in."""
    a = access.assessment_for_read(request.user, pk)
    cs = assessment_criteria(a)
    r = a.round
    marker = Marker(
        kind=COMMUNE,
        set_id=cs.id,
        version=cs.version,
        year=r.year,
        province=a.unit.province.code,
        era=a.unit.era,
        round_id=r.pk,
        assessment_id=a.pk,
        units=(a.unit.code,),
    )
    data = workbook.commune_template(
        cs, marker, unit_name=a.unit.name, values=assessment_values(a, verified=False)
    )
    return _download(data, f"mau-{a.unit.code}-{a.unit.short_name}-{r.year}")


def _template_version(code: str, year: int, round_: Round | None) -> CriteriaSetVersion:
    """The round's version; else the one the year's figures use; else the one the province
    used last; else the latest published."""
    if round_ is not None:
        return round_.criteria_version
    try:
        data = province_data(code)
    except NoData:
        data = None
    if data is not None:
        try:
            return data.version(year)
        except NoData:
            if data.stamps:
                return data.versions[data.stamps[-1].version_pk]
    latest = CriteriaSetVersion.objects.order_by("-published_at", "-pk").first()
    if latest is None:
        raise Http404
    return latest


@login_required
def province_template(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """One row per commune of the province (or ``?huyen=``), for a year without a round."""
    allowed = province_view(request.user, code, year)
    province = Unit.objects.filter(
        era=era_for_year(year), level=Unit.Level.PROVINCE, code=code
    ).first()
    if province is None:
        raise Http404
    round_ = Round.objects.filter(province=province, year=year).first()
    version = _template_version(code, year, round_)
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    communes = Unit.objects.filter(era=province.era, level=Unit.Level.COMMUNE, province=province)
    district = request.GET.get("huyen")
    if allowed is not None:
        communes = communes.filter(parent_id__in=allowed)
    if district and district.isdigit():
        communes = communes.filter(parent_id=int(district))
    communes = communes.select_related("parent").order_by("parent__name", "code")
    stored: dict[int, dict[str, int]] = {}
    for unit_id, var, value in RawValue.objects.filter(
        criteria_version=version, year=year, unit__in=communes
    ).values_list("unit_id", "variable", "value"):
        stored.setdefault(unit_id, {})[var] = value
    yes_no = {v.code for v in cs.variables if v.kind == "yes_no"}
    lines = [
        UnitLine(
            u.code,
            u.name,
            u.parent.name if u.parent_id and u.parent.level == Unit.Level.DISTRICT else "",
            {k: (bool(v) if k in yes_no else v) for k, v in stored.get(u.pk, {}).items()},
        )
        for u in communes
    ]
    marker = Marker(
        kind=AREA,
        set_id=cs.id,
        version=cs.version,
        year=year,
        province=code,
        era=province.era,
        round_id=round_.pk if round_ else None,
        units=tuple(line.code for line in lines),
    )
    body = workbook.area_template(cs, marker, area_name=province.name, lines=lines)
    return _download(body, f"mau-{code}-{ascii_slug(province.short_name)}-{year}")


def _report(
    request: HttpRequest, check: Any, *, token: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reports/import.html",
        {"check": check, "token": token, **_page()},
        status=status,
    )


def _page() -> dict[str, Any]:
    """The upload limits, for the page's help text (see :mod:`xaso.reports.reader`)."""
    return {
        "max_mb": _max_mb(),
        "max_rows": format_int(MAX_ROWS),
        "max_cells": format_int(xlsx.MAX_CELLS),
        "max_strings": format_int(xlsx.MAX_SHARED_STRINGS),
        "part_mb": xlsx.MAX_PART_BYTES // 1_048_576,
    }


def _max_mb() -> int:
    from django.conf import settings

    return int(settings.XASO_MAX_IMPORT_MB)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload → dry run: every problem by cell, or what would change, and a confirm button.

    Who may import at all is decided before the upload is read; the file is parsed once
    here, and the confirmation uses the values parsed now.
    """
    if request.method != "POST":
        return render(request, "reports/import.html", _page())
    if not import_allowed(request.user):
        return _report(request, import_not_allowed(), status=403)  # never read
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp Excel (.xlsx) để tải lên."))
        return render(request, "reports/import.html", _page(), status=422)
    if upload.size is None or upload.size > _max_mb() * 1_048_576:
        return _report(request, import_too_large(upload.size or 0))  # never read
    data = upload.read(_max_mb() * 1_048_576 + 1)
    name = upload.name or "tep.xlsx"
    check = import_check(data=data, name=name, user=request.user)
    if not check.ok or check.read is None:
        return _report(request, check)  # the dry run worked: its report lists the problems
    token = pending_save(
        check.read,
        name=name,
        session=request.session,
        user=request.user,
        lock_version=check.lock_version,
    )
    return _report(request, check, token=token)


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Write what the dry run showed, all or nothing, after checking its values again
    against today's database (the workbook is not parsed again)."""
    pending = pending_load(token, session=request.session, user=request.user)
    if pending is None:
        messages.error(
            request,
            _("Không còn tệp đã kiểm tra (đã lưu, hoặc đã quá một ngày). Hãy tải tệp lên lại."),
        )
        return redirect("reports:import")
    read, name, lock_version = pending
    check = import_recheck(read=read, user=request.user)
    if not check.ok:
        return _report(request, check, status=422)
    fresh = check.lock_version
    check.lock_version = lock_version  # as the person saw it: a save since is a conflict
    try:
        applied = import_apply(check, user=request.user, source=f"Excel: {name}")
    except Conflict as exc:
        # The report now compares with what is stored today; confirming again saves it.
        pending_refresh(token, session=request.session, lock_version=fresh)
        messages.error(request, str(exc))
        return _report(request, check, token=token, status=409)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        return _report(request, check, status=409)
    except ValuesInvalid as exc:
        messages.error(request, "; ".join(str(p.message) for p in exc.problems))
        return _report(request, check, token=token, status=422)
    pending_drop(token, session=request.session)
    messages.success(
        request,
        _("Đã lưu %(values)s số liệu của %(units)s xã từ tệp «%(name)s».")
        % {"values": applied.values, "units": applied.units, "name": name},
    )
    if check.assessment is not None:
        return redirect(check.assessment.get_absolute_url())
    return redirect("reports:import")


@login_required
def results_export(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The results the dashboards show, as a workbook (same filters: ``?huyen=``)."""
    frame = province_frame(request, code, year)
    place = frame.district_name or frame.data.province(year).name
    title = f"Kết quả chuyển đổi số cấp xã – {place} – năm {year}"
    data = results_workbook(frame.picture, title=title, status_names=STATUS_NAMES())
    return _download(data, f"ket-qua-{frame.stem}")
