"""Writes that belong to no single domain: the demo's administrator account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AbstractUser


@transaction.atomic
def demo_admin_ensure(
    *, username: str, password: str, user: AbstractBaseUser | None = None
) -> tuple[AbstractUser, bool]:
    """Create the demo superuser ``username`` with ``password`` unless it exists.

    Returns ``(admin, created)``. An existing account is left exactly as it is (its password
    may have been changed on purpose); the caller checks the password to say which applies.
    ``user`` is who runs it; None for a management command. Callers refuse outside DEBUG.
    """
    model = get_user_model()
    existing = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if existing is not None:
        return existing, False
    admin = model.objects.create_superuser(username=username, email="", password=password)
    return admin, True
