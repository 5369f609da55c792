"""Importing a filled template: a dry run that lists every problem by cell, then, once the
person confirms, one all-or-nothing write through the same services as the web form.

* a commune's template writes through :func:`assessment_values_update` (the assessment's
  own permission check, optimistic locking and audit trail);
* a province's template writes through :func:`values_import`, only into communes the
  person may load figures for (:func:`access.can_load_values`), audited per value.

Who may import is checked before a byte of the file is read (:func:`import_allowed`), and
what the template is for (its assessment or province) right after its marker, before any
value cell. The workbook is parsed once, by the dry run; the confirmation re-checks the
parsed values kept in private storage (:mod:`xaso.reports.pending`) against today's
database, so what is written is what was shown, or a conflict is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from xaso.assessments import access
from xaso.assessments.models import Assessment, RawValue, Round, ValueStamp
from xaso.assessments.services import Conflict, NotAllowed, assessment_values_update
from xaso.assessments.services.errors import not_editable_reason
from xaso.assessments.services.values import values_import
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.selectors import criteria_set_get
from xaso.engine import CriteriaSet, ValuesInvalid, check_values
from xaso.engine.display import format_int
from xaso.units.models import Unit

from .reader import (
    CellProblem,
    Line,
    Read,
    WorkbookRefused,
    check_container,
    open_book,
    read_marker,
    read_values,
    too_large,
)
from .workbook import COMMUNE, DATA_SHEET, Marker


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
    read: Read | None = None  # the parsed file, kept for the confirmation

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


def import_allowed(user: Any) -> bool:
    """Whether ``user`` may import any file at all: a commune officer (into an assessment
    of their commune) or a province admin. Decided before the upload is read."""
    s = access.scope_of(user)
    return bool(s.superuser or s.communes or s.admin_provinces)


def import_not_allowed() -> ImportCheck:
    return _refused(
        _file_problem(
            "bạn không được nhập số liệu từ Excel",
            "cán bộ xã nhập mẫu của bản đánh giá của xã mình; quản trị tỉnh nhập mẫu của tỉnh",
        )
    )


def import_check(*, data: bytes, name: str, user: Any) -> ImportCheck:
    """The dry run: every problem by sheet and cell, or every change the write would make.

    The person's right to import is checked before the file is read, their right to the
    template's assessment or province after its marker and before any value cell.
    """
    if not import_allowed(user):
        return import_not_allowed()
    try:
        check_container(data, name=name, max_bytes=_max_bytes())
        book = open_book(data)
        marker = read_marker(book)
    except WorkbookRefused as exc:
        return _refused(exc.problems)
    target = _target(marker, user)
    if isinstance(target, ImportCheck):
        return target
    try:
        read = read_values(book, marker, target.cs)
    except WorkbookRefused as exc:
        return _refused(exc.problems, marker=marker)
    return _plan(read, target)


def import_recheck(*, read: Read, user: Any) -> ImportCheck:
    """The dry run again for values parsed before (the confirmation): the same checks
    against today's database and permissions, without reading the workbook again."""
    if not import_allowed(user):
        return import_not_allowed()
    target = _target(read.marker, user)
    if isinstance(target, ImportCheck):
        return target
    return _plan(Read(read.marker, read.lines, []), target)


@dataclass
class _Target:
    """What a template is for, once the person's right to it is checked."""

    marker: Marker
    version: CriteriaSetVersion
    cs: CriteriaSet
    assessment: Assessment | None


def _target(marker: Marker, user: Any) -> _Target | ImportCheck:
    """The template's assessment or province, if the person may write into it; then its
    criteria version and round. Refusals are an ImportCheck."""
    assessment = None
    if marker.kind == COMMUNE:
        a = (
            Assessment.objects.select_related("unit", "round", "round__criteria_version")
            .filter(pk=marker.assessment_id)
            .first()
        )
        if a is None or a.unit.code != (marker.units or ("",))[0] or not access.can_read(user, a):
            return _refused(_file_problem("không tìm thấy bản đánh giá của mẫu này"), marker=marker)
        if not access.can_edit_values(user, a):
            return _refused(_file_problem(str(not_editable_reason(a))), marker=marker)
        assessment = a
    else:
        province = Unit.objects.filter(
            era=marker.era, level=Unit.Level.PROVINCE, code=marker.province
        ).first()
        if province is None or not access.can_load_values(
            user, province.pk, round_exists=marker.round_id is not None
        ):
            name = province.name if province is not None else marker.province
            return _refused(
                _file_problem(
                    f"bạn không được nhập số liệu cho các xã của {name}",
                    "chỉ các xã thuộc tỉnh bạn quản trị, năm chưa có đợt đánh giá",
                ),
                marker=marker,
            )
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
    return _Target(marker, version, cs, assessment)


def _plan(read: Read, target: _Target) -> ImportCheck:
    """Each line matched to a commune of the template's province, then compared."""
    marker, version, cs = target.marker, target.version, target.cs
    check = ImportCheck(marker, cs, version, list(read.problems), read=read)
    if target.assessment is not None:
        a = target.assessment
        check.assessment, check.lock_version = a, a.lock_version
        units = {a.unit.code: a.unit}
    else:
        check.lock_version = _generation(marker, version)
        units = {
            u.code: u
            for u in Unit.objects.filter(
                era=marker.era,
                level=Unit.Level.COMMUNE,
                province__code=marker.province,
                code__in=[line.unit_code for line in read.lines],
            ).select_related("province")
        }
    for line in read.lines:
        unit = units.get(line.unit_code)
        if unit is None:
            check.problems.append(
                CellProblem(
                    DATA_SHEET,
                    f"A{line.row}",
                    f"mã xã «{line.unit_code[:20]}» không có trong danh mục của tỉnh (thời kỳ "
                    f"của năm {marker.year})",
                    "mã xã như trong mẫu",
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


__all__ = [
    "Applied",
    "Conflict",
    "ImportCheck",
    "ValuesInvalid",
    "import_allowed",
    "import_apply",
    "import_check",
    "import_not_allowed",
    "import_recheck",
]
