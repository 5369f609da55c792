"""``xaso template`` and ``xaso describe``: a criteria set as a CSV header and as data."""

from __future__ import annotations

import argparse
import csv
import json
from typing import TextIO

from xaso.engine.display import target_text
from xaso.engine.serialize import describe, number

from .common import resolve_criteria, text_table, truncate

_STATUS_VI = {"verified": "đã xác minh", "reported": "theo báo chí", "provisional": "tạm"}
_KIND_VI = {"ratio": "tỷ lệ", "yes_no": "có/không", "count": "số lượng", "points": "tính điểm"}


def cmd_template(args: argparse.Namespace, out: TextIO) -> None:
    cs = resolve_criteria(args.criteria)
    csv.writer(out, lineterminator="\n").writerow(
        ["unit_code", "unit_name", "year", *cs.variable_codes]
    )


def cmd_describe(args: argparse.Namespace, out: TextIO) -> None:
    cs = resolve_criteria(args.criteria)
    if args.format == "json":
        out.write(json.dumps(describe(cs), ensure_ascii=False, indent=2) + "\n")
        return
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
            kind = _KIND_VI[ind.kind]
            if ind.points:
                kind += f" (tối đa {number(ind.points.max)} điểm)"
            rows.append(
                [ind.code, truncate(ind.name, 70), kind, target_text(ind), _STATUS_VI[ind.status]]
            )
        lines.append(text_table(rows))
    out.write("\n".join(lines) + "\n")
