"""Template filters shared by every app: ``{% load xaso_common %}``."""

from __future__ import annotations

import unicodedata

from django import template

from xaso.engine.display import format_int

register = template.Library()


@register.filter
def nfc(value: object) -> str:
    """The text in composed Unicode (NFC): "ế" as one character, not "ê" plus an accent.

    Django's own name for Vietnamese ("Tiếng Việt" in LANG_INFO) is decomposed; pages,
    searches and screen readers expect the composed form that Vietnamese keyboards type.
    """
    return unicodedata.normalize("NFC", str(value))


@register.filter
def person(user: object) -> str:
    """A person's name family name first ("Lê Thị Hoa"), as Vietnamese writes it."""
    from xaso.accounts.selectors import display_name

    return display_name(user)


@register.filter
def vn(value: object) -> str:
    """A whole number as Vietnamese writes it: 12430 -> "12.430"; None -> "—"."""
    if value is None or value == "":
        return "—"
    try:
        return format_int(int(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)
