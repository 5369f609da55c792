"""Who sees which dashboard. Built on the workflow's scope (:func:`scope_of`), so a role
means the same thing everywhere.

* the province's reviewers, admins and leaders: every dashboard of their province;
* a district reviewer: the legacy years of their district (the province's figures limited
  to it); since 1/7/2025 there are no districts;
* a commune officer: their own commune's page;
* the system administrator: everything, including the national overview.

As with assessments, "not yours" and "not found" are the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from xaso.assessments.access import scope_of
from xaso.units.catalog import LEGACY
from xaso.units.models import Unit


@dataclass(frozen=True)
class DashboardScope:
    everything: bool
    province_codes: frozenset[str]  # whole provinces
    districts: dict[str, frozenset[int]]  # province code -> legacy district pks
    communes: frozenset[int]

    @property
    def any_dashboard(self) -> bool:
        return self.everything or bool(self.province_codes or self.districts)


def dashboard_scope(user: Any) -> DashboardScope:
    """One query (plus the workflow scope's one), cached on the user for the request."""
    cached = getattr(user, "_xaso_dashboard_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    s = scope_of(user)
    provinces = s.any_province
    rows = Unit.objects.filter(pk__in=provinces | s.districts).values_list(
        "pk", "level", "code", "province__code"
    )
    codes: set[str] = set()
    districts: dict[str, set[int]] = {}
    for pk, level, code, province_code in rows:
        if level == Unit.Level.PROVINCE:
            codes.add(code)
        else:
            districts.setdefault(province_code, set()).add(pk)
    scope = DashboardScope(
        everything=s.superuser,
        province_codes=frozenset(codes),
        districts={c: frozenset(v) for c, v in districts.items() if c not in codes},
        communes=s.communes,
    )
    if getattr(user, "is_authenticated", False):
        user._xaso_dashboard_scope = scope
    return scope


def province_view(user: Any, code: str, year: int | None = None) -> frozenset[int] | None:
    """None: the whole province may be seen; a set: only these districts. Else 404.

    A district reviewer sees legacy years only (their district has no 2025 figures).
    """
    scope = dashboard_scope(user)
    if scope.everything or code in scope.province_codes:
        return None
    districts = scope.districts.get(code)
    if districts and (year is None or year < 2025):
        return districts
    raise Http404


def commune_visible(user: Any, unit: Unit) -> bool:
    scope = dashboard_scope(user)
    if scope.everything or unit.pk in scope.communes:
        return True
    code = unit.province.code if unit.province_id else ""
    if code in scope.province_codes:
        return True
    return unit.era == LEGACY and unit.parent_id in scope.districts.get(code, frozenset())


def national_visible(user: Any) -> bool:
    return dashboard_scope(user).everything
