"""What every ``xaso`` subcommand shares: finding a criteria set, plain-text tables."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from xaso.engine import CriteriaSet, CriteriaSetInvalid, Problem, load_criteria_set
from xaso.engine.loader import iter_criteria_files


def criteria_dirs() -> list[Path]:
    """Where set ids are looked up: ``XASO_CRITERIA_DIR``, the repository, an install."""
    env = os.environ.get("XASO_CRITERIA_DIR")
    if env:
        return [Path(env)]
    return [
        Path(__file__).resolve().parents[2] / "criteria_sets",  # a checkout / editable install
        Path(sys.prefix) / "share" / "xaso" / "criteria_sets",  # a wheel's data files
        Path.cwd() / "criteria_sets",
    ]


def resolve_criteria(name: str) -> CriteriaSet:
    """A path to a YAML file, or the id of a set in the criteria directory."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_criteria_set(path)
    dirs = [d for d in criteria_dirs() if d.is_dir()]
    for directory in dirs:
        direct = directory / f"{name}.yaml"
        if direct.exists():
            return load_criteria_set(direct)
    for directory in dirs:
        for candidate in iter_criteria_files(directory):
            try:
                cs = load_criteria_set(candidate)
            except CriteriaSetInvalid:
                continue
            if cs.id == name:
                return cs
    known = ", ".join(sorted({p.stem for d in dirs for p in iter_criteria_files(d)}))
    raise CriteriaSetInvalid(
        [
            Problem(
                f"không tìm thấy bộ tiêu chí «{name}»; hãy đưa đường dẫn tệp YAML hoặc một mã có "
                f"sẵn: {known or '(không có)'}"
            )
        ]
    )


def truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(rows: list[list[str]]) -> str:
    """Rows as aligned columns; the first row is the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )
