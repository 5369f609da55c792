"""Province admins manage people, roles, rounds and plans in the Django admin."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/admin/", 200),
        ("/admin/accounts/roleassignment/", 200),
        ("/admin/accounts/roleassignment/add/", 200),
        ("/admin/assessments/round/", 200),
        ("/admin/assessments/planyear/", 200),
        ("/admin/assessments/assessment/", 200),
        ("/admin/assessments/auditentry/", 200),
        ("/admin/auth/user/", 200),
        ("/admin/assessments/assessment/add/", 403),  # assessments change only by workflow
        ("/admin/assessments/auditentry/add/", 403),
    ],
)
def test_the_province_admin_reaches_what_they_manage(client, demo_db, url, status):
    assert client.login(username="qt.thanhhoa", password="xaso-demo")
    assert client.get(url).status_code == status


def test_other_people_have_no_admin(client, demo_db):
    assert client.login(username="xa.thanglong", password="xaso-demo")
    assert client.get("/admin/").status_code == 302  # to the admin login


def test_a_province_admin_cannot_grant_powers_or_reach_another_province(client, demo_db):
    from django.contrib.auth import get_user_model

    from xaso.accounts.models import RoleAssignment
    from xaso.units.models import Unit

    assert client.login(username="qt.thanhhoa", password="xaso-demo")
    me = get_user_model().objects.get(username="qt.thanhhoa")
    page = client.get(f"/admin/auth/user/{me.pk}/change/").content.decode()
    assert "is_superuser" not in page and "user_permissions" not in page
    vinh_phuc = Unit.objects.get(era="legacy", level="province", code="26")
    response = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": me.pk, "role": "province_reviewer", "unit": vinh_phuc.pk},
    )
    assert response.status_code == 200  # the form refuses the unit
    assert not RoleAssignment.objects.filter(user=me, unit=vinh_phuc).exists()
    roles = client.get("/admin/accounts/roleassignment/").content.decode()
    assert "so.vinhphuc" not in roles and "xa.langcong" not in roles
    other = get_user_model().objects.get(username="so.vinhphuc")
    assert client.get(f"/admin/auth/user/{other.pk}/change/").status_code == 302  # not found
