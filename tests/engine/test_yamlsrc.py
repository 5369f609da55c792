"""YAML reading keeps lines, keeps decimals as written, turns failures into problems, and
refuses what could grow without bound (aliases, depth, values, bytes) before building it."""

from __future__ import annotations

import pytest

from xaso.engine.yamlsrc import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    MESSAGE_LIMIT,
    QUOTE_LIMIT,
    LList,
    LMap,
    bounded,
    parse_yaml,
)


def test_lines_of_keys_and_items_are_kept():
    data, problems = parse_yaml("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n")
    assert problems == []
    assert isinstance(data, LMap) and isinstance(data["b"], LList)
    assert (data.line_of("a"), data.line_of("b"), data.line_of("c")) == (1, 2, 5)
    assert data["b"].line_of(1) == 4


def test_decimals_and_codes_stay_text():
    data, _ = parse_yaml("code: 3.10\nvalue: 33.5\nwhole: 60\nflag: true\n")
    assert data == {"code": "3.10", "value": "33.5", "whole": 60, "flag": True}


def test_duplicate_keys_are_reported_with_their_line():
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.field) for p in problems] == [(3, "a")]


def test_syntax_errors_are_explained():
    _, problems = parse_yaml("a: b: c\n")
    assert problems[0].line == 1 and "dấu «:»" in problems[0].message
    _, problems = parse_yaml("a:\n\t- x\n")
    assert "Tab" in problems[0].message


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The billion laughs: each level lists the previous one ``width`` times (9^9 values)."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + f"\nname: *l{levels - 1}\n"


def test_an_alias_bomb_is_refused_while_composing_without_data():
    data, problems = parse_yaml(_alias_bomb())
    assert data is None
    assert [(p.line, "(&)" in p.message and "(*)" in p.message) for p in problems] == [(1, True)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &x 1\nb: 2\n", 1),  # an anchor alone
        ("a: 1\nb: *x\n", 2),  # an alias to nothing
        ("base: {k: 1}\nc:\n  <<: *base\n", 3),  # a merge key needs an alias
    ],
)
def test_anchors_and_aliases_are_refused_with_their_line(text, line):
    data, problems = parse_yaml(text)
    assert data is None
    assert [p.line for p in problems] == [line]
    assert "tham chiếu (*)" in problems[0].message


def test_nesting_deeper_than_the_limit_is_refused():
    deep = "x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    data, problems = parse_yaml(deep)
    assert data is None and f"tối đa {MAX_DEPTH} cấp" in problems[0].message
    _, problems = parse_yaml("x: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n")
    assert problems == []


def test_more_values_than_the_limit_are_refused():
    data, problems = parse_yaml("[" + ",".join(["1"] * (MAX_NODES + 1)) + "]")
    assert data is None and "quá nhiều giá trị" in problems[0].message


def test_text_over_the_byte_limit_is_refused_before_parsing():
    # Vietnamese letters take two or three bytes: the limit is on bytes, not characters.
    data, problems = parse_yaml("a: " + "ệ" * (MAX_BYTES // 3 + 1))
    assert data is None and "tệp quá lớn" in problems[0].message


def test_a_long_duplicate_key_is_quoted_shortened():
    key = "k" * 1000
    _, problems = parse_yaml(f"{{{key}: 1, {key}: 2}}\n")
    assert len(problems) == 1
    assert len(problems[0].message) < 200 and len(problems[0].field) < 200


def test_bounded_shortens_every_quoted_value_and_the_whole_message():
    message = bounded("giá trị «" + "x" * 5000 + "» và «ngắn»")
    assert message == "giá trị «" + "x" * QUOTE_LIMIT + "…» và «ngắn»"
    assert len(bounded("y" * 5000)) == MESSAGE_LIMIT + 1


@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\ufffe", "\x00"])
def test_a_control_character_written_as_is_is_a_problem_with_its_line(character):
    """PyYAML's reader refuses these while the loader is created (once an error page)."""
    data, problems = parse_yaml(f"a: 1\nb: x{character}y\nc: 3\n")
    assert data is None
    assert [p.line for p in problems] == [2]
    assert f"U+{ord(character):04X}" in problems[0].message


def test_the_line_of_a_control_character_counts_every_yaml_line_break():
    _, problems = parse_yaml("a: 1\r\nb: 2\rc: 3\x85d: 4\u2028e: \x02\n")
    assert [p.line for p in problems] == [5]


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\u0000", "\\ud800", "\\U0000dfff"])
def test_a_nul_or_lone_surrogate_escape_is_a_problem_with_its_line(escape):
    """A quoted "\\0" puts a NUL into the text, which PostgreSQL refuses in any column."""
    data, problems = parse_yaml(f'a: 1\nb: "x{escape}y"\nc: ["ok", "{escape}"]\n')
    assert [p.line for p in problems] == [2, 3]
    assert all("ký tự không lưu được" in p.message for p in problems)
    assert data["b"] == "x\ufffdy", "the character is replaced, so no message quotes it"


def test_a_nul_in_a_key_is_a_problem_too():
    _, problems = parse_yaml('a: 1\n"b\\0": 2\n')
    assert [p.line for p in problems] == [2]


def test_other_escapes_stay_as_written():
    data, problems = parse_yaml('a: "tab\\there, \\u1ea0"\n')
    assert problems == [] and data["a"] == "tab\there, Ạ"
