"""Login throttling (django-axes): guessing passwords stops after a few tries, per account and
per address, and the person is told in Vietnamese how long to wait."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

pytestmark = pytest.mark.django_db

PASSWORD = "Xa-so-2025-thang-long"


@pytest.fixture
def officer(django_user_model: type[AbstractUser]) -> AbstractUser:
    return django_user_model.objects.create_user(username="canbo.thanglong", password=PASSWORD)


def _login(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> object:
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    client: Client, officer: AbstractUser
) -> None:
    for _ in range(4):
        assert _login(client, officer.username, "doan-sai").status_code == 200
    assert _login(client, officer.username, "doan-sai").status_code == 429

    response = _login(client, officer.username, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Đăng nhập tạm bị khóa" in html
    assert "15 phút" in html
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(
    client: Client, officer: AbstractUser
) -> None:
    for i in range(5):
        _login(client, officer.username, f"sai-{i}", ip="203.0.113.7")

    response = _login(Client(), officer.username, PASSWORD, ip="198.51.100.20")

    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked_after_thirty_failures(
    client: Client, officer: AbstractUser
) -> None:
    for i in range(29):
        assert _login(client, f"khong-co-{i}", "doan-sai", ip="203.0.113.9").status_code == 200
    assert _login(client, "khong-co-29", "doan-sai", ip="203.0.113.9").status_code == 200

    response = _login(client, officer.username, PASSWORD, ip="203.0.113.9")

    assert response.status_code == 429
    assert _login(Client(), officer.username, PASSWORD, ip="198.51.100.1").status_code == 302


def test_logging_in_as_oneself_does_not_reset_the_count_of_an_account_being_guessed(
    client: Client, officer: AbstractUser, django_user_model: type[AbstractUser]
) -> None:
    django_user_model.objects.create_user(username="ke.doan", password="mat-khau-cua-toi")
    attacker = Client()
    for _ in range(4):
        _login(attacker, officer.username, "doan-sai")
    assert _login(attacker, "ke.doan", "mat-khau-cua-toi").status_code == 302
    attacker.post("/dang-xuat/")

    _login(attacker, officer.username, "doan-sai")  # the fifth wrong one for the officer

    assert _login(client, officer.username, PASSWORD).status_code == 429


def test_behind_the_proxy_each_visitor_is_counted_by_the_address_nginx_saw(
    client: Client, officer: AbstractUser, settings: object
) -> None:
    settings.XASO_PROXY_COUNT = 1  # type: ignore[attr-defined]
    settings.XASO_LOGIN_IP_FAILURE_LIMIT = 3  # type: ignore[attr-defined]

    def via_proxy(c: Client, user: str, password: str, visitor: str) -> object:
        # The visitor may send any X-Forwarded-For; nginx appends the address it saw.
        return c.post(
            "/dang-nhap/",
            {"username": user, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.9, {visitor}",
        )

    for i in range(3):
        via_proxy(client, f"khong-co-{i}", "sai", "203.0.113.50")

    assert via_proxy(Client(), officer.username, PASSWORD, "203.0.113.50").status_code == 429
    assert via_proxy(Client(), officer.username, PASSWORD, "198.51.100.7").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client: Client, officer: AbstractUser) -> None:
    for _ in range(4):
        _login(client, officer.username, "doan-sai")
    assert _login(client, officer.username, PASSWORD).status_code == 302
    client.post("/dang-xuat/")
    for _ in range(4):
        _login(client, officer.username, "doan-sai")

    assert _login(client, officer.username, PASSWORD).status_code == 302


def test_the_locked_page_speaks_english_to_who_chose_english(
    client: Client, officer: AbstractUser
) -> None:
    client.cookies["django_language"] = "en"
    for _ in range(5):
        _login(client, officer.username, "doan-sai")

    response = _login(client, officer.username, PASSWORD)

    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()


def test_code_on_the_server_can_still_check_a_password_without_a_request(
    officer: AbstractUser,
) -> None:
    from django.contrib.auth import authenticate

    assert authenticate(username=officer.username, password=PASSWORD) == officer


def test_login_attempts_are_not_in_the_admin_where_a_province_admin_could_read_them() -> None:
    from axes.models import AccessAttempt, AccessLog
    from django.contrib import admin

    assert AccessAttempt not in admin.site._registry
    assert AccessLog not in admin.site._registry
