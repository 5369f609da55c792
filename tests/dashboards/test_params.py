"""Hostile query parameters on every dashboard page: the page, a 404 or a refusal, never an
error page (over-long, non-numeric, negative, NUL, other scripts' digits)."""

from __future__ import annotations

import pytest
from django.test import Client

from xaso.accounts.models import Role

from ..fixtures import person
from .conftest import World

pytestmark = pytest.mark.django_db

PAGES = (
    "/thong-ke/38/2024/",
    "/thong-ke/38/2024/diem-nghen/",
    "/thong-ke/38/2024/diem-nghen/3.10/",
    "/thong-ke/38/2024/mot-buoc/",
    "/thong-ke/38/2024/ban-do/",
    "/thong-ke/38/2024/ban-do.json",
    "/thong-ke/38/2024/gia-dinh/",
    "/thong-ke/38/xu-huong/",
    "/thong-ke/38/",
    "/thong-ke/toan-quoc/2024/",
    "/cong-khai/38/2024/",
    "/cong-khai/38/2024/ban-do.json",
)
PARAMS = ("huyen", "nam", "bo", "chi-tieu", "nguong", "pham-vi", "don-vi", "csv")
VALUES = (
    "9" * 5000,  # int() refuses more than 4,300 digits
    "99999999999999999999",  # beyond a 64-bit column
    "-1",
    "abc",
    "1e9",
    "٣",  # an Arabic-Indic three: int() reads it
    "3.10\x00",
    "\x00",
    "x" * 3000,
)


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_no_dashboard_page_fails_on_hostile_parameters(world: World, value: str) -> None:
    client = Client()
    client.force_login(person("qt.params", Role.PROVINCE_ADMIN, world.province))
    commune = f"/thong-ke/xa/legacy/{world.a.code}/"
    for url in (*PAGES, commune):
        for name in PARAMS:
            query = {name: value} | ({"chi-tieu": "3.10"} if name == "nguong" else {})
            status = client.get(url, query).status_code  # an exception here is a 500
            assert status in (200, 302, 400, 404), (url, name, status)


@pytest.mark.parametrize("value", ["9" * 5000, "3\x00", "-5", "abc"])
def test_hostile_years_and_thresholds_in_what_if_are_a_message(world: World, value: str) -> None:
    client = Client()
    client.force_login(person("qt.whatif", Role.PROVINCE_ADMIN, world.province))
    response = client.get("/thong-ke/38/2024/gia-dinh/", {"chi-tieu": "3.10", "nguong": value})
    assert response.status_code in (200, 400)
