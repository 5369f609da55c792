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


def audit(**fields: Any) -> AuditEntry:
    """Append one entry: who did what to which field, old → new, and why (the keywords of
    :func:`audit_entry`)."""
    entry = audit_entry(**fields)
    entry.save()
    return entry


def audit_entry(
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
    """An entry not yet saved, for :func:`audit_many` (thousands of values at once)."""
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        assessment=assessment,
        target=target,
        field=field,
        old=_text(old),
        new=_text(new),
        reason=reason,
    )


def audit_many(entries: list[AuditEntry]) -> None:
    """Append many entries made by :func:`audit_entry` in a few queries."""
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
