"""Criteria sets load from YAML; every error names file, line and field in Vietnamese."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from xaso.engine import CriteriaSetInvalid, load_criteria_set, parse_criteria_set

from .conftest import CRITERIA_DIR, HEADER, TH_1829, VARIABLES, make_set


def test_every_shipped_set_loads():
    sets = [load_criteria_set(p) for p in sorted(CRITERIA_DIR.glob("*.yaml"))]
    assert len(sets) >= 3
    assert len({cs.id for cs in sets}) == len(sets)


def test_1829_has_the_37_slots_in_four_groups(th1829):
    sizes = {g.code: len(th1829.indicators_of(g.code)) for g in th1829.groups}
    assert sizes == {"CQS": 11, "KTS": 6, "XHS": 12, "HTS": 8}
    codes = [i.code for i in th1829.indicators]
    expected = [f"1.{n}" for n in range(1, 12)] + [f"2.{n}" for n in range(1, 7)]
    expected += [f"3.{n}" for n in range(1, 13)] + [f"4.{n}" for n in range(1, 9)]
    assert codes == expected
    assert th1829.decision.number == "1829/QĐ-UBND"
    assert str(th1829.decision.date) == "2023-05-30"


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "percent", "status"),
    [
        ("3.10", "adults_digital_signature", "adults", 30, "verified"),
        ("3.11", "adults_online_public_services", "adults", 50, "reported"),
        ("3.12", "households_cashless_electricity", "households", 60, "verified"),
        ("3.4", "people_updated_ehr", "population", 95, "verified"),
        ("2.1", "businesses_econtract", "businesses", 50, "reported"),
        ("4.6", "addresses_tagged", "addresses", 100, "reported"),
    ],
)
def test_1829_known_indicators_use_the_agreed_variable_codes(
    th1829, code, numerator, denominator, percent, status
):
    ind = th1829.indicator(code)
    assert ind.numerator.variables == (numerator,)
    assert ind.denominator.variables == (denominator,)
    assert ind.threshold.op == ">=" and ind.threshold.target == Fraction(percent, 100)
    assert ind.status == status


def test_1829_uncertain_thresholds_are_marked_provisional(th1829):
    assert th1829.indicator("3.11").threshold.status == "provisional"
    assert th1829.indicator("4.6").threshold.status == "provisional"
    assert th1829.indicator("4.7").kind == "yes_no"
    assert th1829.indicator("4.7").variable == "has_ict_radio"


def test_1829_every_non_provisional_row_cites_a_source(th1829):
    for ind in th1829.indicators:
        assert ind.status in ("verified", "reported", "provisional")
        if ind.status != "provisional":
            assert ind.source, ind.code


def test_the_adult_age_cut_off_is_documented_not_hidden(th1829):
    assert "15" in th1829.variable("adults").help
    assert "15" in th1829.notes


def test_codes_like_3_10_stay_text_not_numbers():
    cs = make_set("""\
- code: X
  name: X
  indicators:
    - code: 3.10
      name: a
      kind: yes_no
      status: provisional
      variable: has_ict_radio
""")
    assert cs.indicators[0].code == "3.10"


def problems_of(text: str) -> list[str]:
    with pytest.raises(CriteriaSetInvalid) as info:
        parse_criteria_set(text, source="sai.yaml")
    return [str(p) for p in info.value.problems]


GOOD_GROUP = """\
groups:
  - code: X
    name: Nhóm
    indicators:
      - code: "1"
        name: Chỉ tiêu
        kind: ratio
        status: provisional
        numerator: [adults_digital_signature]
        denominator: [adults]
        threshold: ">= 30"
"""


def test_the_good_fixture_loads():
    assert parse_criteria_set(HEADER + VARIABLES + GOOD_GROUP).indicators[0].code == "1"


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            'threshold: ">= 30"',
            'threshhold: ">= 30"',
            ["threshhold", "Có phải ý bạn là «threshold»", "thiếu ngưỡng"],
        ),
        (
            "numerator: [adults_digital_signature]",
            "numerator: [adult_signature]",
            ["biến «adult_signature» chưa được khai báo"],
        ),
        ('threshold: ">= 30"', 'threshold: ">= 130"', ["từ 0 đến 100"]),
        ("status: provisional", "status: official", ["«official» không hợp lệ"]),
        ("kind: ratio", "kind: percent", ["«percent» không hợp lệ"]),
        (
            "numerator: [adults_digital_signature]",
            'numerator: "adults * adults"',
            ["nhân một biến với một hằng số"],
        ),
        (
            "numerator: [adults_digital_signature]",
            "numerator: [has_ict_radio]",
            ["biến «has_ict_radio» là loại có/không"],
        ),
    ],
)
def test_errors_name_file_line_and_field(old, new, fragments):
    text = HEADER + VARIABLES + GOOD_GROUP.replace(old, new)
    problems = problems_of(text)
    joined = "\n".join(problems)
    assert "tệp sai.yaml" in joined
    for fragment in fragments:
        assert fragment in joined
    expected = next(n for n, text_line in enumerate(text.splitlines(), 1) if new in text_line)
    assert f"dòng {expected}," in joined, joined


def test_yaml_syntax_errors_give_the_line():
    text = HEADER + VARIABLES + GOOD_GROUP.replace("name: Nhóm", "name: [Nhóm")
    problems = problems_of(text)
    assert len(problems) == 1 and "lỗi cú pháp YAML" in problems[0] and "dòng" in problems[0]


def test_all_problems_are_reported_at_once():
    text = (
        HEADER.replace("name: Bộ tiêu chí thử\n", "")
        + VARIABLES
        + GOOD_GROUP.replace("status: provisional", "status: maybe").replace(
            'threshold: ">= 30"', 'threshold: "about half"'
        )
    )
    joined = "\n".join(problems_of(text))
    assert "trường «name»" in joined and "maybe" in joined and "about half" in joined


def test_duplicate_codes_and_keys_are_refused():
    dup = GOOD_GROUP + GOOD_GROUP.split("indicators:\n", 1)[1].replace("", "", 0)
    joined = "\n".join(problems_of(HEADER + VARIABLES + dup))
    assert "khai báo hai lần" in joined
    joined = "\n".join(problems_of(HEADER + "id: again\n" + VARIABLES + GOOD_GROUP))
    assert "trường «id» bị khai báo hai lần" in joined


def test_rules_must_name_known_indicators():
    text = HEADER + VARIABLES + "completion: {mandatory: ['9.9']}\n" + GOOD_GROUP
    assert any("«9.9» không thuộc phạm vi" in p for p in problems_of(text))


def test_set_completion_and_tiers_do_not_mix():
    text = (
        HEADER
        + VARIABLES
        + "completion: {all: true}\ntiers:\n  - {code: basic, name: B}\n"
        + GOOD_GROUP
    )
    assert any("tiers" in p for p in problems_of(text))


def test_missing_unreadable_and_non_utf8_files(tmp_path: Path):
    with pytest.raises(CriteriaSetInvalid, match="không tìm thấy tệp"):
        load_criteria_set(tmp_path / "none.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Thanh Hóa".encode("cp1258"))
    with pytest.raises(CriteriaSetInvalid, match="UTF-8"):
        load_criteria_set(latin)
    with pytest.raises(CriteriaSetInvalid, match="mapping"):
        parse_criteria_set("- just\n- a list\n")


def test_an_empty_file_is_refused():
    with pytest.raises(CriteriaSetInvalid):
        parse_criteria_set("")


def test_the_set_key_names_id_and_version():
    assert load_criteria_set(TH_1829).key == "thanh_hoa_1829_2023@2023.1"


TWO_TIERS = """\
tiers:
  - code: basic
    name: Cơ bản
    completion: {mandatory: ["2"]}
  - {code: advanced, name: Nâng cao}
groups:
  - code: X
    name: Nhóm
    indicators:
      - {code: "1", name: a, kind: yes_no, status: provisional, variable: has_ict_radio,
         tier: basic}
      - {code: "2", name: b, kind: yes_no, status: provisional, variable: has_ict_radio,
         tier: advanced}
"""


def test_a_tier_rule_can_only_name_indicators_of_its_scope():
    joined = "\n".join(problems_of(HEADER + VARIABLES + TWO_TIERS))
    assert "«2» không thuộc phạm vi" in joined and "tiers[basic]" in joined


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            ('completion: {mandatory: ["2"]}', "completion: {at_least: 3}"),
            "«at_least» là 3 nhưng chỉ có 1 chỉ tiêu",
        ),
    ],
)
def test_impossible_rules_are_refused(change, fragment):
    text = HEADER + VARIABLES + TWO_TIERS.replace(*change)
    assert any(fragment in p for p in problems_of(text))


def test_a_count_threshold_is_not_a_percentage():
    group = (
        GOOD_GROUP.replace("kind: ratio", "kind: count")
        .replace(
            "numerator: [adults_digital_signature]\n        denominator: [adults]", "value: adults"
        )
        .replace('">= 30"', '">= 30 %"')
    )
    assert any("không dùng dấu %" in p for p in problems_of(HEADER + VARIABLES + group))


def test_bands_must_reach_full_points():
    group = GOOD_GROUP.replace("kind: ratio", "kind: points").replace(
        'threshold: ">= 30"',
        "points: {max: 20, method: bands, bands: [{from: 0, points: 0}, {from: 50, points: 10}]}",
    )
    assert any("đủ điểm tối đa" in p for p in problems_of(HEADER + VARIABLES + group))


def test_decisions_need_a_date_and_rule_codes_are_unique():
    text = HEADER.replace(", date: 2024-01-01", "") + VARIABLES + GOOD_GROUP
    assert any("thiếu ngày ban hành" in p for p in problems_of(text))
    rule = "  - {code: r, rule: adults <= households, message: m}\n"
    text = HEADER + VARIABLES + "validations:\n" + rule + rule + GOOD_GROUP
    assert any("«r» bị khai báo hai lần" in p for p in problems_of(text))


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("date: 2024-01-01", "date: 2024-02-31", "ngày phải có thật"),
        ("date: 2024-01-01", "date: 2024-01-01 10:00:00", "không ghi giờ"),
    ],
)
def test_impossible_or_timed_dates_are_explained(old, new, fragment):
    text = HEADER.replace(old, new) + VARIABLES + GOOD_GROUP
    assert any(fragment in p for p in problems_of(text))


def test_thresholds_have_sane_precision():
    group = GOOD_GROUP.replace('threshold: ">= 30"', 'threshold: ">= 30.12345"')
    assert any("tối đa 4 chữ số thập phân" in p for p in problems_of(HEADER + VARIABLES + group))


def test_questionable_sets_are_refused():
    empty_group = GOOD_GROUP + "  - code: Y\n    name: Trống\n    indicators: []\n"
    assert any(
        "nhóm chưa có chỉ tiêu nào" in p for p in problems_of(HEADER + VARIABLES + empty_group)
    )
    no_types = GOOD_GROUP.replace("kind: ratio", "kind: ratio\n        applies_to: []")
    assert any("loại đơn vị áp dụng trống" in p for p in problems_of(HEADER + VARIABLES + no_types))
    constant_rule = "validations:\n  - {code: r, rule: 2 <= 1, message: m}\n"
    assert any(
        "ít nhất một biến" in p
        for p in problems_of(HEADER + VARIABLES + constant_rule + GOOD_GROUP)
    )
    never = (
        GOOD_GROUP.replace("kind: ratio", "kind: count")
        .replace(
            "numerator: [adults_digital_signature]\n        denominator: [adults]", "value: adults"
        )
        .replace('">= 30"', '"< 0"')
    )
    assert any("không bao giờ đạt" in p for p in problems_of(HEADER + VARIABLES + never))
    huge = never.replace('"< 0"', '">= 99999999999999999999"')
    assert any("ngưỡng quá lớn" in p for p in problems_of(HEADER + VARIABLES + huge))


def test_deeply_nested_yaml_or_formulas_are_refused_without_a_traceback():
    nested = HEADER + "notes: " + "[" * 300 + "]" * 300 + "\n" + VARIABLES + GOOD_GROUP
    assert problems_of(nested) == [
        "tệp sai.yaml, dòng 8: tệp YAML lồng nhau quá sâu (tối đa 20 cấp)"
    ]
    formula = GOOD_GROUP.replace(
        "[adults_digital_signature]", '"' + "(" * 400 + "adults_digital_signature" + ")" * 400 + '"'
    )
    assert any("lồng quá sâu" in p for p in problems_of(HEADER + VARIABLES + formula))


def test_an_alias_bomb_where_text_is_expected_is_refused_without_expanding_it():
    # Four levels of four: before aliases were refused, the error quoted all 256 values.
    bomb = (
        'x: &a ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxxxxxxx"]\n'
        "y: &b [*a, *a, *a, *a]\nz: &c [*b, *b, *b, *b]\nw: &d [*c, *c, *c, *c]\n"
    )
    variables = VARIABLES.replace("kind: count, unit: người, label: Dân số", "kind: *d, label: D")
    problems = problems_of(bomb + HEADER + variables + GOOD_GROUP)
    assert problems == [
        "tệp sai.yaml, dòng 1: không dùng nhãn (&) và tham chiếu (*) của YAML trong bộ tiêu chí; "
        "hãy viết đầy đủ giá trị ở từng chỗ"
    ]


def test_a_long_value_is_quoted_shortened_in_every_message():
    long_kind = "k" * 5000
    text = HEADER + VARIABLES.replace("kind: yes_no", f"kind: {long_kind}") + GOOD_GROUP
    text = text.replace("status: provisional", f"status: {'s' * 5000}")
    text = text.replace("[adults_digital_signature]", f'"{"(" * 50}{"a" * 5000}"')
    problems = problems_of(text)
    assert len(problems) >= 3
    assert all(len(p) < 700 for p in problems), [len(p) for p in problems]


def test_a_variable_minimum_is_read_and_checked():
    variables = VARIABLES.replace(
        "label: Dân số trưởng thành}", "label: Dân số trưởng thành, min: 1}"
    )
    cs = parse_criteria_set(HEADER + variables + GOOD_GROUP)
    assert cs.variable("adults").minimum == 1 and cs.variable("teams").minimum == 0
    bad = VARIABLES.replace("label: Dân số trưởng thành}", "label: Dân số trưởng thành, min: -2}")
    assert any(
        "«min» phải là số nguyên không âm" in p for p in problems_of(HEADER + bad + GOOD_GROUP)
    )


def test_the_1829_wholes_can_never_be_zero(th1829):
    assert {v.code for v in th1829.variables if v.minimum == 1} >= {
        "population",
        "adults",
        "households",
        "officials",
        "villages",
    }
    assert th1829.variable("businesses").minimum == 0  # a commune may have no business


def test_a_control_character_is_a_problem_with_its_line_not_a_traceback():
    text = HEADER.replace("name: Bộ tiêu chí thử", "name: Bộ tiêu chí\x01 thử") + VARIABLES
    assert problems_of(text + GOOD_GROUP) == [
        "tệp sai.yaml, dòng 3: tệp có ký tự không in được (mã U+0001); hãy xóa ký tự đó rồi "
        "lưu lại tệp dưới dạng văn bản UTF-8"
    ]


def test_a_nul_anywhere_in_any_text_is_refused_with_its_line():
    """Every string of a set, not only the stored columns: the YAML row keeps them all."""
    text = (
        HEADER.replace("name: Bộ tiêu chí thử", 'name: "Bộ tiêu chí\\0 thử"')
        + VARIABLES
        + GOOD_GROUP.replace("name: Chỉ tiêu", 'name: "Chỉ\\x00 tiêu"').replace(
            "threshold:", 'note: "\\u0000"\n        threshold:'
        )
    )
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "\\0" in line or "\\x00" in line]
    lines += [n for n, line in enumerate(text.splitlines(), 1) if "\\u0000" in line]
    problems = [p for p in problems_of(text) if "ký tự không lưu được" in p]
    assert [int(p.split("dòng ")[1].split(":")[0]) for p in problems] == lines
    assert len(lines) == 3


LONG_FIELDS = [
    ("id: test_set", "id: " + "a" * 101, "id", 100),
    ('version: "1"', 'version: "' + "1" * 51 + '"', "version", 50),
    ("province: Thử", "province: " + "T" * 101, "province", 100),
    ("number: 1/QĐ-UBND,", "number: " + "1" * 101 + ",", "decision.number", 100),
    ("code: adults_digital_signature,", "code: " + "a" * 65 + ",", "variables[", 64),
    ('code: "1"', 'code: "' + "1" * 21 + '"', "indicators[", 20),
]


@pytest.mark.parametrize(("old", "new", "field", "limit"), LONG_FIELDS)
def test_a_field_longer_than_its_column_is_refused_with_its_line(old, new, field, limit):
    """Stored in columns of a fixed length: once a 500 on PostgreSQL when published (the
    set's fields) or when evidence or a value was saved under it (the codes)."""
    text = HEADER + VARIABLES + GOOD_GROUP
    assert text.count(old) == 1
    text = text.replace(old, new)
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if new in text_line)
    too_long = [p for p in problems_of(text) if "quá giới hạn" in p]
    assert len(too_long) == 1, problems_of(text)
    assert too_long[0].startswith(f"tệp sai.yaml, dòng {line}, trường «{field}")
    assert f"dài {limit + 1} ký tự, quá giới hạn {limit} ký tự; hãy rút gọn" in too_long[0]


def test_fields_as_long_as_their_columns_load():
    text = (HEADER + VARIABLES + GOOD_GROUP).replace("id: test_set", "id: " + "a" * 100)
    text = text.replace('version: "1"', 'version: "' + "1" * 50 + '"')
    text = text.replace("province: Thử", "province: " + "T" * 100)
    text = text.replace("number: 1/QĐ-UBND,", "number: " + "1" * 100 + ",")
    text = text.replace("adults_digital_signature", "a" * 64)
    text = text.replace('code: "1"', 'code: "' + "1" * 20 + '"')
    cs = parse_criteria_set(text)
    assert (len(cs.id), len(cs.version), len(cs.province), len(cs.decision.number)) == (
        (100, 50, 100, 100)
    )
    assert (len(cs.variables[1].code), len(cs.indicators[0].code)) == (64, 20)
