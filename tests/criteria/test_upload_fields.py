"""Upload form fields the database cannot keep: a message, nothing stored, never an error."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xaso.assessments.models import Evidence, RawValue, ReviewComment, VerifiedValue
from xaso.criteria.models import CriteriaSetVersion
from xaso.engine.schema import MAX_LENGTH

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


def _post(client, text: str):
    return client.post(
        "/bo-tieu-chi/tai-len/", {"yaml": SimpleUploadedFile("bo.yaml", text.encode("utf-8"))}
    )


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_control_character_is_a_message_with_its_line_and_nothing_is_stored(admin_client):  # noqa: F811
    """PyYAML's reader refused it before the engine could: an error page (issue 11)."""
    text = CRITERIA_FILES[-1].read_text(encoding="utf-8").replace("name:", "name: \x01", 1)
    response = _post(admin_client, text)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"dòng {_line_of(text, chr(1))}: tệp có ký tự không in được (mã U+0001)" in html
    assert not CriteriaSetVersion.objects.exists()


def test_a_nul_escape_in_a_text_is_a_message_with_its_line_and_nothing_is_stored(admin_client):  # noqa: F811
    """``"\\0"`` is six printable bytes in the file and a NUL in the parsed name, which
    PostgreSQL refuses (an error page before)."""
    original = CRITERIA_FILES[-1].read_text(encoding="utf-8")
    name = next(line for line in original.splitlines() if line.startswith("name:"))
    text = original.replace(name, 'name: "Bộ tiêu chí\\0"', 1)
    response = _post(admin_client, text)
    html = response.content.decode()
    assert response.status_code == 400
    line = _line_of(text, 'name: "Bộ tiêu chí')
    assert f"dòng {line}: văn bản có ký tự không lưu được" in html
    assert not CriteriaSetVersion.objects.exists()


@pytest.mark.parametrize(
    ("pattern", "value", "field"),
    [
        (r"^id: .*$", "id: " + "a" * 101, "id"),
        (r"^version: .*$", 'version: "' + "1" * 51 + '"', "version"),
        (r"^province: .*$", "province: " + "T" * 101, "province"),
        (r"^  number: .*$", "  number: " + "1" * 101, "decision.number"),
    ],
)
def test_a_field_longer_than_its_column_is_a_message_and_nothing_is_stored(
    admin_client,  # noqa: F811
    pattern,
    value,
    field,
):
    """A 500 on PostgreSQL before (value too long for type character varying)."""
    text, count = re.subn(
        pattern, value, CRITERIA_FILES[-1].read_text("utf-8"), count=1, flags=re.M
    )
    assert count == 1
    response = _post(admin_client, text)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"dòng {_line_of(text, value)}, trường «{field}»" in html
    assert "quá giới hạn" in html
    assert not CriteriaSetVersion.objects.exists()


# Where each field the engine limits is stored.
COLUMNS = {
    "set.id": [(CriteriaSetVersion, "set_id")],
    "set.version": [(CriteriaSetVersion, "version")],
    "set.province": [(CriteriaSetVersion, "province")],
    "decision.number": [(CriteriaSetVersion, "decision_number")],
    "variable.code": [(RawValue, "variable"), (VerifiedValue, "variable")],
    "indicator.code": [(Evidence, "indicator"), (ReviewComment, "indicator")],
}


@pytest.mark.parametrize(("field", "columns"), sorted(COLUMNS.items()))
def test_the_engines_length_limits_are_the_columns_lengths(field, columns):
    for model, name in columns:
        assert model._meta.get_field(name).max_length == MAX_LENGTH[field], (model, name)


def test_every_limited_field_has_its_columns_listed():
    assert set(COLUMNS) == set(MAX_LENGTH)
