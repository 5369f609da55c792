"""Login throttling: django-axes in front of Django's password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' backend, which refuses a locked-out account or address before the
    password is even checked.

    Every login over HTTP (the login page, the admin's) passes the request and is throttled.
    A call without a request can only come from code on the server itself (the shell, a
    management command, the test client's ``login``); axes cannot count those by address,
    so this backend steps aside and the next backend checks the password as usual.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
