"""Small criteria sets written inline, so each test shows the rule it exercises."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent, indent

import pytest

from xaso.engine import CriteriaSet, load_criteria_set, parse_criteria_set

REPO = Path(__file__).resolve().parents[2]
CRITERIA_DIR = REPO / "criteria_sets"
TH_1829 = CRITERIA_DIR / "thanh_hoa_1829_2023.yaml"

HEADER = """\
id: test_set
version: "1"
name: Bộ tiêu chí thử
issuing_body: UBND tỉnh thử
decision: {number: 1/QĐ-UBND, date: 2024-01-01}
province: Thử
valid_years: {from: 2023, to: 2025}
"""

VARIABLES = """\
variables:
  - {code: adults, kind: count, unit: người, label: Dân số trưởng thành}
  - {code: adults_digital_signature, kind: count, unit: người, label: Người có chữ ký số}
  - {code: households, kind: count, unit: hộ gia đình, label: Số hộ}
  - {code: households_cashless_electricity, kind: count, unit: hộ gia đình, label: Hộ trả điện}
  - {code: businesses, kind: count, unit: doanh nghiệp, label: Doanh nghiệp}
  - {code: businesses_econtract, kind: count, unit: doanh nghiệp, label: DN hợp đồng điện tử}
  - {code: teams, kind: count, unit: tổ, label: Số tổ công nghệ số}
  - {code: has_ict_radio, kind: yes_no, label: Đài truyền thanh ứng dụng CNTT}
"""


def make_set(groups: str, extra: str = "", variables: str = VARIABLES) -> CriteriaSet:
    """A set from the shared header and variables plus the given ``groups:`` block."""
    text = HEADER + variables + dedent(extra) + "groups:\n" + indent(dedent(groups), "  ")
    return parse_criteria_set(text, source="test.yaml")


def ratio(code: str, num: str, den: str, threshold: str, **extra: str) -> str:
    lines = [
        f'- code: "{code}"',
        f"  name: Chỉ tiêu {code}",
        "  kind: ratio",
        "  status: provisional",
        f"  numerator: [{num}]",
        f"  denominator: [{den}]",
        f'  threshold: "{threshold}"',
    ]
    lines += [f"  {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def yes_no(code: str, variable: str, **extra: str) -> str:
    lines = [
        f'- code: "{code}"',
        f"  name: Chỉ tiêu {code}",
        "  kind: yes_no",
        "  status: provisional",
        f"  variable: {variable}",
    ]
    lines += [f"  {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def group(code: str, *indicators: str, completion: str = "") -> str:
    body = "".join(indent(i, "    ") for i in indicators)
    rule = f"  completion: {completion}\n" if completion else ""
    return f"- code: {code}\n  name: Nhóm {code}\n{rule}  indicators:\n{body}"


@pytest.fixture(scope="session")
def th1829() -> CriteriaSet:
    return load_criteria_set(TH_1829)
