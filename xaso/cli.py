"""``xaso``: the engine from the command line, without Django.

    xaso template CRITERIA                  CSV header to fill in
    xaso describe CRITERIA [--format ...]   the criteria set as data
    xaso evaluate CRITERIA VALUES.csv       verdicts and gaps, one result per row

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
from pathlib import Path
from typing import Any

from xaso.engine import (
    CriteriaSet,
    CriteriaSetInvalid,
    EngineError,
    Problem,
    evaluate_batch,
    load_criteria_set,
    read_values_csv,
)
from xaso.engine.display import format_decimal, threshold_text, value_text, verdict_text
from xaso.engine.loader import iter_criteria_files
from xaso.engine.serialize import describe, number, result_dict

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


def _evaluate(args: argparse.Namespace) -> tuple[CriteriaSet, Any, list[Any]]:
    cs = resolve_criteria(args.criteria)
    table = read_values_csv(args.values, cs)
    batch = evaluate_batch(cs, table)
    return cs, table, batch.results()


def cmd_evaluate(args: argparse.Namespace) -> str:
    cs, table, results = _evaluate(args)
    meta = list(zip(table.unit_codes, table.unit_names, table.years, table.unit_types, strict=True))
    if args.format == "json":
        payload = [
            result_dict(cs, r, unit_code=c, unit_name=n, year=y, unit_type=t)
            for r, (c, n, y, t) in zip(results, meta, strict=True)
        ]
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = ["unit_code", "unit_name", "year", "completed", "tier", "failed"]
        for ind in cs.indicators:
            header += [f"{ind.code}_met", f"{ind.code}_value", f"{ind.code}_gap"]
        writer.writerow(header)
        for r, (c, n, y, _t) in zip(results, meta, strict=True):
            row: list[Any] = [c, n, y, int(r.completed), r.tier or "", " ".join(r.failed)]
            for item in result_dict(cs, r, unit_code=c, unit_name=n, year=y)["indicators"]:
                met = "" if item["met"] is None else int(item["met"])
                value = item["value"]
                value = int(value) if isinstance(value, bool) else ("" if value is None else value)
                row += [met, value, "" if item["gap"] is None else item["gap"]]
            writer.writerow(row)
        return out.getvalue()
    blocks = []
    for r, (c, n, y, t) in zip(results, meta, strict=True):
        if r.completed:
            tier_names = {x.code: x.name for x in cs.tiers}
            status = "HOÀN THÀNH" + (f" (cấp: {tier_names[r.tier]})" if r.tier else "")
        else:
            status = f"CHƯA HOÀN THÀNH – chưa đạt {len(r.failed)} chỉ tiêu: {', '.join(r.failed)}"
        head = f"{c} – {n} (năm {y}): {status}"
        if r.points is not None:
            head += f" · {format_decimal(r.points, 2)}/{number(r.max_points)} điểm"
        rows = [["Mã", "Chỉ tiêu", "Giá trị", "Ngưỡng", "Kết quả"]]
        for ir in r.indicators:
            ind = cs.indicator(ir.code)
            rows.append(
                [
                    ir.code,
                    _truncate(ind.name, 60),
                    value_text(ind, ir),
                    threshold_text(ind.threshold) or "có",
                    verdict_text(ind, ir, t),
                ]
            )
        blocks.append(head + "\n" + _table(rows))
    done = sum(1 for r in results if r.completed)
    summary = (
        f"Tổng cộng: {len(results)} đơn vị-năm, {done} hoàn thành, {len(results) - done} chưa."
    )
    failing: dict[str, list[int]] = {}
    for r in results:
        for code in r.failed:
            ir = r.indicator(code)
            failing.setdefault(code, []).append(ir.gap or 0)
    if failing:
        worst = sorted(failing.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1])))[:5]
        summary += "\nChỉ tiêu nhiều đơn vị chưa đạt nhất: " + "; ".join(
            f"{code} ({len(g)} đơn vị)" for code, g in worst
        )
    return "\n\n".join(blocks) + "\n\n" + summary + "\n"


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
    p.set_defaults(func=cmd_evaluate)
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
