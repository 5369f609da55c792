"""Importing a filled template: a dry run that lists every problem by cell, then, once the
person confirms, one all-or-nothing write through the same services as the web form.

* a commune's template writes through :func:`assessment_values_update` (the assessment's
  own permission check, optimistic locking and audit trail);
* a province's template writes through :func:`values_import`, only into communes the
  person may load figures for (:func:`access.can_load_values`), audited per value.

The dry run and the write read the same stored file, so what is written is what was shown.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from xaso.assessments import access
from xaso.assessments.models import Assessment, RawValue, Round, ValueStamp
from xaso.assessments.services import Conflict, NotAllowed, assessment_values_update
from xaso.assessments.services.errors import not_editable_reason
from xaso.assessments.services.values import values_import
from xaso.assessments.storage import private_storage
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.engine import CriteriaSet, ValuesInvalid, check_values
from xaso.engine.display import format_int
from xaso.units.models import Unit

from .reader import (
    CellProblem,
    Line,
    WorkbookRefused,
    check_container,
    read_marker,
    read_values,
    too_large,
)
from .workbook import COMMUNE, DATA_SHEET, Marker

PENDING_DIR = "imports"
PENDING_HOURS = 24


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    cell: str
    old: str
    new: str


@dataclass
class UnitPlan:
    unit: Unit
    line: Line
    changes: list[Change] = field(default_factory=list)

    @property
    def new_values(self) -> int:
        """Values the commune had not reported before."""
        return sum(1 for c in self.changes if not c.old)


@dataclass
class ImportCheck:
    """What the file would change, or why it cannot be imported (``problems``)."""

    marker: Marker | None
    cs: CriteriaSet | None
    version: CriteriaSetVersion | None
    problems: list[CellProblem]
    plans: list[UnitPlan] = field(default_factory=list)
    assessment: Assessment | None = None
    # What the person saw: the assessment's lock version (a commune's file) or the change
    # counter of the province-year's figures (a province's file); a write since conflicts.
    lock_version: int | None = None
    unchanged_units: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> list[UnitPlan]:
        return [p for p in self.plans if p.changes]

    @property
    def changed_values(self) -> int:
        return sum(len(p.changes) for p in self.plans)


def _max_bytes() -> int:
    return int(settings.XASO_MAX_IMPORT_MB) * 1_048_576


def _shown(var_kind: str, value: Any) -> str:
    if value is None:
        return ""
    if var_kind == "yes_no":
        return "có" if value else "không"
    return format_int(int(value))


def _refused(problems: list[CellProblem], **kwargs: Any) -> ImportCheck:
    return ImportCheck(kwargs.pop("marker", None), None, None, problems, **kwargs)


def _file_problem(message: str, expected: str = "") -> list[CellProblem]:
    return [CellProblem("Tệp", "", message, expected)]


def _round_problems(marker: Marker, version: CriteriaSetVersion) -> list[CellProblem]:
    """The template must be of the round (or the no-round year) as it is today."""
    current = Round.objects.filter(
        province__code=marker.province, province__era=marker.era, year=marker.year
    ).first()
    if marker.round_id is not None:
        if current is None or current.pk != marker.round_id:
            return _file_problem(
                f"mẫu này thuộc một đợt đánh giá năm {marker.year} không còn dùng",
                "tải mẫu mới của đợt hiện tại",
            )
        if current.criteria_version_id != version.pk:
            return _file_problem(
                f"đợt năm {marker.year} nay dùng phiên bản bộ tiêu chí khác với mẫu "
                f"({marker.version})",
                "tải mẫu mới của đợt",
            )
    elif current is not None:
        return _file_problem(
            f"năm {marker.year} nay đã có đợt đánh giá: mỗi xã nhập số liệu trong bản đánh giá "
            "của mình",
            "tải mẫu của bản đánh giá (trang đánh giá của xã)",
        )
    return []


def import_too_large(size: int) -> ImportCheck:
    """Refused by its size alone (the upload is never read)."""
    return _refused(too_large(size, _max_bytes()).problems)


def import_check(*, data: bytes, name: str, user: Any) -> ImportCheck:
    """The dry run: every problem by sheet and cell, or every change the write would make."""
    try:
        check_container(data, name=name, max_bytes=_max_bytes())
        marker = read_marker(data)
    except WorkbookRefused as exc:
        return _refused(exc.problems)
    version = CriteriaSetVersion.objects.filter(
        set_id=marker.set_id, version=marker.version
    ).first()
    if version is None:
        return _refused(
            _file_problem(
                f"Xã Số không có bộ tiêu chí {marker.set_id} phiên bản {marker.version}",
                "tải mẫu mới",
            ),
            marker=marker,
        )
    problems = _round_problems(marker, version)
    if problems:
        return _refused(problems, marker=marker)
    cs = criteria_set_get(set_id=version.set_id, version=version.version)
    try:
        read = read_values(data, marker, cs)
    except WorkbookRefused as exc:
        return _refused(exc.problems, marker=marker)
    check = ImportCheck(marker, cs, version, list(read.problems))
    units = {
        u.code: u
        for u in Unit.objects.filter(
            era=marker.era,
            level=Unit.Level.COMMUNE,
            province__code=marker.province,
            code__in=[line.unit_code for line in read.lines],
        ).select_related("province")
    }
    if marker.kind == COMMUNE:
        a = (
            Assessment.objects.select_related("unit", "round", "round__criteria_version")
            .filter(pk=marker.assessment_id)
            .first()
        )
        if a is None or a.unit.code != marker.units[0] or not access.can_read(user, a):
            return _refused(_file_problem("không tìm thấy bản đánh giá của mẫu này"), marker=marker)
        if not access.can_edit_values(user, a):
            return _refused(_file_problem(str(not_editable_reason(a))), marker=marker)
        check.assessment, check.lock_version = a, a.lock_version
        units = {a.unit.code: a.unit}
    else:
        check.lock_version = _generation(marker, version)
    round_exists = marker.round_id is not None
    for line in read.lines:
        unit = units.get(line.unit_code)
        if unit is None:
            check.problems.append(
                CellProblem(
                    DATA_SHEET,
                    f"A{line.row}",
                    f"mã xã «{line.unit_code}» không có trong danh mục của tỉnh (thời kỳ của "
                    f"năm {marker.year})",
                    "mã xã như trong mẫu",
                )
            )
            continue
        if marker.kind != COMMUNE and not access.can_load_values(
            user, unit.province_id, round_exists=round_exists
        ):
            check.problems.append(
                CellProblem(
                    DATA_SHEET,
                    f"A{line.row}",
                    f"bạn không được nhập số liệu cho {unit.name}",
                    "chỉ các xã thuộc tỉnh bạn quản trị",
                )
            )
            continue
        check.plans.append(UnitPlan(unit, line))
    _compare(check, version, cs, marker.year)
    return check


def _generation(marker: Marker, version: CriteriaSetVersion) -> int:
    return (
        ValueStamp.objects.filter(
            province__code=marker.province,
            province__era=marker.era,
            province__level=Unit.Level.PROVINCE,
            year=marker.year,
            criteria_version=version,
        )
        .values_list("generation", flat=True)
        .first()
        or 0
    )


def _compare(check: ImportCheck, version: CriteriaSetVersion, cs: CriteriaSet, year: int) -> None:
    """Engine checks on stored + new values (a part never above its whole), and the changes."""
    stored: dict[int, dict[str, int]] = {}
    for unit_id, code, value in RawValue.objects.filter(
        criteria_version=version, year=year, unit__in=[p.unit for p in check.plans]
    ).values_list("unit_id", "variable", "value"):
        stored.setdefault(unit_id, {})[code] = value
    yes_no = {v.code for v in cs.variables if v.kind == "yes_no"}
    for plan in check.plans:
        before = stored.get(plan.unit.pk, {})
        merged: dict[str, int | bool] = {
            k: (bool(v) if k in yes_no else v) for k, v in before.items()
        }
        merged.update(plan.line.values)
        for p in check_values(cs, merged):
            codes = [c for c in p.field.split(", ") if c]
            cell = next((plan.line.cells[c] for c in codes if c in plan.line.cells), "")
            check.problems.append(
                CellProblem(
                    DATA_SHEET,
                    cell or f"A{plan.line.row}",
                    f"{plan.unit.name}: {p.message}",
                    "sửa cho đúng các số liên quan",
                )
            )
        for code, new in plan.line.values.items():
            old = before.get(code)
            if old is not None and int(old) == int(new):
                continue
            var = cs.variable(code)
            plan.changes.append(
                Change(
                    code,
                    var.label,
                    plan.line.cells[code],
                    _shown(var.kind, old),
                    _shown(var.kind, new),
                )
            )
    check.unchanged_units = sum(1 for p in check.plans if p.line.values and not p.changes)
    check.problems.sort(key=lambda p: (p.sheet != "Tệp", _cell_order(p.cell)))


def _cell_order(cell: str) -> tuple[int, str]:
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits) if digits else 0, letters.rjust(3))


@dataclass(frozen=True)
class Applied:
    units: int
    values: int


def import_apply(check: ImportCheck, *, user: Any, source: str) -> Applied:
    """Write what the dry run showed; all or nothing. Raises NotAllowed / Conflict /
    ValuesInvalid (nothing written then)."""
    if not check.ok or check.marker is None or check.version is None:
        raise NotAllowed(_("Tệp còn lỗi, chưa lưu được."))
    if check.assessment is not None:
        plan = check.plans[0] if check.plans else None
        values = {c.code: plan.line.values[c.code] for c in plan.changes} if plan else {}
        if not values:
            return Applied(0, 0)
        with transaction.atomic():
            changed = assessment_values_update(
                assessment=check.assessment,
                values=values,
                lock_version=check.lock_version or 0,
                user=user,
            )
        return Applied(1 if changed else 0, len(changed))
    seen = check.lock_version
    if seen is not None and _generation(check.marker, check.version) != seen:
        raise Conflict(
            _(
                "Số liệu năm %(year)s của tỉnh vừa được thay đổi sau khi bạn kiểm tra tệp. "
                "Bảng so sánh dưới đây đã cập nhật theo số liệu mới nhất: hãy xem lại rồi bấm "
                "«Xác nhận lưu»."
            )
            % {"year": check.marker.year}
        )
    rows = [(p.unit, {c.code: p.line.values[c.code] for c in p.changes}) for p in check.changed]
    result = values_import(
        year=check.marker.year,
        criteria_version=check.version,
        rows=rows,
        user=user,
        source=source,
    )
    return Applied(result.units, result.values)


# -- the uploaded file between the dry run and the confirmation ------------------------------


def pending_save(data: bytes, *, name: str, session: Any, lock_version: int | None) -> str:
    """Keep the upload in private storage until confirmed; the token lives in the session
    (another person's token finds nothing), with the assessment's version seen by the dry
    run, so that a save made in between is noticed rather than overwritten."""
    _pending_cleanup()
    token = uuid.uuid4().hex
    path = private_storage().save(f"{PENDING_DIR}/{token}.xlsx", ContentFile(data))
    session[f"xaso-import-{token}"] = {
        "path": path,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "lock_version": lock_version,
    }
    return token


def pending_load(token: str, *, session: Any) -> tuple[bytes, str, int | None] | None:
    info = session.get(f"xaso-import-{token}")
    if not info:
        return None
    try:
        with private_storage().open(info["path"], "rb") as f:
            data = f.read()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        return None
    return data, str(info["name"]), info.get("lock_version")


def pending_refresh(token: str, *, session: Any, lock_version: int | None) -> None:
    """After a conflict the person has seen the comparison with today's values."""
    key = f"xaso-import-{token}"
    if key in session:
        session[key] = {**session[key], "lock_version": lock_version}


def pending_drop(token: str, *, session: Any) -> None:
    info = session.pop(f"xaso-import-{token}", None)
    if info:
        private_storage().delete(info["path"])


def _pending_cleanup() -> None:
    """Uploads never confirmed are removed after a day."""
    root = Path(private_storage().location) / PENDING_DIR
    if not root.is_dir():
        return
    limit = time.time() - PENDING_HOURS * 3600
    for path in root.glob("*.xlsx"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


__all__ = [
    "Applied",
    "Conflict",
    "ImportCheck",
    "ValuesInvalid",
    "import_apply",
    "import_check",
    "pending_drop",
    "pending_load",
    "pending_save",
]
