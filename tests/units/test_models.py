from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from xaso.units import catalog as cat
from xaso.units.models import Unit, UnitSuccession
from xaso.units.selectors import unit_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnam")]


def test_the_type_choices_are_the_catalogs_types_with_the_same_vietnamese_names() -> None:
    with translation.override("vi"):
        assert {value: str(label) for value, label in Unit.Type.choices} == cat.TYPE_NAMES
        assert {value: str(label) for value, label in Unit.Era.choices} == cat.ERA_NAMES


@pytest.mark.parametrize(
    ("era", "level", "code", "text"),
    [
        (cat.LEGACY, "commune", "16342", "Xã Thăng Long (Nông Cống, Thanh Hóa) · trước 1/7/2025"),
        (cat.NEW, "commune", "16342", "Xã Thăng Bình (Thanh Hóa) · từ 1/7/2025"),
        (cat.LEGACY, "district", "404", "Huyện Nông Cống (Thanh Hóa) · trước 1/7/2025"),
        (cat.NEW, "province", "38", "Tỉnh Thanh Hóa · từ 1/7/2025"),
        # An island district with no communes is not named twice.
        (cat.LEGACY, "commune", "318", "Huyện Bạch Long Vĩ (Hải Phòng) · trước 1/7/2025"),
    ],
)
def test_a_unit_reads_as_its_name_its_places_and_its_era(
    era: str, level: str, code: str, text: str
) -> None:
    with translation.override("vi"):
        assert str(unit_get(era=era, code=code, level=level)) == text


def test_the_era_is_translated_in_english() -> None:
    with translation.override("en"):
        assert str(unit_get(era=cat.NEW, code="16342")).endswith("· from 1/7/2025")


def test_an_island_district_without_communes_is_assessed_as_a_special_zone() -> None:
    island = unit_get(era=cat.LEGACY, code="318")

    assert (island.type, island.criteria_type) == ("huyen_dao", "dac_khu")
    assert unit_get(era=cat.LEGACY, code="16342").criteria_type == "xa"


def _commune(**fields: object) -> Unit:
    province = unit_get(era=cat.NEW, code="38", level="province")
    values: dict[str, object] = {
        "era": cat.NEW,
        "level": "commune",
        "type": "xa",
        "code": "99998",
        "name": "Xã Thử",
        "short_name": "Thử",
        "name_folded": "xa thu",
        "parent": province,
        "province": province,
    }
    values.update(fields)
    with transaction.atomic():
        return Unit.objects.create(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"code": "16342"},  # the era, level and code of Xã Thăng Bình
        {"era": "2024"},
        {"level": "district"},  # 2025 has no districts
        {"parent": None},
        {"province": None},
    ],
    ids=["duplicate", "unknown-era", "district-in-2025", "no-parent", "no-province"],
)
def test_the_database_refuses_a_unit_that_breaks_the_hierarchy(fields: dict[str, object]) -> None:
    with pytest.raises(IntegrityError):
        _commune(**fields)


def test_the_same_code_in_another_era_or_level_is_a_different_unit() -> None:
    _commune(code="404", level="commune")  # legacy district 404 is Nông Cống

    assert Unit.objects.filter(code="404").count() == 2


def test_a_legacy_commune_cannot_have_two_default_successors() -> None:
    old = unit_get(era=cat.LEGACY, code="16342")
    other = Unit.objects.filter(era=cat.NEW, level="commune").exclude(code="16342").first()

    with pytest.raises(IntegrityError), transaction.atomic():
        UnitSuccession.objects.create(predecessor=old, successor=other, divided=True)


def test_a_unit_with_children_or_links_cannot_be_deleted() -> None:
    with pytest.raises(ProtectedError):
        unit_get(era=cat.LEGACY, code="404", level="district").delete()
    with pytest.raises(ProtectedError):
        unit_get(era=cat.LEGACY, code="16342").delete()
