"""The national overview: every province's completion in a year, and the country's
bottlenecks, for the system administrator. Same engine, same kept raw counts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xaso.assessments.models import Assessment, PlanYear, Round, ValueStamp
from xaso.criteria.models import CriteriaSetVersion
from xaso.engine import BatchResult, ValueTable, bottlenecks, evaluate_batch
from xaso.engine.display import need_text
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .. import figures
from ..access import national_visible
from ..data import Stamp, YearTable, version_for, year_table
from ..tables import Table, csv_for


@login_required
def national_latest(request: HttpRequest) -> HttpResponse:
    if not national_visible(request.user):
        raise Http404
    latest = ValueStamp.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        raise Http404
    return redirect("dashboards:national", year=latest)


@login_required
def national(request: HttpRequest, year: int) -> HttpResponse:
    if not national_visible(request.user):
        raise Http404
    era = era_for_year(year)
    provinces = {
        u.pk: u for u in Unit.objects.filter(era=era, level=Unit.Level.PROVINCE).order_by("name")
    }
    stamps = [
        Stamp(p, era, y, v, g, at)
        for p, y, v, g, at in ValueStamp.objects.filter(year=year, province__era=era)
        .order_by("changed_at")
        .values_list("province_id", "year", "criteria_version_id", "generation", "changed_at")
    ]
    if not stamps:
        raise Http404
    rounds = {
        r.province_id: r
        for r in Round.objects.filter(year=year, province__era=era).only(
            "pk", "province_id", "criteria_version_id", "year"
        )
    }
    versions = {
        v.pk: v
        for v in CriteriaSetVersion.objects.filter(
            pk__in={s.version_pk for s in stamps} | {r.criteria_version_id for r in rounds.values()}
        )
    }
    recognised = dict(
        Assessment.objects.filter(
            round__year=year, round__province__era=era, status=Assessment.Status.RECOGNISED
        )
        .values("round__province_id")
        .annotate(n=Count("pk"))
        .values_list("round__province_id", "n")
    )
    targets = dict(
        PlanYear.objects.filter(year=year, province__era=era).values_list("province_id", "target")
    )
    years = sorted(set(ValueStamp.objects.values_list("year", flat=True).distinct()))
    # Provinces under the same criteria version are evaluated together, in one engine call
    # (63 small evaluations cost eight times more than one of the whole country).
    kept: dict[int, list[tuple[Unit, YearTable]]] = defaultdict(list)
    for pk, province in provinces.items():
        version_pk = version_for(stamps, province, year, rounds.get(pk))
        if version_pk is not None:
            yt = year_table(
                province=province, year=year, version=versions[version_pk], stamps=stamps
            )
            kept[version_pk].append((province, yt))
    rows: list[dict[str, Any]] = []
    batches: dict[int, tuple[BatchResult, np.ndarray]] = {}
    for version_pk, parts in kept.items():
        tables = [yt for _p, yt in parts]
        batch = evaluate_batch(tables[0].criteria, ValueTable.concat([t.table for t in tables]))
        reported = np.concatenate([t.reported for t in tables])
        batches[version_pk] = (batch, reported)
        start = 0
        for province, yt in parts:
            n = len(yt.places)
            done = int(batch.completed[start : start + n].sum())
            start += n
            rows.append(
                {
                    "province": province,
                    "communes": n,
                    "reported": int(yt.reported.sum()),
                    "completed": done,
                    "share": figures.percent(done, n),
                    "rate": done / n if n else 0.0,
                    "recognised": recognised.get(province.pk, 0),
                    "target": targets.get(province.pk),
                    "version": versions[version_pk],
                }
            )
    rows.sort(key=lambda r: (-r["rate"], r["province"].name))
    totals = {
        "provinces": len(rows),
        "communes": sum(r["communes"] for r in rows),
        "reported": sum(r["reported"] for r in rows),
        "completed": sum(r["completed"] for r in rows),
        "recognised": sum(r["recognised"] for r in rows),
    }
    totals["share"] = figures.percent(totals["completed"], totals["communes"])
    # The country's bottlenecks under the criteria version most provinces report under,
    # counting communes with figures only, as for a province.
    national_rows = []
    common_version = None
    if kept:
        common_pk = max(kept, key=lambda pk: (len(kept[pk]), -pk))
        common_version = versions[common_pk]
        batch, reported = batches[common_pk]
        cs = batch.criteria
        for b in bottlenecks(batch, reported):
            if not b.failing:
                continue
            ind = cs.indicator(b.code)
            national_rows.append(
                {
                    "ind": ind,
                    "failing": b.failing,
                    "applicable": b.applicable,
                    "share": figures.percent(b.failing, b.applicable),
                    "need": (
                        ""
                        if ind.kind == "yes_no" or not b.total_gap
                        else need_text(cs, ind, b.total_gap)
                    ),
                }
            )
    table = Table(
        "tinh",
        [_("Mã tỉnh"), _("Tỉnh, thành phố"), _("Số xã"), _("Có số liệu"), _("Đạt"),
         _("Tỷ lệ đạt"), _("Đã công nhận"), _("Kế hoạch năm")],
        [[r["province"].code, r["province"].name, r["communes"], r["reported"], r["completed"],
          r["share"], r["recognised"], r["target"]] for r in rows],
    )  # fmt: skip
    bottleneck_table = Table(
        "diem-nghen",
        [_("Mã"), _("Chỉ tiêu"), _("Xã chưa đạt"), _("Số xã áp dụng"), _("Tỷ lệ chưa đạt"),
         _("Cần thêm")],
        [[r["ind"].code, r["ind"].name, r["failing"], r["applicable"], r["share"], r["need"]]
         for r in national_rows],
    )  # fmt: skip
    response = csv_for(request, [table, bottleneck_table], stem=f"toan-quoc-{year}")
    if response is not None:
        return response
    return render(
        request,
        "dashboards/national.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "totals": totals,
            "national_rows": national_rows[:20],
            "common_version": common_version,
            "chart": {
                "name": _("Tỷ lệ xã đạt"),
                "labels": [r["province"].short_name for r in rows],
                "values": [round(100 * r["rate"], 1) for r in rows],
            },
        },
    )
