from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .. import fixtures

units_db = pytest.fixture(scope="package")(fixtures.units_db)


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
