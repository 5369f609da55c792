"""Raw counts of a province-year as the engine's value table, kept in memory between requests.

Dashboards compute every figure live through the engine's batch path; what they keep is
only the raw counts they read (never a verdict), keyed by the province-year's change
counter (:class:`~xaso.assessments.models.ValueStamp`). One small query per request tells
whether the kept copy is still current; any write of a raw or verified value makes it
stale at once, in every process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.conf import settings

from xaso.assessments.models import RawValue, Round, ValueStamp, VerifiedValue
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_of
from xaso.engine import CriteriaSet, ValueTable
from xaso.units.catalog import LEGACY, NEW, era_for_year
from xaso.units.models import Unit, UnitSuccession


@dataclass(frozen=True, slots=True)
class Place:
    """A commune as dashboards show it (a plain copy, safe to keep between requests)."""

    pk: int
    era: str
    code: str
    name: str
    short_name: str
    criteria_type: str
    district_pk: int | None
    district_name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class YearTable:
    """Row i of ``table`` is ``places[i]``; ``reported[i]``: the commune stored any value."""

    year: int
    version_pk: int
    criteria: CriteriaSet
    places: tuple[Place, ...]
    table: ValueTable
    reported: npt.NDArray[np.bool_]
    # Pictures evaluated from this table (see selectors.ProvinceData.picture), kept as long
    # as the table itself: a new change counter makes a new table, and so forgets them.
    pictures: dict[Hashable, object] = field(default_factory=dict, compare=False, repr=False)

    def index(self) -> dict[int, int]:
        return {p.pk: i for i, p in enumerate(self.places)}


class _Memory:
    """A small least-recently-used store, shared by the threads of one process."""

    def __init__(self) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Hashable, item: object) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > settings.XASO_DASHBOARD_CACHE_ENTRIES:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_memory = _Memory()


def memory_clear() -> None:
    """Forget every kept table (tests; after loading units)."""
    _memory.clear()


@dataclass(frozen=True, slots=True)
class Stamp:
    province_pk: int
    era: str
    year: int
    version_pk: int
    generation: int
    changed_at: object = None  # with the generation: a counter deleted and made again differs


def stamps_for(province_code: str) -> list[Stamp]:
    """Every (era, year, version) a province has values for, with its change counter.

    Both eras at once: Thanh Hóa is the same code before and after 1/7/2025. One query.
    """
    rows = ValueStamp.objects.filter(
        province__code=province_code, province__level=Unit.Level.PROVINCE
    ).values_list(
        "province_id", "province__era", "year", "criteria_version_id", "generation", "changed_at"
    )
    ordered = sorted(rows, key=lambda r: (r[2], r[5]))  # latest change last
    return [Stamp(p, era, y, v, g, at) for p, era, y, v, g, at in ordered]


def version_for(
    stamps: Iterable[Stamp], province: Unit, year: int, round_: Round | None
) -> int | None:
    """The criteria version a province-year is read under: its round's, else the version
    whose values changed last that year (None when there are no values at all)."""
    if round_ is not None:
        return round_.criteria_version_id
    chosen = None
    for s in stamps:
        if s.province_pk == province.pk and s.year == year:
            chosen = s.version_pk
    return chosen


def _generation(
    stamps: Iterable[Stamp], province_pk: int, year: int, version_pk: int
) -> tuple[int, object]:
    return next(
        (
            (s.generation, s.changed_at)
            for s in stamps
            if (s.province_pk, s.year, s.version_pk) == (province_pk, year, version_pk)
        ),
        (0, None),
    )


def _places(province: Unit) -> list[Place]:
    rows = (
        Unit.objects.filter(era=province.era, level=Unit.Level.COMMUNE, province=province)
        .order_by("code")
        .values_list(
            "pk", "code", "name", "short_name", "type", "parent_id", "parent__name", "lat", "lon"
        )
    )
    out = []
    for pk, code, name, short, type_, parent_pk, parent_name, lat, lon in rows:
        district = parent_pk if province.era == LEGACY else None
        criteria_type = "dac_khu" if type_ == "huyen_dao" else type_
        out.append(
            Place(
                pk,
                province.era,
                code,
                name,
                short,
                criteria_type,
                district,
                parent_name if district else "",
                lat,
                lon,
            )
        )
    return out


def _table(
    cs: CriteriaSet,
    places: list[Place],
    year: int,
    values: Iterable[tuple[int, str, int]],
) -> tuple[ValueTable, npt.NDArray[np.bool_]]:
    """Columns straight from (unit pk, variable, value) rows: no dict per commune."""
    rows = {p.pk: i for i, p in enumerate(places)}
    n = len(places)
    columns = {v.code: np.zeros(n, dtype=np.int64) for v in cs.variables}
    missing = {v.code: np.ones(n, dtype=np.bool_) for v in cs.variables}
    reported = np.zeros(n, dtype=np.bool_)
    for unit_pk, variable, value in values:
        i = rows.get(unit_pk)
        column = columns.get(variable)
        if i is None or column is None:
            continue  # a variable of another version, a unit of another province
        column[i] = value
        missing[variable][i] = False
        reported[i] = True
    table = ValueTable(
        columns=columns,
        missing={code: mask for code, mask in missing.items() if mask.any()},
        unit_codes=[p.code for p in places],
        unit_names=[p.name for p in places],
        years=[year] * n,
        unit_types=[p.criteria_type for p in places],
        yes_no=frozenset(v.code for v in cs.variables if v.kind == "yes_no"),
        lines=list(range(2, n + 2)),
    )
    return table, reported


def _read(province: Unit, year: int, version: CriteriaSetVersion) -> YearTable:
    """Three queries: the communes, their raw counts, and reviewers' verified values."""
    cs = criteria_set_of(version)
    places = _places(province)
    # By the communes' ids rather than a join on the province: the (version, year, unit)
    # index then serves the read whatever the database's statistics say.
    raw = RawValue.objects.filter(
        criteria_version=version, year=year, unit_id__in=[p.pk for p in places]
    ).values_list("unit_id", "variable", "value")
    # Verified values replace reported ones: the district's, then the province's.
    verified = (
        VerifiedValue.objects.filter(
            assessment__round__province=province,
            assessment__round__year=year,
            assessment__round__criteria_version=version,
        )
        .order_by("stage")  # "district" < "province": the province's value is applied last
        .values_list("assessment__unit_id", "variable", "value")
    )
    table, reported = _table(cs, places, year, [*raw, *verified])
    return YearTable(year, version.pk, cs, tuple(places), table, reported)


def year_table(
    *, province: Unit, year: int, version: CriteriaSetVersion, stamps: Iterable[Stamp]
) -> YearTable:
    """The province-year's raw counts under ``version``, as the engine reads them.

    No query when the kept copy is current (``stamps`` come from :func:`stamps_for`).
    """
    if province.era != era_for_year(year):
        raise ValueError(f"{province.name} ({province.era}) không dùng cho năm {year}")
    key = (
        "year",
        province.pk,
        year,
        version.pk,
        _generation(stamps, province.pk, year, version.pk),
    )
    kept = _memory.get(key)
    if isinstance(kept, YearTable):
        return kept
    fresh = _read(province, year, version)
    _memory.put(key, fresh)
    return fresh


@dataclass(frozen=True)
class RegroupedYear:
    """A legacy year's counts summed into a 2025 province's communes (exactly, by the engine)."""

    year: int
    table: ValueTable
    places: tuple[Place, ...]
    exact: tuple[bool, ...]
    notes: tuple[tuple[str, ...], ...]


def legacy_sources(province: Unit) -> list[int]:
    """The legacy provinces whose communes became part of a 2025 province. One query."""
    return sorted(
        set(
            UnitSuccession.objects.filter(successor__province=province)
            .values_list("predecessor__province_id", flat=True)
            .distinct()
        )
    )


def regrouped_year(*, province: Unit, year: int, version: CriteriaSetVersion) -> RegroupedYear:
    """``year`` (legacy) in ``province``'s 2025 communes, exactly summed by the engine.

    Two queries when the kept copy is current: the legacy provinces it draws on, and their
    change counters (a merged province draws on several).
    """
    from xaso.assessments.selectors import regrouped_table

    if province.era != NEW:
        raise ValueError("regrouped_year needs a 2025 province")
    sources = legacy_sources(province)
    generations = tuple(
        ValueStamp.objects.filter(province_id__in=sources, year=year, criteria_version=version)
        .order_by("province_id")
        .values_list("province_id", "generation", "changed_at")
    )
    key = ("regrouped", province.pk, year, version.pk, generations)
    kept = _memory.get(key)
    if isinstance(kept, RegroupedYear):
        return kept
    regrouped, _targets = regrouped_table(criteria_version=version, year=year, province=province)
    places = {p.code: p for p in _places(province)}
    fresh = RegroupedYear(
        year=year,
        table=regrouped.table,
        places=tuple(places[code] for code in regrouped.table.unit_codes),
        exact=tuple(regrouped.exact),
        notes=tuple(regrouped.notes),
    )
    _memory.put(key, fresh)
    return fresh
