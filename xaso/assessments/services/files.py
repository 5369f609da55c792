"""Uploaded files stored before their rows are written, and removed if the rows are not.

A row pointing at a file that was never stored is a broken link nobody notices until a
reviewer opens it; a stored file without a row is only wasted space, and is removed here
too. So a service stores the files first, then writes its rows in one transaction; if
anything fails on the way, the files it stored are deleted again.

Files get a new random name (the person's name for the file is kept in the row): a name
chosen by the uploader never becomes a path, whatever its length or characters.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from ..storage import private_storage

Store = Callable[[UploadedFile, str, str], str]


@contextmanager
def storing() -> Iterator[Store]:
    """A ``store(upload, folder, extension) -> name`` function whose files are deleted again
    if the ``with`` block raises (``folder`` may hold strftime codes, e.g. ``"evidence/%Y/"``).
    """
    storage = private_storage()
    stored: list[str] = []

    def store(upload: UploadedFile, folder: str, extension: str) -> str:
        name = f"{timezone.localtime():{folder}}{uuid.uuid4().hex}.{extension}"
        stored.append(name)  # a new name: if saving fails half-way, the part is deleted too
        upload.seek(0)
        saved = storage.save(name, upload)
        stored[-1] = saved
        return saved

    try:
        yield store
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise
