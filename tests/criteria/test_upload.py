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
