"""criteria_sets/README.md documents every field the loader accepts (and no stale ones)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xaso.engine.loader import SCHEMA
from xaso.engine.schema import MAX_LENGTH

README = Path(__file__).resolve().parents[2] / "criteria_sets" / "README.md"


def documented_rows() -> dict[str, dict[str, str]]:
    """Each ``### object`` section's table rows, by field."""
    sections: dict[str, dict[str, str]] = {}
    current: str | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+(\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            sections[current] = {}
            continue
        if line.startswith("#"):
            current = None
        row = re.match(r"^\|\s*`([a-z_]+)`\s*\|", line)
        if current is not None and row:
            sections[current][row.group(1)] = line
    return sections


def documented_fields() -> dict[str, set[str]]:
    return {kind: set(rows) for kind, rows in documented_rows().items()}


@pytest.mark.parametrize("kind", sorted(SCHEMA))
def test_every_schema_field_is_documented(kind):
    sections = documented_fields()
    assert kind in sections, f"criteria_sets/README.md has no '### {kind}' section"
    missing = set(SCHEMA[kind]) - sections[kind]
    assert not missing, f"'### {kind}' does not document {sorted(missing)}"


def test_no_documented_field_is_unknown_to_the_loader():
    for kind, fields in documented_fields().items():
        if kind in SCHEMA:
            assert fields <= set(SCHEMA[kind]), (kind, fields - set(SCHEMA[kind]))


@pytest.mark.parametrize(("field", "limit"), sorted(MAX_LENGTH.items()))
def test_every_length_limit_is_documented_in_its_fields_row(field, limit):
    kind, name = field.split(".")
    row = documented_rows()[kind][name]
    assert f"At most {limit} characters." in row, row
