"""A criteria set as plain, frozen data: what the loader builds and the evaluator reads.

Nothing here knows about files or databases. Thresholds are exact :class:`Fraction`
values; a ratio threshold is stored as a fraction of one (60 % -> 3/5), so "600 of 1,000
households at >= 60 %" is decided by integer arithmetic, never by floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Literal

from .formula import Comparison, LinearExpr

Status = Literal["verified", "reported", "provisional"]
STATUSES: tuple[str, ...] = ("verified", "reported", "provisional")

# Unit types of Vietnam's commune level. "dac_khu" (special zone) exists since 1/7/2025.
UNIT_TYPES: tuple[str, ...] = ("xa", "phuong", "thi_tran", "dac_khu")
UNIT_TYPE_NAMES: dict[str, str] = {
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "dac_khu": "đặc khu",
}

IndicatorKind = Literal["ratio", "yes_no", "count", "points"]
INDICATOR_KINDS: tuple[str, ...] = ("ratio", "yes_no", "count", "points")
VariableKind = Literal["count", "yes_no"]
ZeroPolicy = Literal["not_applicable", "met", "not_met"]


@dataclass(frozen=True, slots=True)
class Variable:
    """A raw value a commune reports: a whole-number count or a yes/no answer."""

    code: str
    kind: VariableKind
    label: str
    label_en: str
    unit: str  # what it counts, in Vietnamese: "người", "hộ gia đình", "doanh nghiệp" …
    unit_en: str = ""
    help: str = ""
    help_en: str = ""
    minimum: int = 0  # e.g. 1 for a population, which can never be zero


@dataclass(frozen=True, slots=True)
class Threshold:
    """``value OP target``. For ratios ``target`` is a fraction of one (60 % -> 3/5)."""

    op: str
    target: Fraction
    percent: bool
    status: Status | None = None  # set when the target itself is less certain than the row
    note: str = ""

    @property
    def display_value(self) -> Fraction:
        """The number as the decision writes it: 60 for "60 %", 5 for "at least 5"."""
        return self.target * 100 if self.percent else self.target


@dataclass(frozen=True, slots=True)
class Band:
    """Points awarded from a ratio of at least ``from_ratio`` (a fraction of one)."""

    from_ratio: Fraction
    points: Fraction


@dataclass(frozen=True, slots=True)
class Points:
    """How an indicator scores: ``proportional`` (a/b x max), ``bands`` or ``all_or_nothing``."""

    max: Fraction
    method: Literal["proportional", "bands", "all_or_nothing"]
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    group: str
    name: str
    name_en: str
    kind: IndicatorKind
    status: Status
    source: str
    applies_to: frozenset[str]
    numerator: LinearExpr | None = None  # ratio / points: the part; count: the counted value
    denominator: LinearExpr | None = None  # ratio / points: the whole
    variable: str | None = None  # yes_no: the answer
    threshold: Threshold | None = None
    points: Points | None = None
    gap_unit: str | None = None
    zero_denominator: ZeroPolicy = "not_applicable"
    tier: str | None = None
    evidence: tuple[str, ...] = ()
    note: str = ""
    line: int | None = None  # where it is written, for messages

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable the indicator reads, numerator first, without repeats."""
        seen: dict[str, None] = {}
        for expr in (self.numerator, self.denominator):
            if expr is not None:
                seen.update(dict.fromkeys(expr.variables))
        if self.variable:
            seen[self.variable] = None
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Rule:
    """When a scope of indicators counts as complete.

    All given conditions must hold. Only applicable indicators take part: an indicator that
    does not apply to the unit's type (or has a zero denominator, by its policy) is skipped.
    """

    all: bool = True
    mandatory: tuple[str, ...] = ()
    at_least: int | None = None
    of: tuple[str, ...] | None = None
    min_points: Fraction | None = None
    groups: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name: str
    name_en: str
    rule: Rule = field(default_factory=Rule)


@dataclass(frozen=True, slots=True)
class Tier:
    """A recognition level; each tier's scope is its own indicators plus all lower tiers'."""

    code: str
    name: str
    name_en: str
    rule: Rule = field(default_factory=Rule)


@dataclass(frozen=True, slots=True)
class Validation:
    """A rule between raw values that must hold before a unit is evaluated."""

    code: str
    check: Comparison
    message: str
    message_en: str = ""
    automatic: bool = False  # generated from a ratio (numerator <= denominator)


@dataclass(frozen=True, slots=True)
class Decision:
    number: str
    date: date | None
    title: str = ""


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    version: str
    name: str
    name_en: str
    issuing_body: str
    decision: Decision
    province: str
    valid_from: int
    valid_to: int | None
    variables: tuple[Variable, ...]
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    completion: Rule
    tiers: tuple[Tier, ...] = ()
    validations: tuple[Validation, ...] = ()
    illustrative: bool = False
    source: str = ""
    notes: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_variable_index", {v.code: v for v in self.variables})
        object.__setattr__(self, "_indicator_index", {i.code: i for i in self.indicators})
        by_group: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            by_group.setdefault(ind.group, []).append(ind)
        object.__setattr__(self, "_by_group", {g: tuple(v) for g, v in by_group.items()})
        object.__setattr__(self, "_has_points", any(i.points is not None for i in self.indicators))

    @property
    def key(self) -> str:
        """``id@version``: how stored results name the set they were computed under."""
        return f"{self.id}@{self.version}"

    def variable(self, code: str) -> Variable:
        return self._variable_index[code]  # type: ignore[attr-defined,no-any-return]

    def indicator(self, code: str) -> Indicator:
        return self._indicator_index[code]  # type: ignore[attr-defined,no-any-return]

    def has_indicator(self, code: str) -> bool:
        return code in self._indicator_index  # type: ignore[attr-defined]

    def has_variable(self, code: str) -> bool:
        return code in self._variable_index  # type: ignore[attr-defined]

    @property
    def variable_codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.variables)

    def indicators_of(self, group: str) -> tuple[Indicator, ...]:
        return self._by_group.get(group, ())  # type: ignore[attr-defined,no-any-return]

    @property
    def has_points(self) -> bool:
        return self._has_points  # type: ignore[attr-defined,no-any-return]

    def tier_scope(self, index: int) -> tuple[str, ...]:
        """Indicator codes counted for tier ``index`` (its own and every lower tier's)."""
        codes = {t.code for t in self.tiers[: index + 1]}
        first = self.tiers[0].code
        return tuple(i.code for i in self.indicators if (i.tier or first) in codes)

    @property
    def completion_scope(self) -> tuple[str, ...]:
        """Indicators that decide "completed": all, or the first tier's when there are tiers."""
        if self.tiers:
            return self.tier_scope(0)
        return tuple(i.code for i in self.indicators)

    @property
    def completion_rule(self) -> Rule:
        return self.tiers[0].rule if self.tiers else self.completion
