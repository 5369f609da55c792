"""Who sees which dashboard: the province its own, a district its district (legacy years),
a commune its own page, the system administrator everything. "Not yours" is 404."""

from __future__ import annotations

import pytest
from django.test import Client

from xaso.accounts.models import Role
from xaso.units.models import Unit

from ..fixtures import person
from .conftest import World

pytestmark = pytest.mark.django_db

PROVINCE_PAGES = (
    "/thong-ke/38/2024/",
    "/thong-ke/38/2024/diem-nghen/",
    "/thong-ke/38/2024/diem-nghen/3.10/",
    "/thong-ke/38/2024/mot-buoc/",
    "/thong-ke/38/2024/ban-do/",
    "/thong-ke/38/2024/ban-do.json",
    "/thong-ke/38/2024/gia-dinh/",
    "/thong-ke/38/xu-huong/",
)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anyone_not_logged_in_is_asked_to_log_in(world: World) -> None:
    commune = f"/thong-ke/xa/legacy/{world.a.code}/"
    for url in (*PROVINCE_PAGES, "/thong-ke/toan-quoc/2024/", commune):
        r = Client().get(url)
        assert r.status_code == 302 and r.url.startswith("/dang-nhap/"), url


@pytest.mark.parametrize("role", [Role.PROVINCE_REVIEWER, Role.PROVINCE_ADMIN, Role.LEADER])
def test_the_province_sees_every_page(world: World, role: str) -> None:
    client = _client(person("p", role, world.province))
    for url in PROVINCE_PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/thong-ke/").url == "/thong-ke/38/"


def test_another_province_sees_nothing(world: World) -> None:
    vinh_phuc = Unit.objects.get(era="legacy", level="province", code="26")
    client = _client(person("vp", Role.PROVINCE_REVIEWER, vinh_phuc))
    commune = f"/thong-ke/xa/legacy/{world.a.code}/"
    for url in (*PROVINCE_PAGES, commune, "/thong-ke/toan-quoc/2024/"):
        assert client.get(url).status_code == 404, url


def test_a_commune_officer_sees_only_her_commune(world: World) -> None:
    client = _client(person("xa", Role.COMMUNE_OFFICER, world.c))
    assert client.get(f"/thong-ke/xa/legacy/{world.c.code}/").status_code == 200
    assert client.get(f"/thong-ke/xa/legacy/{world.a.code}/").status_code == 404
    for url in PROVINCE_PAGES:
        assert client.get(url).status_code == 404, url
    assert client.get("/thong-ke/").url == f"/thong-ke/xa/legacy/{world.c.code}/"


def test_a_district_reviewer_sees_the_province_pages_limited_to_the_district(world: World) -> None:
    client = _client(person("huyen", Role.DISTRICT_REVIEWER, world.a.parent))
    r = client.get("/thong-ke/38/2024/")
    assert r.status_code == 200
    progress = r.context["progress"]
    assert progress.communes == Unit.objects.filter(parent=world.a.parent).count() == 29
    assert progress.target is None  # the province's plan is not the district's
    assert r.context["districts"] == [(world.a.parent.pk, "Huyện Nông Cống")]
    # Asking for another district shows the reviewer's own, never the other's.
    other = Unit.objects.filter(level="district", province=world.province).exclude(
        pk=world.a.parent.pk
    )[0]
    assert client.get(f"/thong-ke/38/2024/?huyen={other.pk}").context["progress"].communes == 29
    data = client.get("/thong-ke/38/2024/ban-do.json").json()
    assert len(data["points"]) == 29
    assert client.get(f"/thong-ke/xa/legacy/{world.a.code}/").status_code == 200
    outside = Unit.objects.filter(level="commune", era="legacy", province=world.province).exclude(
        parent=world.a.parent
    )[0]
    assert client.get(f"/thong-ke/xa/legacy/{outside.code}/").status_code == 404
    assert client.get("/thong-ke/38/xu-huong/").status_code == 404
    assert client.get("/thong-ke/toan-quoc/2024/").status_code == 404


def test_the_system_administrator_sees_the_national_overview(world: World) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "r@example.org", "x")
    client = _client(admin)
    assert client.get("/thong-ke/").url == "/thong-ke/toan-quoc/"
    assert client.get("/thong-ke/toan-quoc/").url == "/thong-ke/toan-quoc/2024/"
    r = client.get("/thong-ke/toan-quoc/2024/")
    assert r.status_code == 200
    [row] = r.context["rows"]
    assert (row["province"].code, row["communes"], row["reported"], row["completed"]) == (
        "38",
        547,
        3,
        1,
    )
    assert r.context["totals"]["share"] == "0,2 %"
    codes = [x["ind"].code for x in r.context["national_rows"]]
    assert codes[:3] == ["3.12", "3.10", "4.7"]
    rows = client.get("/thong-ke/toan-quoc/2024/?csv=tinh")
    body = b"".join(rows.streaming_content).decode()
    assert '38,Tỉnh Thanh Hóa,547,3,1,"0,2 %",0,2' in body


def test_someone_without_a_role_is_told_why_there_is_nothing(world: World) -> None:
    from django.contrib.auth import get_user_model

    client = _client(get_user_model().objects.create_user("khach", password="x"))
    r = client.get("/thong-ke/", follow=True)
    assert r.redirect_chain == [("/", 302)]
    assert "chưa được giao xem thống kê" in r.content.decode()


def test_a_role_covers_the_province_of_its_own_era_only(world: World) -> None:
    """A code alone does not name a province (legacy 15 is Yên Bái, 2025's 15 is Lào Cai):
    a role on the legacy province does not open the 2025 one, nor the reverse."""
    from django.http import Http404

    from xaso.dashboards.access import commune_visible, province_view

    legacy_only = person("cu", Role.PROVINCE_REVIEWER, world.province)
    assert province_view(legacy_only, "38", 2024) is None
    with pytest.raises(Http404):
        province_view(legacy_only, "38", 2025)
    new_province = Unit.objects.get(era="2025", level="province", code="38")
    new_only = person("moi", Role.PROVINCE_REVIEWER, new_province)
    with pytest.raises(Http404):
        province_view(new_only, "38", 2024)
    assert province_view(new_only, "38", 2025) is None
    new_commune = Unit.objects.filter(era="2025", level="commune", province=new_province)[0]
    assert commune_visible(new_only, new_commune)
    assert not commune_visible(new_only, world.a)
    assert not commune_visible(legacy_only, new_commune)
    client = _client(new_only)
    assert client.get("/thong-ke/38/2024/").status_code == 404
