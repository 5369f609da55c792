"""Database fixtures shared by test packages: a few provinces' units, the demo data.

Loaded once per test package outside the tests' transactions, and removed afterwards, so
that each package starts from empty tables whatever ran before it. Django is imported inside
the functions: conftest modules import this before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from xaso.units.catalog import Catalog, load_catalog

DEMO_PROVINCES = ("38", "26")  # Thanh Hóa, Vĩnh Phúc


def provinces_catalog(codes: Iterable[str] = DEMO_PROVINCES) -> Catalog:
    """The package's catalog cut down to some provinces (both eras), with their links."""
    full = load_catalog()
    wanted = set(codes)
    units = [u for u in full.units if u.province_code in wanted]
    keep = {(u.era, u.code) for u in units if u.level == "commune"}
    links = [
        link
        for link in full.links
        if ("legacy", link.legacy_code) in keep and ("2025", link.new_code) in keep
    ]
    return Catalog(units, links)


def wipe(*models: type) -> None:
    """Delete every row of ``models`` with plain SQL (fast; no per-row PROTECT checks)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def all_demo_models() -> list[type]:
    """Every model the demo fills, children first."""
    from django.contrib.auth import get_user_model

    from xaso.accounts.models import RoleAssignment
    from xaso.assessments.models import (
        Assessment,
        AuditEntry,
        Evidence,
        EvidenceFile,
        PlanYear,
        RawValue,
        RecognitionDecision,
        ReviewComment,
        Round,
        ValueStamp,
        VerifiedValue,
    )
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.units.models import Unit, UnitSuccession

    return [
        AuditEntry, EvidenceFile, Evidence, ReviewComment, VerifiedValue, Assessment,
        RecognitionDecision, Round.communes.through, Round, RoleAssignment,
        PlanYear.assigned.through, PlanYear, ValueStamp, RawValue, CriteriaSetVersion,
        get_user_model().user_permissions.through, get_user_model().groups.through,
        get_user_model(),
        UnitSuccession, Unit,
    ]  # fmt: skip


def load_units_and_criteria() -> None:
    """Thanh Hóa and Vĩnh Phúc in both eras, and the Thanh Hóa 1829 criteria set."""
    from django.conf import settings

    from xaso.criteria.services import criteria_set_publish
    from xaso.units.services import units_load_catalog

    units_load_catalog(catalog=provinces_catalog())
    path = settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"
    criteria_set_publish(yaml_text=path.read_text(encoding="utf-8"), source_name=path.name)


def passing(cs: object) -> dict[str, int | bool]:
    """Values meeting every indicator of the 1829 set: every count 100, every answer yes."""
    return {v.code: (True if v.kind == "yes_no" else 100) for v in cs.variables}  # type: ignore[attr-defined]


def person(username: str, role: str, unit: object) -> object:
    """A user holding one role on one unit."""
    from django.contrib.auth import get_user_model

    from xaso.accounts.models import RoleAssignment

    user = get_user_model().objects.create_user(username=username, password="x")
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def units_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Thanh Hóa and Vĩnh Phúc in both eras and the Thanh Hóa 1829 criteria set, for a
    package; a conftest declares ``units_db = pytest.fixture(scope="package")(units_db)``."""
    with django_db_blocker.unblock():
        load_units_and_criteria()
    yield
    with django_db_blocker.unblock():
        wipe(*all_demo_models())


def three_communes(*, decision_number: str = "1/QĐ-UBND", decision_date: Any = None) -> Any:
    """Three communes of Nông Cống (legacy) with 2024 figures under the 1829 set, the first
    two assigned by a 2024 plan of target 2. A meets everything; B fails only 4.7 (no radio
    system); C (every count 1,000) fails 3.10 by 20 people (280 adults sign digitally, 30 %
    needs 300) and 3.12 by 100 households (500 of 1,000 pay electricity without cash).

    Returns a namespace: province, version, cs, district, a, b, c, plan.
    """
    from types import SimpleNamespace

    from xaso.assessments.models import PlanYear
    from xaso.assessments.services.values import values_bulk_load
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get
    from xaso.units.models import Unit

    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    province = Unit.objects.get(era="legacy", level="province", code="38")
    district = Unit.objects.get(era="legacy", level="district", code="404")  # Nông Cống
    a, b, c = Unit.objects.filter(era="legacy", level="commune", parent=district).order_by("code")[
        :3
    ]
    ok = passing(cs)
    big = {k: (v if isinstance(v, bool) else 1000) for k, v in ok.items()}
    values_bulk_load(
        criteria_version=version,
        rows=[
            (a, 2024, ok),
            (b, 2024, {**ok, "has_ict_radio": False}),
            (c, 2024, {**big, "adults_digital_signature": 280,
                       "households_cashless_electricity": 500}),
        ],
    )  # fmt: skip
    plan = PlanYear.objects.create(
        plan_id="test",
        province=province,
        year=2024,
        target=2,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    plan.assigned.set([a, b])
    return SimpleNamespace(
        province=province, version=version, cs=cs, district=district, a=a, b=b, c=c, plan=plan
    )
