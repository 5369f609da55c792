"""A hostile world for the browser tests of escaping and of the content security policy.

Thanh Hóa in 2024 where every text that reaches a chart, a map tooltip or a table carries
HTML an attacker could have typed: the recognition decision's number (typed by the
province), a criteria indicator's name (uploaded by a province admin in a YAML file), and,
as if the unit catalogue had been tampered with, a commune's and a district's names.

Thăng Long meets every indicator and is recognised by that decision; Quảng Hòa lacks only
4.7 (the indicator with the hostile name) and has a draft its own officer can edit.
Django is imported inside the function: this module is imported before Django is set up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..fixtures import provinces_catalog
from .test_dashboards import meeting_values

PASSWORD = "xaso-an-toan"
YEAR = 2024
THANG_LONG, QUANG_HOA = "16342", "16483"
QUANG_XUONG = "406"  # Quảng Hòa's district

# Each payload sets window.__xss or opens a dialog if it ever becomes markup.
DECISION = '<img src=x onerror="window.__xss=1">'
INDICATOR_PAYLOAD = '<img src=y onerror="window.__xss=3">'
INDICATOR_NAME = INDICATOR_PAYLOAD + "Đài truyền thanh"  # charts cut it after 40 letters
COMMUNE_NAME = "Xã Quảng Hòa <img src=z onerror=alert(2)>"
DISTRICT_NAME = "<b>Huyện Quảng Xương</b><script>window.__xss=4</script>"
RADIO = "4.7"  # the indicator whose name is INDICATOR_NAME


def hostile_world() -> dict[str, Any]:
    """Build the world described above through the services; return the people's names."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from xaso.accounts.models import Role, RoleAssignment
    from xaso.assessments.models import PlanYear
    from xaso.assessments.services import (
        assessment_open,
        assessment_submit,
        assessment_verify,
        decision_recognise,
        round_create,
        values_bulk_load,
    )
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get
    from xaso.criteria.services import criteria_set_publish
    from xaso.dashboards.data import memory_clear
    from xaso.units.models import Unit
    from xaso.units.services import units_load_catalog

    memory_clear()
    units_load_catalog(catalog=provinces_catalog(["38"]))
    path = settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"
    radio = "Hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin – viễn thông"
    text = path.read_text(encoding="utf-8")
    assert text.count(f"name: {radio}\n") == 1
    text = text.replace(f"name: {radio}\n", f"name: '{INDICATOR_NAME}'\n")
    version, _created = criteria_set_publish(yaml_text=text, source_name=path.name)
    assert isinstance(version, CriteriaSetVersion)
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    assert cs.indicator(RADIO).name == INDICATOR_NAME

    province = Unit.objects.get(era="legacy", level="province", code="38")
    communes = Unit.objects.filter(era="legacy", level="commune")
    Unit.objects.filter(era="legacy", level="district", code=QUANG_XUONG).update(name=DISTRICT_NAME)
    communes.filter(code=QUANG_HOA).update(name=COMMUNE_NAME)
    units = {u.code: u for u in communes.filter(code__in=(THANG_LONG, QUANG_HOA))}
    values = {code: meeting_values(cs) for code in units}
    values[QUANG_HOA]["has_ict_radio"] = False
    values_bulk_load(criteria_version=version, rows=[(units[c], YEAR, values[c]) for c in units])
    PlanYear.objects.create(
        plan_id="thanh_hoa_969_2022",
        province=province,
        year=YEAR,
        target=2,
        decision_number="969/QĐ-UBND",
        decision_date=dt.date(2022, 3, 18),
    ).assigned.set(units.values())

    users = get_user_model()
    reviewer = users.objects.create_user("so.thanhhoa", password=PASSWORD)
    RoleAssignment.objects.create(user=reviewer, role=Role.PROVINCE_REVIEWER, unit=province)
    officers = {}
    for code, username in ((THANG_LONG, "xa.thanglong"), (QUANG_HOA, "xa.quanghoa")):
        officers[code] = users.objects.create_user(username, password=PASSWORD)
        RoleAssignment.objects.create(
            user=officers[code], role=Role.COMMUNE_OFFICER, unit=units[code]
        )
    round_ = round_create(
        province=province,
        year=YEAR,
        criteria_version=version,
        communes=list(units.values()),
        name="Đánh giá chuyển đổi số cấp xã năm 2024 – tỉnh Thanh Hóa",
    )
    draft = assessment_open(round=round_, unit=units[QUANG_HOA], user=officers[QUANG_HOA])
    a = assessment_open(round=round_, unit=units[THANG_LONG], user=officers[THANG_LONG])
    assessment_submit(assessment=a, lock_version=a.lock_version, user=officers[THANG_LONG])
    a.refresh_from_db()
    assessment_verify(assessment=a, lock_version=a.lock_version, user=reviewer)
    a.refresh_from_db()
    decision_recognise(
        province=province,
        number=DECISION,
        date=dt.date(2025, 3, 20),
        signer="Chủ tịch UBND tỉnh Thanh Hóa",
        assessments=[a],
        user=reviewer,
    )
    return {"reviewer": "so.thanhhoa", "officer": "xa.quanghoa", "draft": draft.pk}
