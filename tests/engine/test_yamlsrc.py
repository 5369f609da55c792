"""YAML reading keeps lines, keeps decimals as written, and turns failures into problems."""

from __future__ import annotations

from xaso.engine.yamlsrc import LList, LMap, parse_yaml


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
