"""One function writes the audit trail, so every service records changes the same way."""

from __future__ import annotations

from typing import Any

from ..models import Assessment, AuditEntry


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
