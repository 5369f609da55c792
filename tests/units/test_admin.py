from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xaso.units import catalog as cat
from xaso.units.admin import ProvinceFilter
from xaso.units.models import Unit
from xaso.units.selectors import unit_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnam")]

CHANGELIST = reverse("admin:units_unit_changelist")


def _change_url(unit: Unit) -> str:
    return reverse("admin:units_unit_change", args=[unit.pk])


def test_the_list_filters_by_era_level_type_and_province(admin_client: Client) -> None:
    province = unit_get(era=cat.NEW, code="38", level="province")

    response = admin_client.get(
        CHANGELIST,
        {"era": cat.NEW, "level": "commune", "type": "xa", "province": province.pk},
    )

    assert response.status_code == 200
    result = response.context["cl"]
    expected = Unit.objects.filter(era=cat.NEW, province=province, type="xa")
    assert result.result_count == expected.count() > 100
    assert {(u.era, u.province_id, u.type) for u in result.result_list} == {
        (cat.NEW, province.pk, "xa")
    }


def test_the_province_filter_lists_provinces_not_every_unit(admin_client: Client) -> None:
    response = admin_client.get(CHANGELIST)

    province_filter = next(
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, ProvinceFilter)
    )
    assert len(province_filter.lookup_choices) == 63 + 34


@pytest.mark.parametrize("term", ["thang long", "Thăng Long", "16342"])
def test_search_ignores_accents_and_matches_codes_exactly(admin_client: Client, term: str) -> None:
    response = admin_client.get(CHANGELIST, {"q": term})

    names = {(u.era, u.code) for u in response.context["cl"].result_list}
    assert (cat.LEGACY, "16342") in names
    if term == "16342":
        assert names == {(cat.LEGACY, "16342"), (cat.NEW, "16342")}


def test_a_list_page_costs_the_same_queries_for_a_small_and_a_large_province(
    admin_client: Client,
) -> None:
    def queries_for(code: str) -> int:
        province = unit_get(era=cat.LEGACY, code=code, level="province")
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(CHANGELIST, {"province": province.pk, "era": cat.LEGACY})
        assert response.status_code == 200
        return len(queries)

    # Bắc Kạn (06) has about a hundred communes, Thanh Hóa (38) more than five hundred.
    assert queries_for("06") == queries_for("38")


def test_a_merged_commune_shows_its_predecessors_read_only(admin_client: Client) -> None:
    response = admin_client.get(_change_url(unit_get(era=cat.NEW, code="16342")))

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Xã Thăng Long", "Xã Thăng Bình", "Xã Thăng Thọ"):
        assert name in html
    assert _change_url(unit_get(era=cat.LEGACY, code="16360")) in html
    assert 'name="_save"' not in html


def test_a_legacy_commune_shows_its_successor(admin_client: Client) -> None:
    response = admin_client.get(_change_url(unit_get(era=cat.LEGACY, code="16360")))

    assert response.status_code == 200
    assert _change_url(unit_get(era=cat.NEW, code="16342")) in response.content.decode()


@pytest.mark.parametrize("action", ["add", "delete"])
def test_no_one_can_add_or_delete_a_unit_in_the_admin(admin_client: Client, action: str) -> None:
    unit = unit_get(era=cat.LEGACY, code="16342")
    args = [] if action == "add" else [unit.pk]

    response = admin_client.get(reverse(f"admin:units_unit_{action}", args=args))

    assert response.status_code == 403
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_editing_a_unit_through_the_admin_changes_nothing(admin_client: Client) -> None:
    unit = unit_get(era=cat.LEGACY, code="16342")

    response = admin_client.post(_change_url(unit), {"name": "đổi tên"})

    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Xã Thăng Long"
