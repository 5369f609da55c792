"""Small text helpers shared by the apps."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.text import slugify


def ascii_slug(text: str) -> str:
    """ "Xã Định Long 2024" -> "xa-dinh-long-2024", for file names: slugify drops "đ" (it has
    no decomposition), so it is spelled "d" first."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_TEXT = re.compile(r"[+-]?[0-9][0-9.,]*(?: ?%)?")


def spreadsheet_safe(value: object) -> object:
    """A cell of an exported CSV or workbook that a spreadsheet shows, never evaluates.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed
    with a single quote, as OWASP's "CSV injection" advice says: typed into a commune's name,
    a decision number or a comment, ``=HYPERLINK(…)`` would otherwise run when the file is
    opened. Numbers (negative ones included), booleans, dates and None are returned as they
    are, and so is text that is only a formatted number ("-2,5", "-12 %"): it cannot call
    anything. Lazy translations are turned into text first.
    """
    if isinstance(value, Promise):
        value = str(value)
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _NUMBER_TEXT.fullmatch(value)
    ):
        return "'" + value
    return value
