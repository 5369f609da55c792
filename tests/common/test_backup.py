"""scripts/backup and scripts/restore (docs/deploy.md): what was backed up comes back, the
database and the private files both, and a damaged backup is refused before anything is
touched. PostgreSQL only, as in production."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from config.settings import BASE_DIR

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are of PostgreSQL (production)"
    ),
]

RESTORED = "xaso_restore_check"


def _url(name: str) -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    return f"postgres://{user}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _run(script: str, arg: Path, database: str, private: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": _url(database), "XASO_PRIVATE_MEDIA_ROOT": str(private)}
    return subprocess.run(
        ["bash", str(BASE_DIR / "scripts" / script), str(arg)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def restored_db() -> object:
    _admin(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")
    _admin(f"CREATE DATABASE {RESTORED}")
    yield RESTORED
    _admin(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")


def test_a_backup_restores_the_database_and_the_private_files(
    tmp_path: Path, restored_db: str, django_user_model: type
) -> None:
    import psycopg

    django_user_model.objects.create_user(username="sao.luu.thu", password="x")
    private = tmp_path / "private"
    (private / "evidence" / "2025").mkdir(parents=True)
    (private / "evidence" / "2025" / "kehoach.pdf").write_bytes(b"%PDF-1.4 bien ban")

    backup = _run("backup", tmp_path / "backups", connection.settings_dict["NAME"], private)
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {"database.dump", "private.tar.gz", "SHA256SUMS"}

    elsewhere = tmp_path / "restored-private"
    restore = _run("restore", folder, restored_db, elsewhere)

    assert restore.returncode == 0, restore.stderr
    with psycopg.connect(_url(restored_db)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM auth_user WHERE username = 'sao.luu.thu'"
        ).fetchone()
    assert row == (1,)
    assert (elsewhere / "evidence" / "2025" / "kehoach.pdf").read_bytes() == b"%PDF-1.4 bien ban"


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    tmp_path: Path, restored_db: str
) -> None:
    private = tmp_path / "private"
    private.mkdir()
    folder = Path(
        _run("backup", tmp_path / "b", connection.settings_dict["NAME"], private)
        .stdout.strip()
        .splitlines()[-1]
    )
    with (folder / "database.dump").open("ab") as f:
        f.write(b"hong")

    restore = _run("restore", folder, restored_db, tmp_path / "out")

    assert restore.returncode == 1
    assert "tổng kiểm không khớp" in restore.stderr
    assert not (tmp_path / "out").exists()
