"""config/settings.py: defaults that run the demo, and loud failures on values it cannot use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import BASE_DIR, env_bool, env_list, env_path, env_secret


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("on", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
        ("off", False),
        (" off ", False),
    ],
)
def test_a_boolean_is_read_in_its_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("XASO_TEST_FLAG", raw)

    assert env_bool("XASO_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_an_unset_or_empty_boolean_takes_its_default(
    monkeypatch: pytest.MonkeyPatch, raw: str | None
) -> None:
    if raw is None:
        monkeypatch.delenv("XASO_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("XASO_TEST_FLAG", raw)

    assert env_bool("XASO_TEST_FLAG", True) is True
    assert env_bool("XASO_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["flase", "2", "có", "enabled"])
def test_a_boolean_that_cannot_be_read_stops_the_server(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("XASO_TEST_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match=r"XASO_TEST_FLAG=.*is not a boolean"):
        env_bool("XASO_TEST_FLAG", True)


def test_a_list_is_split_on_commas_and_blanks_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XASO_TEST_LIST", " xaso.example.vn, ,127.0.0.1 ")

    assert env_list("XASO_TEST_LIST", ["x"]) == ["xaso.example.vn", "127.0.0.1"]


def test_a_relative_path_is_taken_from_the_project_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XASO_TEST_DIR", "du_lieu/bo_tieu_chi")

    assert env_path("XASO_TEST_DIR", Path("/x")) == BASE_DIR / "du_lieu" / "bo_tieu_chi"


def test_a_secret_is_read_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "key"
    secret_file.write_text("bi-mat\n", encoding="utf-8")
    monkeypatch.delenv("XASO_TEST_KEY", raising=False)
    monkeypatch.setenv("XASO_TEST_KEY_FILE", str(secret_file))

    assert env_secret("XASO_TEST_KEY") == "bi-mat"


def test_a_secret_set_both_ways_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XASO_TEST_KEY", "a")
    monkeypatch.setenv("XASO_TEST_KEY_FILE", str(tmp_path / "key"))

    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("XASO_TEST_KEY")


def test_a_secret_file_that_is_missing_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XASO_TEST_KEY", raising=False)
    monkeypatch.setenv("XASO_TEST_KEY_FILE", str(tmp_path / "khong_co"))

    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("XASO_TEST_KEY")


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with only ``env`` set for Xã Số."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XASO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_with_no_environment_the_demo_settings_load() -> None:
    result = _import_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True ['localhost', '127.0.0.1']"


def test_a_misspelt_debug_flag_stops_the_settings_from_loading() -> None:
    result = _import_settings(XASO_DEBUG="flase")

    assert result.returncode != 0
    assert "ImproperlyConfigured: XASO_DEBUG='flase'" in result.stderr


def test_without_debug_a_secret_key_is_required() -> None:
    refused = _import_settings(XASO_DEBUG="false")
    accepted = _import_settings(XASO_DEBUG="false", XASO_SECRET_KEY="k" * 50)

    assert refused.returncode != 0
    assert "set XASO_SECRET_KEY or XASO_SECRET_KEY_FILE" in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("False")


def test_a_database_url_that_cannot_be_read_stops_the_settings_from_loading() -> None:
    result = _import_settings(DATABASE_URL="nosuchdb://x/y")

    assert result.returncode != 0
    assert "DATABASE_URL cannot be understood" in result.stderr


_PARALLEL_WRITES = """
import os, sys, threading, time
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS saves (n INTEGER)")
errors = []

def save(n):
    from django.db import connection
    try:
        with transaction.atomic():  # read, think, then write: as a save checks, then writes
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM saves")
                time.sleep(0.05)
                c.execute("INSERT INTO saves VALUES (%s)", [n])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as c:
    c.execute("SELECT count(*) FROM saves")
    print(c.fetchone()[0], errors)
"""


def test_parallel_saves_on_sqlite_wait_for_each_other_instead_of_failing(
    tmp_path: Path,
) -> None:
    """Eight transactions that read then write at once: with WAL, IMMEDIATE transactions and
    a busy timeout every one succeeds (SQLite's default gives "database is locked")."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-c", _PARALLEL_WRITES],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8 []"
