"""Load the demo: units, criteria sets, the QĐ 969 plan and the builder's raw counts.

Idempotent: running it again adds nothing. Used by ``make demo`` and by tests that want the
demo province in their database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from xaso.assessments.models import Assessment, PlanYear, RawValue, RecognitionDecision, Round
from xaso.assessments.selectors import value_table
from xaso.assessments.services import audit, round_create, values_bulk_load
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.criteria.services import criteria_set_publish
from xaso.engine import evaluate_batch
from xaso.units.catalog import LEGACY, PROVINCE, era_for_year, load_catalog
from xaso.units.models import Unit
from xaso.units.services import units_load_catalog

from .builder import THANH_HOA, build_demo
from .people import demo_people_load
from .plans import load_plans

DEMO_SET = "thanh_hoa_1829_2023"


@dataclass(frozen=True)
class DemoSummary:
    unit_years: int
    skipped: int
    values: int
    plan_years: int
    seconds: float


def _criteria_version() -> CriteriaSetVersion:
    rows = CriteriaSetVersion.objects.filter(set_id=DEMO_SET)
    if not rows.exists():
        path = settings.XASO_CRITERIA_DIR / f"{DEMO_SET}.yaml"
        criteria_set_publish(yaml_text=path.read_text(encoding="utf-8"), source_name=path.name)
    version = criteria_set_get(set_id=DEMO_SET).version
    return CriteriaSetVersion.objects.get(set_id=DEMO_SET, version=version)


def demo_load(
    *, user: object | None = None, progress: Callable[[str], None] | None = None
) -> DemoSummary:
    """Everything the demo needs; ``progress`` receives a Vietnamese line per step."""
    say = progress or (lambda _line: None)
    start = time.perf_counter()
    catalog = load_catalog()
    needed = {(u.era, u.code) for u in catalog.communes(LEGACY, THANH_HOA)}
    present = set(
        Unit.objects.filter(level="commune", province__code=THANH_HOA).values_list("era", "code")
    )
    if not needed <= present:
        say("Đang nạp đơn vị hành chính cả nước (hai thời kỳ)…")
        units_load_catalog(catalog=catalog)
    version = _criteria_version()
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    plans = [p for p in load_plans() if p.province_code == THANH_HOA]
    targets = {t.year: t.communes for p in plans for t in p.targets}
    say("Đang tạo số liệu minh họa (Thanh Hóa 2022–2025, Vĩnh Phúc 2022–2024)…")
    data = build_demo(cs, catalog, targets)
    units = {(u.era, u.code): u for u in Unit.objects.filter(level=Unit.Level.COMMUNE)}
    provinces = {(u.era, u.code): u for u in Unit.objects.filter(level=PROVINCE)}
    with transaction.atomic():
        say(f"Đang lưu {len(data.rows):,} đơn vị-năm số liệu gốc…".replace(",", "."))
        result = values_bulk_load(
            criteria_version=version,
            rows=[(units[(r.era, r.unit_code)], r.year, r.values) for r in data.rows],
            user=user,
        )
        plan_years = 0
        for plan in plans:
            for target in plan.targets:
                era = era_for_year(target.year)
                row, created = PlanYear.objects.get_or_create(
                    plan_id=plan.id,
                    year=target.year,
                    defaults={
                        "province": provinces[(era, plan.province_code)],
                        "target": target.communes,
                        "decision_number": plan.decision_number,
                        "decision_date": plan.decision_date,
                        "source": plan.source,
                    },
                )
                if created:
                    codes = data.assignments.get((plan.province_code, era, target.year), [])
                    row.assigned.set([units[(era, c)] for c in codes])
                    plan_years += 1
        say("Đang tạo người dùng và đợt đánh giá minh họa…")
        demo_people_load()
        demo_rounds_load(version)
        demo_recognitions_load(version)
    if result.created_unit_years:
        # Fresh statistics, so the database reads a province's counts through its units
        # (PostgreSQL's autovacuum would do it later; SQLite never does it by itself).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RawValue._meta.db_table}")
    return DemoSummary(
        result.created_unit_years,
        result.skipped_unit_years,
        result.rows,
        plan_years,
        time.perf_counter() - start,
    )


def demo_rounds_load(version: CriteriaSetVersion) -> None:
    """Thanh Hóa's rounds: 2024 (legacy units) and 2025 (new units), both open, each with the
    communes the plan assigned (and the demo officers' communes); communes open their own
    assessments."""
    for year in (2024, 2025):
        era = era_for_year(year)
        province = Unit.objects.get(era=era, level=PROVINCE, code=THANH_HOA)
        if Round.objects.filter(province=province, year=year).exists():
            continue
        plan = PlanYear.objects.filter(year=year, province=province).first()
        communes = list(plan.assigned.all()) if plan else []
        for code in ("16342", "16483"):
            unit = Unit.objects.filter(era=era, level="commune", code=code).first()
            if unit is not None and unit not in communes:
                communes.append(unit)
        round_create(
            province=province,
            year=year,
            criteria_version=version,
            name=f"Đánh giá chuyển đổi số cấp xã năm {year} – tỉnh Thanh Hóa",
            communes=communes,
        )


RECOGNITION_YEAR = 2023
RECOGNITION_NUMBER = "9999/QĐ-UBND (minh họa)"


def demo_recognitions_load(version: CriteriaSetVersion) -> None:
    """2023 as a finished year: a closed round of the communes the plan assigned, and one
    recognition decision for those whose figures meet every indicator (computed by the
    engine). So the dashboards tell "met" from "recognised" and the public page has
    something to show. The decision number says it is illustrative; every assessment's
    timeline says it was made by the demo loader.
    """
    province = Unit.objects.get(era=LEGACY, level=PROVINCE, code=THANH_HOA)
    if Round.objects.filter(province=province, year=RECOGNITION_YEAR).exists():
        return
    plan = PlanYear.objects.filter(year=RECOGNITION_YEAR, province=province).first()
    if plan is None:
        return
    communes = list(plan.assigned.order_by("code"))
    round_ = round_create(
        province=province,
        year=RECOGNITION_YEAR,
        criteria_version=version,
        name=f"Đánh giá chuyển đổi số cấp xã năm {RECOGNITION_YEAR} – tỉnh Thanh Hóa",
        communes=communes,
    )
    round_.is_open = False
    round_.save(update_fields=["is_open"])
    table, units = value_table(
        criteria_version=version,
        year=RECOGNITION_YEAR,
        units=Unit.objects.filter(pk__in=[u.pk for u in communes]),
    )
    batch = evaluate_batch(criteria_set_get(set_id=version.set_id, version=version.version), table)
    officer = get_user_model().objects.get(username="so.thanhhoa")
    decision = RecognitionDecision.objects.create(
        province=province,
        number=RECOGNITION_NUMBER,
        date=date(RECOGNITION_YEAR, 12, 28),
        signer="Chủ tịch UBND tỉnh (minh họa)",
        created_by=officer,
    )
    for unit, completed in zip(units, batch.completed, strict=True):
        if not completed:
            continue
        a = Assessment.objects.create(
            round=round_, unit=unit, status=Assessment.Status.RECOGNISED, decision=decision
        )
        audit(
            actor=officer,
            action="assessment:recognise",
            assessment=a,
            new=RECOGNITION_NUMBER,
            reason="Dữ liệu minh họa do bộ nạp dữ liệu mẫu tạo (make demo).",
        )
