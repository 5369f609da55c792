"""Helpers for the ``xaso`` command tests: run it, write CSV variants of the sample."""

from __future__ import annotations

import csv
from pathlib import Path

from xaso.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "thanh_hoa_1829_sample.csv"
SET = "thanh_hoa_1829_2023"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def sample_with(column: str, value: str, row: int = 1) -> str:
    rows = list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines()))
    rows[row][rows[0].index(column)] = value
    return "\n".join(",".join(r) for r in rows) + "\n"


def regroup_csv(tmp_path: Path, rows: list[tuple[str, str, int]], **changes: dict) -> str:
    """The sample's Thăng Long row copied for each (code, name, year), with changes."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    template = next(line.split(",") for line in lines[1:] if line.startswith("16342,"))
    out = [lines[0]]
    for code, name, year in rows:
        row = list(template)
        row[:3] = [code, name, str(year)]
        for column, value in changes.get(code, {}).items():
            row[header.index(column)] = str(value)
        out.append(",".join(row))
    return write(tmp_path, "\n".join(out) + "\n")


THANG_BINH_PARTS = [
    ("16342", "Xã Thăng Long", 2023),
    ("16351", "Xã Thăng Bình", 2023),
    ("16360", "Xã Thăng Thọ", 2023),
]
