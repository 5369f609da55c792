from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import CRITERIA_DIR, CRITERIA_FILES


@pytest.fixture
def sample_path() -> Path:
    """One real criteria set file (the first by name)."""
    assert CRITERIA_FILES, f"no criteria set files in {CRITERIA_DIR}"
    return CRITERIA_FILES[0]


@pytest.fixture
def sample_text(sample_path: Path) -> str:
    return sample_path.read_text(encoding="utf-8")
