"""Which function does which kind of job: each app registers its own with ``@job_kind``
(imported by the app's ``ready()``), so this app depends on none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobResult:
    """What a job hands back: the file to download."""

    content: bytes
    filename: str
    content_type: str


class JobRefused(Exception):
    """The job cannot be done as asked (no figures for the year, access since removed);
    the message, in the person's language, is shown on the job's page."""


JobFunction = Callable[[dict[str, Any], Any], JobResult]
_KINDS: dict[str, JobFunction] = {}


def job_kind(kind: str) -> Callable[[JobFunction], JobFunction]:
    def register(function: JobFunction) -> JobFunction:
        if kind in _KINDS and _KINDS[kind] is not function:
            raise ValueError(f"job kind {kind!r} registered twice")
        _KINDS[kind] = function
        return function

    return register


def function_for(kind: str) -> JobFunction:
    """The registered function; KeyError for a kind nobody registered."""
    return _KINDS[kind]
