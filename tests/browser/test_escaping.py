"""Text typed by one user never runs as script in another's browser (issue 11, finding 1).

The hostile world (worlds.py) puts HTML in a recognition decision's number, an indicator's
name and a commune's and a district's names. Hovering the commune on the public map, on the
province map, and the indicator's bar on the bottlenecks chart shows those texts as text:
no payload runs (``window.__xss`` stays undefined), no dialog opens, no image is requested.
The server's Content-Security-Policy is taken off these pages: it would stop the payloads
from running, but escaping must hold by itself (a browser may ignore the policy, a proxy
may drop it).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from .helpers import Shot, serve_with_policy
from .test_dashboards import point_on_map, still
from .worlds import (
    COMMUNE_NAME,
    DECISION,
    DISTRICT_NAME,
    INDICATOR_NAME,
    INDICATOR_PAYLOAD,
    PASSWORD,
    QUANG_HOA,
    RADIO,
    THANG_LONG,
    YEAR,
    hostile_world,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    return hostile_world()


@pytest.fixture(autouse=True)
def without_policy(page: Page) -> None:
    serve_with_policy(page, None)


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every dialog (alert, confirm, prompt) the page opens, dismissed at once."""
    opened: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return opened


def log_in(page: Page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_attached()


def tooltip(chart: Locator) -> Locator:
    """The chart's tooltip: the HTML box ECharts adds inside the chart's element."""
    return chart.locator(":scope > div:not(:first-child)").last


def hover_point(page: Page, code: str) -> None:
    """Zoom the map in around a commune's point (so no neighbour covers it), then hover it."""
    the_map = page.locator("#map")
    the_map.scroll_into_view_if_needed()
    box = the_map.bounding_box()
    assert box is not None
    x, y = point_on_map(page, code)
    page.mouse.move(box["x"] + x, box["y"] + y)
    for _ in range(20):
        page.mouse.wheel(0, -200)
    page.wait_for_function(
        'echarts.getInstanceByDom(document.getElementById("map")).getOption().geo[0].zoom >= 5'
    )
    x, y = point_on_map(page, code)
    the_map.hover(position={"x": x, "y": y})


def nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.locator("main img, main svg script, main b").count() == 0


def test_public_map_tooltip_shows_a_hostile_decision_number_as_text(
    page: Page, shot: Shot, world: dict[str, Any], dialogs: list[str]
) -> None:
    still(page)
    page.goto(f"/cong-khai/38/{YEAR}/")
    expect(page.locator("#public-table tbody td").nth(2)).to_contain_text(DECISION)
    the_map = page.locator("#map")
    expect(the_map).to_have_attribute("data-drawn", re.compile(r"^[1-9][0-9]*$"))
    hover_point(page, THANG_LONG)
    box = tooltip(the_map)
    expect(box).to_contain_text(f"Đã công nhận ({DECISION})")
    expect(box).to_contain_text("Xã Thăng Long")
    shot(page, "public-tooltip")
    nothing_ran(page, dialogs)


def test_province_map_tooltip_shows_hostile_names_as_text(
    page: Page, shot: Shot, world: dict[str, Any], dialogs: list[str]
) -> None:
    still(page)
    log_in(page, world["reviewer"])
    page.goto(f"/thong-ke/38/{YEAR}/ban-do/")
    expect(page.locator("#map")).to_have_attribute("data-drawn", re.compile(r"^[1-9][0-9]*$"))
    hover_point(page, QUANG_HOA)
    box = tooltip(page.locator("#map"))
    expect(box).to_contain_text(COMMUNE_NAME)
    expect(box).to_contain_text(DISTRICT_NAME)
    expect(box).to_contain_text(f"Chỉ còn chỉ tiêu {RADIO}")
    shot(page, "map-tooltip")
    nothing_ran(page, dialogs)


def test_bottleneck_chart_shows_a_hostile_indicator_name_as_text(
    page: Page, shot: Shot, world: dict[str, Any], dialogs: list[str]
) -> None:
    still(page)
    log_in(page, world["reviewer"])
    page.goto(f"/thong-ke/38/{YEAR}/diem-nghen/")
    chart = page.locator(".chart[data-chart=ranking]")
    expect(chart).to_have_attribute("data-drawn", "true")
    expect(page.locator("#bottleneck-table")).to_contain_text(INDICATOR_NAME)
    x, y = page.evaluate(
        """(code) => {
          const chart = echarts.getInstanceByDom(document.querySelector(".chart[data-chart]"));
          const labels = chart.getOption().yAxis[0].data;
          const i = labels.findIndex((label) => label.startsWith(code + " "));
          return chart.convertToPixel({ seriesIndex: 0 }, [0.5, i]);
        }""",
        RADIO,
    )
    chart.hover(position={"x": x, "y": y})
    expect(tooltip(chart)).to_contain_text(f"{RADIO} {INDICATOR_PAYLOAD}Đài")
    shot(page, "ranking-tooltip")
    nothing_ran(page, dialogs)
