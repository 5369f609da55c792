"""Reads of stored criteria sets, as the engine's frozen ``CriteriaSet`` or as rows to list.

Parsing a set takes milliseconds and a published version never changes, so parsed sets are
kept in a module-level cache keyed by what determines the result: id, version, the SHA-256
of the YAML, and the source name (the engine records it as ``CriteriaSet.path``).
"""

from __future__ import annotations

import re

from xaso.engine.loader import parse_criteria_set
from xaso.engine.model import CriteriaSet

from .models import CriteriaSetVersion

_PARSED: dict[tuple[str, str, str, str], CriteriaSet] = {}
_CHUNKS = re.compile(r"(\d+)")


def version_sort_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order versions as people read them: "2023.2" < "2023.10" < "2024.1".

    Digit runs compare as numbers, other text as text (text before a number at the same
    position), so any two version strings compare without error.
    """
    return tuple(
        (1, int(chunk), "") if chunk.isdigit() else (0, 0, chunk)
        for chunk in _CHUNKS.split(version)
        if chunk
    )


def criteria_set_get(*, set_id: str, version: str | None = None) -> CriteriaSet:
    """The stored criteria set ``set_id`` at ``version``, parsed by the engine.

    ``version=None`` gives the highest version by :func:`version_sort_key` (not the most
    recently published: versions may be loaded in any order).
    Raises ``CriteriaSetVersion.DoesNotExist`` when there is no such set or version.
    """
    rows = CriteriaSetVersion.objects.filter(set_id=set_id)
    if version is not None:
        rows = rows.filter(version=version)
    heads = list(rows.values_list("pk", "version", "sha256", "source_name"))
    if not heads:
        raise CriteriaSetVersion.DoesNotExist(
            f"criteria set {set_id!r} version {version or '(latest)'!r} is not stored"
        )
    pk, found_version, digest, source_name = max(heads, key=lambda h: version_sort_key(h[1]))
    return _parsed(pk, (set_id, found_version, digest, source_name))


def criteria_set_of(row: CriteriaSetVersion) -> CriteriaSet:
    """The parsed set of a version row already at hand (a round's, an assessment's).

    No query once the set is parsed: the row carries every part of the cache key. This is
    the hot path of every assessment page and live check.
    """
    return _parsed(row.pk, (row.set_id, row.version, row.sha256, row.source_name))


def _parsed(pk: int, key: tuple[str, str, str, str]) -> CriteriaSet:
    parsed = _PARSED.get(key)
    if parsed is None:
        yaml_text = CriteriaSetVersion.objects.values_list("yaml_text", flat=True).get(pk=pk)
        # Stored text was accepted by the engine when published; parsing again cannot fail
        # unless the engine itself changed, and then failing loudly is right.
        parsed = parse_criteria_set(yaml_text, source=key[3])
        _PARSED[key] = parsed
    return parsed


def criteria_set_list() -> list[CriteriaSetVersion]:
    """Every stored version, by set id, newest version first, in one query.

    Set ids are ASCII and start with the province ("thanh_hoa_1829_2023"), so ordering by id
    groups a province's sets without needing a Vietnamese collation in the database.
    The YAML text is not loaded: list pages need only the copied columns.
    """
    rows = list(CriteriaSetVersion.objects.defer("yaml_text"))
    rows.sort(key=lambda r: version_sort_key(r.version), reverse=True)
    rows.sort(key=lambda r: r.set_id)
    return rows
