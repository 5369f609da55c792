"""Criteria set texts for the tests: the real files of criteria_sets/ and variants of them.

Tests read whatever files the directory holds, so a new criteria set is covered the day it
arrives; variants are made by editing a real file's text, never by hand-writing a set.
"""

from __future__ import annotations

import re
from pathlib import Path

from xaso.engine.loader import iter_criteria_files

# The repository's directory, which is also settings.XASO_CRITERIA_DIR's default. Not read
# from settings here: this module is imported by a conftest before Django is set up.
CRITERIA_DIR = Path(__file__).resolve().parents[2] / "criteria_sets"
CRITERIA_FILES = list(iter_criteria_files(CRITERIA_DIR))

# The engine must refuse this: an unknown field, an invalid id, missing required sections.
BROKEN_YAML = 'id: "Không Hợp Lệ"\nversion: "1"\nnam: sai chính tả\n'


def with_version(text: str, version: str) -> str:
    """The same criteria set text with its top-level ``version`` replaced."""
    new, count = re.subn(r"^version:.*$", f'version: "{version}"', text, count=1, flags=re.M)
    assert count == 1, "every criteria set file has a top-level version line"
    return new
