"""Publishing a criteria set by upload: only province admins; errors store nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xaso.accounts.models import Role, RoleAssignment
from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit

from .helpers import CRITERIA_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    province = Unit.objects.create(
        era="2025",
        level="province",
        type="tinh",
        code="38",
        name="Tỉnh Thanh Hóa",
        short_name="Thanh Hóa",
        name_folded="tinh thanh hoa",
    )
    user = django_user_model.objects.create_user(username="qt", password="x-123456-y")
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_ADMIN, unit=province)
    client.force_login(user)
    return client


def test_a_valid_set_is_published(admin_client):
    path = CRITERIA_FILES[-1]
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 302
    assert CriteriaSetVersion.objects.count() == 1


def test_a_set_with_errors_is_refused_with_the_engines_messages(admin_client):
    text = CRITERIA_FILES[-1].read_text(encoding="utf-8").replace("kind: ratio", "kind: percent", 1)
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("sai.yaml", text.encode("utf-8"))}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "«percent» không hợp lệ" in html and "dòng" in html and "chưa lưu gì" in html
    assert CriteriaSetVersion.objects.count() == 0


def test_only_province_admins_may_upload(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="x", password="x-1234-y"))
    assert client.get("/bo-tieu-chi/tai-len/").status_code == 404


def _alias_bomb() -> bytes:
    """461 bytes that stand for 9^9 strings once aliases are expanded (issue 11)."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 9):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    path = CRITERIA_FILES[-1]
    text = path.read_text(encoding="utf-8").replace("kind: count", "kind: *l8", 1)
    return ("\n".join(lines) + "\n" + text).encode("utf-8")


def test_an_alias_bomb_is_refused_with_a_short_message_and_nothing_stored(admin_client):
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("bom.yaml", _alias_bomb())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "tham chiếu (*)" in html and "dòng 1" in html
    assert len(response.content) < 50_000
    assert CriteriaSetVersion.objects.count() == 0


def test_a_file_over_one_megabyte_is_refused_unread(admin_client):
    big = b"# " + b"x" * (1024 * 1024) + b"\n"
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("lon.yaml", big)}
    )
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert CriteriaSetVersion.objects.count() == 0


def test_thousands_of_problems_are_counted_but_only_the_first_hundred_listed(admin_client):
    text = "".join(f"unknown_{n}: 1\n" for n in range(3000))
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("sai.yaml", text.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("<li>") < 150 and "lỗi khác" in html
    assert CriteriaSetVersion.objects.count() == 0
