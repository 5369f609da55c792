"""Writes for administrative units: copying the package's catalog into the database.

Units are reference data. Loading is idempotent and never deletes: a unit or link that is
stored but no longer in the catalog is kept (raw counts may point at it) and only counted,
so the operator can look into it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from . import catalog as cat
from .models import LEGACY_VALID_TO, NEW_VALID_FROM, Unit, UnitSuccession

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Parents must exist before their children point at them, so levels load top down.
_LEVELS = (cat.PROVINCE, cat.DISTRICT, cat.COMMUNE)
# Compared with the stored row to decide whether it needs an update; the key
# (era, level, code) never changes.
_UNIT_FIELDS = (
    "type",
    "name",
    "short_name",
    "name_folded",
    "parent_id",
    "province_id",
    "lat",
    "lon",
    "area_km2",
    "valid_from",
    "valid_to",
)
# Rows per INSERT or UPDATE. Django lowers it on SQLite to fit 999 parameters per statement
# (62 units, 249 links), which still loads everything in a few hundred statements.
_BATCH = 1000

_Key = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class UnitsLoadSummary:
    """What a load did: unit counts by era, link counts, and stored rows the catalog lacks."""

    units: Mapping[str, LoadCounts]
    links: LoadCounts
    units_not_in_catalog: int = 0
    links_not_in_catalog: int = 0


@transaction.atomic
def units_load_catalog(
    *, catalog: cat.Catalog | None = None, user: AbstractBaseUser | None = None
) -> UnitsLoadSummary:
    """Store every unit of both eras and every succession link of ``catalog``.

    ``catalog`` defaults to the package's (``catalog.load_catalog()``); tests pass a variant.
    A missing row is created, a row whose fields differ is updated, nothing is deleted.
    No query per row: existing rows are read once into dicts keyed by (era, level, code),
    writes are batched, and each level is written after the one above it so that a new
    row gets its parent and province as it is created (no second pass).
    Raises ValueError if the catalog names a parent, province or linked unit it lacks.
    ``user`` is who runs it; None for a management command.
    """
    catalog = catalog if catalog is not None else cat.load_catalog()
    stored: dict[_Key, tuple[int, tuple[Any, ...]]] = {
        (era, level, code): (pk, tuple(values))
        for pk, era, level, code, *values in Unit.objects.values_list(
            "pk", "era", "level", "code", *_UNIT_FIELDS
        ).iterator(chunk_size=5000)
    }
    ids = {key: pk for key, (pk, _values) in stored.items()}
    counts: dict[str, dict[str, int]] = {
        era: {"created": 0, "updated": 0, "unchanged": 0} for era in cat.ERAS
    }
    by_level: dict[str, list[cat.AdminUnit]] = {level: [] for level in _LEVELS}
    for unit in catalog.units:
        by_level[unit.level].append(unit)

    for level in _LEVELS:
        to_create: list[Unit] = []
        to_update: list[Unit] = []
        for unit in by_level[level]:
            values = _unit_values(unit, ids)
            old = stored.get(unit.key)
            if old is None:
                to_create.append(Unit(era=unit.era, level=unit.level, code=unit.code, **values))
                counts[unit.era]["created"] += 1
            elif old[1] != tuple(values[field] for field in _UNIT_FIELDS):
                to_update.append(Unit(pk=old[0], **values))
                counts[unit.era]["updated"] += 1
            else:
                counts[unit.era]["unchanged"] += 1
        Unit.objects.bulk_create(to_create, batch_size=_BATCH)
        ids.update(_created_ids(to_create, level))
        Unit.objects.bulk_update(to_update, _UNIT_FIELDS, batch_size=_BATCH)

    links = _load_links(catalog, ids)
    return UnitsLoadSummary(
        units={era: LoadCounts(**c) for era, c in counts.items()},
        links=links[0],
        units_not_in_catalog=len(stored.keys() - {u.key for u in catalog.units}),
        links_not_in_catalog=links[1],
    )


def _unit_values(unit: cat.AdminUnit, ids: Mapping[_Key, int]) -> dict[str, Any]:
    """The stored fields of ``unit`` (``_UNIT_FIELDS``), its parents as row ids."""
    parent_id = province_id = None
    if unit.level != cat.PROVINCE:
        # A legacy commune hangs from its district; a district or a 2025 commune from its
        # province.
        legacy_commune = unit.era == cat.LEGACY and unit.level == cat.COMMUNE
        parent_level = cat.DISTRICT if legacy_commune else cat.PROVINCE
        parent_id = _id_of(ids, (unit.era, parent_level, unit.parent_code or ""), unit)
        province_id = _id_of(ids, (unit.era, cat.PROVINCE, unit.province_code), unit)
    legacy = unit.era == cat.LEGACY
    values = {
        "type": unit.type,
        "name": unit.name,
        "short_name": unit.short_name,
        "name_folded": cat.fold(unit.name),
        "parent_id": parent_id,
        "province_id": province_id,
        "lat": unit.lat,
        "lon": unit.lon,
        "area_km2": unit.area_km2,
        # When each legacy unit was created is not in the package; only the end is known.
        "valid_from": None if legacy else NEW_VALID_FROM,
        "valid_to": LEGACY_VALID_TO if legacy else None,
    }
    return values


def _id_of(ids: Mapping[_Key, int], key: _Key, unit: cat.AdminUnit) -> int:
    try:
        return ids[key]
    except KeyError:
        raise ValueError(
            f"{unit.era} {unit.level} {unit.code}: {key} is not in the catalog"
        ) from None


def _created_ids(rows: list[Unit], level: str) -> dict[_Key, int]:
    """Row ids of freshly created units, read back if the database did not return them."""
    if all(row.pk is not None for row in rows):
        return {(row.era, row.level, row.code): row.pk for row in rows}
    return {
        (era, level, code): pk
        for pk, era, code in Unit.objects.filter(level=level).values_list("pk", "era", "code")
    }


def _load_links(catalog: cat.Catalog, ids: Mapping[_Key, int]) -> tuple[LoadCounts, int]:
    """Create and update succession links; returns their counts and how many stored ones
    the catalog no longer has."""
    stored = {
        (pred, succ): (pk, divided, is_default)
        for pk, pred, succ, divided, is_default in UnitSuccession.objects.values_list(
            "pk", "predecessor_id", "successor_id", "divided", "is_default"
        )
    }
    to_create: list[UnitSuccession] = []
    losing_default: list[UnitSuccession] = []
    other_updates: list[UnitSuccession] = []
    seen: set[tuple[int, int]] = set()
    unchanged = 0
    for link in catalog.links:
        pred = ids.get((cat.LEGACY, cat.COMMUNE, link.legacy_code))
        succ = ids.get((cat.NEW, cat.COMMUNE, link.new_code))
        if pred is None or succ is None:
            raise ValueError(f"link {link}: a unit is not in the catalog")
        seen.add((pred, succ))
        old = stored.get((pred, succ))
        row = UnitSuccession(
            predecessor_id=pred, successor_id=succ, divided=link.divided, is_default=link.default
        )
        if old is None:
            to_create.append(row)
        elif old[1:] != (link.divided, link.default):
            row.pk = old[0]
            # At most one default successor per legacy commune is a unique index, checked
            # row by row: the old default must give it up before the new one takes it.
            (losing_default if old[2] and not link.default else other_updates).append(row)
        else:
            unchanged += 1
    UnitSuccession.objects.bulk_create(to_create, batch_size=_BATCH)
    for rows in (losing_default, other_updates):
        UnitSuccession.objects.bulk_update(rows, ("divided", "is_default"), batch_size=_BATCH)
    counts = LoadCounts(
        created=len(to_create),
        updated=len(losing_default) + len(other_updates),
        unchanged=unchanged,
    )
    return counts, len(stored.keys() - seen)
