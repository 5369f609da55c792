from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from xaso.criteria.models import CriteriaSetVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored() -> list[CriteriaSetVersion]:
    call_command("load_criteria", stdout=None)
    return list(CriteriaSetVersion.objects.all())


def test_a_superuser_sees_every_stored_version_in_the_list(
    admin_client: Client, stored: list[CriteriaSetVersion]
) -> None:
    response = admin_client.get(reverse("admin:criteria_criteriasetversion_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    for row in stored:
        assert row.set_id in html
        assert row.decision_number in html


def test_a_version_opens_read_only_with_its_yaml(
    admin_client: Client, stored: list[CriteriaSetVersion]
) -> None:
    row = stored[0]

    response = admin_client.get(reverse("admin:criteria_criteriasetversion_change", args=[row.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<pre" in html
    assert f"id: {row.set_id}" in html
    assert 'name="_save"' not in html


@pytest.mark.parametrize("action", ["add", "delete"])
def test_no_one_can_add_or_delete_a_version_in_the_admin(
    admin_client: Client, stored: list[CriteriaSetVersion], action: str
) -> None:
    args = [] if action == "add" else [stored[0].pk]

    response = admin_client.get(reverse(f"admin:criteria_criteriasetversion_{action}", args=args))

    assert response.status_code == 403
    assert CriteriaSetVersion.objects.count() == len(stored)


def test_editing_a_version_through_the_admin_changes_nothing(
    admin_client: Client, stored: list[CriteriaSetVersion]
) -> None:
    row = stored[0]
    url = reverse("admin:criteria_criteriasetversion_change", args=[row.pk])

    response = admin_client.post(url, {"name": "đổi tên", "yaml_text": "id: khac\n"})

    assert response.status_code == 403
    row.refresh_from_db()
    assert row.name != "đổi tên"


def test_the_list_offers_no_delete_action(
    admin_client: Client, stored: list[CriteriaSetVersion]
) -> None:
    response = admin_client.get(reverse("admin:criteria_criteriasetversion_changelist"))

    assert "delete_selected" not in response.content.decode()
