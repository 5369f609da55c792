"""Everything a province's dashboards read, in a fixed number of queries.

:class:`ProvinceData` reads the workflow side (rounds, plans, assignments, recognitions)
for every year of a province at once; raw counts come from :mod:`.data` (kept between
requests while unchanged). :meth:`ProvinceData.picture` evaluates one year with the
engine. The number of queries does not depend on the number of communes (tests pin it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from xaso.assessments.models import Assessment, PlanYear, Round
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_of
from xaso.engine import BatchResult, CriteriaSet, evaluate_batch
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .data import Stamp, YearTable, stamps_for, version_for, year_table
from .figures import Picture

# Different selections kept per year table (a province, its districts, a few states).
_PICTURES_PER_TABLE = 64


class NoData(LookupError):
    """Nothing to show: an unknown province, or a year without figures."""


@dataclass
class ProvinceData:
    code: str
    provinces: dict[str, Unit]  # era -> the province as a unit of that era
    stamps: list[Stamp]
    rounds: dict[int, Round]
    plans: dict[int, PlanYear]
    assigned: dict[int, set[int]]
    recognised: dict[int, set[int]]
    in_round: dict[int, set[int]]
    versions: dict[int, CriteriaSetVersion]
    _pictures: dict[tuple[int, frozenset[int] | None], Picture] = field(
        default_factory=dict, repr=False
    )

    @property
    def name(self) -> str:
        latest = self.provinces.get("2025") or next(iter(self.provinces.values()))
        return latest.name

    @property
    def years(self) -> list[int]:
        return sorted({s.year for s in self.stamps} | set(self.rounds))

    def province(self, year: int) -> Unit:
        try:
            return self.provinces[era_for_year(year)]
        except KeyError:
            raise NoData(f"{self.code}/{year}") from None

    def version(self, year: int, version_pk: int | None = None) -> CriteriaSetVersion:
        pk = version_pk or version_for(
            self.stamps, self.province(year), year, self.rounds.get(year)
        )
        if pk is None or pk not in self.versions:
            raise NoData(f"{self.code}/{year}")
        return self.versions[pk]

    def criteria(self, year: int) -> CriteriaSet:
        v = self.version(year)
        return criteria_set_of(v)

    def table(self, year: int, version_pk: int | None = None) -> YearTable:
        return year_table(
            province=self.province(year),
            year=year,
            version=self.version(year, version_pk),
            stamps=self.stamps,
        )

    def target(self, year: int) -> int | None:
        plan = self.plans.get(year)
        return plan.target if plan else None

    def picture(self, year: int, *, district_pks: set[int] | None = None) -> Picture:
        """``year`` evaluated by the engine; ``district_pks`` limits the counts.

        Evaluated once per request and selection (the overview needs every year).
        """
        key = (year, None if district_pks is None else frozenset(district_pks))
        if key not in self._pictures:
            self._pictures[key] = self._picture(year, district_pks)
        return self._pictures[key]

    def _picture(self, year: int, district_pks: set[int] | None) -> Picture:
        """Kept with the year's table between requests: the engine's batch run and the
        one-step search are done once per change of the raw counts (the table's counter)
        and of the workflow facts (part of the key), not once per page view."""
        yt = self.table(year)
        assigned = frozenset(self.assigned.get(year, ()))
        recognised = frozenset(self.recognised.get(year, ()))
        in_round = frozenset(self.in_round.get(year, ()))
        key = (
            None if district_pks is None else frozenset(district_pks),
            assigned,
            recognised,
            in_round,
        )
        kept = yt.pictures.get(key)
        if isinstance(kept, Picture):
            return kept
        # One batch run per table, shared by its pictures (they differ only by masks of a
        # few hundred booleans), so the memory kept per table stays about one evaluation.
        batch = yt.pictures.get("batch")
        if not isinstance(batch, BatchResult):
            batch = yt.pictures["batch"] = evaluate_batch(yt.criteria, yt.table)
        picture = picture_of(
            yt,
            assigned=set(assigned),
            recognised=set(recognised),
            in_round=set(in_round),
            district_pks=district_pks,
            batch=batch,
        )
        if len(yt.pictures) > _PICTURES_PER_TABLE:
            yt.pictures.clear()  # many districts and states seen: start again, simply
            yt.pictures["batch"] = batch
        yt.pictures[key] = picture
        return picture


def picture_of(
    yt: YearTable,
    *,
    assigned: set[int],
    recognised: set[int],
    in_round: set[int],
    district_pks: set[int] | None = None,
    criteria: CriteriaSet | None = None,
    batch: BatchResult | None = None,
) -> Picture:
    """A year table evaluated (under ``criteria`` if given, for "what if"); ``batch`` is
    the table's evaluation when already at hand."""
    cs = criteria or yt.criteria
    table = yt.table if criteria is None else yt.table.for_criteria(cs)
    pks = np.array([p.pk for p in yt.places], dtype=np.int64)

    def mask(ids: set[int]) -> np.ndarray:
        return np.isin(pks, np.fromiter(ids, dtype=np.int64, count=len(ids)))

    if district_pks is None:
        select = np.ones(len(pks), dtype=np.bool_)
    else:
        districts = np.array([p.district_pk or 0 for p in yt.places], dtype=np.int64)
        select = np.isin(districts, np.fromiter(district_pks, dtype=np.int64))
    return Picture(
        year=yt.year,
        criteria=cs,
        places=yt.places,
        batch=batch if batch is not None and criteria is None else evaluate_batch(cs, table),
        reported=yt.reported,
        assigned=mask(assigned),
        recognised=mask(recognised),
        in_round=mask(in_round),
        select=select,
    )


def province_data(code: str) -> ProvinceData:
    """Seven queries, whatever the number of years and communes."""
    provinces = {
        u.era: u for u in Unit.objects.filter(level=Unit.Level.PROVINCE, code=code).order_by("era")
    }
    if not provinces:
        raise NoData(code)
    stamps = stamps_for(code)
    rounds = {r.year: r for r in Round.objects.filter(province__in=provinces.values())}
    plans = {p.year: p for p in PlanYear.objects.filter(province__in=provinces.values())}
    assigned: dict[int, set[int]] = defaultdict(set)
    year_of_plan = {p.pk: p.year for p in plans.values()}
    for plan_pk, unit_pk in PlanYear.assigned.through.objects.filter(
        planyear_id__in=year_of_plan
    ).values_list("planyear_id", "unit_id"):
        assigned[year_of_plan[plan_pk]].add(unit_pk)
    recognised: dict[int, set[int]] = defaultdict(set)
    in_round: dict[int, set[int]] = defaultdict(set)
    year_of_round = {r.pk: r.year for r in rounds.values()}
    for round_pk, unit_pk, status in Assessment.objects.filter(
        round_id__in=year_of_round
    ).values_list("round_id", "unit_id", "status"):
        in_round[year_of_round[round_pk]].add(unit_pk)
        if status == Assessment.Status.RECOGNISED:
            recognised[year_of_round[round_pk]].add(unit_pk)
    wanted = {s.version_pk for s in stamps} | {r.criteria_version_id for r in rounds.values()}
    versions = {
        v.pk: v for v in CriteriaSetVersion.objects.filter(pk__in=wanted).defer("yaml_text")
    }
    return ProvinceData(
        code, provinces, stamps, rounds, plans, assigned, recognised, in_round, versions
    )
