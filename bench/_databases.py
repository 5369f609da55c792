"""Databases of a benchmark's own: a temporary SQLite file, or a PostgreSQL database on
127.0.0.1 created and dropped by the benchmark; the developer's database is never touched."""

from __future__ import annotations

from pathlib import Path

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def db_create(db: str, tmp: Path, name: str) -> str:
    """A new, empty database; returns its DATABASE_URL."""
    if db == "sqlite":
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    return f"{PG_SERVER}/{name}"


def db_drop(db: str, name: str) -> None:
    if db == "postgres":
        pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
