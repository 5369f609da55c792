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


def test_one_address_trying_many_accounts_is_locked_too(
    client: Client, officer: AbstractUser
) -> None:
    for i in range(5):
        _login(client, f"khong-co-{i}", "doan-sai", ip="203.0.113.9")

    response = _login(client, officer.username, PASSWORD, ip="203.0.113.9")

    assert response.status_code == 429


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
