"""Yearly assignment plans ("kế hoạch giao chỉ tiêu") read from ``plans/*.yaml``.

A plan is data with its source — how many communes a province must bring to completion
each year — never a constant in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

PLANS_DIR = Path(__file__).resolve().parents[2] / "plans"


@dataclass(frozen=True, slots=True)
class PlanTarget:
    year: int
    communes: int


@dataclass(frozen=True)
class Plan:
    id: str
    province: str
    province_code: str
    decision_number: str
    decision_date: date | None
    issuing_body: str
    source: str
    notes: str
    targets: tuple[PlanTarget, ...]

    def target(self, year: int) -> int | None:
        return next((t.communes for t in self.targets if t.year == year), None)


def load_plan(path: str | Path) -> Plan:
    """Read one plan file; a malformed file raises ValueError naming the file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        decision = data["decision"]
        return Plan(
            id=str(data["id"]),
            province=str(data["province"]),
            province_code=str(data["province_code"]),
            decision_number=str(decision["number"]),
            decision_date=decision.get("date"),
            issuing_body=str(decision.get("issuing_body", "")),
            source=str(data.get("source", "")).strip(),
            notes=str(data.get("notes", "")).strip(),
            targets=tuple(PlanTarget(int(t["year"]), int(t["communes"])) for t in data["targets"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"Tệp kế hoạch {path} không hợp lệ: {exc}") from exc


def load_plans(directory: Path = PLANS_DIR) -> list[Plan]:
    return [load_plan(p) for p in sorted(directory.glob("*.yaml"))]
