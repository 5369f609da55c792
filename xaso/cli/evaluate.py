"""``xaso evaluate``: verdicts and gaps for every row of a CSV, optionally regrouped from
legacy communes into the 2025 communes that succeeded them.

Everything that can be wrong with the input is checked before the first byte of output;
results are then written row by row, so a national file does not have to fit in memory
twice.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from xaso.engine import (
    BatchResult,
    CriteriaSet,
    Problem,
    UnitResult,
    ValuesInvalid,
    ValueTable,
    evaluate_batch,
    read_values_csv,
)
from xaso.engine.display import format_decimal, target_text, value_text, verdict_text
from xaso.engine.regroup import Link, TargetUnit, regroup
from xaso.engine.serialize import number, result_dict
from xaso.units.catalog import LEGACY, NEW, era_for_year, fold, load_catalog, short_name

from .common import resolve_criteria, text_table, truncate


@dataclass
class Row:
    """One output row: the unit it is about and, after regrouping, where it came from."""

    code: str
    name: str
    year: int
    unit_type: str
    sources: list[dict[str, str]] | None = None
    notes: tuple[str, ...] = ()
    reassess: tuple[str, ...] = ()
    exact: bool = True

    def extra(self) -> dict[str, Any]:
        if self.sources is None:
            return {}
        return {
            "regrouped_from": self.sources,
            "exact": self.exact,
            "notes": list(self.notes),
            "reassess": list(self.reassess),
        }


def _regroup(cs: CriteriaSet, table: ValueTable, source: str) -> tuple[ValueTable, list[Row]]:
    """Legacy rows -> 2025 communes (see xaso.engine.regroup); errors name the row."""
    catalog = load_catalog()
    problems = []
    rows = zip(table.unit_codes, table.unit_names, table.years, table.lines, strict=True)
    for code, name, year, line in rows:
        legacy = catalog.get(LEGACY, code)
        if era_for_year(year) != LEGACY:
            problems.append(
                Problem(
                    f"năm {year} đã dùng đơn vị hành chính mới (từ 1/7/2025), không cần quy đổi; "
                    "hãy bỏ dòng này hoặc bỏ tùy chọn --regroup",
                    source,
                    line,
                    "year",
                    "cột",
                )
            )
        elif legacy is None:
            hint = ""
            if code.isdigit() and len(code) < 5 and catalog.get(LEGACY, code.zfill(5)):
                hint = f"; có phải mã «{code.zfill(5)}» (Excel bỏ mất số 0 ở đầu)?"
            problems.append(
                Problem(
                    f"mã «{code}» không phải đơn vị cấp xã trước 1/7/2025{hint} (tra cứu: "
                    "xaso units find TÊN)",
                    source,
                    line,
                    "unit_code",
                    "cột",
                )
            )
        elif name and not _same_name(name, legacy.name):
            new = catalog.get(NEW, code)
            if new is not None and _same_name(name, new.name):
                problems.append(
                    Problem(
                        f"«{name}» là tên đơn vị từ 1/7/2025 mang mã {code}; --regroup cần mã của "
                        f"đơn vị cũ (mã {code} trước 1/7/2025 là {legacy.name})",
                        source,
                        line,
                        "unit_name",
                        "cột",
                    )
                )
            else:
                print(
                    f"Lưu ý: dòng {line}: tên «{name}» khác tên của mã {code} trước 1/7/2025 "
                    f"({legacy.name}); kết quả dùng mã.",
                    file=sys.stderr,
                )
    if problems:
        raise ValuesInvalid(problems)
    codes = set(table.unit_codes)
    touched = {s.new_code for code in codes for s in catalog.successors(code)}
    links = {(s.legacy_code, s.new_code): s for t in touched for s in catalog.predecessors(t)}
    links.update({(s.legacy_code, s.new_code): s for c in codes for s in catalog.successors(c)})
    targets = {}
    for _, code in links:
        unit = catalog.get(NEW, code)
        assert unit is not None
        targets[code] = TargetUnit(code, unit.name, unit.criteria_type)
    names = {}
    for old, _ in links:
        legacy = catalog.get(LEGACY, old)
        names[old] = legacy.name if legacy else old
    out = regroup(
        cs,
        table,
        [Link(s.legacy_code, s.new_code, s.divided, s.default) for s in links.values()],
        targets,
        source_names=names,
        source=source,
    )
    result = [
        Row(code, name, year, unit_type,
            [{"unit_code": c, "unit_name": names.get(c, c)} for c in out.sources[i]],
            out.notes[i], out.reassess[i], out.exact[i])
        for i, (code, name, year, unit_type) in enumerate(zip(
            out.table.unit_codes, out.table.unit_names, out.table.years, out.table.unit_types,
            strict=True))
    ]  # fmt: skip
    return out.table, result


def _same_name(a: str, b: str) -> bool:
    """Names equal once accents, case, spacing and the type word are ignored."""
    return _short_folded(a) == _short_folded(b)


def _short_folded(name: str) -> str:
    return " ".join(fold(short_name(name)).split())


def _warn_years(cs: CriteriaSet, table: ValueTable) -> None:
    """Rows outside the set's years are evaluated, but a person should know."""
    outside = sorted(
        {
            y
            for y in table.years
            if y < cs.valid_from or (cs.valid_to is not None and y > cs.valid_to)
        }
    )
    if outside:
        years = ", ".join(str(y) for y in outside)
        print(
            f"Lưu ý: năm {years} nằm ngoài thời gian áp dụng của bộ tiêu chí {cs.key} "
            f"({cs.valid_from}–{cs.valid_to or '…'}); kết quả chỉ để tham khảo.",
            file=sys.stderr,
        )


def cmd_evaluate(args: argparse.Namespace, out: TextIO) -> None:
    cs = resolve_criteria(args.criteria)
    table = read_values_csv(args.values, cs)
    _warn_years(cs, table)
    if args.regroup:
        table, rows = _regroup(cs, table, str(args.values))
    else:
        rows = [
            Row(c, n, y, t)
            for c, n, y, t in zip(
                table.unit_codes, table.unit_names, table.years, table.unit_types, strict=True
            )
        ]
    batch = evaluate_batch(cs, table)
    write = {"json": _write_json, "csv": _write_csv, "table": _write_table}[args.format]
    write(cs, rows, batch, out)


def _results(batch: BatchResult, rows: list[Row]) -> Iterator[tuple[UnitResult, Row]]:
    for i, row in enumerate(rows):
        yield batch.result(i), row


def _as_dict(cs: CriteriaSet, result: UnitResult, row: Row) -> dict[str, Any]:
    return (
        result_dict(
            cs,
            result,
            unit_code=row.code,
            unit_name=row.name,
            year=row.year,
            unit_type=row.unit_type,
        )
        | row.extra()
    )


def _write_json(cs: CriteriaSet, rows: list[Row], batch: BatchResult, out: TextIO) -> None:
    """A JSON list with one unit-year per line (compact: the fast C encoder, and a file
    that line-oriented tools can still split)."""
    out.write("[")
    for n, (result, row) in enumerate(_results(batch, rows)):
        text = json.dumps(_as_dict(cs, result, row), ensure_ascii=False)
        out.write(("," if n else "") + "\n" + text)
    out.write("\n]\n" if rows else "]\n")


def _write_csv(cs: CriteriaSet, rows: list[Row], batch: BatchResult, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    regrouped = bool(rows) and rows[0].sources is not None
    header = ["unit_code", "unit_name", "year", "completed", "tier", "failed"]
    if cs.has_points:
        header += ["points", "max_points"]
    if regrouped:
        header += ["regrouped_from", "exact", "notes"]
    for ind in cs.indicators:
        header += [f"{ind.code}_met", f"{ind.code}_value", f"{ind.code}_gap"]
    writer.writerow(header)
    for result, row in _results(batch, rows):
        data = _as_dict(cs, result, row)
        line: list[Any] = [
            row.code,
            row.name,
            row.year,
            int(result.completed),
            result.tier or "",
            " ".join(result.failed),
        ]
        if cs.has_points:
            line += [data["points"], data["max_points"]]
        if regrouped:
            line += [
                " ".join(s["unit_code"] for s in row.sources or []),
                int(row.exact),
                " | ".join(row.notes),
            ]
        for item in data["indicators"]:
            met = "" if item["met"] is None else int(item["met"])
            value = item["value"]
            value = int(value) if isinstance(value, bool) else ("" if value is None else value)
            line += [met, value, "" if item["gap"] is None else item["gap"]]
        writer.writerow(line)


def _status(cs: CriteriaSet, result: UnitResult) -> str:
    tier_names = {t.code: t.name for t in cs.tiers}
    if result.completed:
        return "HOÀN THÀNH" + (f" (cấp: {tier_names[result.tier]})" if result.tier else "")
    if result.failed and len(result.missing) == len(result.failed):
        return f"CHƯA ĐÁNH GIÁ ĐƯỢC – thiếu số liệu cho {len(result.missing)} chỉ tiêu"
    rule = cs.completion_rule
    if rule.min_points is not None and result.points is not None:
        return (
            f"CHƯA HOÀN THÀNH – {format_decimal(result.points, 2)} điểm, cần từ "
            f"{format_decimal(rule.min_points, 2)} điểm"
        )
    return f"CHƯA HOÀN THÀNH – chưa đạt {len(result.failed)} chỉ tiêu: {', '.join(result.failed)}"


def _write_table(cs: CriteriaSet, rows: list[Row], batch: BatchResult, out: TextIO) -> None:
    done = 0
    failing: dict[str, list[int]] = {}
    for result, row in _results(batch, rows):
        done += result.completed
        for code in result.failed:
            failing.setdefault(code, []).append(result.indicator(code).gap or 0)
        head = f"{row.code} – {row.name} (năm {row.year}): {_status(cs, result)}"
        if result.points is not None:
            head += f" · {format_decimal(result.points, 2)}/{number(result.max_points)} điểm"
        if row.sources is not None:
            parts = ", ".join(f"{s['unit_name']} ({s['unit_code']})" for s in row.sources)
            head += f"\n  Gộp từ: {parts or '(không có số liệu)'}"
            head += "".join(f"\n  Lưu ý: {note}" for note in row.notes)
        table = [["Mã", "Chỉ tiêu", "Giá trị", "Ngưỡng", "Kết quả"]]
        for ir in result.indicators:
            ind = cs.indicator(ir.code)
            table.append(
                [
                    ir.code,
                    truncate(ind.name, 60),
                    value_text(ind, ir),
                    target_text(ind),
                    verdict_text(ind, ir, row.unit_type),
                ]
            )
        out.write(head + "\n" + text_table(table) + "\n\n")
    summary = f"Tổng cộng: {len(rows)} đơn vị-năm, {done} hoàn thành, {len(rows) - done} chưa."
    if failing:
        worst = sorted(failing.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1])))[:5]
        summary += "\nChỉ tiêu nhiều đơn vị chưa đạt nhất: " + "; ".join(
            f"{code} ({len(g)} đơn vị)" for code, g in worst
        )
    out.write(summary + "\n")
