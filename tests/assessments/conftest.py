from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..fixtures import all_demo_models, provinces_catalog, wipe


@pytest.fixture(scope="package")
def demo_db(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """Thanh Hóa and Vĩnh Phúc (both eras), the 1829 set and the whole demo data."""
    from xaso.demo.services import demo_load
    from xaso.units.services import units_load_catalog

    with django_db_blocker.unblock():
        units_load_catalog(catalog=provinces_catalog())
        demo_load()
    yield
    with django_db_blocker.unblock():
        wipe(*all_demo_models())
