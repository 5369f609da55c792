"""A province's dashboards: overview against the plan, bottlenecks, one step away, map,
trends and what-if. Each page is one engine evaluation of raw counts; each table can be
downloaded as CSV (``?csv=<table>``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.engine import nearest_to_threshold, with_threshold
from xaso.engine.display import format_decimal, gap_text, threshold_text
from xaso.units.catalog import LEGACY, NEW, REFORM_DATE, era_for_year

from .. import figures
from ..access import dashboard_scope, province_view
from ..data import YearTable, regrouped_year
from ..figures import Picture
from ..maps import map_points, outline_url
from ..selectors import NoData, ProvinceData, picture_of, province_data
from ..tables import Table, csv_for

TREND_TODAY = "hien-nay"


@dataclass
class Frame:
    """What every province page shares: the province, the year, who may see what."""

    data: ProvinceData
    year: int
    picture: Picture
    districts: list[tuple[int, str]]  # for the district filter (legacy years)
    district_pk: int | None  # the district chosen, if any
    limited: bool  # a district reviewer: only their districts

    @property
    def district_name(self) -> str:
        """The district the figures are limited to, if one (for headings and print)."""
        if self.district_pk is not None:
            return dict(self.districts).get(self.district_pk, "")
        if self.limited and len(self.districts) == 1:
            return self.districts[0][1]
        return ""

    @property
    def stem(self) -> str:
        return f"{self.data.code}-{self.year}"

    def context(self, **extra: Any) -> dict[str, Any]:
        version = self.data.version(self.year)
        plan = self.data.plans.get(self.year)
        return {
            "frame": self,
            "province": self.data.province(self.year),
            "province_name": self.data.province(self.year).name,
            "place_name": (
                f"{self.district_name}, {self.data.province(self.year).name}"
                if self.district_name
                else self.data.province(self.year).name
            ),
            "code": self.data.code,
            "year": self.year,
            "years": self.data.years,
            "cs": self.picture.criteria,
            "version": version,
            "plan": plan,
            "district_pk": self.district_pk,
            "district_name": self.district_name,
            "districts": self.districts,
            "limited": self.limited,
            **extra,
        }


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def province_frame(request: HttpRequest, code: str, year: int) -> Frame:
    allowed = province_view(request.user, code, year)
    try:
        data = province_data(code)
        data.version(year)
    except NoData:
        raise Http404 from None
    chosen = _int(request.GET.get("huyen"))
    yt = data.table(year)
    names: dict[int, str] = {}
    for p in yt.places:
        if p.district_pk is not None and (allowed is None or p.district_pk in allowed):
            names.setdefault(p.district_pk, p.district_name)
    if chosen is not None and chosen not in names:
        chosen = None  # a district not in this province (or not yours): the whole view
    pks = {chosen} if chosen is not None else (set(allowed) if allowed is not None else None)
    return Frame(
        data=data,
        year=year,
        picture=data.picture(year, district_pks=pks),
        districts=sorted(names.items(), key=lambda kv: kv[1]),
        district_pk=chosen,
        limited=allowed is not None,
    )


def _csv(request: HttpRequest, frame: Frame, tables: list[Table]) -> HttpResponse | None:
    return csv_for(request, tables, stem=frame.stem)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the dashboard this person may see: national, their province, or their
    district's; a commune officer goes to their commune's page."""
    scope = dashboard_scope(request.user)
    if scope.everything:
        return redirect("dashboards:national_latest")
    codes = sorted(scope.province_codes) or sorted(scope.districts)
    if codes:
        return redirect("dashboards:province", code=codes[0])
    if scope.communes:
        from xaso.units.models import Unit

        unit = Unit.objects.filter(pk__in=scope.communes).order_by("-era", "code").first()
        if unit is not None:
            return redirect("dashboards:commune", era=unit.era, code=unit.code)
    messages.info(
        request,
        _(
            "Tài khoản của bạn chưa được giao xem thống kê của xã, huyện hay tỉnh nào. "
            "Hãy liên hệ quản trị cấp tỉnh để được phân quyền."
        ),
    )
    return redirect("start")


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    """The latest year with figures this person may see (a district reviewer's latest
    legacy year; a role on one era's province, that era's)."""
    province_view(request.user, code)
    try:
        years = _visible_years(request.user, province_data(code))
    except NoData:
        raise Http404 from None
    if not years:
        raise Http404
    return redirect("dashboards:overview", code=code, year=years[-1])


def _sees_whole(user: Any, code: str, year: int) -> bool:
    try:
        return province_view(user, code, year) is None
    except Http404:
        return False


def _visible_years(user: Any, data: ProvinceData, *, whole: bool = False) -> list[int]:
    """The years of ``data`` the person may see (``whole``: the whole province only)."""
    out = []
    for y in data.years:
        try:
            allowed = province_view(user, data.code, y)
        except Http404:
            continue
        if allowed is None or not whole:
            out.append(y)
    return out


def _progress_rows(frame: Frame) -> tuple[list[Any], Table]:
    p = frame.picture
    legacy = bool(p.places) and p.places[0].district_pk is not None
    if legacy and not frame.district_name:  # one line per district; a district: its communes
        rows = figures.by_district(p)
        table = Table(
            "huyen",
            [_("Huyện"), _("Số xã"), _("Có số liệu"), _("Được giao"), _("Đạt (được giao)"),
             _("Đạt (tất cả)"), _("Đã công nhận"), _("Còn một chỉ tiêu"),
             _("Được giao, đang thực hiện"), _("Được giao, có nguy cơ"), _("Tỷ lệ đạt")],
            [[r.name, r.progress.communes, r.progress.reported, r.progress.assigned,
              r.progress.completed_assigned, r.progress.completed, r.progress.recognised,
              r.progress.one_step, r.progress.in_progress, r.progress.at_risk,
              r.progress.completed_share] for r in rows],
        )  # fmt: skip
        return rows, table
    lines = figures.commune_lines(p)
    table = Table(
        "xa",
        [_("Mã"), _("Xã, phường"), _("Được giao"), _("Tình trạng"), _("Số chỉ tiêu chưa đạt"),
         _("Chỉ tiêu chưa đạt")],
        [[c.place.code, c.place.name, _("có") if c.assigned else "", STATUS_NAMES()[c.status],
          len(c.failing), ", ".join(c.failing)] for c in lines],
    )  # fmt: skip
    return lines, table


def STATUS_NAMES() -> dict[str, str]:
    return {
        figures.RECOGNISED: _("Đã công nhận"),
        figures.MET: _("Đạt, chờ công nhận"),
        figures.ONE_STEP: _("Còn một chỉ tiêu"),
        figures.IN_PROGRESS: _("Đang thực hiện"),
        figures.NOT_ASSIGNED: _("Chưa được giao"),
    }


def _yearly(data: ProvinceData, allowed_districts: set[int] | None) -> list[dict[str, Any]]:
    """Each year's progress for the chart: target, assigned, completed."""
    out = []
    for y in data.years:
        try:
            pic = data.picture(y, district_pks=allowed_districts if y < 2025 else None)
        except NoData:
            continue
        pr = figures.progress(pic, data.target(y))
        out.append(
            {
                "year": y,
                "target": pr.target,
                "assigned": pr.assigned,
                "completed": pr.completed,
                "completed_assigned": pr.completed_assigned,
                "recognised": pr.recognised,
                "communes": pr.communes,
            }
        )
    return out


def _can_load(request: HttpRequest, frame: Frame) -> bool:
    """Whether to offer the province's Excel template: a year without a round, and a
    person who may load figures for the province (the rule lives in the access gate)."""
    from xaso.assessments.access import can_load_values

    if frame.year in frame.data.rounds or not frame.picture.places:
        return False
    province = frame.data.province(frame.year)
    return can_load_values(request.user, province.pk, round_exists=False)


@login_required
def overview(request: HttpRequest, code: str, year: int) -> HttpResponse:
    frame = province_frame(request, code, year)
    p = frame.picture
    progress = figures.progress(
        p, None if frame.limited or frame.district_pk else frame.data.target(year)
    )
    rows, table = _progress_rows(frame)
    district_filter = {frame.district_pk} if frame.district_pk else None
    if frame.limited and district_filter is None:
        district_filter = {pk for pk, _n in frame.districts}
    series = [] if district_filter else _yearly(frame.data, None)
    series_table = Table(
        "ke-hoach",
        [_("Năm"), _("Kế hoạch"), _("Được giao"), _("Đạt (được giao)"), _("Đạt (tất cả)"),
         _("Đã công nhận"), _("Số xã")],
        [[s["year"], s["target"], s["assigned"], s["completed_assigned"], s["completed"],
          s["recognised"], s["communes"]] for s in series],
    )  # fmt: skip
    if (response := _csv(request, frame, [table, series_table])) is not None:
        return response
    chart = {
        "years": [str(s["year"]) for s in series],
        "series": [
            {"name": _("Kế hoạch"), "data": [s["target"] for s in series]},
            {"name": _("Đạt (được giao)"), "data": [s["completed_assigned"] for s in series]},
            {"name": _("Đạt (tất cả)"), "data": [s["completed"] for s in series]},
            {"name": _("Đã công nhận"), "data": [s["recognised"] for s in series], "line": True},
        ],
    }
    cumulative = None
    if frame.picture.places and frame.picture.places[0].era == LEGACY and progress.target:
        # The plan over the period (QĐ 969: 477 communes by 2025) against every commune
        # that meets the criteria now: communes keep what they achieved.
        planned_years = [
            y
            for y in frame.data.plans
            if y <= year and era_for_year(y) == LEGACY and frame.data.target(y)
        ]
        planned = sum(frame.data.target(y) or 0 for y in planned_years)
        if len(planned_years) > 1:  # over a single year it is the year's plan, said above
            cumulative = {
                "planned": planned,
                "completed": progress.completed,
                "remaining": max(0, planned - progress.completed),
                "first": min(planned_years),
            }
    return render(
        request,
        "dashboards/overview.html",
        frame.context(
            progress=progress,
            cumulative=cumulative,
            rows=rows,
            by_district=table.name == "huyen",
            table=table,
            status_names=STATUS_NAMES(),
            at_risk=figures.at_risk_failing(),
            series=series,
            chart=chart,
            can_load=_can_load(request, frame),
            tab="overview",
        ),
    )


def _bottleneck_table(rows: list[figures.BottleneckRow]) -> Table:
    return Table(
        "diem-nghen",
        [_("Mã"), _("Chỉ tiêu"), _("Nhóm"), _("Yêu cầu"), _("Số xã chưa đạt"),
         _("Trong đó thiếu số liệu"), _("Số xã áp dụng"), _("Tỷ lệ chưa đạt"),
         _("Xã chỉ còn vướng chỉ tiêu này"), _("Tổng khoảng cách"), _("Cần thêm")],
        [[r.indicator.code, r.indicator.name, r.group_name, r.target, r.failing, r.missing,
          r.applicable, r.failing_share, r.only_blocker, r.total_gap, r.need] for r in rows],
    )  # fmt: skip


def _assigned_only(request: HttpRequest) -> bool:
    return request.GET.get("pham-vi") == "giao"


@login_required
def bottlenecks(request: HttpRequest, code: str, year: int) -> HttpResponse:
    frame = province_frame(request, code, year)
    p = frame.picture
    assigned_only = _assigned_only(request)
    rows = figures.bottleneck_rows(p, p.assigned if assigned_only else None)
    table = _bottleneck_table(rows)
    groups = figures.by_group(p, rows, p.assigned if assigned_only else None)
    group_table = Table(
        "nhom",
        [_("Nhóm"), _("Số chỉ tiêu"), _("Số xã chưa đạt ít nhất một chỉ tiêu"),
         _("Tổng lượt chưa đạt")],
        [[g.name, g.indicators, g.failing_communes, g.total_failures] for g in groups],
    )  # fmt: skip
    if (response := _csv(request, frame, [table, group_table])) is not None:
        return response
    top = rows[:15]
    chart = {
        "name": _("Số xã chưa đạt"),
        "labels": [f"{r.indicator.code} {Truncator(r.indicator.name).chars(40)}" for r in top],
        "values": [r.failing for r in top],
    }
    return render(
        request,
        "dashboards/bottlenecks.html",
        frame.context(
            rows=rows,
            groups=groups,
            chart=chart,
            assigned_only=assigned_only,
            counted=int((p.select & p.reported & (p.assigned if assigned_only else True)).sum()),
            unreported=int(
                (p.select & ~p.reported & (p.assigned if assigned_only else True)).sum()
            ),
            tab="bottlenecks",
        ),
    )


@login_required
def bottleneck(request: HttpRequest, code: str, year: int, indicator: str) -> HttpResponse:
    frame = province_frame(request, code, year)
    p = frame.picture
    if not p.criteria.has_indicator(indicator):
        raise Http404
    ind = p.criteria.indicator(indicator)
    assigned_only = _assigned_only(request)
    lines = figures.failing_communes(p, indicator, p.assigned if assigned_only else None)
    table = Table(
        "xa-chua-dat",
        [_("Mã"), _("Xã, phường"), _("Huyện"), _("Giá trị"), _("Còn thiếu"), _("Đơn vị"),
         _("Chỉ còn vướng chỉ tiêu này")],
        [[f.place.code, f.place.name, f.place.district_name, f.value,
          "" if f.gap is None else f.gap, ind.gap_unit or "", _("có") if f.only_this else ""]
         for f in lines],
    )  # fmt: skip
    if (response := _csv(request, frame, [table])) is not None:
        return response
    return render(
        request,
        "dashboards/bottleneck.html",
        frame.context(
            ind=ind,
            target=threshold_text(ind.threshold) if ind.threshold else _("có"),
            lines=lines,
            assigned_only=assigned_only,
            tab="bottlenecks",
        ),
    )


@login_required
def one_step(request: HttpRequest, code: str, year: int) -> HttpResponse:
    frame = province_frame(request, code, year)
    p = frame.picture
    steps = []
    for i, (ind_code, gap) in sorted(
        p.one_step().items(), key=lambda kv: ((kv[1][1] is None), kv[1][1] or 0, kv[0])
    ):
        if not p.select[i]:
            continue
        ind = p.criteria.indicator(ind_code)
        r = p.batch.indicator_result(ind_code, i)
        steps.append(
            {
                "place": p.places[i],
                "ind": ind,
                "gap": gap,
                "gap_text": gap_text(ind, r),
                "assigned": bool(p.assigned[i]),
            }
        )
    near = []
    for m in nearest_to_threshold(p.batch):
        if not p.select[m.index]:
            continue
        ind = p.criteria.indicator(m.code)
        near.append(
            {
                "place": p.places[m.index],
                "ind": ind,
                "gap": m.gap,
                "distance": format_decimal(m.distance, 1),
                "percent": ind.threshold is not None and ind.threshold.percent,
                "gap_text": gap_text(ind, p.batch.indicator_result(m.code, m.index)),
            }
        )
        if len(near) >= 100:
            break
    steps_table = Table(
        "mot-buoc",
        [_("Mã"), _("Xã, phường"), _("Huyện"), _("Được giao"), _("Chỉ tiêu còn lại"),
         _("Còn thiếu"), _("Đơn vị")],
        [[s["place"].code, s["place"].name, s["place"].district_name,
          _("có") if s["assigned"] else "", s["ind"].code,
          "" if s["gap"] is None else s["gap"], s["ind"].gap_unit or ""] for s in steps],
    )  # fmt: skip
    near_table = Table(
        "gan-nguong",
        [_("Mã"), _("Xã, phường"), _("Huyện"), _("Chỉ tiêu"), _("Cách ngưỡng"), _("Còn thiếu"),
         _("Đơn vị")],
        [[n["place"].code, n["place"].name, n["place"].district_name, n["ind"].code,
          n["distance"], n["gap"], n["ind"].gap_unit or ""] for n in near],
    )  # fmt: skip
    if (response := _csv(request, frame, [steps_table, near_table])) is not None:
        return response
    return render(
        request,
        "dashboards/one_step.html",
        frame.context(steps=steps, near=near, tab="one_step"),
    )


@login_required
def map_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    frame = province_frame(request, code, year)
    points = map_points(frame.picture, STATUS_NAMES())
    counts = {s: 0 for s in figures.STATUSES}
    for pt in points:
        counts[pt["status"]] += 1
    return render(
        request,
        "dashboards/map.html",
        frame.context(
            data_url=reverse("dashboards:map_data", args=[code, year])
            + (f"?huyen={frame.district_pk}" if frame.district_pk else ""),
            outline=(outline := outline_url(frame.data.province(year))),
            outline_json=json.dumps(outline),
            legend=[(s, STATUS_NAMES()[s], counts[s]) for s in figures.STATUSES],
            tab="map",
        ),
    )


@login_required
def map_data(request: HttpRequest, code: str, year: int) -> JsonResponse:
    frame = province_frame(request, code, year)
    return JsonResponse(
        {
            "province": frame.data.province(year).name,
            "year": year,
            "statuses": STATUS_NAMES(),
            "points": map_points(frame.picture, STATUS_NAMES()),
            "zoom": bool(frame.district_name),
        }
    )


def _trend_pictures(
    data: ProvinceData, years: list[int], today: bool
) -> list[tuple[int, Picture, bool]]:
    """(year, picture, exact) for each year; ``today``: legacy years summed into the 2025
    communes (exactly, from raw counts) so every year counts the same communes."""
    out: list[tuple[int, Picture, bool]] = []
    new = data.provinces.get(NEW)
    for y in years:
        try:
            version = data.version(y)
        except NoData:
            continue
        if today and new is not None and data.province(y).era == LEGACY:
            ry = regrouped_year(province=new, year=y, version=version)
            yt = YearTable(
                y,
                version.pk,
                criteria_set_get(set_id=version.set_id, version=version.version),
                ry.places,
                ry.table,
                np.ones(len(ry.places), dtype=np.bool_),
            )
            pic = picture_of(yt, assigned=set(), recognised=set(), in_round=set())
            out.append((y, pic, all(ry.exact)))
        else:
            out.append((y, data.picture(y), True))
    return out


def _same_code_names(data: ProvinceData) -> tuple[str, str] | None:
    """(legacy name, 2025 name) when the same code named another province before 2025."""
    legacy, new = data.provinces.get(LEGACY), data.provinces.get(NEW)
    if legacy is None or new is None or legacy.short_name == new.short_name:
        return None
    return legacy.name, new.name


@login_required
def trends(request: HttpRequest, code: str) -> HttpResponse:
    if province_view(request.user, code) is not None:
        raise Http404  # a district's trend across the merger is not defined
    try:
        data = province_data(code)
    except NoData:
        raise Http404 from None
    visible = _visible_years(request.user, data, whole=True)
    # Regrouping into today's communes needs the 2025 province itself.
    can_regroup = (
        NEW in data.provinces
        and LEGACY in data.provinces
        and _sees_whole(request.user, code, REFORM_DATE.year)
    )
    today = request.GET.get("don-vi") == TREND_TODAY and can_regroup
    pictures = _trend_pictures(data, visible, today)
    if not pictures:
        raise Http404
    cs = pictures[-1][1].criteria
    years = [y for y, _p, _e in pictures]
    completion = []
    for y, pic, exact in pictures:
        n = len(pic.places)
        done = int(pic.completed.sum())
        completion.append(
            {"year": y, "communes": n, "completed": done,
             "share": figures.percent(done, n), "exact": exact,
             "rate": round(100 * done / n, 1) if n else 0}
        )  # fmt: skip
    indicator_rows = []
    for ind in cs.indicators:
        cells = []
        for _y, pic, _e in pictures:
            a = pic.batch.indicators.get(ind.code)
            if a is None:
                cells.append(None)
                continue
            applicable = int(a.applicable.sum())
            passed = int((a.applicable & a.met).sum())
            cells.append(
                {"text": figures.percent(passed, applicable), "passed": passed,
                 "applicable": applicable,
                 "rate": round(100 * passed / applicable, 1) if applicable else None}
            )  # fmt: skip
        indicator_rows.append({"ind": ind, "cells": cells})
    table = Table(
        "ty-le-dat",
        [_("Mã"), _("Chỉ tiêu"), *[str(y) for y in years]],
        [[r["ind"].code, r["ind"].name, *[c["text"] if c else "" for c in r["cells"]]]
         for r in indicator_rows],
    )  # fmt: skip
    completion_table = Table(
        "ty-le-xa-dat",
        [_("Năm"), _("Số xã"), _("Đạt"), _("Tỷ lệ"), _("Tính đầy đủ")],
        [[c["year"], c["communes"], c["completed"], c["share"],
          _("có") if c["exact"] else _("không")] for c in completion],
    )  # fmt: skip
    response = csv_for(request, [table, completion_table], stem=f"{code}-xu-huong")
    if response is not None:
        return response
    return render(
        request,
        "dashboards/trends.html",
        {
            "code": code,
            "province_name": data.name,
            "years": data.years,
            "year": years[-1],
            "trend_years": years,
            "completion": completion,
            "indicator_rows": indicator_rows,
            "today": today,
            "can_regroup": can_regroup,
            "same_code_names": _same_code_names(data),
            "rates_chart": _rates_chart(years, completion, indicator_rows),
            "tab": "trends",
        },
    )


def _rates_chart(
    years: list[int], completion: list[dict[str, Any]], indicator_rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """Completion, plus the five indicators with the lowest pass rate in the latest year."""

    def last(row: dict[str, Any]) -> float:
        cell = row["cells"][-1]
        return 101.0 if not cell or cell["rate"] is None else float(cell["rate"])

    hardest = sorted(indicator_rows, key=last)[:5]
    return {
        "years": [str(y) for y in years],
        "series": [{"name": _("Tỷ lệ xã đạt đủ tiêu chí"), "data": [c["rate"] for c in completion]}]
        + [
            {
                "name": f"{r['ind'].code} {Truncator(r['ind'].name).chars(30)}",
                "data": [c["rate"] if c else None for c in r["cells"]],
            }
            for r in hardest
        ],
    }


@login_required
def what_if(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The same raw counts under another criteria version, or one threshold changed."""
    frame = province_frame(request, code, year)
    data = frame.data
    base = frame.picture
    versions = list(CriteriaSetVersion.objects.order_by("set_id", "-published_at"))
    error = ""
    other_cs = None
    other_pk = _int(request.GET.get("bo"))
    indicator = request.GET.get("chi-tieu", "")
    threshold = request.GET.get("nguong", "").strip()
    if other_pk:
        chosen = next((v for v in versions if v.pk == other_pk), None)
        if chosen is None:
            error = _("Không tìm thấy phiên bản bộ tiêu chí đã chọn.")
        else:
            other_cs = criteria_set_get(set_id=chosen.set_id, version=chosen.version)
    if indicator and threshold:
        try:
            other_cs = with_threshold(other_cs or base.criteria, indicator, threshold)
        except ValueError as exc:
            error = str(exc)
            other_cs = None
    result = None
    if other_cs is not None:
        yt = data.table(year)
        after = picture_of(
            yt,
            assigned=data.assigned.get(year, set()),
            recognised=data.recognised.get(year, set()),
            in_round=data.in_round.get(year, set()),
            district_pks=None if frame.district_pk is None else {frame.district_pk},
            criteria=other_cs,
        )
        if frame.limited and frame.district_pk is None:
            after.select = base.select
        result = _compare(base, after)
        indicator_table = Table(
            "chi-tieu-thay-doi",
            [_("Mã"), _("Chỉ tiêu"), _("Số xã đạt trước"), _("Số xã đạt sau"), _("Thay đổi")],
            [[r["ind"].code, r["ind"].name, r["before"], r["after"], r["change"]]
             for r in result["indicators"]],
        )  # fmt: skip
        if (response := _csv(request, frame, [result["table"], indicator_table])) is not None:
            return response
    return render(
        request,
        "dashboards/what_if.html",
        frame.context(
            versions=versions,
            other_pk=other_pk,
            indicator=indicator,
            threshold=threshold,
            threshold_indicators=[
                {"code": i.code, "name": i.name, "target": threshold_text(i.threshold)}
                for i in base.criteria.indicators
                if i.threshold is not None
            ],
            error=error,
            other_cs=other_cs,
            result=result,
            tab="what_if",
        ),
    )


def _compare(before: Picture, after: Picture) -> dict[str, Any]:
    sel = before.select
    newly = np.flatnonzero(sel & ~before.completed & after.completed)
    lost = np.flatnonzero(sel & before.completed & ~after.completed)
    indicators = []
    for code, a in before.batch.indicators.items():
        b = after.batch.indicators.get(code)
        if b is None:
            continue
        was = int((sel & a.applicable & a.met).sum())
        now = int((sel & b.applicable & b.met).sum())
        indicators.append({"ind": a.indicator, "before": was, "after": now, "change": now - was})
    changed = [(before.places[i], _("Đạt thêm")) for i in newly] + [
        (before.places[i], _("Không còn đạt")) for i in lost
    ]
    missing_vars = [
        v.code for v in after.criteria.variables if v.code not in before.batch.table.columns
    ]
    return {
        "completed_before": int((sel & before.completed).sum()),
        "completed_after": int((sel & after.completed).sum()),
        "communes": int(sel.sum()),
        "newly": [before.places[i] for i in newly],
        "lost": [before.places[i] for i in lost],
        "indicators": [r for r in indicators if r["change"]] or indicators[:0],
        "unchanged": sum(1 for r in indicators if not r["change"]),
        "missing_vars": missing_vars,
        "table": Table(
            "thay-doi",
            [_("Mã"), _("Xã, phường"), _("Huyện"), _("Thay đổi")],
            [[pl.code, pl.name, pl.district_name, what] for pl, what in changed],
        ),
    }
