"""The dashboards in a real browser, on a small world built inside each test: Thanh Hóa's
units, the 1829 criteria set, 2024 counts for five communes (three meet every indicator,
one lacks only the 4.7 radio system, one is 100 adults short on 3.10), the 2024 plan
assigning four of them, and one commune recognised by decision.

A province reviewer opens the overview, the bottlenecks and a drill-down, the map and
commune pages; anyone opens the public page. Every figure asserted here is counted by hand
from that world. Screenshots of every page, as a phone and as a desktop.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Locator, Page, expect

from ..fixtures import provinces_catalog
from .helpers import Shot, no_horizontal_scroll

if TYPE_CHECKING:
    from xaso.engine import CriteriaSet

pytestmark = pytest.mark.browser
PASSWORD = "xaso-thong-ke"
YEAR = 2024

THANG_LONG, TAN_PHUC, HAM_RONG = "16342", "16282", "14755"  # meet every indicator
QUANG_HOA = "16483"  # Quảng Hòa (Quảng Xương): everything but the 4.7 radio system
QUANG_TRUNG = "14824"  # Quang Trung (Bỉm Sơn): 3.10 short by 100 adults
ASSIGNED = (THANG_LONG, TAN_PHUC, QUANG_HOA, QUANG_TRUNG)  # Hàm Rồng meets, unassigned
REPORTED = (THANG_LONG, TAN_PHUC, HAM_RONG, QUANG_HOA, QUANG_TRUNG)
DECISION = "2345/QĐ-UBND"
PLAN = "969/QĐ-UBND"
ADULTS, SHORT = 7000, 100
SIGNATURES_NEED = "cần thêm 100 người trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"

# The whole of each ratio's denominator, so that numerator = denominator meets it.
SIZES = {
    "officials": 21, "documents": 2400, "procedures_received": 1350, "businesses": 38,
    "smes": 30, "farm_households": 1100, "ocop_products": 3, "shops": 140,
    "population": 9200, "adults": ADULTS, "households": 2600, "students": 1700,
    "villages": 11, "culture_houses": 11, "addresses": 2750,
}  # fmt: skip


def meeting_values(cs: CriteriaSet) -> dict[str, int | bool]:
    """Counts that meet every indicator: each "yes" answered yes, each ratio at 100 %."""
    values: dict[str, int | bool] = {v.code: True for v in cs.variables if v.kind == "yes_no"}
    for ind in cs.indicators:
        if ind.kind == "ratio":
            assert ind.numerator is not None and ind.denominator is not None
            ((whole, _), (part, _)) = (ind.denominator.terms[0], ind.numerator.terms[0])
            values[whole] = values[part] = SIZES[whole]
    assert set(values) == {v.code for v in cs.variables}
    return values


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    """The world described at the top, built through the services; returns what the
    assertions count against (commune counts by district, names)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from xaso.accounts.models import Role, RoleAssignment
    from xaso.assessments.models import PlanYear
    from xaso.assessments.services import (
        assessment_open,
        assessment_submit,
        assessment_verify,
        decision_recognise,
        round_create,
        values_bulk_load,
    )
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get
    from xaso.criteria.services import criteria_set_publish
    from xaso.dashboards.data import memory_clear
    from xaso.engine import evaluate
    from xaso.units.models import Unit
    from xaso.units.services import units_load_catalog

    memory_clear()
    units_load_catalog(catalog=provinces_catalog(["38"]))
    path = settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"
    version, _created = criteria_set_publish(
        yaml_text=path.read_text(encoding="utf-8"), source_name=path.name
    )
    assert isinstance(version, CriteriaSetVersion)
    cs = criteria_set_get(set_id=version.set_id, version=version.version)

    province = Unit.objects.get(era="legacy", level="province", code="38")
    units = {
        u.code: u
        for u in Unit.objects.filter(
            era="legacy", level="commune", code__in=REPORTED
        ).select_related("parent")
    }
    meets = meeting_values(cs)
    values = {code: dict(meets) for code in REPORTED}
    values[QUANG_HOA]["has_ict_radio"] = False
    values[QUANG_TRUNG]["adults_digital_signature"] = ADULTS * 30 // 100 - SHORT
    # The engine agrees with the story told above.
    results = {c: evaluate(cs, values[c], units[c].criteria_type) for c in REPORTED}
    for code in (THANG_LONG, TAN_PHUC, HAM_RONG):
        assert results[code].completed, results[code].failed
    assert results[QUANG_HOA].failed == ("4.7",)
    assert results[QUANG_TRUNG].failed == ("3.10",)
    assert results[QUANG_TRUNG].indicator("3.10").gap == SHORT
    assert results[HAM_RONG].indicator("2.4").applicable is False  # a ward: no farms
    values_bulk_load(criteria_version=version, rows=[(units[c], YEAR, values[c]) for c in REPORTED])

    PlanYear.objects.create(
        plan_id="thanh_hoa_969_2022",
        province=province,
        year=YEAR,
        target=len(ASSIGNED),
        decision_number=PLAN,
        decision_date=dt.date(2022, 3, 18),
    ).assigned.set([units[c] for c in ASSIGNED])

    users = get_user_model()
    reviewer = users.objects.create_user(
        "so.thanhhoa", password=PASSWORD, first_name="Mai", last_name="Đỗ Thị"
    )
    RoleAssignment.objects.create(user=reviewer, role=Role.PROVINCE_REVIEWER, unit=province)
    officer = users.objects.create_user("xa.thanglong", password=PASSWORD)
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=units[THANG_LONG])
    # Thăng Long goes the whole way: opened, submitted, verified by the province, recognised.
    round_ = round_create(
        province=province,
        year=YEAR,
        criteria_version=version,
        communes=[units[THANG_LONG]],
        name="Đánh giá chuyển đổi số cấp xã năm 2024 – tỉnh Thanh Hóa",
    )
    a = assessment_open(round=round_, unit=units[THANG_LONG], user=officer)
    assessment_submit(assessment=a, lock_version=a.lock_version, user=officer)
    a.refresh_from_db()
    assessment_verify(assessment=a, lock_version=a.lock_version, user=reviewer)
    a.refresh_from_db()
    decision_recognise(
        province=province,
        number=DECISION,
        date=dt.date(2025, 3, 20),
        signer="Chủ tịch UBND tỉnh Thanh Hóa",
        assessments=[a],
        user=reviewer,
    )

    communes = Unit.objects.filter(era="legacy", level="commune", province=province)
    per_district = dict(
        communes.values_list("parent__code")
        .annotate(n=Count("pk"))
        .values_list("parent__code", "n")
    )
    return {
        "names": {c: u.name for c, u in units.items()},
        "districts": {c: u.parent.name for c, u in units.items()},
        "communes": communes.count(),
        "with_coordinates": communes.exclude(lat=None).exclude(lon=None).count(),
        "per_district": per_district,
        "located_per_district": dict(
            communes.exclude(lat=None)
            .exclude(lon=None)
            .values_list("parent__code")
            .annotate(n=Count("pk"))
            .values_list("parent__code", "n")
        ),
        "district_codes": {c: u.parent.code for c, u in units.items()},
    }


def log_in(page: Page, username: str = "so.thanhhoa") -> None:
    still(page)
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_attached()


def still(page: Page) -> None:
    """Charts drawn at once, not animated (charts.js honours reduced motion), so that each
    screenshot shows them finished."""
    page.emulate_media(reduced_motion="reduce")


def card(page: Page, label: str) -> Locator:
    return page.locator(".card").filter(has=page.get_by_text(label, exact=True))


def row(table: Locator, text: str) -> Locator:
    return table.locator("tbody tr").filter(has_text=text)


def charts_drawn(page: Page, count: int) -> None:
    expect(page.locator(".chart[data-chart]")).to_have_count(count)
    expect(page.locator('.chart[data-drawn="true"]')).to_have_count(count)


def test_province_overview(page: Page, shot: Shot, world: dict[str, Any]) -> None:
    log_in(page)
    page.goto(f"/thong-ke/38/{YEAR}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Tiến độ chuyển đổi số cấp xã – Tỉnh Thanh Hóa {YEAR}"
    )
    n = world["communes"]
    # Five communes reported; four assigned (plan: four); three meet everything (two of
    # them assigned); one recognised; Quảng Hòa and Quang Trung each fail one indicator.
    expect(card(page, "Số xã, phường").locator(".figure")).to_have_text(str(n))
    expect(card(page, "Số xã, phường").locator(".sub")).to_have_text("5 xã có số liệu")
    expect(card(page, "Được giao năm nay").locator(".figure")).to_have_text("4")
    expect(card(page, "Được giao năm nay").locator(".sub")).to_have_text("kế hoạch 4 xã")
    expect(card(page, "Đạt đủ tiêu chí").locator(".figure")).to_have_text("3")
    expect(card(page, "Đạt đủ tiêu chí").locator(".sub")).to_have_text(
        "0,5 % số xã; 2 xã được giao"  # 3 of 547
    )
    expect(card(page, "Đã công nhận").locator(".figure")).to_have_text("1")
    expect(card(page, "Còn một chỉ tiêu").locator(".figure")).to_have_text("2")
    expect(card(page, "Được giao, đang thực hiện").locator(".figure")).to_have_text("0")
    expect(card(page, "Được giao, có nguy cơ").locator(".figure")).to_have_text("0")
    goal = page.locator("#plan-goal")
    expect(goal).to_contain_text(
        f"Kế hoạch năm {YEAR}: 4 xã được giao phải hoàn thành chuyển đổi số ({PLAN})."
    )
    expect(goal).to_contain_text("Đã đạt 2/4 xã được giao (50 % kế hoạch).")
    expect(goal).to_contain_text("Còn thiếu 2 xã so với kế hoạch năm.")
    expect(goal).not_to_contain_text("Lũy kế")  # one plan year: the year's plan is the goal
    charts_drawn(page, 1)
    expect(page.locator("table.data").first.locator("tbody td")).to_have_text(
        [str(YEAR), "4", "4", "2", "3", "1", str(n)]
    )
    # By district: Nông Cống (two met, one of them recognised) leads.
    table = page.locator("#progress-table")
    expect(table.locator("tbody tr").first).to_contain_text("Huyện Nông Cống")
    nong_cong = world["per_district"]["404"]
    expect(row(table, "Huyện Nông Cống").locator("td")).to_have_text(
        ["Huyện Nông Cống", str(nong_cong), "2", "2", "2", "2", "1", "0", "0", "0", "6,9 %"]
    )
    expect(row(table, "Huyện Quảng Xương").locator("td")).to_have_text(
        ["Huyện Quảng Xương", str(world["per_district"]["406"]), "1", "1", "0", "0", "0",
         "1", "0", "0", "0 %"]
    )  # fmt: skip
    assert no_horizontal_scroll(page)
    shot(page, "1-overview")

    # The two communes one indicator away, easiest first.
    card(page, "Còn một chỉ tiêu").get_by_role("link", name="xem danh sách").click()
    page.wait_for_load_state("load")
    steps = page.locator("#one-step-table tbody tr")
    expect(steps).to_have_count(2)
    expect(steps.nth(0).locator("td")).to_have_text(
        ["Xã Quang Trung", "Thị xã Bỉm Sơn", "có", re.compile(r"^3\.10 "), "còn thiếu 100 người"]
    )
    expect(steps.nth(1).locator("td")).to_have_text(
        ["Xã Quảng Hòa", "Huyện Quảng Xương", "có", re.compile(r"^4\.7 "), "chưa có"]
    )
    shot(page, "2-one-step")

    # One district: its figures only (the plan is the province's, so no plan sentence).
    page.get_by_role("link", name="Tiến độ", exact=True).click()
    page.wait_for_load_state("load")
    table.get_by_role("link", name="Huyện Nông Cống").click()
    page.wait_for_load_state("load")
    expect(page.locator("#f-huyen option:checked")).to_have_text("Huyện Nông Cống")
    expect(page.locator("#plan-goal")).to_have_count(0)
    expect(card(page, "Số xã, phường").locator(".figure")).to_have_text(str(nong_cong))
    expect(card(page, "Số xã, phường").locator(".sub")).to_have_text("2 xã có số liệu")
    expect(card(page, "Đạt đủ tiêu chí").locator(".sub")).to_have_text(
        "6,9 % số xã; 2 xã được giao"
    )
    expect(card(page, "Đã công nhận").locator(".figure")).to_have_text("1")
    # The district's communes, one line each, the recognised one first.
    expect(table.locator("tbody tr")).to_have_count(nong_cong)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huyện Nông Cống, Tỉnh Thanh Hóa")
    expect(table.locator("tbody tr").first).to_contain_text("Xã Thăng Long")
    charts_drawn(page, 0)
    assert no_horizontal_scroll(page)
    shot(page, "3-district")

    page.goto(f"/thong-ke/xa/legacy/{THANG_LONG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xã Thăng Long ({THANG_LONG})")
    expect(page.locator(".goal")).to_contain_text("Đạt tất cả các chỉ tiêu.")
    expect(page.locator(".goal .badge")).to_have_text("Đã công nhận")
    expect(page.get_by_text(f"đã được công nhận ({DECISION})")).to_be_visible()
    shot(page, "4-commune-recognised")


def test_bottlenecks_and_drill_down(page: Page, shot: Shot, world: dict[str, Any]) -> None:
    log_in(page)
    page.goto(f"/thong-ke/38/{YEAR}/diem-nghen/")
    unreported = world["communes"] - len(REPORTED)
    expect(page.get_by_text("Tính trên 5 xã có số liệu.")).to_be_visible()
    expect(
        page.get_by_text(f"{unreported} xã chưa nhập số liệu nào nên không được tính.")
    ).to_be_visible()
    charts_drawn(page, 1)
    # Communes without figures are left out; 3.10 and 4.7 fail one commune each, 3.10 first
    # for its gap of 100 adults; each is the last indicator its commune lacks.
    table = page.locator("#bottleneck-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td")).to_have_text(
        [re.compile(r"^3\.10 Tỷ lệ dân số trưởng thành có chữ ký số"), "≥ 30 %", "1", "20 %",
         "1", SIGNATURES_NEED]
    )  # fmt: skip
    expect(rows.nth(1).locator("td")).to_have_text(
        [re.compile(r"^4\.7 Hệ thống đài truyền thanh"), "có", "1", "20 %", "1", "1 xã chưa có"]
    )
    groups = page.locator("table.data").last.locator("tbody tr")
    expect(groups.locator("td:first-child")).to_have_text(
        ["Chính quyền số", "Kinh tế số", "Xã hội số", "Hạ tầng số"]
    )
    expect(groups.nth(2).locator("td")).to_have_text(["Xã hội số", "12", "1", "1"])
    expect(groups.nth(3).locator("td")).to_have_text(["Hạ tầng số", "8", "1", "1"])
    shot(page, "1-bottlenecks")

    # Only the communes assigned this year: the same two rows, out of four communes.
    page.get_by_label("chỉ các xã được giao năm nay").check()
    expect(page).to_have_url(re.compile(r"pham-vi=giao"))
    page.wait_for_load_state("load")
    expect(page.get_by_text("Tính trên 4 xã có số liệu.")).to_be_visible()
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").nth(3)).to_have_text("25 %")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("25 %")
    charts_drawn(page, 1)
    shot(page, "2-bottlenecks-assigned")

    # Bỉm Sơn only, then 3.10's communes there: Quang Trung, 100 adults short.
    page.select_option("#f-huyen", label=world["districts"][QUANG_TRUNG])
    expect(page).to_have_url(re.compile(r"huyen=\d+"))
    page.wait_for_load_state("load")
    expect(page.get_by_text("Tính trên 1 xã có số liệu.")).to_be_visible()
    # Still the assigned communes only: every one of them in Bỉm Sơn has figures.
    expect(page.get_by_text("xã chưa nhập số liệu nào")).to_have_count(0)
    expect(rows).to_have_count(1)
    table.get_by_role("link", name=re.compile(r"^3\.10 ")).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ tiêu 3.10:")
    expect(page.get_by_text("Yêu cầu: ≥ 30 %. 1 xã chưa đạt")).to_be_visible()
    failing = page.locator("#failing-table tbody tr")
    expect(failing).to_have_count(1)
    expect(failing.first.locator("td")).to_have_text(
        ["Xã Quang Trung", "Thị xã Bỉm Sơn", "28,6 %", "100 người", "chỉ còn chỉ tiêu này"]
    )
    shot(page, "3-drill-down")

    failing.first.get_by_role("link", name="Xã Quang Trung").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xã Quang Trung ({QUANG_TRUNG})")
    expect(page.locator(".goal")).to_contain_text("Chưa đạt 1 chỉ tiêu: 3.10.")
    indicator = page.locator("tr.cell-fail")
    expect(indicator).to_have_count(1)
    expect(indicator.locator("td")).to_have_text(
        [re.compile(r"^3\.10 "), "28,6 %", "≥ 30 %", "Chưa đạt – còn thiếu 100 người"]
    )
    shot(page, "4-commune-gap")

    # The same pages in English.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name=f"Results for {YEAR}")).to_be_visible()
    shot(page, "5-commune-english")
    page.goto(f"/thong-ke/38/{YEAR}/diem-nghen/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Bottlenecks – Tỉnh Thanh Hóa {YEAR}"
    )
    charts_drawn(page, 1)
    shot(page, "6-bottlenecks-english")


def point_on_map(page: Page, code: str) -> tuple[float, float]:
    """Where the map draws a commune's point, in pixels from the map's top left corner."""
    x, y = page.evaluate(
        """(code) => {
          const chart = echarts.getInstanceByDom(document.getElementById("map"));
          const series = chart.getOption().series;
          for (let i = 0; i < series.length; i++)
            for (const d of series[i].data)
              if (d.point.code === code) return chart.convertToPixel({ seriesIndex: i }, d.value);
          return null;
        }""",
        code,
    )
    return x, y


def test_map(page: Page, shot: Shot, world: dict[str, Any]) -> None:
    log_in(page)
    page.goto(f"/thong-ke/38/{YEAR}/ban-do/")
    the_map = page.locator("#map")
    expect(the_map).to_have_attribute("data-drawn", str(world["with_coordinates"]))
    legend = page.locator("ul.legend li")
    expect(legend).to_have_text(
        ["Đã công nhận: 1", "Đạt, chờ công nhận: 2", "Còn một chỉ tiêu: 2",
         "Đang thực hiện: 0", f"Chưa được giao: {world['communes'] - len(REPORTED)}"]
    )  # fmt: skip
    assert no_horizontal_scroll(page)
    shot(page, "1-province")

    # One district: only its communes are drawn.
    page.select_option("#f-huyen", label="Huyện Quảng Xương")
    expect(page).to_have_url(re.compile(r"huyen=\d+"))
    expect(the_map).to_have_attribute("data-drawn", str(world["located_per_district"]["406"]))
    expect(legend.nth(2)).to_have_text("Còn một chỉ tiêu: 1")
    shot(page, "2-district")

    # Zoomed in with the mouse wheel over Quảng Hòa, its point shows a tooltip and opens
    # its page when clicked.
    the_map.scroll_into_view_if_needed()
    x, y = point_on_map(page, QUANG_HOA)
    box = the_map.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + x, box["y"] + y)
    for _ in range(20):
        page.mouse.wheel(0, -200)
    page.wait_for_function(
        'echarts.getInstanceByDom(document.getElementById("map")).getOption().geo[0].zoom >= 5'
    )
    x, y = point_on_map(page, QUANG_HOA)
    the_map.hover(position={"x": x, "y": y})
    expect(page.get_by_text("Chỉ còn chỉ tiêu 4.7")).to_be_visible()
    shot(page, "3-zoomed-tooltip")
    the_map.click(position={"x": x, "y": y})
    expect(page).to_have_url(re.compile(rf"/thong-ke/xa/legacy/{QUANG_HOA}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xã Quảng Hòa ({QUANG_HOA})")


def test_commune_pages(page: Page, shot: Shot, world: dict[str, Any]) -> None:
    log_in(page)
    page.goto(f"/thong-ke/xa/legacy/{QUANG_HOA}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xã Quảng Hòa ({QUANG_HOA})")
    expect(page.get_by_text("Huyện Quảng Xương · Tỉnh Thanh Hóa")).to_be_visible()
    expect(page.locator(".goal")).to_contain_text("Chưa đạt 1 chỉ tiêu: 4.7.")
    fail = page.locator("tr.cell-fail")
    expect(fail).to_have_count(1)
    expect(fail.locator("td")).to_have_text(
        [re.compile(r"^4\.7 Hệ thống đài truyền thanh"), "Không", "có", "Chưa đạt – chưa có"]
    )
    expect(page.locator("tr.cell-ok")).to_have_count(36)  # 37 indicators, all apply to a xã
    # One year of figures: the year's table says it all, no history table repeating it.
    expect(page.locator("#history-table")).to_have_count(0)
    expect(page.get_by_role("link", name="← Thống kê của Tỉnh Thanh Hóa")).to_be_visible()
    expect(page.locator("#succession")).to_contain_text("Từ 1/7/2025 thuộc")
    shot(page, "1-one-indicator-left")

    # A ward meets everything; 2.4 (farming households) does not apply to it.
    page.goto(f"/thong-ke/xa/legacy/{HAM_RONG}/")
    expect(page.locator(".goal")).to_contain_text("Đạt tất cả các chỉ tiêu.")
    expect(page.locator("tr.cell-fail")).to_have_count(0)
    expect(page.locator("tr.cell-na")).to_have_count(1)
    expect(page.locator("tr.cell-na td").last).to_have_text("Không áp dụng cho phường")
    shot(page, "2-ward-meets-all")


def test_public_page(page: Page, shot: Shot, world: dict[str, Any]) -> None:
    still(page)
    page.goto(f"/cong-khai/38/{YEAR}/")  # nobody logged in
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Xã được công nhận hoàn thành chuyển đổi số – Tỉnh Thanh Hóa {YEAR}"
    )
    rows = page.locator("#public-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(
        ["Xã Thăng Long", "Huyện Nông Cống", f"{DECISION} (20/03/2025)"]
    )
    for code in (TAN_PHUC, HAM_RONG, QUANG_HOA, QUANG_TRUNG):
        expect(page.get_by_text(world["names"][code], exact=True)).to_have_count(0)
    expect(page.locator("ul.legend li").first).to_have_text("Đã công nhận: 1")
    expect(page.locator("#map")).to_have_attribute("data-drawn", str(world["with_coordinates"]))
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    assert no_horizontal_scroll(page)
    shot(page, "1-public")
