"""Small text helpers shared by the apps."""

from __future__ import annotations

from django.utils.text import slugify


def ascii_slug(text: str) -> str:
    """ "Xã Định Long 2024" -> "xa-dinh-long-2024", for file names: slugify drops "đ" (it has
    no decomposition), so it is spelled "d" first."""
    return slugify(text.replace("đ", "d").replace("Đ", "D"))
