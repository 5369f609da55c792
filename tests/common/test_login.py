"""Logging in at /dang-nhap/ and out at /dang-xuat/, in words a commune officer understands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

pytestmark = pytest.mark.django_db

PASSWORD = "Xa-so-2025-thang-long"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def officer(django_user_model: type[AbstractUser]) -> AbstractUser:
    return django_user_model.objects.create_user(
        username="canbo.thanglong", password=PASSWORD, first_name="Nguyễn Thị Lan"
    )


def test_the_login_page_is_in_vietnamese_with_phone_friendly_inputs(client: Client) -> None:
    response = client.get("/dang-nhap/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in html
    assert '<label for="id_username">Tên đăng nhập</label>' in html
    assert '<label for="id_password">Mật khẩu</label>' in html
    assert 'autocapitalize="none"' in html
    assert 'autocomplete="current-password"' in html
    assert WRONG not in html


@pytest.mark.parametrize(
    ("username", "password"),
    [("canbo.thanglong", "sai"), ("khong.co.ai", PASSWORD), ("CANBO.THANGLONG", PASSWORD)],
    ids=["wrong password", "unknown user", "user name in capitals"],
)
def test_a_failed_login_says_so_in_vietnamese_and_keeps_the_user_name(
    client: Client, officer: AbstractUser, username: str, password: str
) -> None:
    response = client.post("/dang-nhap/", {"username": username, "password": password})

    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG in html
    assert 'role="alert"' in html
    assert f'value="{username}"' in html
    assert "_auth_user_id" not in client.session


def test_an_empty_form_asks_for_both_fields(client: Client) -> None:
    html = client.post("/dang-nhap/", {"username": "", "password": ""}).content.decode()

    assert html.count('<p class="error">') == 2


def test_a_locked_account_cannot_log_in(client: Client, officer: AbstractUser) -> None:
    officer.is_active = False
    officer.save()

    html = client.post(
        "/dang-nhap/", {"username": "canbo.thanglong", "password": PASSWORD}
    ).content.decode()

    # ModelBackend refuses inactive users outright, so they get the same message.
    assert WRONG in html
    assert "_auth_user_id" not in client.session


def test_the_right_password_goes_to_the_start_page_and_greets_the_user(
    client: Client, officer: AbstractUser
) -> None:
    response = client.post(
        "/dang-nhap/", {"username": "canbo.thanglong", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "Xin chào Nguyễn Thị Lan, bạn đã đăng nhập." in html
    assert '<span class="name">Nguyễn Thị Lan</span>' in html


def test_login_goes_on_to_next_but_never_to_another_site(
    client: Client, officer: AbstractUser
) -> None:
    credentials = {"username": "canbo.thanglong", "password": PASSWORD}

    inside = client.post("/dang-nhap/", {**credentials, "next": "/admin/"})
    client.logout()
    outside = client.post("/dang-nhap/", {**credentials, "next": "https://example.com/"})

    assert inside.headers["Location"] == "/admin/"
    assert outside.headers["Location"] == "/"


def test_logout_needs_a_post_and_then_says_so(client: Client, officer: AbstractUser) -> None:
    client.force_login(officer)

    assert client.get("/dang-xuat/").status_code == 405
    response = client.post("/dang-xuat/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "Bạn đã đăng xuất." in html
    assert "Nguyễn Thị Lan" not in html
    assert "_auth_user_id" not in client.session


def test_logging_in_and_out_speaks_english_when_english_was_chosen(
    client: Client, officer: AbstractUser
) -> None:
    client.cookies["django_language"] = "en"

    failed = client.post("/dang-nhap/", {"username": "canbo.thanglong", "password": "sai"})
    logged_in = client.post(
        "/dang-nhap/", {"username": "canbo.thanglong", "password": PASSWORD}, follow=True
    )
    logged_out = client.post("/dang-xuat/", follow=True)

    assert "The user name or password is wrong." in failed.content.decode()
    assert "Hello Nguyễn Thị Lan, you are logged in." in logged_in.content.decode()
    assert "You have logged out." in logged_out.content.decode()
