"""One JSON object per log line, so a province's operators can search refusals and errors."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from .net import client_ip

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Time (UTC, ISO 8601), level, logger and message, plus what the request tells.

    Django's request loggers attach the request and status code; from the request only the
    method, path, user id and client address are written — never the body, cookies or
    headers, which may hold passwords and session keys.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            entry.update(_request_fields(request))
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in {"request", "server_time"}:
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _request_fields(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "method": request.method,
        "path": request.path[:500],
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "client": client_ip(request),
    }
