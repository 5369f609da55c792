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
