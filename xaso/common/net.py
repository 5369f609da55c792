"""The visitor's address, the same for login throttling and the logs."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str | None:
    """``REMOTE_ADDR``, or behind ``XASO_PROXY_COUNT`` reverse proxies the address the first
    of them saw: the N-th entry from the right of X-Forwarded-For. Entries further left
    were written by the visitor and prove nothing; behind nginx without this, every
    visitor would be 127.0.0.1 (one person's typos would lock the whole province out).
    """
    proxies = getattr(settings, "XASO_PROXY_COUNT", 0)
    if proxies:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [a for a in chain if a]
        if len(chain) >= proxies:
            return chain[-proxies][:64]
    return request.META.get("REMOTE_ADDR")
