from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ..fixtures import all_demo_models, load_units_and_criteria, wipe


@pytest.fixture(scope="package")
def units_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Thanh Hóa and Vĩnh Phúc in both eras, and the Thanh Hóa 1829 criteria set."""
    with django_db_blocker.unblock():
        load_units_and_criteria()
    yield
    with django_db_blocker.unblock():
        wipe(*all_demo_models())


@pytest.fixture(autouse=True)
def private_media(tmp_path: Any, settings: Any) -> None:
    """Uploads waiting for confirmation go to a temporary directory."""
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
