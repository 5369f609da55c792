"""Province dashboards against hand-computed expectations on three communes (see World)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from xaso.accounts.models import Role

from ..fixtures import person
from .conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(world: World) -> Client:
    """The province's reviewer, in both eras (as the demo's so.thanhhoa)."""
    from xaso.accounts.models import RoleAssignment
    from xaso.units.models import Unit

    user = person("so", Role.PROVINCE_REVIEWER, world.province)
    new = Unit.objects.get(era="2025", level="province", code="38")
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_REVIEWER, unit=new)
    client = Client()
    client.force_login(user)
    return client


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "a byte-order mark, so that Excel reads Vietnamese"
    return list(csv.reader(io.StringIO(body[1:])))


def test_overview_counts_the_plan_against_the_assigned_communes(
    world: World, reviewer: Client
) -> None:
    r = reviewer.get("/thong-ke/38/2024/")
    assert r.status_code == 200
    p = r.context["progress"]
    communes = r.context["frame"].picture.places
    assert p.communes == len(communes) == 547
    assert (p.reported, p.assigned, p.target) == (3, 2, 2)
    assert (p.completed, p.completed_assigned) == (1, 1)  # A
    assert (p.one_step, p.one_step_assigned) == (1, 1)  # B
    assert (p.in_progress, p.at_risk) == (0, 0)  # B is one step away, not "in progress"
    assert p.remaining == 1
    text = r.content.decode()
    assert "Còn thiếu 1 xã so với kế hoạch năm." in text
    assert "Đã đạt 1/2 xã được giao (50 % kế hoạch)." in text


def test_an_assigned_commune_without_figures_is_at_risk(world: World, reviewer: Client) -> None:
    from xaso.units.models import Unit

    silent = Unit.objects.filter(parent=world.a.parent).exclude(
        pk__in=[world.a.pk, world.b.pk, world.c.pk]
    )[0]
    world.plan.assigned.add(silent)
    p = reviewer.get("/thong-ke/38/2024/").context["progress"]
    assert (p.assigned, p.in_progress, p.at_risk) == (3, 0, 1)


def test_the_district_table_downloads_as_csv(world: World, reviewer: Client) -> None:
    rows = _csv(reviewer.get("/thong-ke/38/2024/?csv=huyen"))
    assert rows[0][:6] == [
        "Huyện", "Số xã", "Có số liệu", "Được giao", "Đạt (được giao)", "Đạt (tất cả)"
    ]  # fmt: skip
    nong_cong = next(r for r in rows if r[0] == "Huyện Nông Cống")
    assert nong_cong[2:6] == ["3", "2", "1", "1"]
    assert len(rows) == 1 + 26  # one line per district of Thanh Hóa
    assert reviewer.get("/thong-ke/38/2024/?csv=khong-co").status_code == 404


def test_bottlenecks_rank_indicators_and_total_the_gap_in_real_units(
    world: World, reviewer: Client
) -> None:
    r = reviewer.get("/thong-ke/38/2024/diem-nghen/")
    rows = r.context["rows"]
    # One failing commune each; then by total gap: 3.12 (100 households) > 3.10 (20) > 4.7.
    assert [(b.indicator.code, b.failing, b.total_gap) for b in rows] == [
        ("3.12", 1, 100),
        ("3.10", 1, 20),
        ("4.7", 1, 0),
    ]
    assert rows[1].need == "cần thêm 20 người trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"
    assert rows[0].need == "cần thêm 100 hộ gia đình thanh toán tiền điện không dùng tiền mặt"
    assert rows[2].need == "1 xã chưa có"
    assert [b.only_blocker for b in rows] == [0, 0, 1]  # 4.7 is all B lacks
    assert r.context["counted"] == 3
    assert r.context["unreported"] == 544
    assert "544 xã chưa nhập số liệu nào nên không được tính." in r.content.decode()
    groups = {g.code: g.failing_communes for g in r.context["groups"]}
    assert groups == {"CQS": 0, "KTS": 0, "XHS": 1, "HTS": 1}


def test_bottlenecks_of_the_assigned_communes_only(world: World, reviewer: Client) -> None:
    rows = reviewer.get("/thong-ke/38/2024/diem-nghen/?pham-vi=giao").context["rows"]
    assert [b.indicator.code for b in rows] == ["4.7"]


def test_a_bottleneck_drills_down_to_its_communes(world: World, reviewer: Client) -> None:
    r = reviewer.get("/thong-ke/38/2024/diem-nghen/3.10/")
    lines = r.context["lines"]
    assert [(f.place.code, f.gap, f.value) for f in lines] == [(world.c.code, 20, "28 %")]
    rows = _csv(reviewer.get("/thong-ke/38/2024/diem-nghen/3.10/?csv=xa-chua-dat"))
    assert rows[1][:1] + rows[1][3:6] == [world.c.code, "28 %", "20", "người"]
    assert reviewer.get("/thong-ke/38/2024/diem-nghen/9.99/").status_code == 404


def test_one_step_away_lists_the_commune_failing_only_4_7(world: World, reviewer: Client) -> None:
    r = reviewer.get("/thong-ke/38/2024/mot-buoc/")
    steps = r.context["steps"]
    assert [(s["place"].code, s["ind"].code, s["gap_text"]) for s in steps] == [
        (world.b.code, "4.7", "chưa có")
    ]
    near = [(n["place"].code, n["ind"].code, n["distance"], n["gap"]) for n in r.context["near"]]
    # 28 % of 30 % is 2 points away; 50 % of 60 % is 10.
    assert near == [(world.c.code, "3.10", "2", 20), (world.c.code, "3.12", "10", 100)]
    rows = _csv(reviewer.get("/thong-ke/38/2024/mot-buoc/?csv=mot-buoc"))
    assert rows[1][0] == world.b.code and rows[1][4] == "4.7"


def test_the_map_colours_each_commune_by_status(world: World, reviewer: Client) -> None:
    data = json.loads(reviewer.get("/thong-ke/38/2024/ban-do.json").content)
    by_code = {p["code"]: p for p in data["points"]}
    assert by_code[world.a.code]["status"] == "met"
    assert by_code[world.b.code]["status"] == "one_step"
    assert by_code[world.b.code]["one_step"] == "4.7"
    assert by_code[world.c.code]["status"] == "not_assigned"
    assert by_code[world.c.code]["url"] == f"/thong-ke/xa/legacy/{world.c.code}/"
    assert len(data["points"]) == 547  # every commune has coordinates
    page = reviewer.get("/thong-ke/38/2024/ban-do/")
    assert page.context["outline"] == ["/static/dashboards/outlines/legacy/38.json"]
    assert ("met", "Đạt, chờ công nhận", 1) in page.context["legend"]


def test_what_if_a_lower_threshold(world: World, reviewer: Client) -> None:
    from xaso.assessments.services.values import values_set

    values_set(
        unit=world.c,
        year=2024,
        criteria_version=world.version,
        values={"households_cashless_electricity": 600},
    )
    r = reviewer.get("/thong-ke/38/2024/gia-dinh/?chi-tieu=3.10&nguong=27,5")
    result = r.context["result"]
    assert (result["completed_before"], result["completed_after"]) == (1, 2)
    assert [p.code for p in result["newly"]] == [world.c.code]
    # Only 3.10 changes: A and B met it, now C too (the 544 without figures still miss it).
    assert [(x["ind"].code, x["before"], x["after"]) for x in result["indicators"]] == [
        ("3.10", 2, 3)
    ]
    rows = _csv(reviewer.get("/thong-ke/38/2024/gia-dinh/?chi-tieu=3.10&nguong=27,5&csv=thay-doi"))
    assert rows[1] == [world.c.code, world.c.name, "Huyện Nông Cống", "Đạt thêm"]


def test_what_if_refuses_a_threshold_that_is_not_a_number(world: World, reviewer: Client) -> None:
    r = reviewer.get("/thong-ke/38/2024/gia-dinh/?chi-tieu=3.10&nguong=ba+mươi")
    assert r.status_code == 200
    assert r.context["result"] is None
    assert "Ngưỡng «ba mươi» không phải là một con số" in r.content.decode()
    assert 'value="ba mươi"' in r.content.decode()  # what was typed is kept


def test_what_if_another_criteria_set_names_the_figures_it_lacks(
    world: World, reviewer: Client
) -> None:
    from django.conf import settings

    from xaso.criteria.services import criteria_set_publish

    path = settings.XASO_CRITERIA_DIR / "khanh_hoa_points_illustrative.yaml"
    other, _ = criteria_set_publish(yaml_text=path.read_text("utf-8"), source_name=path.name)
    r = reviewer.get(f"/thong-ke/38/2024/gia-dinh/?bo={other.pk}")
    result = r.context["result"]
    assert result["communes"] == 547
    assert result["completed_before"] == 1
    assert isinstance(result["missing_vars"], list)


def test_a_change_of_figures_shows_at_once(world: World, reviewer: Client) -> None:
    from xaso.assessments.services.values import values_set

    assert reviewer.get("/thong-ke/38/2024/").context["progress"].completed == 1
    values_set(unit=world.b, year=2024, criteria_version=world.version, values={"has_ict_radio": 1})
    assert reviewer.get("/thong-ke/38/2024/").context["progress"].completed == 2


def test_a_reviewers_verified_value_replaces_the_reported_one(
    world: World, reviewer: Client
) -> None:
    from xaso.assessments.models import Assessment, Round, ValueStamp, VerifiedValue
    from xaso.assessments.services.stamps import values_changed

    round_ = Round.objects.create(
        province=world.province, year=2024, name="2024", criteria_version=world.version
    )
    a = Assessment.objects.create(round=round_, unit=world.b, status="submitted")
    VerifiedValue.objects.create(
        assessment=a,
        variable="has_ict_radio",
        stage="province",
        value=1,
        reason="Đã kiểm tra tại chỗ",
        verified_by=person("v", Role.PROVINCE_REVIEWER, world.province),
    )
    values_changed(places=[(world.province.pk, 2024)], criteria_version_id=world.version.pk)
    assert ValueStamp.objects.get(province=world.province, year=2024).generation == 2
    r = reviewer.get("/thong-ke/38/2024/")
    assert r.context["progress"].completed == 2


def test_pages_need_a_year_with_figures(world: World, reviewer: Client) -> None:
    assert reviewer.get("/thong-ke/38/2019/").status_code == 404
    assert reviewer.get("/thong-ke/99/2024/").status_code == 404
    assert reviewer.get("/thong-ke/38/").url == "/thong-ke/38/2024/"


def test_trends_in_units_as_they_were_and_regrouped(world: World, reviewer: Client) -> None:
    r = reviewer.get("/thong-ke/38/xu-huong/")
    assert [(c["year"], c["communes"], c["completed"]) for c in r.context["completion"]] == [
        (2024, 547, 1)
    ]
    rows = _csv(reviewer.get("/thong-ke/38/xu-huong/?csv=ty-le-dat"))
    assert rows[0] == ["Mã", "Chỉ tiêu", "2024"]
    # 3.10: C fails, A and B pass, 544 communes have no figures (missing = not met).
    assert next(r for r in rows if r[0] == "3.10")[2] == "0,4 %"
    today = reviewer.get("/thong-ke/38/xu-huong/?don-vi=hien-nay")
    assert today.status_code == 200
    # The 2025 communes that took in A, B or C also took in communes without figures:
    # they cannot be computed, and the page says so instead of guessing.
    assert today.context["today"] is True
    assert today.context["completion"][0]["completed"] == 0
    assert today.context["completion"][0]["exact"] is False


def test_the_at_risk_count_follows_the_setting(world: World, reviewer: Client, settings) -> None:
    world.plan.assigned.add(world.c)  # C fails two indicators
    p = reviewer.get("/thong-ke/38/2024/").context["progress"]
    assert (p.assigned, p.in_progress, p.at_risk) == (3, 1, 0)  # C: two indicators left
    settings.XASO_AT_RISK_FAILING = 2
    p = reviewer.get("/thong-ke/38/2024/").context["progress"]
    assert (p.assigned, p.in_progress, p.at_risk) == (3, 0, 1)


def test_a_district_shows_its_communes_and_says_which(world: World, reviewer: Client) -> None:
    r = reviewer.get(f"/thong-ke/38/2024/?huyen={world.a.parent_id}")
    assert r.context["table"].name == "xa"
    assert "Tiến độ chuyển đổi số cấp xã – Huyện Nông Cống, Tỉnh Thanh Hóa" in r.content.decode()
    assert [c.place.code for c in r.context["rows"]][:2] == [world.a.code, world.b.code]
    data = reviewer.get(f"/thong-ke/38/2024/ban-do.json?huyen={world.a.parent_id}").json()
    assert data["zoom"] is True and len(data["points"]) == 29


def test_the_drill_down_keeps_the_assigned_only_choice(world: World, reviewer: Client) -> None:
    r = reviewer.get("/thong-ke/38/2024/diem-nghen/3.10/?pham-vi=giao")
    assert r.context["lines"] == []  # C fails 3.10 but is not assigned
    page = reviewer.get("/thong-ke/38/2024/diem-nghen/?pham-vi=giao").content.decode()
    assert '/thong-ke/38/2024/diem-nghen/4.7/?pham-vi=giao"' in page


def test_indicator_names_follow_the_language(world: World, reviewer: Client) -> None:
    reviewer.cookies["django_language"] = "en"
    text = reviewer.get("/thong-ke/38/2024/diem-nghen/").content.decode()
    assert "Share of households paying electricity without cash" in text
    assert "Bottlenecks" in text
    reviewer.cookies["django_language"] = "vi"
    text = reviewer.get("/thong-ke/38/2024/diem-nghen/").content.decode()
    assert "Tỷ lệ hộ gia đình thanh toán tiền điện bằng phương thức không dùng tiền mặt" in text
