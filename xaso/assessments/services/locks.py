"""Row locks every workflow write takes first, so the checks after them read what is true.

A service decides from an assessment's status and then writes. If it decided from the
object the view loaded, another request could change the row in between (two decisions
recognising one commune at the same moment would both succeed). So each write locks the
row first and reads the status from the locked row. Several rows are locked in id order:
two requests locking overlapping sets then wait for each other instead of deadlocking.

On SQLite ``select_for_update`` does nothing; there every transaction takes the database's
write lock when it starts (``transaction_mode`` IMMEDIATE in the settings), so the reads
after it see the latest commit just the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from xaso.accounts.selectors import display_name

from ..models import Assessment
from .errors import Conflict


def _refresh(a: Assessment, current: Assessment) -> Assessment:
    # Keep the related objects the caller already loaded (unit, round …); setting
    # ``decision_id`` drops a cached decision that is no longer the row's.
    a.status, a.lock_version = current.status, current.lock_version
    a.decision_id = current.decision_id
    return a


def _stale(current: Assessment) -> Conflict:
    last = current.audit.order_by("-at", "-pk").select_related("actor").first()
    who = (display_name(last.actor) if last and last.actor else "") or _("người khác")
    if last:
        when = timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y")
        return Conflict(
            _(
                "Bản đánh giá vừa được %(who)s lưu lúc %(when)s. Số liệu bạn vừa nhập vẫn còn "
                "trên màn hình: hãy xem lại các thay đổi rồi bấm lưu lần nữa."
            )
            % {"who": who, "when": when}
        )
    return Conflict(
        _(
            "Bản đánh giá vừa được %(who)s lưu. Số liệu bạn vừa nhập vẫn còn trên màn hình: "
            "hãy xem lại các thay đổi rồi bấm lưu lần nữa."
        )
        % {"who": who}
    )


def assessment_lock(a: Assessment, lock_version: int | None) -> Assessment:
    """Lock ``a``'s row, refresh its status from it, and refuse a stale form.

    ``lock_version`` is the version the form was opened at (optimistic locking); None skips
    that check (actions that do not carry a form of values). Call inside a transaction.
    """
    current = Assessment.objects.select_for_update().get(pk=a.pk)
    if lock_version is not None and current.lock_version != lock_version:
        raise _stale(current)
    return _refresh(a, current)


def assessments_lock(items: Iterable[Assessment]) -> list[Assessment]:
    """Lock the rows of ``items`` in id order and refresh each from its locked row.

    An assessment whose row is gone is left out. Call inside a transaction.
    """
    items = list(items)
    rows = Assessment.objects.select_for_update().filter(pk__in=[a.pk for a in items])
    current = {row.pk: row for row in rows.order_by("pk")}
    return [_refresh(a, current[a.pk]) for a in items if a.pk in current]
