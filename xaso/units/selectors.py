"""Reads of administrative units. Every lookup by code takes the era: codes are reused.

Units come back with ``parent`` and ``province`` selected, so ``str(unit)`` and walking up
one level cost no further query.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from . import catalog as cat
from .models import Unit, UnitSuccession

_RELATED = ("parent", "province")


def unit_get(*, era: str, code: str, level: str = cat.COMMUNE) -> Unit:
    """The unit of ``era`` and ``level`` with official ``code`` ("16342", "08773").

    Raises ``Unit.DoesNotExist`` when that era has no such unit at that level, even if the
    other era has one: the 2025 commune 16342 is not the legacy commune 16342.
    Raises ValueError for an era or level that does not exist (a typo must not read as
    "not found").
    """
    _check(era=era, level=level)
    return Unit.objects.select_related(*_RELATED).get(era=era, level=level, code=code)


def unit_for_year(*, code: str, year: int, level: str = cat.COMMUNE) -> Unit:
    """The unit that ``code`` named in ``year``: legacy up to 2024, the 2025 units from 2025.

    Raises ``Unit.DoesNotExist`` as :func:`unit_get` does.
    """
    return unit_get(era=cat.era_for_year(year), code=code, level=level)


def units_of_province(*, era: str, province_code: str, level: str = cat.COMMUNE) -> QuerySet[Unit]:
    """Units of ``level`` in the province of ``era`` coded ``province_code``, by district
    then name.

    Names sort without accents ("Đông" with "Dong"), which is close to Vietnamese order on
    every database; the code breaks ties between namesakes.
    An unknown province gives an empty queryset. Raises ValueError for an unknown era or
    level.
    """
    _check(era=era, level=level)
    return (
        Unit.objects.filter(era=era, level=level, province__code=province_code)
        .select_related(*_RELATED)
        .order_by("parent__name_folded", "name_folded", "code")
    )


def successors(unit: Unit) -> list[tuple[Unit, UnitSuccession]]:
    """The 2025 communes a legacy commune became part of, with their links; one query.

    The default successor comes first. Empty for a unit that is not a legacy commune.
    """
    links = (
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor__parent", "successor__province")
        .order_by("-is_default", "successor__name_folded", "successor__code")
    )
    return [(link.successor, link) for link in links]


def predecessors(unit: Unit) -> list[tuple[Unit, UnitSuccession]]:
    """The legacy communes merged (wholly or in part) into a 2025 commune; one query.

    Ordered by district and name. Empty for a unit that is not a 2025 commune.
    """
    links = (
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor__parent", "predecessor__province")
        .order_by(
            "predecessor__parent__name_folded",
            "predecessor__name_folded",
            "predecessor__code",
        )
    )
    return [(link.predecessor, link) for link in links]


def units_search(*, text: str, limit: int = 50) -> list[Unit]:
    """Units of both eras whose code is ``text`` or whose name contains it; one query.

    Accents and case are ignored: "thang long" and "THĂNG LONG" find "Xã Thăng Long".
    Exact code matches come first, then communes before districts before provinces, then
    2025 units before legacy ones, by province code and name. Blank text finds nothing.
    """
    text = text.strip()
    folded = cat.fold(text)
    if not folded:
        return []
    matches = Unit.objects.filter(code=text) | Unit.objects.filter(name_folded__contains=folded)
    ranked = matches.annotate(
        _not_code=Case(When(code=text, then=Value(0)), default=Value(1)),
        _level_rank=Case(
            When(level=cat.COMMUNE, then=Value(0)),
            When(level=cat.DISTRICT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )
    rows = ranked.select_related(*_RELATED).order_by(
        "_not_code", "_level_rank", "era", "province__code", "name_folded", "code"
    )
    return list(rows[:limit])


def _check(*, era: str, level: str) -> None:
    if era not in cat.ERAS:
        raise ValueError(f"unknown era {era!r}; expected one of {cat.ERAS}")
    if level not in Unit.Level.values:
        raise ValueError(f"unknown level {level!r}; expected one of {Unit.Level.values}")
