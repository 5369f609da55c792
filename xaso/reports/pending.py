"""A checked import between the dry run and the confirmation.

The dry run's parsed values (never the workbook) are kept as JSON in private storage under
a random token; the token lives in the person's session with the file's digest, the
person's id and what the dry run saw (the assessment's lock version or the province-year's
change counter). Confirming therefore never parses the workbook again, another person's
token finds nothing, and a save made in between is noticed rather than overwritten.
Files never confirmed are removed after :data:`PENDING_HOURS`.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from xaso.assessments.storage import private_storage

from .reader import Line, Read
from .workbook import Marker

PENDING_DIR = "imports"
PENDING_HOURS = 24


def _key(token: str) -> str:
    return f"xaso-import-{token}"


def _dumps(read: Read) -> bytes:
    marker = asdict(read.marker)
    marker["units"] = list(read.marker.units)
    lines = [
        {"unit": ln.unit_code, "row": ln.row, "values": ln.values, "cells": ln.cells}
        for ln in read.lines
    ]
    return json.dumps({"marker": marker, "lines": lines}, ensure_ascii=False).encode("utf-8")


def _loads(data: bytes) -> Read:
    raw = json.loads(data)
    marker = Marker(**{**raw["marker"], "units": tuple(raw["marker"]["units"])})
    lines = [Line(ln["unit"], ln["row"], ln["values"], ln["cells"]) for ln in raw["lines"]]
    return Read(marker, lines, [])


def pending_save(
    read: Read, *, name: str, session: Any, user: Any, lock_version: int | None
) -> str:
    """Keep the dry run's parsed values until confirmed; returns the token."""
    _pending_cleanup()
    data = _dumps(read)
    token = uuid.uuid4().hex
    path = private_storage().save(f"{PENDING_DIR}/{token}.json", ContentFile(data))
    session[_key(token)] = {
        "path": path,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "user": user.pk,
        "lock_version": lock_version,
    }
    return token


def pending_load(token: str, *, session: Any, user: Any) -> tuple[Read, str, int | None] | None:
    """The parsed values, the file's name and the version the dry run saw; None if gone."""
    info = session.get(_key(token))
    if not info or info.get("user") != user.pk:
        return None
    try:
        with private_storage().open(info["path"], "rb") as f:
            data = f.read()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        return None
    return _loads(data), str(info["name"]), info.get("lock_version")


def pending_refresh(token: str, *, session: Any, lock_version: int | None) -> None:
    """After a conflict the person has seen the comparison with today's values."""
    key = _key(token)
    if key in session:
        session[key] = {**session[key], "lock_version": lock_version}


def pending_drop(token: str, *, session: Any) -> None:
    info = session.pop(_key(token), None)
    if info:
        private_storage().delete(info["path"])


def _pending_cleanup() -> None:
    """Checked imports never confirmed are removed after a day (and workbooks kept by
    earlier versions)."""
    root = Path(private_storage().location) / PENDING_DIR
    if not root.is_dir():
        return
    limit = time.time() - PENDING_HOURS * 3600
    for path in [*root.glob("*.json"), *root.glob("*.xlsx")]:
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
