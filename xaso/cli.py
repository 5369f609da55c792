"""``xaso``: the engine from the command line, without Django.

    xaso template CRITERIA                  CSV header to fill in
    xaso describe CRITERIA [--format ...]   the criteria set as data
    xaso evaluate CRITERIA VALUES.csv       verdicts and gaps, one result per row
        [--regroup 2025]                    legacy rows summed into today's communes
    xaso units find TEXT                    units of both eras, with predecessors/successors

CRITERIA is a YAML path or a set id from the criteria directory (``XASO_CRITERIA_DIR``,
default: the repository's ``criteria_sets/``). Bad input prints every problem in
Vietnamese on stderr, writes nothing on stdout and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xaso.engine import (
    CriteriaSet,
    CriteriaSetInvalid,
    EngineError,
    Problem,
    UnitResult,
    ValuesInvalid,
    ValueTable,
    evaluate_batch,
    load_criteria_set,
    read_values_csv,
)
from xaso.engine.display import format_decimal, threshold_text, value_text, verdict_text
from xaso.engine.loader import iter_criteria_files
from xaso.engine.regroup import Link, TargetUnit, regroup
from xaso.engine.serialize import describe, number, result_dict
from xaso.units.catalog import (
    COMMUNE,
    ERA_NAMES,
    LEGACY,
    NEW,
    AdminUnit,
    era_for_year,
    load_catalog,
)

EXIT_BAD_INPUT = 2
_STATUS_VI = {"verified": "đã xác minh", "reported": "theo báo chí", "provisional": "tạm"}
_KIND_VI = {"ratio": "tỷ lệ", "yes_no": "có/không", "count": "số lượng", "points": "tính điểm"}


def criteria_dir() -> Path:
    env = os.environ.get("XASO_CRITERIA_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parent.parent / "criteria_sets"
    return repo if repo.is_dir() else Path.cwd() / "criteria_sets"


def resolve_criteria(name: str) -> CriteriaSet:
    """A path to a YAML file, or the id of a set in :func:`criteria_dir`."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_criteria_set(path)
    directory = criteria_dir()
    direct = directory / f"{name}.yaml"
    if direct.exists():
        return load_criteria_set(direct)
    for candidate in iter_criteria_files(directory):
        try:
            cs = load_criteria_set(candidate)
        except CriteriaSetInvalid:
            continue
        if cs.id == name:
            return cs
    known = ", ".join(p.stem for p in iter_criteria_files(directory)) or "(không có)"
    raise CriteriaSetInvalid(
        [
            Problem(
                f"không tìm thấy bộ tiêu chí «{name}»; hãy đưa đường dẫn tệp YAML "
                f"hoặc một mã có sẵn: {known}"
            )
        ]
    )


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


# -- template ----------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace) -> str:
    cs = resolve_criteria(args.criteria)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        ["unit_code", "unit_name", "year", *cs.variable_codes]
    )
    return out.getvalue()


# -- describe ----------------------------------------------------------------------------


def cmd_describe(args: argparse.Namespace) -> str:
    cs = resolve_criteria(args.criteria)
    if args.format == "json":
        return json.dumps(describe(cs), ensure_ascii=False, indent=2) + "\n"
    lines = [
        cs.name,
        f"Quyết định {cs.decision.number}"
        + (f" ngày {cs.decision.date:%d/%m/%Y}" if cs.decision.date else "")
        + f" – {cs.issuing_body}",
        f"Mã: {cs.key} · Tỉnh: {cs.province} · Áp dụng: {cs.valid_from}–{cs.valid_to or '…'}",
        f"{len(cs.groups)} nhóm, {len(cs.indicators)} chỉ tiêu, {len(cs.variables)} biến số liệu",
    ]
    if cs.illustrative:
        lines.append("LƯU Ý: bộ tiêu chí minh họa, không phải văn bản chính thức.")
    for group in cs.groups:
        lines += ["", f"{group.code} – {group.name}"]
        rows = [["Mã", "Chỉ tiêu", "Loại", "Ngưỡng", "Trạng thái"]]
        for ind in cs.indicators_of(group.code):
            rows.append(
                [
                    ind.code,
                    _truncate(ind.name, 70),
                    _KIND_VI[ind.kind]
                    + (f" (tối đa {number(ind.points.max)} điểm)" if ind.points else ""),
                    threshold_text(ind.threshold) or ("có" if ind.kind == "yes_no" else ""),
                    _STATUS_VI[ind.status],
                ]
            )
        lines.append(_table(rows))
    return "\n".join(lines) + "\n"


# -- evaluate ----------------------------------------------------------------------------


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
    for code, year, line in zip(table.unit_codes, table.years, table.lines, strict=True):
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
        elif catalog.get(LEGACY, code) is None:
            problems.append(
                Problem(
                    f"mã «{code}» không phải đơn vị cấp xã trước 1/7/2025 (tra cứu: "
                    f"xaso units find TÊN)",
                    source,
                    line,
                    "unit_code",
                    "cột",
                )
            )
    if problems:
        raise ValuesInvalid(problems)
    touched = {s.new_code for code in set(table.unit_codes) for s in catalog.successors(code)}
    links = [
        Link(s.legacy_code, s.new_code, s.divided, s.default)
        for t in sorted(touched)
        for s in catalog.predecessors(t)
    ]
    targets = {}
    for t in touched:
        unit = catalog.get(NEW, t)
        assert unit is not None
        targets[t] = TargetUnit(t, unit.name, unit.criteria_type)
    names = {}
    for link in links:
        legacy = catalog.get(LEGACY, link.source)
        names[link.source] = legacy.name if legacy else link.source
    out = regroup(cs, table, links, targets, source_names=names, source=source)
    rows = [
        Row(
            code,
            name,
            year,
            utype,
            [{"unit_code": c, "unit_name": names.get(c, c)} for c in out.sources[i]],
            out.notes[i],
            out.reassess[i],
            out.exact[i],
        )
        for i, (code, name, year, utype) in enumerate(
            zip(
                out.table.unit_codes,
                out.table.unit_names,
                out.table.years,
                out.table.unit_types,
                strict=True,
            )
        )
    ]
    return out.table, rows


def _evaluate(args: argparse.Namespace) -> tuple[CriteriaSet, list[Row], list[UnitResult]]:
    cs = resolve_criteria(args.criteria)
    table = read_values_csv(args.values, cs)
    if args.regroup:
        table, rows = _regroup(cs, table, str(args.values))
    else:
        rows = [
            Row(c, n, y, t)
            for c, n, y, t in zip(
                table.unit_codes, table.unit_names, table.years, table.unit_types, strict=True
            )
        ]
    return cs, rows, evaluate_batch(cs, table).results()


def cmd_evaluate(args: argparse.Namespace) -> str:
    cs, rows, results = _evaluate(args)
    dicts = [
        result_dict(
            cs, r, unit_code=row.code, unit_name=row.name, year=row.year, unit_type=row.unit_type
        )
        | row.extra()
        for r, row in zip(results, rows, strict=True)
    ]
    if args.format == "json":
        return json.dumps(dicts, ensure_ascii=False, indent=2) + "\n"
    if args.format == "csv":
        return _evaluate_csv(cs, rows, results, dicts)
    return _evaluate_table(cs, rows, results)


def _evaluate_csv(
    cs: CriteriaSet, rows: list[Row], results: list[UnitResult], dicts: list[dict[str, Any]]
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    regrouped = bool(rows) and rows[0].sources is not None
    header = ["unit_code", "unit_name", "year", "completed", "tier", "failed"]
    if regrouped:
        header += ["regrouped_from", "exact", "notes"]
    for ind in cs.indicators:
        header += [f"{ind.code}_met", f"{ind.code}_value", f"{ind.code}_gap"]
    writer.writerow(header)
    for r, row, data in zip(results, rows, dicts, strict=True):
        line: list[Any] = [
            row.code,
            row.name,
            row.year,
            int(r.completed),
            r.tier or "",
            " ".join(r.failed),
        ]
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
    return out.getvalue()


def _evaluate_table(cs: CriteriaSet, rows: list[Row], results: list[UnitResult]) -> str:
    blocks = []
    tier_names = {t.code: t.name for t in cs.tiers}
    for r, row in zip(results, rows, strict=True):
        if r.completed:
            status = "HOÀN THÀNH" + (f" (cấp: {tier_names[r.tier]})" if r.tier else "")
        elif r.failed and len(r.missing) == len(r.failed):
            status = f"CHƯA ĐÁNH GIÁ ĐƯỢC – thiếu số liệu cho {len(r.missing)} chỉ tiêu"
        else:
            status = f"CHƯA HOÀN THÀNH – chưa đạt {len(r.failed)} chỉ tiêu: {', '.join(r.failed)}"
        head = f"{row.code} – {row.name} (năm {row.year}): {status}"
        if r.points is not None:
            head += f" · {format_decimal(r.points, 2)}/{number(r.max_points)} điểm"
        if row.sources is not None:
            parts = ", ".join(f"{s['unit_name']} ({s['unit_code']})" for s in row.sources)
            head += f"\n  Gộp từ: {parts or '(không có số liệu)'}"
            head += "".join(f"\n  Lưu ý: {note}" for note in row.notes)
        table = [["Mã", "Chỉ tiêu", "Giá trị", "Ngưỡng", "Kết quả"]]
        for ir in r.indicators:
            ind = cs.indicator(ir.code)
            table.append(
                [
                    ir.code,
                    _truncate(ind.name, 60),
                    value_text(ind, ir),
                    threshold_text(ind.threshold) or "có",
                    verdict_text(ind, ir, row.unit_type),
                ]
            )
        blocks.append(head + "\n" + _table(table))
    done = sum(1 for r in results if r.completed)
    summary = (
        f"Tổng cộng: {len(results)} đơn vị-năm, {done} hoàn thành, {len(results) - done} chưa."
    )
    failing: dict[str, list[int]] = {}
    for r in results:
        for code in r.failed:
            failing.setdefault(code, []).append(r.indicator(code).gap or 0)
    if failing:
        worst = sorted(failing.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1])))[:5]
        summary += "\nChỉ tiêu nhiều đơn vị chưa đạt nhất: " + "; ".join(
            f"{code} ({len(g)} đơn vị)" for code, g in worst
        )
    return "\n\n".join(blocks) + "\n\n" + summary + "\n"


# -- units -------------------------------------------------------------------------------


def cmd_units_find(args: argparse.Namespace) -> str:
    catalog = load_catalog()
    hits = catalog.find(args.text, limit=args.limit)
    if not hits:
        return f"Không tìm thấy đơn vị nào khớp «{args.text}».\n"

    def place(unit: AdminUnit) -> str:
        parts = [p.name for p in (catalog.district_of(unit), catalog.province_of(unit)) if p]
        return ", ".join(parts)

    def related(unit: AdminUnit) -> list[dict[str, Any]]:
        if unit.level != COMMUNE:
            return []
        if unit.era == LEGACY:
            links = [(catalog.get(NEW, s.new_code), s) for s in catalog.successors(unit.code)]
        else:
            links = [
                (catalog.get(LEGACY, s.legacy_code), s) for s in catalog.predecessors(unit.code)
            ]
        return [
            {
                "era": u.era,
                "code": u.code,
                "name": u.name,
                "place": place(u),
                "divided": s.divided,
                "default": s.default,
            }
            for u, s in links
            if u
        ]

    found = [
        {
            "era": u.era,
            "level": u.level,
            "code": u.code,
            "name": u.name,
            "type": u.type,
            "place": place(u),
            "lat": u.lat,
            "lon": u.lon,
            ("successors" if u.era == LEGACY else "predecessors"): related(u),
        }
        for u in hits
    ]
    if args.format == "json":
        return json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for item in found:
        era = ERA_NAMES[item["era"]]
        where = f" – {item['place']}" if item["place"] else ""
        lines.append(f"{item['code']:>6}  {item['name']}{where}  [{era}]")
        if item.get("successors"):
            lines += [
                f"        → nay thuộc {s['name']} ({s['code']}, {s['place']})"
                + (
                    " – xã cũ bị chia tách" + (", đơn vị nhận số liệu" if s["default"] else "")
                    if s["divided"]
                    else ""
                )
                for s in item["successors"]
            ]
        if item.get("predecessors"):
            names = ", ".join(
                f"{p['name']} ({p['code']}" + (", một phần" if p["divided"] else "") + ")"
                for p in item["predecessors"]
            )
            lines.append(f"        ← gộp từ: {names}")
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xaso",
        description="Xã Số – đánh giá chuyển đổi số cấp xã từ số liệu gốc.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    p = sub.add_parser("template", help="in dòng tiêu đề CSV để nhập số liệu")
    p.add_argument("criteria", metavar="CRITERIA", help="tệp YAML hoặc mã bộ tiêu chí")
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("describe", help="mô tả bộ tiêu chí")
    p.add_argument("criteria", metavar="CRITERIA")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_describe)
    p = sub.add_parser("evaluate", help="đánh giá số liệu trong tệp CSV")
    p.add_argument("criteria", metavar="CRITERIA")
    p.add_argument("values", metavar="VALUES.csv")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--regroup",
        choices=(NEW,),
        metavar="2025",
        help="quy đổi các dòng theo mã xã cũ (trước 1/7/2025) sang xã mới",
    )
    p.set_defaults(func=cmd_evaluate)
    units = sub.add_parser("units", help="tra cứu đơn vị hành chính (cả trước và từ 1/7/2025)")
    units_sub = units.add_subparsers(dest="units_command", required=True, metavar="LỆNH")
    p = units_sub.add_parser("find", help="tìm đơn vị theo tên hoặc mã")
    p.add_argument("text", metavar="TEXT", help="tên (không cần dấu) hoặc mã đơn vị")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=cmd_units_find)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        output = args.func(args)
    except EngineError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
