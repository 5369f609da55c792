"""One function writes the audit trail, so every service records changes the same way."""

from __future__ import annotations

from typing import Any

from ..models import Assessment, AuditEntry
from .rows import insert_rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def audit(
    *,
    actor: Any,
    action: str,
    assessment: Assessment | None = None,
    target: str = "",
    field: str = "",
    old: Any = None,
    new: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry: who did what to which field, old → new, and why."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        assessment=assessment,
        target=target,
        field=field,
        old=_text(old),
        new=_text(new),
        reason=reason,
    )


def audit_text(value: Any) -> str:
    """A value as the trail writes it ("có"/"không" for answers, "" for none)."""
    return _text(value)


AUDIT_ROW = ("at", "actor", "action", "assessment", "target", "field", "old", "new", "reason")


def audit_rows(rows: list[tuple[Any, ...]]) -> None:
    """Append many entries at once, each a tuple in the order of ``AUDIT_ROW`` (an import
    of a province's workbook writes tens of thousands)."""
    insert_rows(AuditEntry, AUDIT_ROW, rows)
