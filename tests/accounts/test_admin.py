"""People and roles in the Django admin: a province admin manages its own province's
people only, gives roles on its own units only, and grants no powers (finding 2 of issue
11: Thanh Hóa's admin gave itself a role in Vĩnh Phúc, reset the password of Vĩnh Phúc's
reviewer and logged in as them)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from xaso.accounts.models import RoleAssignment
from xaso.accounts.selectors import people_managed_by

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Mat-khau-moi-2025!"


def _as(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _role_form(user, unit, role="commune_officer") -> dict:
    return {"user": user.pk, "role": role, "unit": unit.pk}


def test_the_admin_cannot_reset_another_provinces_reviewer_and_log_in_as_them(client, world):
    """The attack as found: give Vĩnh Phúc's reviewer a role in Thanh Hóa so that they
    show up among Thanh Hóa's people, then reset their password."""
    reviewer = User.objects.get(username="so.vinhphuc")
    _as(client, world.th_admin)

    client.post(
        reverse("admin:accounts_roleassignment_add"),
        _role_form(reviewer, world.th, role="leader"),
    )
    response = client.post(
        _password_url(reviewer), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 404
    assert not reviewer.roles.filter(unit=world.th).exists()
    client.logout()
    assert not client.login(username="so.vinhphuc", password=NEW_PASSWORD)
    assert client.login(username="so.vinhphuc", password="xaso-demo")


def test_the_admin_resets_the_password_of_its_own_communes_officer(client, world):
    officer = User.objects.get(username="xa.thanglong")
    _as(client, world.th_admin)

    response = client.post(
        _password_url(officer), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("who", ["th_admin", "vp_admin"])
def test_a_person_of_two_provinces_is_left_to_a_superuser(client, world, who):
    """Either province's admin resetting their password would take the other's role."""
    _as(client, getattr(world, who))
    for address in (
        reverse("admin:auth_user_change", args=[world.both.pk]),
        _password_url(world.both),
    ):
        response = client.post(address, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code in (302, 404)
    world.both.refresh_from_db()
    assert not world.both.check_password(NEW_PASSWORD)
    _as(client, world.boss)
    assert client.get(_password_url(world.both)).status_code == 200


@pytest.mark.parametrize(
    ("target", "unit"),
    [
        ("th_admin", "vp"),  # itself, in another province
        ("so.vinhphuc", "th"),  # another province's person, given a role here
        ("both", "th"),  # a person of two provinces
        ("loner", "th"),  # an account no province owns yet
        ("th_admin2", "th"),  # another admin (staff): a superuser's to manage
        ("boss", "th"),
        ("xa.thanglong", "vp"),  # its own officer, given a role in another province
        ("xa.thanglong", "langcong"),
    ],
)
def test_a_forged_role_is_refused_and_nothing_written(client, world, target, unit):
    person = getattr(world, target, None) or User.objects.get(username=target)
    before = RoleAssignment.objects.count()
    _as(client, world.th_admin)

    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        _role_form(person, getattr(world, unit), role="province_reviewer")
        if unit != "langcong"
        else _role_form(person, world.langcong),
    )

    assert response.status_code == 200  # the form again, with its error
    assert response.context["adminform"].form.errors
    assert RoleAssignment.objects.count() == before


def test_the_admin_gives_its_own_officer_a_role_in_its_province(client, world):
    officer = User.objects.get(username="xa.thanglong")
    _as(client, world.th_admin)

    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        _role_form(officer, world.th, role="leader"),
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=officer, role="leader", unit=world.th).exists()


def test_a_role_of_someone_the_province_does_not_manage_is_only_shown(client, world):
    own_role = RoleAssignment.objects.get(user=world.th_admin, unit=world.th)
    _as(client, world.th_admin)
    address = reverse("admin:accounts_roleassignment_change", args=[own_role.pk])

    page = client.get(address)
    response = client.post(
        address, {"user": own_role.user_id, "role": "leader", "unit": world.th.pk}
    )

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    own_role.refresh_from_db()
    assert own_role.role == "province_admin"


def _person_form(username: str, unit) -> dict:
    form = {
        "username": username,
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_superuser": "on",  # forged: no such field for a province admin
        "is_staff": "on",
        "roles-TOTAL_FORMS": "1" if unit else "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
    }
    if unit:
        form |= {"roles-0-role": "commune_officer", "roles-0-unit": unit.pk}
    return form


@pytest.mark.parametrize("unit", [None, "langcong"])
def test_a_new_account_without_a_role_in_the_province_is_refused(client, world, unit):
    _as(client, world.th_admin)

    response = client.post(
        reverse("admin:auth_user_add"), _person_form("xa.moi", unit and getattr(world, unit))
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="xa.moi").exists()
    assert not RoleAssignment.objects.filter(user__username="xa.moi").exists()


def test_a_new_account_gets_its_first_role_in_the_same_form_and_no_powers(client, world):
    _as(client, world.th_admin)

    response = client.post(reverse("admin:auth_user_add"), _person_form("xa.moi", world.thanglong))

    assert response.status_code == 302
    person = User.objects.get(username="xa.moi")
    assert not person.is_staff and not person.is_superuser
    assert list(person.roles.values_list("role", "unit")) == [
        ("commune_officer", world.thanglong.pk)
    ]
    assert client.get(reverse("admin:auth_user_change", args=[person.pk])).status_code == 200


def test_the_change_form_has_no_power_switches_and_ignores_forged_ones(client, world):
    officer = User.objects.get(username="xa.thanglong")
    group = world.group
    _as(client, world.th_admin)
    address = reverse("admin:auth_user_change", args=[officer.pk])
    role = officer.roles.get()

    page = client.get(address).content.decode()
    response = client.post(
        address,
        {
            "username": officer.username,
            "last_name": "Lê Thị",
            "first_name": "Hoa",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "user_permissions": [1, 2, 3],
            "last_login": "2020-01-01 00:00:00",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "1",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-id": role.pk,
            "roles-0-user": officer.pk,
            "roles-0-role": "commune_officer",
            "roles-0-unit": world.thanglong.pk,
        },
    )

    for switch in ("is_superuser", "is_staff", "user_permissions", "groups", "last_login"):
        assert f'name="{switch}"' not in page
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_superuser and not officer.is_staff
    assert not officer.groups.exists() and not officer.user_permissions.exists()
    assert officer.last_login is None or officer.last_login.year != 2020


def test_groups_are_a_superusers_business(client, world):
    _as(client, world.th_admin)

    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_change", args=[world.group.pk])).status_code == 403
    _as(client, world.boss)
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_the_people_a_province_manages(world):
    """Everyone with every role in the province; no staff, superuser, person of two
    provinces or account without a role."""
    thanh_hoa = frozenset({world.th.pk, world.th_2025.pk})

    managed = set(people_managed_by(thanh_hoa).values_list("username", flat=True))

    assert managed == {
        "xa.thanglong",
        "xa.quanghoa",
        "xa.thangbinh",
        "huyen.nongcong",
        "so.thanhhoa",
        "lanhdao.thanhhoa",
    }
    assert set(people_managed_by(frozenset({world.vp.pk})).values_list("username", flat=True)) == {
        "xa.langcong",
        "so.vinhphuc",
    }


def test_a_forged_inline_row_cannot_reach_another_provinces_role(client, world):
    """The inline's hidden id names Vĩnh Phúc's officer's role: the formset edits only the
    roles of the person on the page, so nothing of Vĩnh Phúc changes."""
    officer = User.objects.get(username="xa.thanglong")
    theirs = RoleAssignment.objects.get(user__username="xa.langcong")
    before = list(RoleAssignment.objects.order_by("pk").values_list("pk", "user", "role", "unit"))
    _as(client, world.th_admin)

    client.post(
        reverse("admin:auth_user_change", args=[officer.pk]),
        {
            "username": officer.username,
            "is_active": "on",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "1",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-id": theirs.pk,
            "roles-0-user": officer.pk,
            "roles-0-role": "province_admin",
            "roles-0-unit": world.th.pk,
        },
    )

    after = list(RoleAssignment.objects.order_by("pk").values_list("pk", "user", "role", "unit"))
    assert after == before


def test_a_role_of_someone_the_province_does_not_manage_cannot_be_deleted(client, world):
    """Neither on its delete page nor with "delete selected": a province admin cannot remove
    an admin's role, its own included (review finding)."""
    from django.contrib.auth.models import Permission

    # A province that lets its admins delete roles (the demo does not): still not these.
    world.th_admin.user_permissions.add(Permission.objects.get(codename="delete_roleassignment"))
    fellow = RoleAssignment.objects.get(user=world.th_admin, unit=world.th)
    _as(client, world.th_admin)

    page = client.post(
        reverse("admin:accounts_roleassignment_delete", args=[fellow.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:accounts_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [fellow.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert bulk.status_code in (200, 302, 403)
    assert RoleAssignment.objects.filter(pk=fellow.pk).exists()
