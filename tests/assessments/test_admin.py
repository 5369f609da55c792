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
    officer = get_user_model().objects.get(username="xa.thanglong")
    page = client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()
    assert 'name="username"' in page
    assert "is_superuser" not in page and "user_permissions" not in page
    assert client.get(f"/admin/auth/user/{me.pk}/change/").status_code == 302  # staff: not theirs
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


# -- rounds and plans: the province's own, checked on the server (finding 3) --------------


def _units():
    from xaso.units.models import Unit

    get = Unit.objects.get
    return {
        "th": get(era="legacy", level="province", code="38"),
        "vp": get(era="legacy", level="province", code="26"),
        "thanglong": get(era="legacy", level="commune", code="16342"),
        "langcong": get(era="legacy", level="commune", code="08773"),
        "th_2025": get(era="2025", level="province", code="38"),
    }


def _round_post(province, communes, version=None, year=2022):
    from xaso.criteria.models import CriteriaSetVersion

    version = version or CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    return {
        "province": province.pk,
        "year": year,
        "name": "Đợt thử",
        "criteria_version": version.pk,
        "communes": [c.pk for c in communes],
        "is_open": "on",
    }


@pytest.mark.parametrize(
    ("province", "communes"),
    [
        ("vp", ["langcong"]),  # another province's round
        ("vp", []),
        ("th", ["langcong"]),  # the province's round with another province's commune
        ("th", ["thanglong", "langcong"]),
        ("th_2025", ["thanglong"]),  # a 2022 round on 2025 units
        ("thanglong", []),  # a commune is no province
    ],
)
def test_a_forged_round_is_refused_and_nothing_written(client, demo_db, province, communes):
    from xaso.assessments.models import Round

    units = _units()
    before = Round.objects.count()
    assert client.login(username="qt.thanhhoa", password="xaso-demo")

    response = client.post(
        "/admin/assessments/round/add/",
        _round_post(units[province], [units[c] for c in communes]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Round.objects.count() == before


def test_the_admin_opens_its_own_provinces_round(client, demo_db):
    from xaso.assessments.models import Round

    units = _units()
    assert client.login(username="qt.thanhhoa", password="xaso-demo")

    response = client.post(
        "/admin/assessments/round/add/", _round_post(units["th"], [units["thanglong"]])
    )

    assert response.status_code == 302
    made = Round.objects.get(province=units["th"], year=2022)
    assert list(made.communes.all()) == [units["thanglong"]]


def test_the_round_form_refuses_another_version_for_a_year_with_figures(client, demo_db):
    """Thanh Hóa's 2022 figures are under the 1829 set; a copy named for Thanh Hóa is on
    offer, and refused with the reason."""
    from xaso.assessments.models import Round

    from .test_rounds import another_version

    units = _units()
    other = another_version(province="Thanh Hóa")
    assert client.login(username="qt.thanhhoa", password="xaso-demo")

    response = client.post(
        "/admin/assessments/round/add/", _round_post(units["th"], [], version=other)
    )

    assert response.status_code == 200
    assert "thanh_hoa_1829_2023@2023.1" in str(response.context["adminform"].form.errors)
    assert not Round.objects.filter(province=units["th"], year=2022).exists()


@pytest.mark.parametrize(
    ("province", "assigned"),
    [("vp", ["langcong"]), ("vp", []), ("th", ["langcong"]), ("th_2025", ["thanglong"])],
)
def test_a_forged_plan_is_refused_and_nothing_written(client, demo_db, province, assigned):
    from xaso.assessments.models import PlanYear

    units = _units()
    before = PlanYear.objects.count()
    assert client.login(username="qt.thanhhoa", password="xaso-demo")

    response = client.post(
        "/admin/assessments/planyear/add/",
        {
            "plan_id": "thu",
            "province": units[province].pk,
            "year": 2024,
            "target": 1,
            "decision_number": "1/KH",
            "assigned": [units[c].pk for c in assigned],
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert PlanYear.objects.count() == before


def test_the_admin_writes_its_own_provinces_plan(client, demo_db):
    from xaso.assessments.models import PlanYear

    units = _units()
    assert client.login(username="qt.thanhhoa", password="xaso-demo")

    response = client.post(
        "/admin/assessments/planyear/add/",
        {
            "plan_id": "thu",
            "province": units["th"].pk,
            "year": 2024,
            "target": 1,
            "decision_number": "1/KH",
            "assigned": [units["thanglong"].pk],
        },
    )

    assert response.status_code == 302
    assert list(PlanYear.objects.get(plan_id="thu").assigned.all()) == [units["thanglong"]]
