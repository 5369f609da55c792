"""Logging in and out in a real browser, as a commune officer would on a phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from .helpers import Shot, no_horizontal_scroll

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "Xa-so-2025-thang-long"


def test_a_wrong_password_is_explained_and_the_right_one_logs_in_and_out(
    page: Page, shot: Shot, django_user_model: type[AbstractUser], live_server: LiveServer
) -> None:
    django_user_model.objects.create_user(
        username="canbo.thanglong", password=PASSWORD, first_name="Nguyễn Thị Lan"
    )
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập", exact=True).click()

    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "1-login")

    page.get_by_label("Tên đăng nhập").fill("canbo.thanglong")
    page.get_by_label("Mật khẩu", exact=True).fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("canbo.thanglong")
    assert no_horizontal_scroll(page)
    shot(page, "2-wrong-password")

    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Hiện mật khẩu").check()
    expect(page.get_by_label("Mật khẩu", exact=True)).to_have_attribute("type", "text")
    shot(page, "3-password-shown")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator("header .name")).to_have_text("Nguyễn Thị Lan")
    notice = page.get_by_role("status").filter(has_text="bạn đã đăng nhập")
    expect(notice).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "4-logged-in")

    page.wait_for_load_state("load")  # site.js, which closes notices, has run
    notice.get_by_role("button", name="Đóng thông báo").click()
    expect(notice).to_have_count(0)

    page.get_by_role("button", name="Đăng xuất").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("status").filter(has_text="Bạn đã đăng xuất.")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Lan")).to_have_count(0)
    shot(page, "5-logged-out")
