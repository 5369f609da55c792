"""What services raise when they refuse, and why an assessment cannot be edited now."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Assessment

Status = Assessment.Status


class NotAllowed(Exception):
    """The action is not permitted now; the message says why, in Vietnamese."""


class Conflict(Exception):
    """Someone saved the assessment after this form was opened."""


def not_editable_reason(a: Assessment) -> str:
    """Why the commune cannot change ``a`` now, in words it can act on."""
    if a.status == Status.RECOGNISED:
        return _("Xã đã được công nhận: số liệu đã khóa. Chỉ quản trị cấp tỉnh mở lại được.")
    if a.status in (Status.SUBMITTED, Status.DISTRICT_VERIFIED, Status.PROVINCE_VERIFIED):
        return _("Bản đánh giá đã nộp, đang được thẩm định; chỉ sửa được khi bị trả lại.")
    if not a.round.is_open:
        return _("Đợt đánh giá đã đóng.")
    return _("Bạn không có quyền sửa bản đánh giá này.")


def check_text(text: str, *, label: str, limit: int) -> None:
    """Refuse typed text the database cannot keep, before it reaches a query.

    PostgreSQL refuses a NUL character in any text and a text longer than its column; both
    would otherwise end as an error page instead of a message the person can act on.
    ``limit`` is the column's length (or the app's limit for an unbounded text column).
    """
    if "\x00" in text:
        raise NotAllowed(
            _("«%(label)s» có ký tự không hợp lệ (ký tự rỗng); hãy gõ lại.") % {"label": label}
        )
    if len(text) > limit:
        raise NotAllowed(
            _("«%(label)s» dài %(length)s ký tự, quá giới hạn %(limit)s ký tự; hãy rút gọn.")
            % {"label": label, "length": len(text), "limit": limit}
        )
