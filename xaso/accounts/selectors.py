"""Reads about people: names, and whom a province admin may see and manage."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from xaso.units.models import Unit

from .models import Role, RoleAssignment


def display_name(user: Any) -> str:
    """A person's name in Vietnamese order (family name first): "Lê Thị Hoa".

    Django's ``get_full_name`` puts the given name first, which reads wrongly in Vietnamese.
    """
    name = f"{getattr(user, 'last_name', '')} {getattr(user, 'first_name', '')}".strip()
    return name or getattr(user, "username", "") or "—"


def admin_provinces(user: Any) -> frozenset[int] | None:
    """Ids of the provinces ``user`` administers; None means every one (a superuser).

    Anyone else without a province-admin role gets the empty set, so the admin shows them
    nothing (deny by default). Cached on the user object: the admin asks once per list,
    form field and inline of a request, and ``request.user`` is loaded anew per request.
    """
    if getattr(user, "is_superuser", False):
        return None
    cached = getattr(user, "_xaso_admin_provinces", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(
                user_id=getattr(user, "pk", None),
                role=Role.PROVINCE_ADMIN,
                unit__level=Unit.Level.PROVINCE,
            ).values_list("unit_id", flat=True)
        )
        user._xaso_admin_provinces = cached
    return cached  # type: ignore[no-any-return]


def province_units(provinces: Collection[int]) -> QuerySet[Unit]:
    """The provinces themselves and every district and commune in them (a subquery)."""
    return Unit.objects.filter(Q(pk__in=provinces) | Q(province_id__in=provinces)).values("pk")


def people_managed_by(provinces: Collection[int]) -> QuerySet[Any]:
    """The people a province admin of ``provinces`` may see, edit and reset passwords of.

    Someone holding at least one role, every one of them in these provinces. Left to a
    superuser: a person who also holds a role elsewhere (resetting their password would
    hand over the other province's role), a person with no role at all (no province owns
    them yet; a province admin gives a new account its first role in the same form), and
    staff or superusers, whose powers may reach beyond any province.
    """
    inside = province_units(provinces)
    return (
        get_user_model()
        .objects.filter(
            is_superuser=False,
            is_staff=False,
            pk__in=RoleAssignment.objects.filter(unit_id__in=inside).values("user_id"),
        )
        .exclude(pk__in=RoleAssignment.objects.exclude(unit_id__in=inside).values("user_id"))
    )
