"""Private file storage: evidence and decisions are never served by the web server itself."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under ``XASO_PRIVATE_MEDIA_ROOT``, read from settings at each use (so tests and
    deployments can move it) and with no public URL: they are served through the gate."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.XASO_PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> None:
        return None


def private_storage() -> PrivateStorage:
    return PrivateStorage()
