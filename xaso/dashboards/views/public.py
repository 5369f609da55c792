"""Public results, no login: communes recognised by a decision, listed and on the map.

Only recognition decisions are read here, never raw counts, verdicts or drafts: a commune
without a decision is a grey point "chưa có quyết định công nhận", whatever its figures.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from xaso.assessments.models import Assessment
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from ..maps import outline_url
from ..tables import Table, csv_for

RECOGNISED, OTHER = "recognised", "other"


def _province(code: str, year: int) -> Unit:
    province = Unit.objects.filter(
        era=era_for_year(year), level=Unit.Level.PROVINCE, code=code
    ).first()
    if province is None:
        raise Http404
    return province


def _recognised(province: Unit, year: int) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            round__province=province, round__year=year, status=Assessment.Status.RECOGNISED
        )
        .select_related("unit", "unit__parent", "decision")
        .order_by("unit__name_folded")
    )


def _points(province: Unit, recognised: list[Assessment]) -> list[dict[str, Any]]:
    decided = {a.unit_id: a for a in recognised}
    out = []
    for pk, code, name, lat, lon in (
        Unit.objects.filter(era=province.era, level=Unit.Level.COMMUNE, province=province)
        .exclude(lat=None)
        .order_by("code")
        .values_list("pk", "code", "name", "lat", "lon")
    ):
        a = decided.get(pk)
        out.append(
            {
                "code": code,
                "name": name,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "status": RECOGNISED if a else OTHER,
                "status_name": (
                    _("Đã công nhận (%(number)s)") % {"number": a.decision.number}
                    if a and a.decision
                    else _("Chưa có quyết định công nhận")
                ),
            }
        )
    return out


def results(request: HttpRequest, code: str, year: int) -> HttpResponse:
    province = _province(code, year)
    recognised = _recognised(province, year)
    table = Table(
        "cong-nhan",
        [_("Mã"), _("Xã, phường"), _("Huyện"), _("Quyết định"), _("Ngày")],
        [[a.unit.code, a.unit.name,
          a.unit.parent.name if a.unit.parent and a.unit.parent.level == "district" else "",
          a.decision.number if a.decision else "",
          a.decision.date.strftime("%d/%m/%Y") if a.decision else ""] for a in recognised],
    )  # fmt: skip
    if (response := csv_for(request, [table], stem=f"cong-khai-{code}-{year}")) is not None:
        return response
    return render(
        request,
        "dashboards/public.html",
        {
            "province": province,
            "year": year,
            "recognised": recognised,
            "data_url": reverse("dashboards:public_map", args=[code, year]),
            "outline": (outline := outline_url(province)),
            "outline_json": json.dumps(outline),
        },
    )


def map_data(request: HttpRequest, code: str, year: int) -> JsonResponse:
    province = _province(code, year)
    points = _points(province, _recognised(province, year))
    return JsonResponse(
        {
            "province": province.name,
            "year": year,
            "statuses": {
                RECOGNISED: _("Đã công nhận"),
                OTHER: _("Chưa có quyết định công nhận"),
            },
            "points": points,
        }
    )
