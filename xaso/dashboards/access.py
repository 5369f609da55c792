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
from xaso.units.catalog import ERAS, LEGACY, era_for_year
from xaso.units.models import Unit


@dataclass(frozen=True)
class DashboardScope:
    everything: bool
    # Whole provinces, by (era, code): a code alone does not name a province (legacy 15
    # is Yên Bái, 2025's 15 is Lào Cai), so a role covers the era of the unit it is on.
    provinces: frozenset[tuple[str, str]]
    districts: dict[str, frozenset[int]]  # legacy province code -> legacy district pks
    communes: frozenset[int]

    @property
    def province_codes(self) -> frozenset[str]:
        """Codes of the provinces seen whole, in either era (for choosing a start page)."""
        return frozenset(code for _era, code in self.provinces)

    @property
    def any_dashboard(self) -> bool:
        return self.everything or bool(self.provinces or self.districts)


def dashboard_scope(user: Any) -> DashboardScope:
    """One query (plus the workflow scope's one), cached on the user for the request."""
    cached = getattr(user, "_xaso_dashboard_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    s = scope_of(user)
    provinces = s.any_province
    rows = Unit.objects.filter(pk__in=provinces | s.districts).values_list(
        "pk", "era", "level", "code", "province__code"
    )
    whole: set[tuple[str, str]] = set()
    districts: dict[str, set[int]] = {}
    for pk, era, level, code, province_code in rows:
        if level == Unit.Level.PROVINCE:
            whole.add((era, code))
        else:
            districts.setdefault(province_code, set()).add(pk)
    scope = DashboardScope(
        everything=s.superuser,
        provinces=frozenset(whole),
        districts={c: frozenset(v) for c, v in districts.items() if (LEGACY, c) not in whole},
        communes=s.communes,
    )
    if getattr(user, "is_authenticated", False):
        user._xaso_dashboard_scope = scope
    return scope


def province_view(user: Any, code: str, year: int | None = None) -> frozenset[int] | None:
    """None: the whole province may be seen; a set: only these districts. Else 404.

    ``year`` decides the era, and the role must be on the province of that era. Without a
    year (the trends, which span both eras) a role in either era will do. A district
    reviewer sees legacy years only (their district has no 2025 figures).
    """
    scope = dashboard_scope(user)
    if scope.everything:
        return None
    eras = ERAS if year is None else (era_for_year(year),)
    if any((era, code) in scope.provinces for era in eras):
        return None
    districts = scope.districts.get(code)
    if districts and (year is None or era_for_year(year) == LEGACY):
        return districts
    raise Http404


def commune_visible(user: Any, unit: Unit) -> bool:
    scope = dashboard_scope(user)
    if scope.everything or unit.pk in scope.communes:
        return True
    code = unit.province.code if unit.province_id else ""
    if (unit.era, code) in scope.provinces:
        return True
    return unit.era == LEGACY and unit.parent_id in scope.districts.get(code, frozenset())


def national_visible(user: Any) -> bool:
    return dashboard_scope(user).everything
