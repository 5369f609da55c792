"""The figures a dashboard shows, made from the engine's batch results.

Nothing here decides whether an indicator is met: verdicts, gaps, "one step away" and
bottlenecks come from :mod:`xaso.engine`. This module only counts and sorts them for a
province, a district or a year, and names each commune's status on the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.utils.translation import ngettext

from xaso.engine import BatchResult, CriteriaSet, Indicator, bottlenecks, one_step_away
from xaso.engine.display import (
    format_int,
    format_percent,
    need_text,
    threshold_text,
    value_text,
)
from xaso.engine.evaluate import REASON_MISSING, REASONS

from .data import Place

BoolArray = npt.NDArray[np.bool_]

# A commune's status, most advanced first; the map colours by it.
RECOGNISED, MET, ONE_STEP, IN_PROGRESS, NOT_ASSIGNED = (
    "recognised", "met", "one_step", "in_progress", "not_assigned",
)  # fmt: skip
STATUSES = (RECOGNISED, MET, ONE_STEP, IN_PROGRESS, NOT_ASSIGNED)
_MISSING = REASONS.index(REASON_MISSING)


def percent(part: int, whole: int) -> str:
    """26,9 % (one decimal, Vietnamese comma); "—" when there is nothing to divide."""
    if whole <= 0:
        return "—"
    return format_percent(Fraction(part, whole))


@dataclass
class Picture:
    """One province-year evaluated: the batch result plus what the workflow knows.

    ``select`` limits every count to some communes (a district), ``assigned`` marks the
    communes the plan assigned, ``recognised`` those recognised by a decision, and
    ``in_round`` those with an assessment in the year's round.
    """

    year: int
    criteria: CriteriaSet
    places: tuple[Place, ...]
    batch: BatchResult
    reported: BoolArray
    assigned: BoolArray
    recognised: BoolArray
    in_round: BoolArray
    select: BoolArray
    _one_step: dict[int, tuple[str, int | None]] | None = field(default=None, repr=False)

    @cached_property
    def failing(self) -> npt.NDArray[np.int64]:
        """How many indicators (of those deciding completion) each commune fails."""
        return self.batch.failed_count(self.criteria.completion_scope)

    @property
    def completed(self) -> BoolArray:
        return self.batch.completed

    def one_step(self) -> dict[int, tuple[str, int | None]]:
        """Row -> (the indicator that would complete it, its gap); computed once."""
        if self._one_step is None:
            self._one_step = {s.index: (s.code, s.gap) for s in one_step_away(self.batch)}
        return self._one_step

    @cached_property
    def one_step_rows(self) -> BoolArray:
        mask = np.zeros(len(self.places), dtype=np.bool_)
        mask[list(self.one_step())] = True
        return mask

    def statuses(self) -> list[str]:
        """Each commune's status, as the map and the lists show it."""
        one = self.one_step_rows
        active = self.assigned | self.in_round
        out = []
        for i in range(len(self.places)):
            if self.recognised[i]:
                out.append(RECOGNISED)
            elif self.completed[i]:
                out.append(MET)
            elif one[i]:
                out.append(ONE_STEP)
            elif active[i]:
                out.append(IN_PROGRESS)
            else:
                out.append(NOT_ASSIGNED)
        return out


@dataclass(frozen=True)
class Progress:
    """Assigned communes against the year's plan (within ``select``)."""

    target: int | None
    communes: int
    reported: int
    assigned: int
    completed: int  # every commune that meets the criteria, assigned or not
    completed_assigned: int
    recognised: int
    in_progress: int  # assigned, not completed, not one step away, below the at-risk count
    at_risk: int  # assigned, failing at least that many indicators, or no figures at all
    one_step: int  # every commune one indicator away (assigned or not)
    one_step_assigned: int

    @property
    def remaining(self) -> int | None:
        """How many more of the year's assigned communes must complete to meet the plan.

        The plan names the communes that must complete in the year, so only those count;
        a commune that completed earlier, or without being assigned, is shown apart.
        """
        return None if self.target is None else max(0, self.target - self.completed_assigned)

    @property
    def completed_share(self) -> str:
        return percent(self.completed, self.communes)

    @property
    def target_share(self) -> str:
        return "—" if not self.target else percent(self.completed_assigned, self.target)


def at_risk_failing() -> int:
    return int(settings.XASO_AT_RISK_FAILING)


def progress(p: Picture, target: int | None, rows: BoolArray | None = None) -> Progress:
    sel = p.select if rows is None else (p.select & rows)
    assigned = sel & p.assigned
    done = p.completed
    open_ = assigned & ~done
    risky = open_ & ((p.failing >= at_risk_failing()) | ~p.reported)
    one = p.one_step_rows
    return Progress(
        target=target,
        communes=int(sel.sum()),
        reported=int((sel & p.reported).sum()),
        assigned=int(assigned.sum()),
        completed=int((sel & done).sum()),
        completed_assigned=int((assigned & done).sum()),
        recognised=int((sel & p.recognised).sum()),
        in_progress=int((open_ & ~risky & ~one).sum()),
        at_risk=int(risky.sum()),
        one_step=int((sel & one).sum()),
        one_step_assigned=int((open_ & one).sum()),
    )


@dataclass(frozen=True)
class AreaRow:
    """A district's (legacy era) line of the progress table."""

    pk: int
    name: str
    progress: Progress


def by_district(p: Picture) -> list[AreaRow]:
    districts: dict[int, str] = {}
    for place in p.places:
        if place.district_pk is not None:
            districts.setdefault(place.district_pk, place.district_name)
    ids = np.array([pl.district_pk or 0 for pl in p.places], dtype=np.int64)
    rows = [AreaRow(pk, name, progress(p, None, ids == pk)) for pk, name in districts.items()]
    rows = [r for r in rows if r.progress.communes]
    rows.sort(key=lambda r: (-r.progress.completed / max(r.progress.communes, 1), r.name))
    return rows


@dataclass(frozen=True)
class CommuneLine:
    """A commune in a list: its status and what it still fails."""

    index: int
    place: Place
    status: str
    assigned: bool
    failing: tuple[str, ...]
    missing: tuple[str, ...]


def commune_lines(p: Picture) -> list[CommuneLine]:
    statuses = p.statuses()
    scope = p.criteria.completion_scope
    failed = {code: p.batch.indicators[code].failed for code in scope}
    missing = {code: p.batch.indicators[code].reason == _MISSING for code in scope}
    out = []
    for i in np.flatnonzero(p.select):
        i = int(i)
        fails = tuple(c for c in scope if failed[c][i])
        out.append(
            CommuneLine(
                i,
                p.places[i],
                statuses[i],
                bool(p.assigned[i]),
                fails,
                tuple(c for c in fails if missing[c][i]),
            )
        )
    order = {s: k for k, s in enumerate(STATUSES)}
    out.sort(key=lambda c: (order[c.status], len(c.failing), c.place.name))
    return out


@dataclass(frozen=True)
class BottleneckRow:
    indicator: Indicator
    group_name: str
    group_name_en: str
    failing: int
    missing: int
    applicable: int
    total_gap: int
    need: str  # "cần thêm 12.430 hộ gia đình thanh toán tiền điện không dùng tiền mặt"
    only_blocker: int  # communes for which this is the one indicator left

    @property
    def failing_share(self) -> str:
        return percent(self.failing, self.applicable)

    @property
    def target(self) -> str:
        t = self.indicator.threshold
        if t is not None:
            return threshold_text(t)
        return "có" if self.indicator.kind == "yes_no" else ""


def bottleneck_rows(p: Picture, rows: BoolArray | None = None) -> list[BottleneckRow]:
    """Indicators ranked by failing communes, then total gap (the engine's order).

    Only communes with figures count: a commune that has entered nothing yet fails every
    indicator for want of data, which says nothing about which indicator is hard.
    """
    sel = p.select & p.reported if rows is None else (p.select & p.reported & rows)
    groups = {g.code: g for g in p.criteria.groups}
    blockers: dict[str, int] = {}
    for i, (code, _gap) in p.one_step().items():
        if sel[i]:
            blockers[code] = blockers.get(code, 0) + 1
    out = []
    for b in bottlenecks(p.batch, sel):
        if not b.failing:
            continue
        ind = p.criteria.indicator(b.code)
        counted = b.failing - b.missing
        if ind.kind == "yes_no":
            need = ngettext("%(n)s xã chưa có", "%(n)s xã chưa có", counted) % {
                "n": format_int(counted)
            }
        elif b.total_gap:
            need = need_text(p.criteria, ind, b.total_gap)
        else:
            need = ""
        out.append(
            BottleneckRow(
                ind,
                groups[ind.group].name,
                groups[ind.group].name_en,
                b.failing,
                b.missing,
                b.applicable,
                b.total_gap,
                need,
                blockers.get(b.code, 0),
            )
        )
    return out


@dataclass(frozen=True)
class GroupRow:
    code: str
    name: str
    name_en: str
    indicators: int
    failing_communes: int  # communes failing at least one indicator of the group
    total_failures: int


def by_group(
    p: Picture, rows: list[BottleneckRow], only: BoolArray | None = None
) -> list[GroupRow]:
    """Groups of indicators: how many communes (with figures) fail at least one of each."""
    sel = p.select & p.reported if only is None else (p.select & p.reported & only)
    out = []
    for g in p.criteria.groups:
        codes = [i.code for i in p.criteria.indicators_of(g.code)]
        any_fail = np.zeros(len(p.places), dtype=np.bool_)
        for code in codes:
            any_fail |= p.batch.indicators[code].failed
        out.append(
            GroupRow(
                g.code,
                g.name,
                g.name_en,
                len(codes),
                int((any_fail & sel).sum()),
                sum(r.failing for r in rows if r.indicator.group == g.code),
            )
        )
    return out


@dataclass(frozen=True)
class FailingCommune:
    """A commune failing one indicator, with its value and gap (a drill-down line)."""

    index: int
    place: Place
    value: str
    gap: int | None
    missing: bool
    only_this: bool  # the one indicator it still fails


def failing_communes(p: Picture, code: str, only: BoolArray | None = None) -> list[FailingCommune]:
    """Communes failing ``code``, smallest gap first (missing figures last)."""
    a = p.batch.indicators[code]
    sel = p.select & p.reported if only is None else (p.select & p.reported & only)
    rows = np.flatnonzero(a.failed & sel)
    one = p.one_step()
    out = []
    for i in rows:
        i = int(i)
        r = p.batch.indicator_result(code, i)
        gap = int(a.gap[i])
        out.append(
            FailingCommune(
                i,
                p.places[i],
                value_text(a.indicator, r),
                gap if gap >= 0 else None,
                bool(a.reason[i] == _MISSING),
                one.get(i, ("", None))[0] == code,
            )
        )
    out.sort(key=lambda f: (f.missing, f.gap is None, f.gap or 0, f.place.name))
    return out
