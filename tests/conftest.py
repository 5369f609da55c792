"""Django is configured for every test except a run limited to ``tests/engine``.

``pytest tests/engine`` must work with no database and no Django settings (the engine is
pure Python), so settings are chosen here instead of in pyproject's pytest options:
pytest-django sets Django up in its own ``pytest_configure``, which runs after this one.
A conftest.py below this one is imported before that: it must not read Django settings at
import time (inside fixtures is fine).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENGINE_TESTS = (Path(__file__).parent / "engine").resolve()


def _engine_only(args: list[str]) -> bool:
    paths = [Path(arg.split("::", 1)[0]).resolve() for arg in args if not arg.startswith("-")]
    return bool(paths) and all(p == ENGINE_TESTS or ENGINE_TESTS in p.parents for p in paths)


def pytest_configure(config: pytest.Config) -> None:
    if _engine_only(list(config.args)):
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 (loads the settings so pytest-django sets Django up)


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    """Each test starts with an empty cache: login failure counts per address (and anything
    else kept there) must not leak from one test into the next."""
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        return  # tests/engine alone: no Django
    from django.core.cache import cache

    cache.clear()
