"""The start page in a real browser: readable on a phone, Vietnamese first, English on demand."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from .helpers import Shot, no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_the_start_page_fits_the_screen_and_switches_language(page: Page, shot: Shot) -> None:
    call_command("load_criteria", stdout=io.StringIO())

    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Bộ tiêu chí trong hệ thống")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
    assert page.evaluate("htmx.version") == "2.0.11"
    assert page.evaluate("htmx.config.historyCacheSize") == 0  # base.html's htmx-config
    assert no_horizontal_scroll(page)
    shot(page, "1-vi")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Criteria sets in the system")).to_be_visible()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    assert no_horizontal_scroll(page)
    shot(page, "2-en")

    page.get_by_role("button", name="Tiếng Việt").click()

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Bộ tiêu chí trong hệ thống")).to_be_visible()
    page.wait_for_load_state("load")  # the scripts at the end of the page have run

    # What site.js shows when an htmx request cannot reach the server.
    page.evaluate("htmx.trigger(document.body, 'htmx:sendError')")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Không gửi được đến máy chủ")
    assert no_horizontal_scroll(page)
    shot(page, "3-network-error")
    alert.get_by_role("button", name="Đóng thông báo").click()
    expect(alert).to_have_count(0)

    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    expect(page.locator("form.lang")).to_be_hidden()
    expect(page.get_by_role("heading", name="Bộ tiêu chí trong hệ thống")).to_be_visible()
    shot(page, "4-print")
