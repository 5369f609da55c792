"""The criteria-set format: which fields each object accepts, and the shapes of codes.

``criteria_sets/README.md`` documents every field listed here; a test keeps the two in step.
"""

from __future__ import annotations

import re

from .formula import MAX_CONSTANT

# Accepted fields per object. Keep in step with criteria_sets/README.md.
SCHEMA: dict[str, tuple[str, ...]] = {
    "set": (
        "id", "version", "name", "name_en", "issuing_body", "decision", "province",
        "valid_years", "illustrative", "source", "notes", "variables", "groups",
        "completion", "tiers", "validations",
    ),
    "decision": ("number", "date", "title"),
    "valid_years": ("from", "to"),
    "variable": (
        "code", "kind", "label", "label_en", "unit", "unit_en", "help", "help_en", "min",
    ),
    "group": ("code", "name", "name_en", "completion", "indicators"),
    "indicator": (
        "code", "name", "name_en", "kind", "status", "source", "note", "applies_to",
        "evidence", "numerator", "denominator", "variable", "value", "threshold", "points",
        "gap_unit", "zero_denominator", "tier",
    ),
    "threshold": ("op", "value", "status", "note"),
    "points": ("max", "method", "bands"),
    "band": ("from", "points"),
    "rule": ("all", "mandatory", "at_least", "of", "min_points", "groups"),
    "tier": ("code", "name", "name_en", "completion"),
    "validation": ("code", "rule", "message", "message_en"),
}  # fmt: skip

# The longest text of the fields Xã Số keeps in columns of a fixed length (a longer one
# would fail in the database instead of with a message), as "object.field". The columns:
# the criteria version's set_id, version, province and decision_number; a variable's code
# in stored and verified values; an indicator's code in evidence and reviewers' comments.
# Documented in criteria_sets/README.md; tests/criteria checks them against the models.
MAX_LENGTH: dict[str, int] = {
    "set.id": 100,
    "set.version": 50,
    "set.province": 100,
    "decision.number": 100,
    "variable.code": 64,
    "indicator.code": 20,
}

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
VAR_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
THRESHOLD_TEXT = re.compile(r"^\s*(<=|>=|<|>|==|≥|≤)\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*$")
RATIO_OPS = (">=", ">", "<=", "<")
KIND_NAMES = {"count": "số đếm", "yes_no": "có/không"}
MAX_COUNT = MAX_CONSTANT
