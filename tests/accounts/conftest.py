from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from ..fixtures import all_demo_models, provinces_catalog, wipe


@pytest.fixture(scope="package")
def world_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """The demo (Thanh Hóa and Vĩnh Phúc, both eras) and :func:`_world`, built once for the
    package outside the tests' transactions and removed after them."""
    from django.contrib.auth.models import Group

    from xaso.demo.services import demo_load
    from xaso.units.services import units_load_catalog

    with django_db_blocker.unblock():
        units_load_catalog(catalog=provinces_catalog())
        demo_load()
        built = _world()
    yield built
    with django_db_blocker.unblock():
        Group.objects.all().delete()
        wipe(*all_demo_models())


def _province_admin(username: str, province: Any) -> Any:
    """A province admin as the demo makes one: staff, the demo's admin permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from xaso.accounts.models import RoleAssignment
    from xaso.demo.people import ADMIN_APPS, ADMIN_CODENAMES

    user = get_user_model().objects.create_user(username=username, is_staff=True)
    RoleAssignment.objects.create(user=user, role="province_admin", unit=province)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=ADMIN_APPS, codename__regex=ADMIN_CODENAMES
        )
    )
    return user


def _version(set_id: str, province: str) -> Any:
    """A copy of the 1829 set published under another id, decided by ``province``."""
    import re

    from django.conf import settings

    from xaso.criteria.services import criteria_set_publish

    text = (settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", f"id: {set_id}", text)
    text = re.sub(r"(?m)^province: .*$", f"province: {province}", text)
    row, _created = criteria_set_publish(yaml_text=text, source_name=f"{set_id}.yaml")
    return row


@pytest.fixture
def world(world_db: SimpleNamespace, db: None) -> SimpleNamespace:
    """See :func:`_world`; each test runs in its own rolled-back transaction on top of it."""
    return world_db


def _world() -> SimpleNamespace:
    """The demo, plus one of everything in Vĩnh Phúc and the people a province admin must
    leave alone: Vĩnh Phúc's admin, a person with roles in both provinces, a new account
    with no role, a second Thanh Hóa admin (staff) and a superuser."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from xaso.accounts.models import RoleAssignment
    from xaso.assessments.models import (
        Assessment,
        AuditEntry,
        PlanYear,
        RecognitionDecision,
    )
    from xaso.assessments.services import round_create
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.units.models import Unit

    users = get_user_model().objects
    th = Unit.objects.get(era="legacy", level="province", code="38")
    vp = Unit.objects.get(era="legacy", level="province", code="26")
    langcong = Unit.objects.get(era="legacy", level="commune", code="08773")
    thanglong = Unit.objects.get(era="legacy", level="commune", code="16342")
    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    vp_round = round_create(
        province=vp, year=2024, criteria_version=version, name="Đợt Vĩnh Phúc", communes=[langcong]
    )
    vp_assessment = Assessment.objects.create(round=vp_round, unit=langcong)
    vp_plan = PlanYear.objects.create(
        plan_id="vinh_phuc_thu", province=vp, year=2024, target=1, decision_number="1/KH-VP"
    )
    vp_plan.assigned.set([langcong])
    both = users.create_user(username="hai.tinh")
    RoleAssignment.objects.create(user=both, role="commune_officer", unit=thanglong)
    RoleAssignment.objects.create(user=both, role="commune_officer", unit=langcong)
    return SimpleNamespace(
        th=th,
        vp=vp,
        th_2025=Unit.objects.get(era="2025", level="province", code="38"),
        langcong=langcong,
        thanglong=thanglong,
        version=version,
        vp_version=_version("vinh_phuc_thu", "Tỉnh Vĩnh Phúc"),
        th_version=_version("thanh_hoa_thu", "Thanh Hoá"),
        vp_round=vp_round,
        vp_assessment=vp_assessment,
        vp_plan=vp_plan,
        vp_decision=RecognitionDecision.objects.create(
            province=vp,
            number="1/QĐ-VP",
            date=date(2024, 12, 1),
            signer="Chủ tịch",
            created_by=users.get(username="so.vinhphuc"),
        ),
        vp_audit=AuditEntry.objects.create(assessment=vp_assessment, action="thu"),
        vp_admin=_province_admin("qt.vinhphuc", vp),
        th_admin2=_province_admin("qt2.thanhhoa", th),
        both=both,
        loner=users.create_user(username="chua.co.vai.tro"),
        boss=users.create_superuser(username="quan.tri.he.thong", email=None, password=None),
        group=Group.objects.create(name="Nhóm Vĩnh Phúc"),
        th_admin=users.get(username="qt.thanhhoa"),
    )
