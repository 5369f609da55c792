"""Login throttling: per account with django-axes, per address with a counter of our own.

django-axes counts one limit across every parameter it watches, but the two need different
limits: an account gets ``XASO_LOGIN_FAILURE_LIMIT`` (5) wrong passwords, while an address
may be a whole commune office behind one router, so it gets ``XASO_LOGIN_IP_FAILURE_LIMIT``
(30) failures across all accounts — enough for an office's typos, too few for spraying a
common password over many accounts. Both last ``XASO_LOGIN_COOLOFF_MINUTES``. A success
clears only its own account's count (never the address's, or an officer's own login would
wipe the count of the account they are guessing).
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from .net import client_ip


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses a locked-out account (axes) or address (ours) before the password is checked.

    Every login over HTTP (the login page, the admin's) passes the request and is throttled.
    A call without a request can only come from code on the server itself (the shell, a
    management command, the test client's ``login``); it cannot be counted by address, so
    this backend steps aside and the next backend checks the password as usual.
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
        if address_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("too many failed logins from this address")
        return super().authenticate(request, username, password, **kwargs)


def _key(request: HttpRequest) -> str:
    return f"login-failures:{client_ip(request) or 'unknown'}"


def address_locked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request)) or 0) >= settings.XASO_LOGIN_IP_FAILURE_LIMIT


@receiver(user_login_failed)
def count_address_failure(sender: Any, credentials: Any, request: Any = None, **kw: Any) -> None:
    """One more failure for the address, kept for the cool-off time from the first one."""
    if request is None:
        return
    key = _key(request)
    timeout = int(settings.AXES_COOLOFF_TIME * 3600)
    if cache.add(key, 1, timeout):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
