from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .. import fixtures
from ..fixtures import passing

NONG_CONG = "404"  # Nông Cống district (legacy), Thanh Hóa


units_db = pytest.fixture(scope="package")(fixtures.units_db)


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    """Each test reads raw counts afresh (the kept tables are per process)."""
    from xaso.dashboards.data import memory_clear

    memory_clear()
    yield
    memory_clear()


@dataclass
class World:
    """Three communes of Nông Cống with 2024 figures, two of them assigned by the plan.

    A meets everything; B fails only 4.7 (no radio system); C (every count 1,000) fails
    3.10 by 20 people (280 adults sign digitally, 30 % needs 300) and 3.12 by 100
    households (500 pay electricity without cash, 60 % needs 600). A and B are assigned
    (target 2).
    """

    province: Any
    version: Any
    cs: Any
    a: Any
    b: Any
    c: Any
    plan: Any


@pytest.fixture
def world(units_db: None, db: None) -> World:
    from xaso.assessments.models import PlanYear
    from xaso.assessments.services.values import values_bulk_load
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get
    from xaso.units.models import Unit

    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    province = Unit.objects.get(era="legacy", level="province", code="38")
    a, b, c = Unit.objects.filter(era="legacy", level="commune", parent__code=NONG_CONG).order_by(
        "code"
    )[:3]
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
        plan_id="test", province=province, year=2024, target=2, decision_number="1/QĐ-UBND"
    )
    plan.assigned.set([a, b])
    return World(province, version, cs, a, b, c, plan)
