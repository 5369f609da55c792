"""Checks on one unit's raw values (the web form's path)."""

from __future__ import annotations

from xaso.engine.validate import check_values


def test_a_good_draft_with_gaps_passes(th1829):
    assert check_values(th1829, {"adults": 100, "adults_digital_signature": None}) == []


def test_every_kind_of_problem_is_named_by_its_variable(th1829):
    problems = check_values(
        th1829,
        {
            "population": 0,  # min 1
            "adults": 10,
            "adults_digital_signature": 11,  # part above its whole
            "households": -1,
            "officials": 10**13,  # too large
            "shops": "nhiều",
            "has_ict_radio": 7,
        },
    )
    by_field = {p.field: p.message for p in problems}
    assert by_field["population"] == "«Dân số của xã» phải lớn hơn 0"
    assert by_field["households"] == "số liệu không được âm"
    assert "quá lớn" in by_field["officials"]
    assert "không phải số nguyên" in by_field["shops"]
    assert by_field["has_ict_radio"] == "cần trả lời có hoặc không"
    assert "hiện 11 > 10" in by_field["adults_digital_signature, adults"]


def test_custom_rules_between_variables(th1829):
    (problem,) = check_values(th1829, {"adults": 500, "population": 400})
    assert problem.message.startswith("Dân số trưởng thành không được lớn hơn dân số")
