"""Legacy raw counts regrouped into the units that succeeded them, exactly.

On 1/7/2025 most communes were merged into larger ones. A merged commune's ratio is the
sum of its parts' numerators over the sum of their denominators — never an average of
percentages — so regrouping works on raw counts and the engine evaluates the result as
usual. What cannot be done exactly is said, never guessed silently:

* a legacy commune divided among several new ones: its counts cannot be split; they are
  counted whole in the successor the official mapping designates, and both that
  successor and the others carry a note;
* a yes/no answer of a merged commune: it is "yes" only if every part answered yes, and
  the indicator is flagged for re-assessment;
* a part with no data for the year: the merged commune's values are missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .errors import Problem, ValuesInvalid
from .model import CriteriaSet
from .table import ValueTable


@dataclass(frozen=True, slots=True)
class Link:
    """Source unit ``source`` became (part of) target unit ``target``.

    ``divided``: the source was split among several targets; ``default``: the target that
    receives a divided source's counts.
    """

    source: str
    target: str
    divided: bool = False
    default: bool = True


@dataclass(frozen=True, slots=True)
class TargetUnit:
    code: str
    name: str
    unit_type: str = "xa"


@dataclass
class Regrouped:
    """One row per (target unit, year), plus what the regrouping could not do exactly."""

    table: ValueTable
    sources: list[tuple[str, ...]]  # source codes counted in each row
    notes: list[tuple[str, ...]]  # Vietnamese explanations, one per issue
    reassess: list[tuple[str, ...]]  # yes/no indicators to re-assess in each row
    exact: list[bool]  # False when a divided source or a missing part is involved


def _label(code: str, names: Mapping[str, str]) -> str:
    name = names.get(code)
    return f"{name} ({code})" if name else code


def regroup(
    cs: CriteriaSet,
    table: ValueTable,
    links: Iterable[Link],
    targets: Mapping[str, TargetUnit],
    *,
    source_names: Mapping[str, str] | None = None,
    source: str = "",
) -> Regrouped:
    """Sum ``table``'s rows (source units) into their targets, year by year.

    ``links`` must include every link of every target touched, so that a part without
    data can be noticed. Rows whose unit has no link raise :class:`ValuesInvalid` naming
    the row.
    """
    links = list(links)
    # Official names (from the caller) win over whatever a CSV calls a unit.
    names = {c: n for c, n in zip(table.unit_codes, table.unit_names, strict=True) if n}
    names.update(source_names or {})
    outgoing: dict[str, list[Link]] = defaultdict(list)
    incoming: dict[str, list[Link]] = defaultdict(list)
    counted_parts: dict[str, list[str]] = defaultdict(list)  # target -> sources counted there
    for link in links:
        outgoing[link.source].append(link)
        incoming[link.target].append(link)
        if link.default:
            counted_parts[link.target].append(link.source)

    problems = [
        Problem(f"mã đơn vị «{code}» không có trong danh mục để quy đổi", source, line,
                "unit_code", "cột")
        for code, line in zip(table.unit_codes, table.lines or [0] * len(table), strict=True)
        if code not in outgoing
    ]  # fmt: skip
    if problems:
        raise ValuesInvalid(problems)

    row_of: dict[tuple[str, int], int] = {}
    for i, (code, year) in enumerate(zip(table.unit_codes, table.years, strict=True)):
        row_of[(code, year)] = i

    # Output rows: every (target, year) that receives or misses something from the input.
    keys: dict[tuple[str, int], int] = {}
    for code, year in zip(table.unit_codes, table.years, strict=True):
        for link in outgoing[code]:
            keys.setdefault((link.target, year), len(keys))
    out_rows = len(keys)
    into = np.full(len(table), -1, dtype=np.int64)  # the output row each input row adds to
    for i, (code, year) in enumerate(zip(table.unit_codes, table.years, strict=True)):
        for link in outgoing[code]:
            if link.default:
                into[i] = keys[(link.target, year)]

    sources: list[list[str]] = [[] for _ in range(out_rows)]
    notes: list[list[str]] = [[] for _ in range(out_rows)]
    exact = [True] * out_rows
    incomplete = np.zeros(out_rows, dtype=np.bool_)
    for (target, year), row in keys.items():
        if not counted_parts[target]:
            incomplete[row] = True
            exact[row] = False
            notes[row].append(
                "Không có đơn vị cũ nào được tính trọn vào đơn vị này (mọi đơn vị cũ đều bị "
                "chia tách và tính ở nơi khác): chưa tính được từ số liệu cũ."
            )
        for part in counted_parts[target]:
            if (part, year) in row_of:
                sources[row].append(part)
            else:
                incomplete[row] = True
                exact[row] = False
                notes[row].append(
                    f"Thiếu số liệu năm {year} của {_label(part, names)}: chưa tính được "
                    "đơn vị mới."
                )
        for link in incoming[target]:
            if not link.divided:
                continue
            exact[row] = False
            others = [x.target for x in outgoing[link.source] if x.target != target]
            spread = (
                ", ".join(f"{targets[t].name} ({t})" if t in targets else t for t in others)
                or "đơn vị khác"
            )
            if link.default and (link.source, year) not in row_of:
                continue  # no data from it this year: the missing-part note says so
            if link.default:
                notes[row].append(
                    f"Gồm toàn bộ số liệu của {_label(link.source, names)}, đơn vị đã được "
                    f"chia cho nhiều xã mới (cả {spread}); không tách chính xác được."
                )
            else:
                notes[row].append(
                    f"Chưa gồm phần của {_label(link.source, names)} được chia về đây "
                    f"(số liệu được tính cả vào {spread}); không tách chính xác được."
                )

    yes_no = frozenset(v.code for v in cs.variables if v.kind == "yes_no")
    counted = into >= 0
    columns: dict[str, np.ndarray] = {}
    missing: dict[str, np.ndarray] = {}
    for var in cs.variables:
        if var.code not in table.columns:
            columns[var.code] = np.zeros(out_rows, dtype=np.int64)
            missing[var.code] = np.ones(out_rows, dtype=np.bool_)
            continue
        values = table.columns[var.code]
        if var.code in yes_no:  # yes only if every part said yes
            out = np.ones(out_rows, dtype=np.int64)
            np.minimum.at(out, into[counted], values[counted])
        else:
            out = np.zeros(out_rows, dtype=values.dtype)
            np.add.at(out, into[counted], values[counted])
        mask = incomplete.copy()
        part_missing = table.missing_mask(var.code)
        if part_missing is not None:
            np.logical_or.at(mask, into[counted], part_missing[counted])
        columns[var.code] = out
        if mask.any():
            missing[var.code] = mask

    yes_no_indicators = tuple(i.code for i in cs.indicators if i.kind == "yes_no")
    reassess = [yes_no_indicators if len(s) > 1 else () for s in sources]
    for row, flagged in enumerate(reassess):
        if flagged:
            notes[row].append(
                f"Chỉ tiêu có/không ({', '.join(flagged)}) chỉ tính đạt khi mọi đơn vị cũ "
                "đều đạt; cần đánh giá lại cho đơn vị mới."
            )
    ordered = sorted(keys, key=keys.__getitem__)
    out_table = ValueTable(
        columns=columns,
        missing=missing,
        unit_codes=[t for t, _ in ordered],
        unit_names=[targets[t].name if t in targets else t for t, _ in ordered],
        years=[y for _, y in ordered],
        unit_types=[targets[t].unit_type if t in targets else "xa" for t, _ in ordered],
        yes_no=yes_no,
        lines=[0] * out_rows,
    )
    return Regrouped(
        table=out_table,
        sources=[tuple(s) for s in sources],
        notes=[tuple(n) for n in notes],
        reassess=reassess,
        exact=exact,
    )
