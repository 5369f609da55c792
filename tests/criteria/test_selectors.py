from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import (
    criteria_set_get,
    criteria_set_list,
    criteria_set_of,
    version_sort_key,
)
from xaso.criteria.services import criteria_set_publish
from xaso.engine.loader import load_criteria_set

from .helpers import CRITERIA_FILES, with_version


def _publish_all() -> None:
    for path in CRITERIA_FILES:
        criteria_set_publish(yaml_text=path.read_text(encoding="utf-8"), source_name=path.name)


@pytest.mark.django_db
@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.name)
def test_a_stored_set_reads_back_equal_to_loading_its_file(path: Path) -> None:
    _publish_all()
    from_file = load_criteria_set(path)

    stored = criteria_set_get(set_id=from_file.id, version=from_file.version)
    latest = criteria_set_get(set_id=from_file.id)

    # The engine records where a set came from; the database knows the file by its name.
    assert stored == dataclasses.replace(from_file, path=path.name)
    assert latest == stored


@pytest.mark.django_db
def test_without_a_version_the_highest_version_is_returned(sample_text: str) -> None:
    # Published out of order, and "2023.10" sorts before "2023.9" as plain text.
    for version in ("2023.10", "2023.9", "2023.2"):
        criteria_set_publish(yaml_text=with_version(sample_text, version), source_name="x.yaml")
    set_id = CriteriaSetVersion.objects.values_list("set_id", flat=True).first()

    assert criteria_set_get(set_id=set_id).version == "2023.10"
    assert criteria_set_get(set_id=set_id, version="2023.9").version == "2023.9"


@pytest.mark.django_db
def test_an_unknown_set_or_version_is_not_found(sample_path: Path, sample_text: str) -> None:
    row, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)

    with pytest.raises(CriteriaSetVersion.DoesNotExist):
        criteria_set_get(set_id="khong_co")
    with pytest.raises(CriteriaSetVersion.DoesNotExist):
        criteria_set_get(set_id=row.set_id, version="0.0-khong-co")


@pytest.mark.django_db
def test_a_parsed_set_is_cached_so_reading_it_again_only_looks_up_its_version(
    sample_path: Path, sample_text: str, django_assert_num_queries
) -> None:
    row, _ = criteria_set_publish(yaml_text=sample_text, source_name=sample_path.name)
    first = criteria_set_get(set_id=row.set_id)

    with django_assert_num_queries(1):
        again = criteria_set_get(set_id=row.set_id)

    assert again is first


@pytest.mark.django_db
def test_the_list_is_one_query_however_many_sets_are_stored(sample_text: str) -> None:
    criteria_set_publish(yaml_text=sample_text, source_name="a.yaml")
    with CaptureQueriesContext(connection) as few:
        criteria_set_list()
    for n in range(2, 8):
        criteria_set_publish(yaml_text=with_version(sample_text, f"1.{n}"), source_name="b.yaml")
    with CaptureQueriesContext(connection) as many:
        rows = criteria_set_list()

    assert len(rows) == 7
    assert len(many) == len(few) == 1


@pytest.mark.django_db
def test_the_list_groups_by_set_with_the_newest_version_first(sample_text: str) -> None:
    _publish_all()
    for version in ("9999.2", "9999.10"):
        criteria_set_publish(yaml_text=with_version(sample_text, version), source_name="x.yaml")

    rows = criteria_set_list()

    set_ids = [r.set_id for r in rows]
    assert set_ids == sorted(set_ids)
    assert len(rows) == len(CRITERIA_FILES) + 2
    sample_id = CriteriaSetVersion.objects.get(version="9999.10").set_id
    versions = [r.version for r in rows if r.set_id == sample_id]
    assert versions[:2] == ["9999.10", "9999.2"]


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("2023.1", "2023.2"),
        ("2023.9", "2023.10"),
        ("2023.10", "2024.1"),
        ("0.1", "1"),
    ],
)
def test_versions_compare_as_people_read_them(older: str, newer: str) -> None:
    assert version_sort_key(older) < version_sort_key(newer)


@pytest.mark.django_db
def test_the_set_of_a_version_row_at_hand_costs_no_query_once_parsed() -> None:
    _publish_all()
    row = CriteriaSetVersion.objects.defer("yaml_text").get(set_id="thanh_hoa_1829_2023")
    first = criteria_set_of(row)

    with CaptureQueriesContext(connection) as queries:
        again = criteria_set_of(row)

    assert again is first
    assert len(queries) == 0
    assert first == criteria_set_get(set_id="thanh_hoa_1829_2023", version=row.version)
