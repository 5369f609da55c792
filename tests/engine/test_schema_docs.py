"""criteria_sets/README.md documents every field the loader accepts (and no stale ones)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xaso.engine.loader import SCHEMA

README = Path(__file__).resolve().parents[2] / "criteria_sets" / "README.md"


def documented_fields() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current: str | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+(\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            sections[current] = set()
            continue
        if line.startswith("#"):
            current = None
        row = re.match(r"^\|\s*`([a-z_]+)`\s*\|", line)
        if current is not None and row:
            sections[current].add(row.group(1))
    return sections


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
