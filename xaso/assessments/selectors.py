"""Reads of raw counts as the engine's value tables, in a fixed number of queries.

Nothing here decides a verdict: selectors hand a :class:`ValueTable` (and, for merged
communes, a :class:`Regrouped`) to the engine.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_of
from xaso.engine import CriteriaSet, Link, Regrouped, TargetUnit, ValueTable, regroup
from xaso.units.catalog import ERA_NAMES, LEGACY, NEW, era_for_year
from xaso.units.models import Unit, UnitSuccession

from .models import RawValue


def _criteria(version: CriteriaSetVersion) -> CriteriaSet:
    return criteria_set_of(version)


def _values_by_unit(
    *, criteria_version: CriteriaSetVersion, years: list[int], units: QuerySet[Unit]
) -> dict[tuple[int, int], dict[str, int]]:
    found: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = RawValue.objects.filter(
        criteria_version=criteria_version, year__in=years, unit__in=units.values("pk")
    ).values_list("unit_id", "year", "variable", "value")
    for unit_id, year, variable, value in rows:
        found[(unit_id, year)][variable] = value
    return found


def _records(
    cs: CriteriaSet,
    units: list[Unit],
    years: list[int],
    found: dict[tuple[int, int], dict[str, int]],
    *,
    only_reported: bool,
) -> list[dict]:
    yes_no = {v.code for v in cs.variables if v.kind == "yes_no"}
    records = []
    for year in years:
        for unit in units:
            values = found.get((unit.pk, year))
            if values is None and only_reported:
                continue
            record: dict[str, object] = {
                code: (bool(v) if code in yes_no else v) for code, v in (values or {}).items()
            }
            record.update(
                unit_code=unit.code, unit_name=unit.name, year=year, unit_type=unit.criteria_type
            )
            records.append(record)
    return records


def value_table(
    *,
    criteria_version: CriteriaSetVersion,
    year: int,
    units: QuerySet[Unit],
    only_reported: bool = False,
) -> tuple[ValueTable, list[Unit]]:
    """Raw counts of ``units`` (as they were in ``year``) as one table, row i = units[i].

    A unit with nothing stored gets an empty row (every indicator "missing") unless
    ``only_reported``. Two queries, whatever the number of units.
    """
    cs = _criteria(criteria_version)
    unit_list = list(units.select_related("parent", "province"))
    wrong = [u for u in unit_list if u.era != era_for_year(year)]
    if wrong:
        raise ValueError(
            f"Năm {year} dùng đơn vị {ERA_NAMES[era_for_year(year)]}; không dùng được "
            + ", ".join(f"{u.name} ({u.code}, {ERA_NAMES[u.era]})" for u in wrong[:5])
        )
    found = _values_by_unit(criteria_version=criteria_version, years=[year], units=units)
    if only_reported:
        unit_list = [u for u in unit_list if (u.pk, year) in found]
    records = _records(cs, unit_list, [year], found, only_reported=only_reported)
    return ValueTable.from_records(cs, records), unit_list


def regrouped_table(
    *, criteria_version: CriteriaSetVersion, year: int, province: Unit
) -> tuple[Regrouped, dict[str, Unit]]:
    """A legacy year's raw counts regrouped into ``province``'s 2025 communes, exactly.

    ``province`` is a 2025 province. Summing raw counts (never averaging percentages) is
    done by the engine; divided communes and missing parts are explained in the notes.
    Returns the regrouped table and the 2025 communes by code. Five queries.
    """
    if province.era != NEW or province.level != Unit.Level.PROVINCE:
        raise ValueError("regrouped_table needs a province of the 2025 list")
    cs = _criteria(criteria_version)
    targets = {
        u.code: u for u in Unit.objects.filter(era=NEW, level=Unit.Level.COMMUNE, province=province)
    }
    links = list(
        UnitSuccession.objects.filter(successor__province=province).values_list(
            "predecessor_id",
            "predecessor__code",
            "predecessor__name",
            "successor__code",
            "divided",
            "is_default",
        )
    )
    legacy_ids = {pid for pid, *_ in links}
    legacy_units = list(Unit.objects.filter(pk__in=legacy_ids, era=LEGACY).order_by("code"))
    found = _values_by_unit(
        criteria_version=criteria_version,
        years=[year],
        units=Unit.objects.filter(pk__in=legacy_ids),
    )
    records = _records(cs, legacy_units, [year], found, only_reported=True)
    regrouped = regroup(
        cs,
        ValueTable.from_records(cs, records),
        [Link(code, target, divided, default) for _, code, _, target, divided, default in links],
        {code: TargetUnit(code, u.name, u.criteria_type) for code, u in targets.items()},
        source_names={code: name for _, code, name, *_ in links},
    )
    return regrouped, targets


def assessment_values(assessment: Any, *, verified: bool = True) -> dict[str, int | bool]:
    """The values the engine evaluates for an assessment.

    The commune's own values, overridden by verified ones (the province's over the
    district's) when ``verified``. Yes/no answers come back as booleans. Two queries.
    """
    reported, by_reviewers = assessment_value_rows(assessment)
    return verified_over(assessment, reported, by_reviewers) if verified else reported


def assessment_value_rows(assessment: Any) -> tuple[dict[str, int | bool], dict[str, Any]]:
    """(the commune's own values, the reviewers' VerifiedValue rows by variable), in two
    queries: what an assessment page needs to show both, and to evaluate the verified ones
    (:func:`verified_over`). The province's row wins over the district's.
    """
    from .models import VerifiedValue

    r = assessment.round
    yes_no = _yes_no(r.criteria_version)
    reported = {
        k: (bool(v) if k in yes_no else v)
        for k, v in RawValue.objects.filter(
            unit=assessment.unit, year=r.year, criteria_version=r.criteria_version
        ).values_list("variable", "value")
    }
    rows = {
        v.variable: v for v in VerifiedValue.objects.filter(assessment=assessment).order_by("stage")
    }  # "district" < "province": the province's is the last written, so it wins
    return reported, rows


def verified_over(
    assessment: Any, reported: dict[str, int | bool], rows: dict[str, Any]
) -> dict[str, int | bool]:
    """The values the engine evaluates: the commune's, with the reviewers' over them."""
    return {**reported, **_as_values(assessment, rows)}


def _as_values(assessment: Any, rows: dict[str, Any]) -> dict[str, int | bool]:
    yes_no = _yes_no(assessment.round.criteria_version)
    return {k: (bool(row.value) if k in yes_no else row.value) for k, row in rows.items()}


def _yes_no(version: CriteriaSetVersion) -> frozenset[str]:
    return frozenset(v.code for v in _criteria(version).variables if v.kind == "yes_no")


def assessment_criteria(assessment: Any) -> CriteriaSet:
    """The criteria set an assessment is made under (its round's version; cached parse)."""
    return _criteria(assessment.round.criteria_version)
