"""Reads about people."""

from __future__ import annotations

from typing import Any


def display_name(user: Any) -> str:
    """A person's name in Vietnamese order (family name first): "Lê Thị Hoa".

    Django's ``get_full_name`` puts the given name first, which reads wrongly in Vietnamese.
    """
    name = f"{getattr(user, 'last_name', '')} {getattr(user, 'first_name', '')}".strip()
    return name or getattr(user, "username", "") or "—"
