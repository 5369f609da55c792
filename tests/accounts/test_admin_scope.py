"""The role × province matrix over the Django admin: each province's admin walked through
every page the site registers, finding nothing of the other province.

For every registered model: the list shows only rows of the admin's own province; the
change, history, delete (and password) pages of the other province's rows answer like a
missing row; a forged change POST to them writes nothing; every choice of every add and
change form, inline forms included, and every autocomplete answer offers only rows of the
admin's province. What "of its province" means is written out again here, independently of
the code under test (:func:`allowed`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from xaso.accounts.models import RoleAssignment
from xaso.assessments.models import (
    Assessment,
    AuditEntry,
    PlanYear,
    RecognitionDecision,
    Round,
)
from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db
User = get_user_model()

# Each side: the admin walking, the provinces (by code) it administers.
SIDES = {"qt.thanhhoa": "38", "qt.vinhphuc": "26"}
MODELS = [m for m in admin.site._registry]
# Vĩnh Phúc's name as its units, people and sets show it (Thanh Hóa has a xã Vĩnh Phúc too).
# (The 1829 set, a public decision, cites a Lãng Công hall as an example: not named here.)
VINH_PHUC = re.compile(r"Tỉnh Vĩnh Phúc|[(,] ?Vĩnh Phúc\)|vinhphuc|vinh_phuc")


def _own_units(code: str) -> set[int]:
    provinces = Unit.objects.filter(level="province", code=code, era="legacy")
    if code == "38":
        provinces = Unit.objects.filter(level="province", code=code)  # both eras
    ids = set(provinces.values_list("pk", flat=True))
    return ids | set(Unit.objects.filter(province_id__in=ids).values_list("pk", flat=True))


def allowed(model: type, username: str, world: Any) -> set[Any]:
    """The rows of ``model`` the admin ``username`` may see: the specification."""
    units = _own_units(SIDES[username])
    provinces = set(
        Unit.objects.filter(pk__in=units, level="province").values_list("pk", flat=True)
    )
    if model is Unit:
        return units
    if model is User:
        roles: dict[int, set[int]] = defaultdict(set)
        for user_id, unit_id in RoleAssignment.objects.values_list("user_id", "unit_id"):
            roles[user_id].add(unit_id)
        return {
            u.pk
            for u in User.objects.all()
            if not (u.is_staff or u.is_superuser) and roles[u.pk] and roles[u.pk] <= units
        }
    by_unit = {
        RoleAssignment: "unit_id",
        Round: "province_id",
        PlanYear: "province_id",
        RecognitionDecision: "province_id",
        Assessment: "round__province_id",
        AuditEntry: "assessment__round__province_id",
    }
    if model in by_unit:
        return set(
            model.objects.filter(**{f"{by_unit[model]}__in": units}).values_list("pk", flat=True)
        )
    if model is CriteriaSetVersion:
        other = world.th_version if username == "qt.vinhphuc" else world.vp_version
        used = set(
            Round.objects.filter(province__in=provinces).values_list("criteria_version", flat=True)
        )
        return set(CriteriaSetVersion.objects.values_list("pk", flat=True)) - {other.pk} | used
    # Groups, permissions and anything not named above (login records, say): nothing.
    return set()


def foreign(model: type, username: str, world: Any) -> list[Any]:
    """A few rows of ``model`` the admin must not reach (all of them for small tables)."""
    rows = model.objects.exclude(pk__in=allowed(model, username, world))
    if model is Unit:
        return [
            rows.filter(level=level).order_by("pk").first()
            for level in ("province", "district", "commune")
        ]
    return list(rows.order_by("pk")[:10])


def url(model: type, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(params=list(SIDES))
def walker(request: pytest.FixtureRequest, world: Any, client: Client) -> tuple[str, Client]:
    client.force_login(User.objects.get(username=request.param))
    return request.param, client


def _snapshot(model: type, pk: Any) -> dict[str, Any]:
    return model.objects.filter(pk=pk).values().get()


def _check_choices(form: Any, username: str, world: Any, where: str) -> None:
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or name == form._meta.model._meta.pk.name:
            # An inline row's hidden id: the formset edits only rows of its own queryset
            # (see test_admin.py, a forged id of another province's role).
            continue
        offered = set(queryset.values_list("pk", flat=True))
        extra = offered - allowed(queryset.model, username, world)
        assert not extra, f"{where}: «{name}» offers {queryset.model.__name__} {sorted(extra)[:5]}"


def _check_forms(response: Any, username: str, world: Any, where: str) -> None:
    _check_choices(response.context["adminform"].form, username, world, where)
    for inline in response.context["inline_admin_formsets"]:
        _check_choices(inline.formset.empty_form, username, world, f"{where} (inline)")
        for form in inline.formset.forms:
            _check_choices(form, username, world, f"{where} (inline)")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_list_shows_only_the_admins_province(walker, world, model):
    username, client = walker
    response = client.get(url(model, "changelist"))
    assert response.status_code in (200, 403)
    if response.status_code == 403:
        assert not allowed(model, username, world)
        return
    shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert shown <= allowed(model, username, world)
    page = response.content.decode()
    for row in foreign(model, username, world):
        assert url(model, "change", row.pk) not in page


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_other_provinces_rows_answer_like_missing_ones(walker, world, model):
    username, client = walker
    views = ["change", "history", "delete"] + (["password_change"] if model is User else [])
    for row in foreign(model, username, world):
        before = _snapshot(model, row.pk)
        for view in views:
            name = "auth_user_password_change" if view == "password_change" else None
            address = reverse(f"admin:{name}", args=[row.pk]) if name else url(model, view, row.pk)
            response = client.get(address)
            assert response.status_code in (302, 403, 404), (address, response.status_code)
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), address
            forged = {
                "name": "chiếm", "username": "chiem", "password1": "Mk-chiem-2025!",
                "password2": "Mk-chiem-2025!", "is_superuser": "on", "is_staff": "on",
                "target": "9", "year": "2024", "post": "yes",
            }  # fmt: skip
            response = client.post(address, forged)
            assert response.status_code in (302, 403, 404), (address, response.status_code)
        assert _snapshot(model, row.pk) == before
        assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_add_and_change_forms_offer_only_the_admins_province(walker, world, model):
    username, client = walker
    response = client.get(url(model, "add"))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        _check_forms(response, username, world, f"{model.__name__} add")
    own = model.objects.filter(pk__in=allowed(model, username, world)).order_by("pk").first()
    if own is not None:
        response = client.get(url(model, "change", own.pk))
        assert response.status_code == 200
        _check_forms(response, username, world, f"{model.__name__} {own.pk}")


def _relations() -> list[tuple[str, str, str]]:
    """Every foreign key and many-to-many of every model (autocomplete takes any source)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is not None:
                found.append((model._meta.app_label, model._meta.model_name, field.name))
    return found


def test_autocomplete_answers_only_with_the_admins_province(walker, world):
    username, client = walker
    for app_label, model_name, field_name in _relations():
        remote = apps.get_model(app_label, model_name)._meta.get_field(field_name).related_model
        for term in ("", "a", "Vĩnh", "Thanh"):
            response = client.get(
                reverse("admin:autocomplete"),
                {"app_label": app_label, "model_name": model_name, "field_name": field_name,
                 "term": term},
            )  # fmt: skip
            where = f"{app_label}.{model_name}.{field_name} «{term}»"
            assert response.status_code in (200, 403, 404), where
            if response.status_code != 200:
                continue
            ids = {int(r["id"]) for r in response.json()["results"]}
            assert ids <= allowed(remote, username, world), where


def test_the_index_offers_no_group_and_names_no_other_province(world, client):
    client.force_login(world.th_admin)
    for address in ["/admin/", "/admin/auth/", "/admin/units/", "/admin/assessments/"]:
        page = client.get(address).content.decode()
        assert "/admin/auth/group/" not in page
        assert not VINH_PHUC.search(page), address


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_thanh_hoas_pages_name_nothing_of_vinh_phuc(world, client, model):
    """Thanh Hóa's admin reads every list and form without meeting Vĩnh Phúc's name."""
    client.force_login(world.th_admin)
    own = model.objects.filter(pk__in=allowed(model, "qt.thanhhoa", world)).order_by("pk")
    addresses = [url(model, "changelist"), url(model, "add")]
    addresses += [url(model, "change", row.pk) for row in own[:3]]
    for address in addresses:
        page = client.get(address).content.decode()
        assert not VINH_PHUC.search(page), address
