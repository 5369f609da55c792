"""All of Vietnam, loaded once for the tests of this package and removed after them.

Loading both eras takes a second or two, so it is done once (outside any test's transaction)
by the ``vietnam`` fixture; each test still runs in its own rolled-back transaction on top
of it. The rows are deleted when the package's tests are done, so tests elsewhere start
from an empty units table as they would without this package.
Django is imported inside the fixtures: this conftest is imported before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from xaso.units.catalog import Catalog, load_catalog

if TYPE_CHECKING:
    from pytest_django import DjangoDbBlocker

    from xaso.units.services import UnitsLoadSummary


@dataclass(frozen=True)
class Loaded:
    summary: UnitsLoadSummary
    queries: int  # how many queries the first load of an empty database took


@pytest.fixture(scope="package")
def vietnam(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Loaded]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from xaso.units.models import Unit, UnitSuccession
    from xaso.units.services import units_load_catalog

    with django_db_blocker.unblock():
        assert not Unit.objects.exists(), "the units table must start empty"
        with CaptureQueriesContext(connection) as queries:
            summary = units_load_catalog()
    yield Loaded(summary, len(queries))
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        # Plain SQL, because the ORM would check every PROTECT relation row by row; foreign
        # keys are deferred to the commit on SQLite and PostgreSQL, when no row is left.
        for model in (UnitSuccession, Unit):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
