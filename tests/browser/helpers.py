"""Small helpers shared by the browser tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The ``shot`` fixture: ``shot(page, "name")`` saves a screenshot and returns its path.
Shot = Callable[["Page", str], Path]


def no_horizontal_scroll(page: Page) -> bool:
    """Whether the whole page fits the window's width (nothing to scroll sideways).

    Waits for the page to finish loading first: measured before its stylesheet applies, an
    unstyled page is wider than a phone.
    """
    page.wait_for_load_state("load")
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def serve_with_policy(page: Page, policy: str | None) -> None:
    """Serve every page (HTML document) to ``page`` with ``policy`` as its
    Content-Security-Policy, replacing the server's; ``None`` removes it.

    Other requests (scripts, JSON, images) go on to the context's routes unchanged.
    """
    from playwright.sync_api import Route

    def handle(route: Route) -> None:
        if route.request.resource_type != "document":
            route.fallback()
            return
        response = route.fetch(max_redirects=0)  # the browser follows redirects itself
        headers = {
            k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"
        }
        if policy is not None:
            headers["content-security-policy"] = policy
        route.fulfill(response=response, headers=headers)

    page.route("**/*", handle)
