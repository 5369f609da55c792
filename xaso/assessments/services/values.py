"""Writes of raw counts. Every write checks the values with the engine first and stores
nothing when anything is wrong; only rows whose value changed are touched. A province-year
keeps one criteria version (:func:`year_version_check`, shared with the rounds)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.engine import CriteriaSet, Problem, ValuesInvalid, check_values
from xaso.engine.validate import MAX_DIGITS, MAX_VALUE
from xaso.units.catalog import ERA_NAMES, era_for_year
from xaso.units.models import Unit

from ..models import RawValue, Round, ValueStamp
from .audit import audit_rows, audit_text
from .errors import NotAllowed
from .rows import insert_rows
from .stamps import values_changed

Value = int | bool | None
# The largest count stored: 15 digits, far above any commune's figure and well inside the
# 64-bit column (a larger number would fail in the database instead of with a message).


def _criteria(version: CriteriaSetVersion) -> CriteriaSet:
    return criteria_set_get(set_id=version.set_id, version=version.version)


def _problems(cs: CriteriaSet, unit: Unit, year: int, values: Mapping[str, Value]) -> list[Problem]:
    where = f"{unit.name} ({unit.code}), năm {year}"

    def at(message: str, field: str = "") -> Problem:
        return Problem(message, where, None, field, "ô", "đơn vị")

    problems = []
    if unit.level != Unit.Level.COMMUNE:
        problems.append(at("số liệu chỉ nhập cho đơn vị cấp xã"))
    if unit.era != era_for_year(year):
        problems.append(
            at(
                f"năm {year} phải dùng đơn vị {ERA_NAMES[era_for_year(year)]}, "
                f"còn đơn vị này thuộc thời kỳ {ERA_NAMES[unit.era]}"
            )
        )
    unknown = sorted(set(values) - set(cs.variable_codes))
    if unknown:
        problems.append(at(f"biến không có trong bộ tiêu chí {cs.key}: {', '.join(unknown)}"))
    huge = sorted(k for k, v in values.items() if v is not None and int(v) > MAX_VALUE)
    if huge:
        problems.append(at(f"số quá lớn (tối đa {MAX_DIGITS} chữ số): {', '.join(huge)}"))
    known = {
        k: v for k, v in values.items() if v is not None and k not in unknown and k not in huge
    }
    problems += [at(p.message, p.field) for p in check_values(cs, known)]
    return problems


def year_version_check(
    *,
    places: Iterable[tuple[int | None, int]],
    criteria_version: CriteriaSetVersion,
    rounds: bool = True,
) -> None:
    """Raise NotAllowed unless each (province id, year) may take figures (or a round) under
    ``criteria_version``: it has none yet, or only under this version.

    The dashboards read a province-year under its round's version, else under the version
    whose figures changed last: figures under a second version would silently switch the
    year to them (547 communes' figures hidden behind one commune's), and a round under a
    second version would hide the figures already there. So a year keeps the version of its
    first figures or round. ``rounds=False`` leaves rounds to :func:`round_check`, which
    allows one per year anyway.
    Unless every place already has figures under this version, the provinces' rows are
    locked first, in id order, so that two first loads of one year under two versions cannot
    both pass; call inside the transaction that writes.
    """
    wanted = {(province, year) for province, year in places if province is not None}
    if not wanted:
        return
    rows = Unit.objects.filter(pk__in={province for province, _year in wanted}).order_by("pk")
    # The lock only guards a year's first figures under a version. Once every place has
    # figures under this version, a writer of another version must take the lock and will
    # see them: a commune's everyday save then checks without waiting for its neighbours.
    settled = set(
        ValueStamp.objects.filter(
            province__in={p for p, _y in wanted},
            year__in={y for _p, y in wanted},
            criteria_version=criteria_version,
        ).values_list("province_id", "year")
    )
    if not wanted <= settled:
        rows = rows.select_for_update(no_key=True)
    provinces = dict(rows.values_list("pk", "name"))
    years = {year for _province, year in wanted}
    figures = (
        ValueStamp.objects.filter(province__in=provinces, year__in=years)
        .exclude(criteria_version=criteria_version)
        .select_related("criteria_version")
        .order_by("province_id", "year", "criteria_version_id")
    )
    for stamp in figures:
        if (stamp.province_id, stamp.year) in wanted:
            raise NotAllowed(
                _(
                    "%(province)s, năm %(year)s, đã có số liệu theo bộ tiêu chí %(other)s, nên "
                    "số liệu và đợt đánh giá của năm phải dùng %(other)s, không thể dùng "
                    "%(version)s: nếu không, các trang tổng hợp của năm sẽ không còn đọc được "
                    "số liệu đã có."
                )
                % {
                    "province": provinces[stamp.province_id],
                    "year": stamp.year,
                    "other": stamp.criteria_version.key,
                    "version": criteria_version.key,
                }
            )
    if not rounds:
        return
    others = (
        Round.objects.filter(province__in=provinces, year__in=years)
        .exclude(criteria_version=criteria_version)
        .select_related("criteria_version")
        .order_by("province_id", "year")
    )
    for r in others:
        if (r.province_id, r.year) in wanted:
            raise NotAllowed(
                _(
                    "%(province)s, năm %(year)s, đã có đợt đánh giá «%(name)s» theo bộ tiêu chí "
                    "%(other)s, nên số liệu của năm phải dùng %(other)s, không thể dùng "
                    "%(version)s: nếu không, các trang tổng hợp của năm sẽ không còn đọc được "
                    "số liệu của đợt."
                )
                % {
                    "province": provinces[r.province_id],
                    "year": r.year,
                    "name": r.name,
                    "other": r.criteria_version.key,
                    "version": criteria_version.key,
                }
            )


def _stored(value: int | bool) -> int:
    return int(value)


def _raw(
    unit: Unit, year: int, version: CriteriaSetVersion, code: str, value: int | bool
) -> RawValue:
    return RawValue(
        unit=unit, year=year, criteria_version=version, variable=code, value=_stored(value)
    )


@dataclass(frozen=True, slots=True)
class Change:
    variable: str
    old: int | None
    new: int | None


def values_set(
    *,
    unit: Unit,
    year: int,
    criteria_version: CriteriaSetVersion,
    values: Mapping[str, Value],
    user: object | None = None,
) -> int:
    """:func:`values_write`, returning only how many values changed."""
    return len(
        values_write(
            unit=unit, year=year, criteria_version=criteria_version, values=values, user=user
        )
    )


@transaction.atomic
def values_write(
    *,
    unit: Unit,
    year: int,
    criteria_version: CriteriaSetVersion,
    values: Mapping[str, Value],
    user: object | None = None,
) -> list[Change]:
    """Store some of one unit-year's raw counts; ``None`` clears a value.

    The given values are checked together with the ones already stored (a part must not
    exceed its whole even if only the part changed). Raises :class:`ValuesInvalid` with
    Vietnamese messages and stores nothing when any check fails, and NotAllowed for a year
    already read under another version (:func:`year_version_check`). Returns what changed.
    """
    cs = _criteria(criteria_version)
    year_version_check(places=[(unit.province_id, year)], criteria_version=criteria_version)
    rows = {
        r.variable: r
        for r in RawValue.objects.select_for_update().filter(
            unit=unit, year=year, criteria_version=criteria_version
        )
    }
    merged: dict[str, Value] = {code: r.value for code, r in rows.items()}
    merged.update(values)
    for var in cs.variables:  # yes/no answers are stored as 0/1 but checked as booleans
        if var.kind == "yes_no" and merged.get(var.code) is not None:
            merged[var.code] = bool(merged[var.code])
    problems = _problems(cs, unit, year, merged)
    if problems:
        raise ValuesInvalid(problems)
    create, update, clear = [], [], []
    changes: list[Change] = []
    for code, value in values.items():
        row = rows.get(code)
        if value is None:
            if row is not None:
                clear.append(row.pk)
                changes.append(Change(code, row.value, None))
        elif row is None:
            create.append(_raw(unit, year, criteria_version, code, value))
            changes.append(Change(code, None, _stored(value)))
        elif row.value != _stored(value):
            changes.append(Change(code, row.value, _stored(value)))
            row.value = _stored(value)
            update.append(row)
    RawValue.objects.bulk_create(create)
    RawValue.objects.bulk_update(update, ["value", "updated_at"])
    RawValue.objects.filter(pk__in=clear).delete()
    if changes:
        values_changed(places=[(unit.province_id, year)], criteria_version_id=criteria_version.pk)
    return changes


@dataclass(frozen=True)
class BulkResult:
    created_unit_years: int
    skipped_unit_years: int
    rows: int


@transaction.atomic
def values_bulk_load(
    *,
    criteria_version: CriteriaSetVersion,
    rows: Iterable[tuple[Unit, int, Mapping[str, Value]]],
    user: object | None = None,
    batch_size: int = 5000,
) -> BulkResult:
    """Store many unit-years at once (demo data, a province's import).

    A unit-year that already has values under this version is left as it is (loading twice
    changes nothing). Every unit-year is checked first; if any is wrong, nothing is stored
    and :class:`ValuesInvalid` lists every problem. A province-year already read under
    another version is refused with NotAllowed (:func:`year_version_check`).
    """
    cs = _criteria(criteria_version)
    rows = list(rows)
    year_version_check(
        places=[(unit.province_id, year) for unit, year, _values in rows],
        criteria_version=criteria_version,
    )
    present = set(
        RawValue.objects.filter(criteria_version=criteria_version)
        .values_list("unit_id", "year")
        .distinct()
    )
    problems: list[Problem] = []
    new: list[RawValue] = []
    places: set[tuple[int, int]] = set()
    skipped = created = 0
    for unit, year, values in rows:
        if (unit.pk, year) in present:
            skipped += 1
            continue
        problems += _problems(cs, unit, year, values)
        created += 1
        places.add((unit.province_id, year))
        new += [
            _raw(unit, year, criteria_version, code, value)
            for code, value in values.items()
            if value is not None
        ]
    if problems:
        raise ValuesInvalid(problems)
    RawValue.objects.bulk_create(new, batch_size=batch_size)
    values_changed(places=places, criteria_version_id=criteria_version.pk)
    return BulkResult(created, skipped, len(new))


@dataclass(frozen=True)
class ImportResult:
    units: int  # units with at least one change
    values: int  # values changed


@transaction.atomic
def values_import(
    *,
    year: int,
    criteria_version: CriteriaSetVersion,
    rows: Iterable[tuple[Unit, Mapping[str, Value]]],
    user: object,
    source: str,
) -> ImportResult:
    """Store many units' raw counts at once (a province's workbook), all or nothing.

    The same checks as :func:`values_write` — each unit's given values merged with its
    stored ones, checked by the engine — and one audit entry per changed value naming
    ``source`` (the file). Permission is the caller's to check. Raises ValuesInvalid with
    every problem of every unit, or NotAllowed for a year already read under another
    version (:func:`year_version_check`), and stores nothing then.
    """
    cs = _criteria(criteria_version)
    rows = [(unit, dict(values)) for unit, values in rows]
    year_version_check(
        places=[(unit.province_id, year) for unit, _values in rows],
        criteria_version=criteria_version,
    )
    stored: dict[int, dict[str, RawValue]] = {}
    for r in RawValue.objects.select_for_update().filter(
        criteria_version=criteria_version, year=year, unit__in=[u for u, _v in rows]
    ):
        stored.setdefault(r.unit_id, {})[r.variable] = r
    problems: list[Problem] = []
    for unit, values in rows:
        merged: dict[str, Value] = {c: r.value for c, r in stored.get(unit.pk, {}).items()}
        merged.update(values)
        for var in cs.variables:
            if var.kind == "yes_no" and merged.get(var.code) is not None:
                merged[var.code] = bool(merged[var.code])
        problems += _problems(cs, unit, year, merged)
    if problems:
        raise ValuesInvalid(problems)
    # Tens of thousands of rows: new values and audit entries are inserted as plain rows
    # (no model instance each, which is most of the cost); changed values are updated.
    now = timezone.now()
    actor = user.pk if getattr(user, "is_authenticated", False) else None
    create: list[tuple[object, ...]] = []
    update: list[RawValue] = []
    entries: list[tuple[object, ...]] = []
    places: set[tuple[int, int]] = set()
    changed_units = 0
    for unit, values in rows:
        before = stored.get(unit.pk, {})
        changed = False
        for code, value in values.items():
            if value is None:
                continue  # an empty cell changes nothing
            row = before.get(code)
            new = _stored(value)
            if row is not None and row.value == new:
                continue
            old = None if row is None else row.value
            if row is None:
                create.append((unit.pk, year, criteria_version.pk, code, new, now))
            else:
                row.value, row.updated_at = new, now
                update.append(row)
            entries.append(
                (now, actor, "value:import", None, f"{unit.code}/{year}", code,
                 audit_text(old), audit_text(new), source)
            )  # fmt: skip
            changed = True
        if changed:
            changed_units += 1
            places.add((unit.province_id, year))
    insert_rows(
        RawValue, ("unit", "year", "criteria_version", "variable", "value", "updated_at"), create
    )
    RawValue.objects.bulk_update(update, ["value", "updated_at"], batch_size=2000)
    audit_rows(entries)
    values_changed(places=places, criteria_version_id=criteria_version.pk)
    return ImportResult(changed_units, len(entries))
