"""A commune's page: every indicator's verdict and gap, its history across years (also in
today's units across the 2025 merger), its evidence, and the units before and after."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from xaso.assessments import access as assessment_access
from xaso.assessments.models import Assessment, Evidence
from xaso.assessments.pages import verdict_css
from xaso.engine import CriteriaSet, UnitResult, evaluate
from xaso.engine.display import gap_text, target_text, value_text, verdict_text
from xaso.units.catalog import LEGACY, NEW, era_for_year
from xaso.units.models import Unit, UnitSuccession

from ..access import commune_visible, province_view
from ..data import regrouped_year
from ..selectors import NoData, ProvinceData, province_data
from ..tables import Table, csv_for


@dataclass
class Column:
    """One year of the commune's history."""

    year: int
    label: str
    cs: CriteriaSet
    result: UnitResult
    regrouped: bool = False  # a 2025 commune's legacy year, summed from its parts
    exact: bool = True
    notes: tuple[str, ...] = ()
    status: str = ""


def _own_years(data: ProvinceData, unit: Unit) -> list[Column]:
    out = []
    for y in data.years:
        if era_for_year(y) != unit.era:
            continue
        try:
            yt = data.table(y)
        except NoData:
            continue
        i = yt.index().get(unit.pk)
        if i is None:
            continue
        result = evaluate(yt.criteria, yt.table.row_values(i), unit.criteria_type)
        status = ""
        if unit.pk in data.recognised.get(y, set()):
            status = _("Đã công nhận")
        out.append(Column(y, str(y), yt.criteria, result, status=status))
    return out


def _regrouped_years(data: ProvinceData, unit: Unit) -> list[Column]:
    """A 2025 commune's legacy years, its parts' raw counts summed by the engine."""
    if unit.era != NEW:
        return []
    out = []
    legacy = [y for y in data.years if era_for_year(y) == LEGACY]
    for y in legacy:
        try:
            version = data.version(y)
        except NoData:
            continue
        ry = regrouped_year(province=unit.province, year=y, version=version)
        rows = [i for i, p in enumerate(ry.places) if p.pk == unit.pk]
        if not rows:
            continue
        i = rows[0]
        cs = data.criteria(y)
        result = evaluate(cs, ry.table.row_values(i), unit.criteria_type)
        label = _("%(year)s (quy đổi)") % {"year": y}
        out.append(Column(y, label, cs, result, True, ry.exact[i], ry.notes[i]))
    return out


@login_required
def commune(request: HttpRequest, era: str, code: str) -> HttpResponse:
    unit = (
        Unit.objects.select_related("parent", "province")
        .filter(era=era, level=Unit.Level.COMMUNE, code=code)
        .first()
    )
    if unit is None or not commune_visible(request.user, unit):
        raise Http404
    try:
        data = province_data(unit.province.code)
    except NoData:
        raise Http404 from None
    columns = _regrouped_years(data, unit) + _own_years(data, unit)
    own = [c for c in columns if not c.regrouped]
    chosen = next(
        (c for c in own if str(c.year) == request.GET.get("nam")), own[-1] if own else None
    )
    latest_cs = columns[-1].cs if columns else None
    history = []
    if latest_cs is not None:
        for ind in latest_cs.indicators:
            cells = []
            for c in columns:
                if not c.cs.has_indicator(ind.code):
                    cells.append(None)
                    continue
                r = c.result.indicator(ind.code)
                cells.append(
                    {"css": verdict_css(r), "value": value_text(c.cs.indicator(ind.code), r)}
                )
            history.append({"ind": ind, "cells": cells})
    details = []
    if chosen is not None:
        for group in chosen.cs.groups:
            rows = []
            for ind in chosen.cs.indicators_of(group.code):
                r = chosen.result.indicator(ind.code)
                rows.append(
                    {
                        "ind": ind,
                        "css": verdict_css(r),
                        "value": value_text(ind, r),
                        "target": target_text(ind),
                        "verdict": verdict_text(ind, r, unit.criteria_type),
                        "gap": "" if r.met or not r.applicable else gap_text(ind, r),
                    }
                )
            details.append({"group": group, "rows": rows})
    table = Table(
        "lich-su",
        [_("Mã"), _("Chỉ tiêu"), *[c.label for c in columns]],
        [[h["ind"].code, h["ind"].name, *[c["value"] if c else "" for c in h["cells"]]]
         for h in history],
    )  # fmt: skip
    year_table = Table(
        "ket-qua",
        [_("Nhóm"), _("Mã"), _("Chỉ tiêu"), _("Giá trị"), _("Yêu cầu"), _("Kết quả")],
        [[d["group"].name, r["ind"].code, r["ind"].name, r["value"], r["target"], r["verdict"]]
         for d in details for r in d["rows"]],
    )  # fmt: skip
    stem = f"{unit.code}-{unit.short_name}-{chosen.year if chosen else ''}"
    if (response := csv_for(request, [table, year_table], stem=stem)) is not None:
        return response
    assessments = [
        a
        for a in Assessment.objects.filter(unit=unit)
        .select_related("round", "unit", "unit__parent", "decision")
        .order_by("-round__year")
        if assessment_access.can_read(request.user, a)
    ]
    evidence = list(
        Evidence.objects.filter(assessment__in=assessments, removed_at__isnull=True)
        .select_related("assessment__round")
        .prefetch_related("files")
        .order_by("-assessment__round__year", "indicator", "pk")
    )
    before = list(
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor", "predecessor__parent")
        .order_by("predecessor__code")
    )
    after = list(
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("successor__code")
    )
    province_link = province_link_name = ""
    if chosen is not None:
        try:
            allowed = province_view(request.user, unit.province.code, chosen.year)
        except Http404:
            allowed = frozenset()
        if allowed is None or (unit.parent_id in (allowed or ())):
            province_link = reverse("dashboards:overview", args=[unit.province.code, chosen.year])
            province_link_name = unit.province.name
            if allowed is not None:
                province_link += f"?huyen={unit.parent_id}"
                province_link_name = unit.parent.name
    return render(
        request,
        "dashboards/commune.html",
        {
            "province_link": province_link,
            "province_link_name": province_link_name,
            "unit": unit,
            "code": unit.province.code,
            "province_name": unit.province.name,
            "columns": columns,
            "chosen": chosen,
            "own": own,
            "history": history,
            "details": details,
            "assessments": assessments,
            "evidence": evidence,
            "before": before,
            "after": after,
        },
    )
