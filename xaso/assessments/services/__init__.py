"""Writes. Every one is a service ``<entity>_<action>`` with keyword-only arguments and the
acting user, atomic, checked by the access gate, and leaves an audit entry."""

from .audit import audit
from .errors import Conflict, NotAllowed
from .evidence import evidence_add, evidence_remove
from .recognition import assessment_reopen, decision_recognise
from .values import BulkResult, values_bulk_load, values_set
from .workflow import (
    assessment_open,
    assessment_return,
    assessment_submit,
    assessment_values_update,
    assessment_verify,
    round_create,
)

__all__ = [
    "BulkResult",
    "Conflict",
    "NotAllowed",
    "assessment_open",
    "assessment_reopen",
    "assessment_return",
    "assessment_submit",
    "assessment_values_update",
    "assessment_verify",
    "audit",
    "decision_recognise",
    "evidence_add",
    "evidence_remove",
    "round_create",
    "values_bulk_load",
    "values_set",
]
