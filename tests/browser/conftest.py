"""Browser tests: Playwright drives Debian's /usr/bin/chromium against pytest-django's live server.

Never a downloaded browser: the ``playwright`` wheel brings only its driver, and
``playwright install`` is never run. Chromium may load nothing but the live server (any
other request, e.g. to a CDN, is blocked and fails the test), and a JavaScript error or a
failed load (a missing static file) fails the test too.

These tests run in a pytest invocation of their own (``scripts/test`` runs
``-m "not browser"``, then ``-m browser``): ``live_server`` needs ``transactional_db``,
whose teardown empties every table, which would wipe the package-scoped data other test
packages load outside transactions (tests/fixtures.py). So each browser test creates its
own data inside the test.

After a click that loads another page, wait for it (``page.wait_for_load_state("load")``)
before typing into a field that htmx watches: Playwright goes on as soon as the new page
starts arriving, before the scripts at the end of base.html (htmx) have run, and a value
typed then triggers no request.

Django is imported inside the fixtures: this conftest is imported before Django is set up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from .helpers import Shot

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 800},  # the narrowest phone the issue asks for
    "desktop": {"width": 1280, "height": 900},
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    """One headless Chromium for the whole run (after the test database exists)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} không có: cài Chromium của Debian (apt-get install chromium) / "
            "Debian's chromium is missing: apt-get install chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in this thread (in a
    # greenlet) while it is started. Django then sees "a running event loop" and refuses
    # every ORM call made here, by the tests and by the database fixtures, with
    # SynchronousOnlyOperation, although nothing here is async. The flag turns that check
    # off only while the browser is up, only in the browser test run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer
) -> Iterator[Page]:
    """A fresh page on the live server, as a phone (360×800) and as a desktop (1280×900).

    Runs each test twice; a test can ask for one with
    ``@pytest.mark.parametrize("page", ["phone"], indirect=True)``. The browser says it
    prefers English: the site must still answer in Vietnamese until English is chosen.
    Not emulated as a mobile device, so a page wider than 360 px shows as a horizontal
    scroll instead of being zoomed out to fit.
    """
    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS[request.param],
        locale="en-US",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(10_000)
    outside: list[str] = []
    context.route(
        lambda url: not url.startswith(live_server.url + "/"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"JavaScript: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not outside, f"the page asked for something outside the live server: {outside}"
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Shot:
    """``shot(page, name)`` saves a full-page screenshot as
    ``test-artifacts/screenshots/<test>-<name>.png`` and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{test}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
