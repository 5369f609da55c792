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
