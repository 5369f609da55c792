"""Language choice (Vietnamese unless the visitor picked another), and requests refused
before any view runs."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

logger = logging.getLogger("xaso.requests")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language header.

    Many officials' phones and browsers are set to English; the system still speaks
    Vietnamese to them until they choose English with the switch (the language cookie set
    by ``/i18n/setlang/``). An unknown cookie value falls back to LANGUAGE_CODE.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def activate_chosen_language(request: HttpRequest) -> None:
    """The visitor's chosen language, for pages answered before the locale middleware runs."""
    VietnameseFirstLocaleMiddleware(lambda r: HttpResponse()).process_request(request)


class RequestGuardMiddleware:
    """Refuses, before the body is read or a view runs, requests no page can serve.

    - A body larger than ``XASO_MAX_REQUEST_MB`` (by its Content-Length header): 413. Django
      would otherwise stream a 300 MB upload to a temporary file before any view could say
      the file is too large.
    - A NUL character or an address longer than 2,000 characters in the path or the
      query string, or a control character in a cookie: 400. PostgreSQL cannot store NUL
      in text, so such a value reaching a query gave a 500; no legitimate link has one.
    Both answers are the project's own pages, in the visitor's language.
    """

    MAX_ADDRESS = 2000

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            status, template, reason = refusal
            logger.warning(
                "Request refused: %s", reason, extra={"request": request, "status_code": status}
            )
            activate_chosen_language(request)
            return render(
                request, template, {"limit_mb": settings.XASO_MAX_REQUEST_MB}, status=status
            )
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> tuple[int, str, str] | None:
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return 400, "400.html", "unreadable Content-Length"
        if length > settings.XASO_MAX_REQUEST_MB * 1024 * 1024:
            return 413, "413.html", f"body of {length} bytes"
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            return 400, "400.html", "NUL character in the address"
        if any(_CONTROL.search(value) for value in request.COOKIES.values()):
            # A cookie written as "\000…" is plain ASCII on the wire; Python's parser makes
            # it a real NUL, and the session lookup would fail in PostgreSQL.
            request.COOKIES = {}
            return 400, "400.html", "control character in a cookie"
        if len(request.path) + len(query) > self.MAX_ADDRESS:
            return 400, "400.html", "address too long"
        return None
