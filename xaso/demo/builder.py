"""Deterministic demo data: raw counts for Thanh Hóa (547 legacy communes, 2022–2024, and
its 166 communes of 2025) and Vĩnh Phúc (121 legacy communes, 2022–2024).

The same builder feeds the tests and ``make demo``. Plain Python (no Django): it returns
raw counts per (era, unit code, year); ``manage.py load_demo`` stores them.

How the story is made. Each commune gets a size (population, adults, households,
businesses … in plausible proportions) and a readiness that improves every year. A
commune's readiness decides how many indicators it still fails; which ones follows a fixed
per-commune order weighted toward the indicators the articles call hard (3.12, 3.10, 3.11,
3.4, 2.1, 4.7), so failures shrink year on year and never reappear. Raw counts are then
drawn so that each indicator is met or missed as decided: about a tenth of Thanh Hóa
completes in 2022, a fifth in 2023 (114 of 558 were recognised for 2023), nearly half in
2024. The cases the articles describe are written in by hand:

* xã Quảng Hòa (Quảng Xương) misses only 4.7, the IT-enabled radio, in 2023;
* xã Thăng Long (Nông Cống) misses 3.10, 3.11 and 3.12 in 2023 — 1,180 of 4,210 adults
  have a digital signature (83 short of 30 %), 599 of 999 households pay electricity
  without cash (1 short of 60 %);
* xã Hoằng Tiến (Hoằng Hóa) has 40 small businesses and too few use e-contracts (2.1).

The 2025 communes' sizes are the sums of the legacy communes merged into them (a divided
commune counted in its designated successor) and their readiness the population-weighted
mean of their parts'. A merged commune only completes when every part does, so 2024
figures regrouped into 2025 communes complete far fewer than the communes' own 2025 data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from xaso.engine import CriteriaSet, Indicator, check_values
from xaso.units.catalog import LEGACY, NEW, PROVINCE, Catalog, fold

THANH_HOA = "38"
VINH_PHUC = "26"
LEGACY_YEARS = (2022, 2023, 2024)
NEW_YEAR = 2025
SEED = 1829

# Readiness added by each year (programme momentum), calibrated to the reported numbers.
BOOST = {2022: 0.0, 2023: 0.10, 2024: 0.34, 2025: 0.44}
READY = 0.88  # readiness at which a commune fails nothing

# How often an indicator holds communes back (seeds 000–004 name these as hard).
HARD = {
    "3.12": 10.0, "3.10": 10.0, "3.11": 9.0, "3.4": 7.0, "2.1": 7.0, "4.7": 6.0,
    "2.4": 5.0, "4.6": 4.0, "2.3": 4.0, "3.3": 4.0, "3.6": 3.0, "1.4": 3.0, "3.2": 3.0,
    "3.1": 3.0, "3.7": 3.0, "4.5": 3.0, "2.6": 3.0, "2.5": 2.0,
}  # fmt: skip

MOUNTAIN_DISTRICTS = {
    "Mường Lát", "Quan Sơn", "Quan Hóa", "Bá Thước", "Lang Chánh", "Thường Xuân",
    "Như Xuân", "Như Thanh", "Cẩm Thủy", "Ngọc Lặc", "Thạch Thành",
}  # fmt: skip

# (legacy code, year) -> the indicators that commune fails that year.
ARTICLE_CASES: dict[tuple[str, int], tuple[str, ...]] = {
    ("16483", 2022): ("4.7", "3.12"),  # Quảng Hòa, Quảng Xương (seed 001)
    ("16483", 2023): ("4.7",),
    ("16483", 2024): (),
    ("16342", 2022): ("3.10", "3.11", "3.12", "3.4"),  # Thăng Long, Nông Cống (seed 001)
    ("16342", 2023): ("3.10", "3.11", "3.12"),
    ("16342", 2024): ("3.11",),
    ("15988", 2022): ("2.1", "2.3"),  # Hoằng Tiến, Hoằng Hóa (seed 001)
    ("15988", 2023): ("2.1",),
    ("15988", 2024): (),
    ("16063", 2023): (),  # Hoa Lộc, Hậu Lộc: 100 % (seed 002)
    ("15463", 2023): (),  # Định Long, Yên Định: 100 % (seed 003)
}
# The articles' figures, as 2023 sizes (the builder grows sizes by year) …
ARTICLE_SIZES_2023: dict[str, dict[str, float]] = {
    "16342": {
        "population": 5_600,
        "adults": 4_210,
        "households": 1_499,
        "farm_households": 810,
        "addresses": 1_540,
        "students": 1_100,
    },
    "15988": {"businesses": 40, "smes": 40},
}
# … and exact numerators: 1,180 of 4,210 adults sign digitally (83 short of 30 %); 899 of
# 1,499 households pay electricity without cash (1 short of 60 %); 9 of Hoằng Tiến's 40
# businesses use e-contracts.
ARTICLE_COUNTS: dict[tuple[str, int], dict[str, int]] = {
    ("16342", 2023): {"adults_digital_signature": 1180, "households_cashless_electricity": 899},
    ("15988", 2023): {"businesses_econtract": 9},
}
_PEOPLE = ("population", "adults", "households", "students", "addresses", "farm_households")


@dataclass(frozen=True, slots=True)
class DemoRow:
    era: str
    unit_code: str
    year: int
    values: dict[str, int | bool]


@dataclass
class DemoData:
    rows: list[DemoRow]
    # (province code, era, year) -> unit codes assigned that year, most ready first.
    assignments: dict[tuple[str, str, int], list[str]] = field(default_factory=dict)

    def for_year(self, era: str, year: int) -> list[DemoRow]:
        return [r for r in self.rows if r.era == era and r.year == year]


@dataclass
class _Commune:
    code: str
    unit_type: str
    sizes: dict[str, float]
    readiness: float
    order: list[str]


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *key])


def _sizes(rng: np.random.Generator, unit_type: str, mountain: bool) -> dict[str, float]:
    median = {"phuong": 9_500, "thi_tran": 8_500}.get(unit_type, 7_000)
    population = float(np.clip(rng.lognormal(math.log(median), 0.35), 2_000, 30_000))
    if mountain:
        population *= 0.7
    households = population / rng.uniform(3.3, 4.1)
    urban = unit_type != "xa"
    businesses = float(
        rng.integers(30, 150)
        if unit_type == "phuong"
        else rng.integers(20, 90)
        if urban
        else rng.integers(5, 60)
    )
    villages = float(rng.integers(6, 22))
    return {
        "population": population,
        "adults": population * rng.uniform(0.70, 0.78),
        "households": households,
        "officials": float(rng.integers(20, 26) if urban else rng.integers(18, 24)),
        "documents": float(rng.integers(1_800, 5_500)),
        "procedures_received": float(
            rng.integers(900, 3_000) if urban else rng.integers(400, 1_800)
        ),
        "businesses": businesses,
        "smes": max(0.0, businesses - float(rng.integers(0, 4))),
        "farm_households": households
        * (rng.uniform(0.0, 0.15) if unit_type == "phuong" else rng.uniform(0.3, 0.75)),
        "ocop_products": float(rng.integers(0, 5)),
        "shops": float(rng.integers(20, 180)),
        "students": population * rng.uniform(0.17, 0.22),
        "villages": villages,
        "culture_houses": villages - float(rng.integers(0, 3)),
        "addresses": households + float(rng.integers(15, 80)),
    }


def _order(rng: np.random.Generator, cs: CriteriaSet) -> list[str]:
    """A fixed, weighted random order of indicators: the first ones are failed first."""
    keys = {i.code: rng.random() ** (1.0 / HARD.get(i.code, 1.0)) for i in cs.indicators}
    return sorted(keys, key=lambda c: -keys[c])


def _failing(commune: _Commune, year: int) -> list[str]:
    s = commune.readiness + BOOST[year]
    if s >= READY:
        return []
    return commune.order[: min(len(commune.order), 1 + int((READY - s) * 10))]


def _grow(sizes: dict[str, float], year: int) -> dict[str, int]:
    factor = 1.008 ** (year - 2022)
    grown = {k: v * factor if k in _PEOPLE else v for k, v in sizes.items()}
    business_growth = 1.05 ** (year - 2022)
    grown["businesses"] = sizes["businesses"] * business_growth
    grown["smes"] = min(grown["businesses"], sizes["smes"] * business_growth)
    return {k: max(0, math.floor(v + 0.5)) for k, v in grown.items()}


def _meets(ind: Indicator) -> Fraction:
    assert ind.threshold is not None
    return ind.threshold.target


def _values(
    cs: CriteriaSet,
    keys: dict[str, tuple[float, float]],
    progress: float,
    wholes: dict[str, int],
    failing: Iterable[str],
) -> dict[str, int | bool]:
    """Raw counts that meet or miss each indicator as decided.

    ``keys`` holds two fixed random numbers per indicator of the commune (how far above the
    threshold it sits when met, how far below when not); ``progress`` (0 in 2022, growing
    each year) moves both toward more, so a commune's shares do not jump back and forth.
    """
    fail = set(failing)
    values: dict[str, int | bool] = dict(wholes)
    for ind in cs.indicators:
        ok = ind.code not in fail
        if ind.kind == "yes_no":
            assert ind.variable is not None
            values[ind.variable] = ok
            continue
        if ind.kind != "ratio" or ind.numerator is None or ind.denominator is None:
            continue
        part = ind.numerator.variables[0]
        whole = ind.denominator.evaluate(
            {k: int(v) for k, v in values.items() if k in ind.denominator.variables}
        )
        if whole == 0 and not ok:  # something to miss: one item, none of it done
            for var in ind.denominator.variables:
                values[var] = 1
            whole = 1
        target = _meets(ind)
        need = -((-whole * target.numerator) // target.denominator)  # ceil(whole * t)
        above, below = keys[ind.code]
        if ok:
            share = min(1.0, 0.1 + 0.8 * above + progress)
            extra = int((whole - need) * share) if need < whole else 0
            values[part] = min(whole, need + extra)
        else:
            fraction = max(0.02, (0.02 + 0.33 * below) * (1 - progress))
            short = max(1, int(need * fraction))
            values[part] = max(0, need - short)
    return values


def _keys(code: str, cs: CriteriaSet) -> dict[str, tuple[float, float]]:
    rng = _rng(int(code), 4)
    return {i.code: (float(rng.random()), float(rng.random())) for i in cs.indicators}


def _legacy_communes(
    cs: CriteriaSet, catalog: Catalog, province: str, lift: float = 0.0
) -> list[_Commune]:
    out = []
    for unit in catalog.communes(LEGACY, province):
        rng = _rng(int(unit.code), 1)
        district = catalog.district_of(unit)
        mountain = district is not None and district.short_name in MOUNTAIN_DISTRICTS
        readiness = float(rng.uniform(0.0, 1.0)) + lift
        readiness += 0.12 if unit.type == "phuong" else 0.05 if unit.type == "thi_tran" else 0
        readiness -= 0.15 if mountain else 0
        if district is not None and fold(district.short_name) == "yen dinh":
            readiness += 0.15  # all 26 communes were assigned (seed 003)
        sizes = _sizes(rng, unit.type, mountain)
        for key, value in ARTICLE_SIZES_2023.get(unit.code, {}).items():
            sizes[key] = value / (1.008 if key in _PEOPLE else 1.05)  # one year of growth
        out.append(_Commune(unit.code, unit.criteria_type, sizes, readiness, _order(rng, cs)))
    return out


def _rows(
    cs: CriteriaSet, communes: list[_Commune], era: str, years: Iterable[int]
) -> list[DemoRow]:
    rows = []
    for commune in communes:
        keys = _keys(commune.code, cs)
        before: set[str] | None = None
        for year in sorted(years):
            failing = ARTICLE_CASES.get((commune.code, year)) if era == LEGACY else None
            if failing is None:
                failing = tuple(_failing(commune, year))
                if before is not None:  # what a commune has achieved it keeps
                    failing = tuple(c for c in failing if c in before)
            before = set(failing)
            wholes = _grow(commune.sizes, year)
            fixed = ARTICLE_COUNTS.get((commune.code, year), {}) if era == LEGACY else {}
            values = _values(cs, keys, 0.12 * (year - 2022), wholes, failing)
            values.update(fixed)
            problems = check_values(cs, values)
            assert not problems, (commune.code, year, [str(p) for p in problems])
            rows.append(DemoRow(era, commune.code, year, values))
    return rows


def _new_communes(
    cs: CriteriaSet, catalog: Catalog, legacy: list[_Commune], province: str
) -> list[_Commune]:
    by_code = {c.code: c for c in legacy}
    out = []
    for unit in catalog.communes(NEW, province):
        parts = [
            by_code[s.legacy_code]
            for s in catalog.predecessors(unit.code)
            if s.default and s.legacy_code in by_code
        ]
        rng = _rng(int(unit.code), 3)
        if not parts:  # a 2025 commune made only of parts of divided communes
            parts_sizes = [_sizes(rng, unit.type, False)]
            readiness = float(rng.uniform(0.0, 1.0))
        else:
            parts_sizes = [p.sizes for p in parts]
            weight = sum(p.sizes["population"] for p in parts)
            readiness = sum(p.readiness * p.sizes["population"] for p in parts) / weight
        sizes = {k: sum(s[k] for s in parts_sizes) for k in parts_sizes[0]}
        sizes["officials"] = float(rng.integers(28, 40))  # one merged commune office
        sizes["documents"] = float(rng.integers(4_000, 9_000))
        out.append(_Commune(unit.code, unit.criteria_type, sizes, readiness, _order(rng, cs)))
    return out


def _assign(
    communes: list[_Commune], targets: dict[int, int], years: Iterable[int]
) -> dict[int, list[str]]:
    """Each year's assigned communes: the most ready not assigned before."""
    taken: set[str] = set()
    out: dict[int, list[str]] = {}
    for year in years:
        ranked = sorted(
            (c for c in communes if c.code not in taken),
            key=lambda c: (-(c.readiness + BOOST[year]), c.code),
        )
        chosen = [c.code for c in ranked[: targets.get(year, 0)]]
        taken.update(chosen)
        out[year] = chosen
    return out


def build_demo(
    cs: CriteriaSet, catalog: Catalog, plan_targets: dict[int, int] | None = None
) -> DemoData:
    """The whole demo: Thanh Hóa in both eras and Vĩnh Phúc (legacy), with assignments.

    ``plan_targets`` maps a year to the number of Thanh Hóa communes assigned (QĐ 969).
    """
    thanh_hoa = _legacy_communes(cs, catalog, THANH_HOA)
    thanh_hoa_new = _new_communes(cs, catalog, thanh_hoa, THANH_HOA)
    vinh_phuc = _legacy_communes(cs, catalog, VINH_PHUC, lift=0.08)
    rows = (
        _rows(cs, thanh_hoa, LEGACY, LEGACY_YEARS)
        + _rows(cs, thanh_hoa_new, NEW, (NEW_YEAR,))
        + _rows(cs, vinh_phuc, LEGACY, LEGACY_YEARS)
    )
    data = DemoData(rows)
    targets = plan_targets or {}
    assigned = _assign(thanh_hoa, targets, (*LEGACY_YEARS, NEW_YEAR))
    for year in LEGACY_YEARS:
        data.assignments[(THANH_HOA, LEGACY, year)] = assigned[year]
    # QĐ 969 set its 2025 target (118) on legacy communes; since 1/7/2025 they are parts of
    # new communes: the new communes that took in any of them are the ones assigned.
    successors = {
        s.new_code for code in assigned[NEW_YEAR] for s in catalog.successors(code) if s.default
    }
    data.assignments[(THANH_HOA, NEW, NEW_YEAR)] = sorted(successors)
    return data


def build_national(
    cs: CriteriaSet, catalog: Catalog, years: Iterable[int] = LEGACY_YEARS
) -> list[DemoRow]:
    """Raw counts for every legacy commune of the other 61 provinces (benchmarks only).

    ``bench/dashboards.py`` needs the national overview at full size (10,040 legacy
    communes); the demo itself stays two provinces. Thanh Hóa and Vĩnh Phúc are left out,
    as the demo already fills them, so loading this after the demo adds rows only. Each
    province gets a fixed lift in readiness (-0.1 to +0.1, from its code), so provinces
    differ; the same inputs always give the same rows.
    """
    rows: list[DemoRow] = []
    for province in catalog.of(LEGACY, PROVINCE):
        if province.code in (THANH_HOA, VINH_PHUC):
            continue
        lift = float(_rng(int(province.code), 5).uniform(-0.1, 0.1))
        communes = _legacy_communes(cs, catalog, province.code, lift=lift)
        rows += _rows(cs, communes, LEGACY, years)
    return rows
