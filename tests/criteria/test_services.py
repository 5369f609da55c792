from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from xaso.criteria import services
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.services import CriteriaSetVersionConflict, criteria_set_publish
from xaso.engine.errors import CriteriaSetInvalid
from xaso.engine.loader import load_criteria_set

from .helpers import BROKEN_YAML, with_version

pytestmark = pytest.mark.django_db


def test_publishing_a_valid_set_stores_its_text_and_summary(
    sample_path: Path, sample_text: str
) -> None:
    expected = load_criteria_set(sample_path)

    row, created = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    assert created is True
    row.refresh_from_db()
    assert (row.set_id, row.version) == (expected.id, expected.version)
    assert row.name == expected.name
    assert row.name_en == expected.name_en
    assert row.province == expected.province
    assert row.decision_number == expected.decision.number
    assert row.decision_date == expected.decision.date
    assert (row.valid_from, row.valid_to) == (expected.valid_from, expected.valid_to)
    assert row.illustrative == expected.illustrative
    assert row.indicator_count == len(expected.indicators)
    assert row.yaml_text == sample_text
    assert row.sha256 == hashlib.sha256(sample_text.encode("utf-8")).hexdigest()
    assert row.source_name == sample_path.name
    assert row.published_at is not None
    assert row.published_by is None


def test_publishing_records_who_published(sample_path: Path, sample_text: str) -> None:
    officer = get_user_model().objects.create_user(username="can_bo_tinh", password="x")

    row, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name, user=officer)

    row.refresh_from_db()
    assert row.published_by == officer


def test_publishing_the_same_file_again_changes_nothing(
    sample_path: Path, sample_text: str
) -> None:
    first, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    again, created = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    assert created is False
    assert again.pk == first.pk
    assert again.published_at == first.published_at
    assert CriteriaSetVersion.objects.count() == 1


def test_windows_line_endings_are_the_same_version(sample_path: Path, sample_text: str) -> None:
    criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    _, created = criteria_set_publish(
        yaml_text=sample_text.replace("\n", "\r\n"), source_name=sample_path.name
    )

    assert created is False
    assert CriteriaSetVersion.objects.count() == 1


def test_same_version_with_other_content_is_refused_and_nothing_is_stored(
    sample_path: Path, sample_text: str
) -> None:
    original, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)
    edited = sample_text + "\n# một dòng chú thích thêm vào\n"

    with pytest.raises(CriteriaSetVersionConflict) as refused:
        criteria_set_publish(yaml_text=edited, source_name="ban_sua.yaml")

    assert CriteriaSetVersion.objects.count() == 1
    original.refresh_from_db()
    assert original.yaml_text == sample_text
    [problem] = refused.value.problems
    assert problem.field == "version"
    assert problem.source == "ban_sua.yaml"
    version_line = next(
        n for n, line in enumerate(edited.splitlines(), 1) if line.startswith("version:")
    )
    assert problem.line == version_line
    message = str(refused.value)
    assert "đã được công bố" in message
    assert "hãy đặt một giá trị «version» mới" in message
    assert original.key.split("@")[1] in message


def test_a_new_version_of_a_published_set_is_stored_beside_it(sample_text: str) -> None:
    criteria_set_publish(yaml_text=sample_text, source_name="a.yaml")

    row, created = criteria_set_publish(
        yaml_text=with_version(sample_text, "9999.1"), source_name="b.yaml"
    )

    assert created is True
    assert row.version == "9999.1"
    assert CriteriaSetVersion.objects.filter(set_id=row.set_id).count() == 2


def test_a_set_with_errors_is_rejected_with_the_engines_messages_and_nothing_is_stored(
    sample_path: Path, sample_text: str
) -> None:
    criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)
    before = CriteriaSetVersion.objects.count()

    with pytest.raises(CriteriaSetInvalid) as rejected:
        criteria_set_publish(yaml_text=BROKEN_YAML, source_name="hong.yaml")

    assert CriteriaSetVersion.objects.count() == before
    assert not isinstance(rejected.value, CriteriaSetVersionConflict)
    message = str(rejected.value)
    assert message.startswith("Bộ tiêu chí không hợp lệ")
    assert "tệp hong.yaml, dòng 3, trường «nam»" in message
    assert "Có phải ý bạn là «name»?" in message
    assert {p.source for p in rejected.value.problems} == {"hong.yaml"}


def test_losing_a_race_to_publish_the_same_version_is_not_an_error(
    sample_path: Path, sample_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another request stored the row between our look-up and our insert: the insert fails on
    # the unique constraint and the service answers as if it had found the row first.
    winner, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)
    real_find = services._find
    calls: list[str] = []

    def find_misses_once(*, set_id: str, version: str) -> CriteriaSetVersion | None:
        calls.append(version)
        return None if len(calls) == 1 else real_find(set_id=set_id, version=version)

    monkeypatch.setattr(services, "_find", find_misses_once)

    row, created = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    assert (row.pk, created) == (winner.pk, False)
    assert len(calls) == 2
    assert CriteriaSetVersion.objects.count() == 1


def test_the_refusal_reads_in_english_for_an_english_reader(sample_text: str) -> None:
    criteria_set_publish(yaml_text=sample_text, source_name="a.yaml")

    with translation.override("en"), pytest.raises(CriteriaSetVersionConflict) as refused:
        criteria_set_publish(yaml_text=sample_text + "\n# sửa\n", source_name="a.yaml")

    message = str(refused.value)
    assert message.startswith("This criteria set version was already published")
    assert "set a new “version” value and load it again" in message
