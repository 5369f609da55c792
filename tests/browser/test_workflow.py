"""The whole loop in a real browser: a commune officer enters counts and sees the gap,
attaches evidence and submits; the district returns one indicator with a comment; the
officer fixes it and resubmits; the district and the province verify; the province
recognises the commune by decision; the public page shows it. Screenshots of every step.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from ..fixtures import provinces_catalog
from .helpers import Shot, no_horizontal_scroll

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser
PASSWORD = "xaso-demo"


@pytest.fixture
def world(transactional_db: None, tmp_path, settings) -> dict:
    """Thanh Hóa and Vĩnh Phúc, the 1829 set, the demo people, Thăng Long's 2024 counts."""
    from xaso.assessments.services import round_create, values_bulk_load
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.services import criteria_set_publish
    from xaso.demo.builder import build_demo
    from xaso.demo.people import demo_people_load
    from xaso.engine import load_criteria_set
    from xaso.units.catalog import load_catalog
    from xaso.units.models import Unit
    from xaso.units.services import units_load_catalog

    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    units_load_catalog(catalog=provinces_catalog())
    path = settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"
    criteria_set_publish(yaml_text=path.read_text(encoding="utf-8"), source_name=path.name)
    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    demo_people_load(PASSWORD)
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    (row,) = [
        r
        for r in build_demo(load_criteria_set(path), load_catalog()).rows
        if r.era == "legacy" and r.unit_code == "16342" and r.year == 2024
    ]
    values_bulk_load(criteria_version=version, rows=[(unit, 2024, row.values)])
    province = Unit.objects.get(era="legacy", level="province", code="38")
    round_create(
        province=province,
        year=2024,
        criteria_version=version,
        communes=[unit],
        name="Đánh giá chuyển đổi số cấp xã năm 2024 – tỉnh Thanh Hóa",
    )
    return {"values": row.values}


def log_in(page: Page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto("/cong-viec/")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_from_self_assessment_to_recognition(
    page: Page, shot: Shot, world: dict, live_server: LiveServer
) -> None:
    # 1. The officer opens the assessment and types a count: the gap updates as she types.
    log_in(page, "xa.thanglong")
    page.get_by_role("button", name="Mở bản tự đánh giá").click()
    expect(page.get_by_role("heading", name="Xã Thăng Long")).to_be_visible()
    assert no_horizontal_scroll(page)  # waits for the page (and htmx) to load
    adults = world["values"]["adults"]
    page.fill("#v_adults_digital_signature", str(adults * 25 // 100))
    expect(page.locator("#ind-3-10-verdict")).to_contain_text("còn thiếu")
    shot(page, "1-officer-sees-gap")
    page.fill("#v_adults_digital_signature", str(adults * 35 // 100))
    expect(page.locator("#ind-3-10-verdict")).to_contain_text("Đạt")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu 1 số liệu.")).to_be_visible()

    # 2. She attaches evidence to 3.10 and submits.
    page.select_option("select[name=indicator]", "3.10")
    page.fill("input[name=document_number]", "15/BC-UBND")
    page.fill("textarea[name=summary]", "Danh sách người dân có chữ ký số")
    page.set_input_files(
        "input[name=files]",
        files=[
            {"name": "danh-sach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF"}
        ],
    )
    page.get_by_role("button", name="Thêm minh chứng").last.click()
    expect(page.get_by_text("Đã thêm minh chứng cho chỉ tiêu 3.10.")).to_be_visible()
    expect(page.get_by_role("link", name="danh-sach.pdf")).to_be_visible()
    shot(page, "2-evidence-attached")
    page.get_by_role("button", name="Lưu và nộp để thẩm định").click()
    expect(page.get_by_test_id("status")).to_have_text("đã nộp, chờ thẩm định")
    shot(page, "3-submitted")
    log_out(page)

    # 3. The district reviewer returns 3.11 with a comment.
    log_in(page, "huyen.nongcong")
    page.get_by_role("link", name="Xã Thăng Long").first.click()
    page.locator("textarea[name='c_3.11']").fill("Đề nghị bổ sung số liệu tài khoản dịch vụ công.")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.get_by_test_id("status")).to_have_text("bị trả lại để bổ sung")
    shot(page, "4-returned")
    log_out(page)

    # 4. The officer sees the comment, fixes 3.11 and resubmits.
    log_in(page, "xa.thanglong")
    page.get_by_role("link", name="Xã Thăng Long").first.click()
    page.wait_for_load_state("load")  # htmx is ready before she types
    expect(page.locator("#ind-3-11 .comment")).to_contain_text(
        "Đề nghị bổ sung số liệu tài khoản dịch vụ công."
    )
    page.fill("#v_adults_online_public_services", str(adults * 60 // 100))
    expect(page.locator("#ind-3-11-verdict")).to_contain_text("Đạt")
    shot(page, "5-officer-fixes")
    page.get_by_role("button", name="Lưu và nộp để thẩm định").click()
    expect(page.get_by_test_id("status")).to_have_text("đã nộp, chờ thẩm định")
    log_out(page)

    # 5. The district, then the province, verify.
    log_in(page, "huyen.nongcong")
    page.get_by_role("link", name="Xã Thăng Long").first.click()
    page.get_by_role("button", name="Huyện thẩm định đạt").click()
    expect(page.get_by_test_id("status")).to_have_text("huyện đã thẩm định")
    log_out(page)
    log_in(page, "so.thanhhoa")
    page.get_by_role("link", name="Xã Thăng Long").first.click()
    page.get_by_role("button", name="Tỉnh thẩm định đạt").click()
    expect(page.get_by_test_id("status")).to_have_text("tỉnh đã thẩm định")

    # 6. The province records the recognition decision.
    page.goto("/cong-nhan/")
    page.fill("input[name=number]", "2345/QĐ-UBND")
    page.fill("input[name=date]", dt.date(2025, 3, 20).isoformat())
    page.fill("input[name=signer]", "Chủ tịch UBND tỉnh Thanh Hóa")
    shot(page, "6-decision-form")
    page.get_by_role("button", name="Công nhận các xã đã chọn").click()
    expect(page.get_by_text("Đã công nhận 1 xã theo quyết định 2345/QĐ-UBND")).to_be_visible()
    log_out(page)

    # 7. Anyone sees the result on the public page.
    page.goto("/cong-khai/")
    expect(page.get_by_role("cell", name="Xã Thăng Long Huyện Nông Cống")).to_be_visible()
    expect(page.get_by_text("2345/QĐ-UBND")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "7-public")
