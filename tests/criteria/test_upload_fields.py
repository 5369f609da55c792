"""Upload form fields the database cannot keep: a message, nothing stored, never an error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xaso.criteria.models import CriteriaSetVersion

from .helpers import CRITERIA_FILES
from .test_upload import admin_client  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_the_file_is_a_message_and_nothing_is_stored(admin_client):  # noqa: F811
    text = CRITERIA_FILES[-1].read_text(encoding="utf-8").replace("name:", "name: \x00", 1)
    response = admin_client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("bo.yaml", text.encode())}
    )
    assert response.status_code == 400
    assert "Tệp có ký tự không hợp lệ (ký tự rỗng, NUL)" in response.content.decode()
    assert not CriteriaSetVersion.objects.exists()
