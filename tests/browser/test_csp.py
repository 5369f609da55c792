"""Every main page works under a strict Content-Security-Policy (issue 11).

The policy below allows scripts only from our own files: no inline ``<script>``, no
``onclick=``/``onchange=`` attributes, no ``eval``. The test sets it on every page itself
(replacing whatever the server sends), so it checks the pages, not the settings. On each
page it asserts that the browser reported no violation and that what scripts do still
happens: the password reveal, live checks (htmx), charts and the map, choosing a district
or a scope (the form is sent at once), and the print button.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import Shot, no_horizontal_scroll, serve_with_policy
from .test_dashboards import still
from .worlds import PASSWORD, YEAR, hostile_world

pytestmark = pytest.mark.browser

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Reported to the test by the page itself: the event a browser fires for each violation.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  window.xasoViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
window.print = () => { window.xasoPrinted = (window.xasoPrinted || 0) + 1; };
"""


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    return hostile_world()


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every policy violation on ``page``, which is served with POLICY (and whose print
    dialog is replaced by a counter, ``window.xasoPrinted``)."""
    found: list[str] = []

    def report(violation: str) -> None:
        found.append(violation)

    page.expose_function("xasoViolation", report)
    page.add_init_script(REPORT_VIOLATIONS)
    serve_with_policy(page, POLICY)
    still(page)
    return found


def visit(page: Page, url: str, violations: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.htmx !== undefined")  # our scripts loaded and ran
    assert violations == [], f"{url}: {violations}"


def log_in(page: Page, username: str, violations: list[str]) -> None:
    visit(page, "/dang-nhap/", violations)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Hiện mật khẩu").check()  # shown and run by site.js
    expect(page.get_by_label("Mật khẩu", exact=True)).to_have_attribute("type", "text")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_attached()
    page.wait_for_load_state("load")
    assert violations == []


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()


def test_the_public_and_officer_pages_need_no_inline_script(
    page: Page, shot: Shot, world: dict[str, Any], violations: list[str]
) -> None:
    visit(page, "/", violations)
    shot(page, "1-start")
    # htmx puts no <script> of swapped content back into the page (allowScriptTags false):
    # the policy would refuse it, and a fragment's script should not run anyway.
    page.evaluate(
        """() => {
          const box = document.createElement("div");
          document.querySelector("main").append(box);
          htmx.swap(box, "<p id=swapped>ok</p><script>window.xasoRan = 1</script>",
                    { swapStyle: "innerHTML" });
        }"""
    )
    expect(page.locator("#swapped")).to_have_text("ok")
    assert page.evaluate("window.xasoRan") is None
    assert violations == []
    visit(page, f"/cong-khai/38/{YEAR}/", violations)
    expect(page.locator("#map")).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"))
    shot(page, "2-public-results")
    visit(page, "/cong-khai/", violations)

    log_in(page, world["officer"], violations)
    visit(page, "/cong-viec/", violations)
    shot(page, "3-work")
    # The live check (htmx) answers as she types.
    visit(page, f"/danh-gia/{world['draft']}/", violations)
    page.fill("#v_adults_digital_signature", "10")
    expect(page.locator("#ind-3-10-verdict")).to_contain_text("còn thiếu")
    assert no_horizontal_scroll(page)
    shot(page, "4-assessment")
    visit(page, "/bao-cao/nhap/", violations)
    expect(page.locator("input[type=file]")).to_be_attached()
    shot(page, "5-import")
    log_out(page)
    assert violations == []


def test_the_dashboards_need_no_inline_script(
    page: Page, shot: Shot, world: dict[str, Any], violations: list[str]
) -> None:
    log_in(page, world["reviewer"], violations)
    visit(page, f"/thong-ke/38/{YEAR}/", violations)
    expect(page.locator('.chart[data-drawn="true"]')).to_have_count(1)
    # Choosing a district sends the form at once; the print button opens the print dialog.
    page.select_option("#f-huyen", label="Huyện Nông Cống")
    expect(page).to_have_url(re.compile(r"huyen=\d+"))
    page.wait_for_load_state("load")
    expect(page.locator("#f-huyen option:checked")).to_have_text("Huyện Nông Cống")
    page.get_by_role("button", name="In trang này").click()
    assert page.evaluate("window.xasoPrinted") == 1
    shot(page, "1-overview-district")

    visit(page, f"/thong-ke/38/{YEAR}/diem-nghen/", violations)
    expect(page.locator('.chart[data-drawn="true"]')).to_have_count(1)
    page.get_by_label("chỉ các xã được giao năm nay").check()
    expect(page).to_have_url(re.compile(r"pham-vi=giao"))
    page.wait_for_load_state("load")
    expect(page.get_by_label("chỉ các xã được giao năm nay")).to_be_checked()
    shot(page, "2-bottlenecks-assigned")

    visit(page, f"/thong-ke/38/{YEAR}/ban-do/", violations)
    expect(page.locator("#map")).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"))
    shot(page, "3-map")
    visit(page, "/thong-ke/38/xu-huong/", violations)
    expect(page.locator('.chart[data-drawn="true"]')).not_to_have_count(0)
    shot(page, "4-trends")
    for url in (
        f"/thong-ke/38/{YEAR}/mot-buoc/",
        f"/thong-ke/38/{YEAR}/gia-dinh/",
        "/thong-ke/xa/legacy/16342/",
    ):
        visit(page, url, violations)
    assert violations == []
