from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .. import fixtures
from ..fixtures import three_communes

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
    w = three_communes()
    return World(w.province, w.version, w.cs, w.a, w.b, w.c, w.plan)
