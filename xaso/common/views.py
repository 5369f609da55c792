"""Pages that belong to no single domain: the start page, logging in and out."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from xaso.accounts.selectors import display_name
from xaso.common.forms import LoginForm
from xaso.criteria.selectors import criteria_set_list

logger = logging.getLogger("xaso.common")


def start(request: HttpRequest) -> HttpResponse:
    """What Xã Số is and which criteria sets it holds; open to everyone, it shows no data."""
    return render(request, "common/start.html", {"criteria_sets": criteria_set_list()})


class Login(auth_views.LoginView):
    """Django's login at /dang-nhap/ with the Vietnamese form; goes on to ``next`` or "/"."""

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        name = display_name(user)
        messages.success(self.request, _("Xin chào %(name)s, bạn đã đăng nhập.") % {"name": name})
        return response


class Logout(auth_views.LogoutView):
    """Django's logout at /dang-xuat/ (POST only), saying that it happened."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # After the session is flushed: the notice travels in the messages cookie.
        messages.info(request, _("Bạn đã đăng xuất."))
        return response


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): 429 and a page
    saying how many minutes to wait. The same page whether the account or the address is
    locked, and whether the password was right, so it tells an attacker nothing."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    logger.warning("Login locked out", extra={"request": request, "status_code": 429})
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check: usually a page left open past the session, or
    cookies blocked. Says what to do in the visitor's language; Django's page is English
    and technical. The reason goes to the log only (django.security.csrf logs it)."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """``/healthz``: 200 when the database and the cache answer, 503 naming what does not.

    Called by the reverse proxy and the service manager on the machine itself, so it needs
    no login and shows nothing but "ok" or "unavailable" per part.
    """
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("xaso:health", "ok", 10)
        return cache.get("xaso:health") == "ok"
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False
