"""Reading typed values: every character kept, anything unusable refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from xaso.assessments.forms import parse_values
from xaso.engine import load_criteria_set

SET = load_criteria_set(
    Path(__file__).resolve().parents[2] / "criteria_sets" / "thanh_hoa_1829_2023.yaml"
)
RADIO = "Hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin – viễn thông"


@pytest.mark.parametrize(("typed", "value"), [("1", True), ("0", False), ("", None)])
def test_a_yes_no_answer_is_yes_no_or_none(typed, value):
    _typed, values, errors = parse_values(SET, {"v_has_ict_radio": typed})
    assert values == {"has_ict_radio": value} and errors == {}


@pytest.mark.parametrize("typed", ["2", "có", "true", "1\x00", "x" * 5000])
def test_any_other_yes_no_answer_is_refused_naming_the_question(typed):
    typed_texts, values, errors = parse_values(SET, {"v_has_ict_radio": typed})
    assert errors == {"has_ict_radio": f"«{RADIO}»: hãy chọn «Có» hoặc «Không»."}
    assert values == {"has_ict_radio": None}  # not an answer: the caller saves nothing
    assert typed_texts == {"has_ict_radio": typed.strip()}


@pytest.mark.parametrize(
    ("typed", "value"),
    [("4210", 4210), ("4.210", 4210), ("1 234 567", 1234567), ("999999999999", 10**12 - 1)],
)
def test_whole_numbers_are_read_the_vietnamese_way(typed, value):
    assert parse_values(SET, {"v_adults": typed})[1:] == ({"adults": value}, {})


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("1" * 13, "Số quá lớn: tối đa 12 chữ số."),
        ("9" * 5000, "Quá dài: hãy nhập một số có tối đa 12 chữ số."),  # int() would raise
        ("12\x0034", "Ô này có ký tự không hợp lệ (ký tự rỗng); hãy gõ lại số."),
        ("-5", "Số liệu không được âm."),
        ("12a", "«12a» không phải số nguyên; hãy nhập số, ví dụ 1234."),
    ],
)
def test_unusable_numbers_are_kept_as_typed_with_a_message(typed, error):
    typed_texts, values, errors = parse_values(SET, {"v_adults": typed})
    assert (typed_texts, values, errors) == ({"adults": typed}, {"adults": None}, {"adults": error})
