"""The commune page (verdicts, history, the units before and after 1/7/2025, evidence) and
the public results page (recognised communes only, never drafts)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from xaso.accounts.models import Role
from xaso.assessments.models import Assessment, RecognitionDecision, Round
from xaso.units.models import Unit

from ..fixtures import person
from .conftest import World

pytestmark = pytest.mark.django_db


def _recognise(world: World, *units: Unit, draft: Unit | None = None) -> RecognitionDecision:
    officer = person("so", Role.PROVINCE_REVIEWER, world.province)
    round_ = Round.objects.create(
        province=world.province, year=2024, name="Đợt 2024", criteria_version=world.version
    )
    decision = RecognitionDecision.objects.create(
        province=world.province,
        number="123/QĐ-UBND",
        date=datetime.date(2024, 12, 20),
        signer="Nguyễn Văn A",
        created_by=officer,
    )
    for unit in units:
        Assessment.objects.create(round=round_, unit=unit, status="recognised", decision=decision)
    if draft is not None:
        Assessment.objects.create(round=round_, unit=draft, status="draft")
    return decision


def test_the_commune_page_shows_each_verdict_and_gap(world: World) -> None:
    client = Client()
    client.force_login(person("xa", Role.COMMUNE_OFFICER, world.c))
    r = client.get(f"/thong-ke/xa/legacy/{world.c.code}/")
    assert r.status_code == 200
    text = r.content.decode()
    assert "Chưa đạt 2 chỉ tiêu: 3.10, 3.12." in text
    assert "Chưa đạt – còn thiếu 20 người" in text
    assert "Chưa đạt – còn thiếu 100 hộ gia đình" in text
    [column] = r.context["columns"]
    assert (column.year, column.result.failed) == (2024, ("3.10", "3.12"))
    # After 1/7/2025 the commune is part of a new one, named with a link.
    successors = [link.successor.code for link in r.context["after"]]
    assert successors and all(f"/thong-ke/xa/2025/{code}/" in text for code in successors)
    csv = b"".join(client.get(f"/thong-ke/xa/legacy/{world.c.code}/?csv=lich-su").streaming_content)
    assert "3.10,Tỷ lệ dân số trưởng thành có chữ ký số" in csv.decode()


def test_a_2025_commune_shows_its_parts_history_summed(world: World) -> None:
    """The 2025 commune that took in C: its parts' 2024 raw counts are summed."""
    from xaso.units.models import UnitSuccession

    new = UnitSuccession.objects.get(predecessor=world.c, is_default=True).successor
    client = Client()
    client.force_login(person("so", Role.PROVINCE_REVIEWER, new.province))  # the 2025 province
    r = client.get(f"/thong-ke/xa/2025/{new.code}/")
    assert r.status_code == 200
    parts = [link.predecessor.code for link in r.context["before"]]
    assert world.c.code in parts
    [column] = r.context["columns"]
    assert column.regrouped and column.label == "2024 (quy đổi)"
    assert column.exact is False  # its parts have no 2024 figures here
    assert any("Thiếu số liệu năm 2024" in note for note in column.notes)


def test_the_commune_page_lists_evidence_only_through_the_gate(world: World) -> None:
    _recognise(world, world.a)
    client = Client()
    client.force_login(person("xa", Role.COMMUNE_OFFICER, world.a))
    r = client.get(f"/thong-ke/xa/legacy/{world.a.code}/")
    [a] = r.context["assessments"]
    assert a.status == "recognised"
    assert r.context["columns"][0].status == "Đã công nhận"


def test_the_public_page_lists_recognised_communes_and_never_drafts(world: World) -> None:
    _recognise(world, world.a, draft=world.b)
    r = Client().get("/cong-khai/38/2024/")
    assert r.status_code == 200
    assert [a.unit.code for a in r.context["recognised"]] == [world.a.code]
    text = r.content.decode()
    assert world.a.name in text and "123/QĐ-UBND" in text
    assert world.b.name not in text
    data = Client().get("/cong-khai/38/2024/ban-do.json").json()
    statuses = {p["code"]: p["status"] for p in data["points"]}
    assert statuses[world.a.code] == "recognised"
    assert statuses[world.b.code] == statuses[world.c.code] == "other"
    assert set(data["points"][0]) == {"code", "name", "lat", "lon", "status", "status_name"}
    body = b"".join(Client().get("/cong-khai/38/2024/?csv=cong-nhan").streaming_content)
    assert f"{world.a.code},{world.a.name},Huyện Nông Cống,123/QĐ-UBND,20/12/2024" in body.decode()


def test_the_public_page_of_a_year_without_decisions(world: World) -> None:
    r = Client().get("/cong-khai/38/2024/")
    assert "Năm này chưa có xã nào được công nhận." in r.content.decode()
    assert Client().get("/cong-khai/99/2024/").status_code == 404
