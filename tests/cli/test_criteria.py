"""``xaso template`` and ``xaso describe``."""

from __future__ import annotations

import json

from .helpers import REPO, SET, run


def test_template_prints_the_csv_header_in_set_order(capsys):
    code, out, _ = run(capsys, "template", SET)
    header = out.strip().split(",")
    assert code == 0 and out.count("\n") == 1
    assert header[:3] == ["unit_code", "unit_name", "year"]
    assert header[3:6] == ["officials", "officials_digital_signature", "documents"]
    assert len(header) == 3 + 52
    assert "adults_digital_signature" in header and "has_ict_radio" in header


def test_template_accepts_a_path(capsys):
    _, by_path, _ = run(capsys, "template", str(REPO / "criteria_sets" / f"{SET}.yaml"))
    _, by_id, _ = run(capsys, "template", SET)
    assert by_path == by_id


def test_describe_json_contract(capsys):
    code, out, _ = run(capsys, "describe", SET, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {"id", "name", "version", "decision", "province", "indicators"} <= set(data)
    assert len(data["indicators"]) == 37
    ind = next(i for i in data["indicators"] if i["code"] == "3.10")
    assert {
        k: ind[k]
        for k in ("code", "group", "status", "kind", "numerator", "denominator", "gap_unit")
    } == {
        "code": "3.10",
        "group": "XHS",
        "status": "verified",
        "kind": "ratio",
        "numerator": ["adults_digital_signature"],
        "denominator": ["adults"],
        "gap_unit": "người",
    }
    assert ind["threshold"]["op"] == ">=" and ind["threshold"]["value"] == 30
    radio = next(i for i in data["indicators"] if i["code"] == "4.7")
    assert radio["kind"] == "yes_no" and radio["numerator"] == ["has_ict_radio"]


def test_describe_table_is_vietnamese(capsys):
    code, out, _ = run(capsys, "describe", SET)
    assert code == 0
    assert "Quyết định 1829/QĐ-UBND ngày 30/05/2023" in out
    assert "37 chỉ tiêu" in out and "≥ 60 %" in out
