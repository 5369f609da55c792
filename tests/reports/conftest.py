from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from .. import fixtures

units_db = pytest.fixture(scope="package")(fixtures.units_db)


@pytest.fixture
def cs(units_db: None) -> Any:
    """Thanh Hóa's criteria set as stored (QĐ 1829)."""
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get

    v = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    return criteria_set_get(set_id=v.set_id, version=v.version)


@pytest.fixture
def province(units_db: None) -> Any:
    from xaso.units.models import Unit

    return Unit.objects.get(era="legacy", level="province", code="38")


@pytest.fixture
def admin(province: Any) -> Client:
    """A client logged in as Thanh Hóa's province admin."""
    from xaso.accounts.models import Role

    client = Client()
    client.force_login(fixtures.person("qt", Role.PROVINCE_ADMIN, province))
    return client


@pytest.fixture(autouse=True)
def private_media(tmp_path: Any, settings: Any) -> None:
    """Uploads waiting for confirmation go to a temporary directory."""
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    """Each test reads raw counts afresh (the dashboards keep tables per process)."""
    from xaso.dashboards.data import memory_clear

    memory_clear()
    yield
    memory_clear()
