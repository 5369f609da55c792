"""Reading what a person typed into an assessment page, keeping every character.

Counts may be typed the Vietnamese way ("1.234" for one thousand two hundred and
thirty-four); anything else that is not a whole number is kept as typed and marked with a
message, so a failed save never loses input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from xaso.engine import CriteriaSet

_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.\s]\d{3})+$")


def parse_values(
    cs: CriteriaSet, data: Mapping[str, Any], codes: list[str] | None = None
) -> tuple[dict[str, str], dict[str, int | bool | None], dict[str, str]]:
    """(typed texts, values, errors) for the variables present in ``data``."""
    typed: dict[str, str] = {}
    values: dict[str, int | bool | None] = {}
    errors: dict[str, str] = {}
    for var in cs.variables:
        key = f"v_{var.code}"
        if key not in data or (codes is not None and var.code not in codes):
            continue
        text = str(data.get(key, "")).strip()
        typed[var.code] = text
        if var.kind == "yes_no":
            values[var.code] = {"1": True, "0": False}.get(text)
            continue
        if text == "":
            values[var.code] = None
        elif _DIGITS.match(text):
            values[var.code] = int(text)
        elif _GROUPED.match(text):
            values[var.code] = int(re.sub(r"[.\s]", "", text))
        elif text.startswith("-"):
            values[var.code] = None
            errors[var.code] = _("Số liệu không được âm.")
        else:
            values[var.code] = None
            errors[var.code] = _("«%(text)s» không phải số nguyên; hãy nhập số, ví dụ 1234.") % {
                "text": text
            }
    return typed, values, errors
