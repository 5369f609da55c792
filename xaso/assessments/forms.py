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
from xaso.engine.validate import MAX_DIGITS, MAX_VALUE

_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.\s]\d{3})+$")
_ANSWERS = {"1": True, "0": False, "": None}
_TYPED_LIMIT = 30  # the engine's 12 digits with thousands separators, and room for spaces


def parse_values(
    cs: CriteriaSet, data: Mapping[str, Any], codes: list[str] | None = None
) -> tuple[dict[str, str], dict[str, int | bool | None], dict[str, str]]:
    """(typed texts, values, errors) for the variables present in ``data``.

    A yes/no answer is "1", "0" or "" (no answer); anything else is an error, never a
    cleared answer. A count has at most the engine's MAX_DIGITS digits (one limit for the
    form, the services and the engine); a text with a NUL character, or longer than any
    count could be, is an error that does not repeat the text.
    """
    typed: dict[str, str] = {}
    values: dict[str, int | bool | None] = {}
    errors: dict[str, str] = {}
    for var in cs.variables:
        key = f"v_{var.code}"
        if key not in data or (codes is not None and var.code not in codes):
            continue
        text = str(data.get(key, "")).strip()
        typed[var.code] = text
        value, error = _answer(var.label, text) if var.kind == "yes_no" else _count(text)
        values[var.code] = value
        if error:
            errors[var.code] = error
    return typed, values, errors


def _answer(label: str, text: str) -> tuple[bool | None, str]:
    if text in _ANSWERS:
        return _ANSWERS[text], ""
    return None, _("«%(label)s»: hãy chọn «Có» hoặc «Không».") % {"label": label}


def _count(text: str) -> tuple[int | None, str]:
    if "\x00" in text:
        return None, _("Ô này có ký tự không hợp lệ (ký tự rỗng); hãy gõ lại số.")
    if len(text) > _TYPED_LIMIT:
        return None, _("Quá dài: hãy nhập một số có tối đa %(digits)s chữ số.") % {
            "digits": MAX_DIGITS
        }
    if text == "":
        return None, ""
    if _DIGITS.match(text) or _GROUPED.match(text):
        value = int(re.sub(r"[.\s]", "", text))
        if value > MAX_VALUE:
            return None, _("Số quá lớn: tối đa %(digits)s chữ số.") % {"digits": MAX_DIGITS}
        return value, ""
    if text.startswith("-"):
        return None, _("Số liệu không được âm.")
    return None, _("«%(text)s» không phải số nguyên; hãy nhập số, ví dụ 1234.") % {"text": text}
