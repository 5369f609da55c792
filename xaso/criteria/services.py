"""Writes for criteria sets. A published version is immutable: nothing is ever lost.

Publishing the same (id, version) again with the same content is a no-op, so loading a
directory twice is safe; with different content it is refused, because results already
computed under ``id@version`` must keep meaning what they meant.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xaso.engine.errors import CriteriaSetInvalid, Problem
from xaso.engine.loader import parse_criteria_set

from .models import CriteriaSetVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_VERSION_LINE = re.compile(r"^version\s*:")


class CriteriaSetVersionConflict(CriteriaSetInvalid):
    """The (id, version) is already published with other content; a new version is needed.

    A subclass of the engine's error so that callers report it the same way: a list of
    problems naming the file, line and field.
    """

    @property  # type: ignore[override]
    def title(self) -> str:  # translated, unlike the engine's fixed Vietnamese titles
        return _("Phiên bản bộ tiêu chí đã được công bố với nội dung khác")


@transaction.atomic
def criteria_set_publish(
    *, yaml_text: str, source_name: str, user: AbstractBaseUser | None = None
) -> tuple[CriteriaSetVersion, bool]:
    """Validate a criteria set with the engine and store it as a new published version.

    Returns ``(row, created)``; ``created`` is False when the same (id, version) is already
    stored with identical content (nothing is written).
    Raises the engine's ``CriteriaSetInvalid`` when the YAML has errors (nothing is stored).
    Raises ``CriteriaSetVersionConflict`` when (id, version) exists with other content.
    Line endings are normalised first, so a file saved on Windows is the same version.
    ``user`` is who publishes; None for a management command.
    """
    yaml_text = yaml_text.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_criteria_set(yaml_text, source=source_name)
    digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()

    existing = _find(set_id=parsed.id, version=parsed.version)
    if existing is not None:
        return _same_or_conflict(existing, digest, yaml_text, source_name), False
    try:
        # A savepoint, so that losing a race to a concurrent publish can be recovered from.
        with transaction.atomic():
            row = CriteriaSetVersion.objects.create(
                set_id=parsed.id,
                version=parsed.version,
                name=parsed.name,
                name_en=parsed.name_en,
                province=parsed.province,
                decision_number=parsed.decision.number,
                decision_date=parsed.decision.date,
                valid_from=parsed.valid_from,
                valid_to=parsed.valid_to,
                illustrative=parsed.illustrative,
                indicator_count=len(parsed.indicators),
                yaml_text=yaml_text,
                sha256=digest,
                source_name=source_name,
                published_at=timezone.now(),
                published_by=user,
            )
    except IntegrityError:
        existing = _find(set_id=parsed.id, version=parsed.version)
        if existing is None:
            raise
        return _same_or_conflict(existing, digest, yaml_text, source_name), False
    return row, True


def _find(*, set_id: str, version: str) -> CriteriaSetVersion | None:
    return CriteriaSetVersion.objects.filter(set_id=set_id, version=version).first()


def _same_or_conflict(
    existing: CriteriaSetVersion, digest: str, yaml_text: str, source_name: str
) -> CriteriaSetVersion:
    if existing.sha256 == digest:
        return existing
    message = _(
        "bộ tiêu chí «%(set_id)s» phiên bản «%(version)s» đã được công bố lúc %(published)s "
        "(từ tệp %(source)s) với nội dung khác. Phiên bản đã công bố không bao giờ bị sửa; "
        "hãy đặt một giá trị «version» mới rồi tải lại."
    ) % {
        "set_id": existing.set_id,
        "version": existing.version,
        "published": timezone.localtime(existing.published_at).strftime("%d/%m/%Y %H:%M"),
        "source": existing.source_name,
    }
    raise CriteriaSetVersionConflict(
        [Problem(message, source_name, _line_of_version(yaml_text), "version")]
    )


def _line_of_version(yaml_text: str) -> int | None:
    """The line of the top-level ``version:`` key, so the message points where to edit."""
    for number, line in enumerate(yaml_text.splitlines(), start=1):
        if _VERSION_LINE.match(line):
            return number
    return None
