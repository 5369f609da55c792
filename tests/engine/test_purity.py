"""The engine imports nothing but the standard library, numpy and PyYAML.

import-linter forbids Django and the other xaso packages by name; this test also catches a
package added later that the contract does not list yet.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "xaso" / "engine"
ALLOWED_THIRD_PARTY = {"numpy", "yaml"}


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_engine_modules_import_only_the_allowed_packages():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in sorted(ENGINE.glob("*.py")):
        extra = imported_roots(path) - stdlib - ALLOWED_THIRD_PARTY
        assert not extra, f"{path.name} imports {sorted(extra)}"


def test_importing_the_engine_loads_no_django():
    code = (
        "import sys, xaso.engine, xaso.engine.analysis, xaso.engine.serialize;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'config'));"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_pytest_on_the_engine_tests_alone_never_imports_django():
    code = (
        "import sys, pytest;"
        "rc = pytest.main(['tests/engine/test_display.py', '-q', '-p', 'no:cacheprovider']);"
        "assert rc == 0, rc;"
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ENGINE.parents[1],
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
