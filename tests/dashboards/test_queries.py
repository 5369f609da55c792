"""Each page's number of queries does not grow with the number of communes.

Measured twice, with 3 and with 30 communes reporting, with the raw counts read afresh
("cold") and kept from the previous request ("warm").
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xaso.accounts.models import Role
from xaso.dashboards.data import memory_clear
from xaso.units.models import Unit

from ..fixtures import passing, person
from .conftest import World

pytestmark = pytest.mark.django_db

PAGES = (
    "/thong-ke/38/2024/",
    "/thong-ke/38/2024/diem-nghen/",
    "/thong-ke/38/2024/diem-nghen/3.10/",
    "/thong-ke/38/2024/mot-buoc/",
    "/thong-ke/38/2024/ban-do.json",
    "/thong-ke/38/2024/gia-dinh/?chi-tieu=3.10&nguong=25",
    "/thong-ke/38/xu-huong/",
    "/cong-khai/38/2024/",
    "/cong-khai/38/2024/ban-do.json",
)


def _counts(client: Client, url: str) -> tuple[int, int]:
    memory_clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200, url
    return len(cold), len(warm)


def _more_communes(world: World, n: int) -> None:
    from xaso.assessments.services.values import values_bulk_load

    others = Unit.objects.filter(era="legacy", level="commune", province=world.province).exclude(
        pk__in=[world.a.pk, world.b.pk, world.c.pk]
    )[:n]
    values_bulk_load(
        criteria_version=world.version, rows=[(u, 2024, passing(world.cs)) for u in others]
    )
    world.plan.assigned.add(*others[:10])


def test_queries_do_not_grow_with_communes(world: World) -> None:
    client = Client()
    client.force_login(person("so", Role.PROVINCE_REVIEWER, world.province))
    few = {url: _counts(client, url) for url in PAGES}
    _more_communes(world, 27)
    many = {url: _counts(client, url) for url in PAGES}
    assert few == many
    # Warm pages: session, user, roles, the province's workflow facts; no raw counts.
    assert many["/thong-ke/38/2024/"][1] <= 12
    assert many["/thong-ke/38/2024/ban-do.json"][1] <= 12
    for url, (cold, warm) in many.items():
        assert warm <= cold, url


def test_commune_and_national_pages_do_not_grow_with_communes(world: World) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "r@example.org", "x")
    client = Client()
    client.force_login(admin)
    urls = ("/thong-ke/toan-quoc/2024/", f"/thong-ke/xa/legacy/{world.c.code}/")
    few = {url: _counts(client, url) for url in urls}
    _more_communes(world, 27)
    assert {url: _counts(client, url) for url in urls} == few
