"""A published version of a criteria set: the YAML source as the engine accepted it.

A row is written once by :func:`xaso.criteria.services.criteria_set_publish` and never
edited or deleted, so every stored result can name the exact rules it was computed under
(``set_id@version``). Columns besides ``yaml_text`` are copies for listing and filtering;
the engine reads only ``yaml_text``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CriteriaSetVersion(models.Model):
    set_id = models.CharField(_("mã bộ tiêu chí"), max_length=100)
    version = models.CharField(_("phiên bản"), max_length=50)
    name = models.TextField(_("tên"))
    name_en = models.TextField(_("tên tiếng Anh"), blank=True)
    province = models.CharField(_("tỉnh"), max_length=100)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    valid_from = models.PositiveIntegerField(_("áp dụng từ năm"))
    valid_to = models.PositiveIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("minh họa"),
        default=False,
        help_text=_("Bộ tiêu chí dùng để minh họa, không phải văn bản chính thức của tỉnh."),
    )
    indicator_count = models.PositiveIntegerField(_("số chỉ tiêu"))
    yaml_text = models.TextField(_("nội dung YAML"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source_name = models.CharField(_("tệp nguồn"), max_length=255)
    published_at = models.DateTimeField(_("thời điểm công bố"), default=timezone.now)
    # PROTECT, not SET_NULL: who published a version is part of the record and is never lost;
    # deactivate a user instead of deleting them. Null means a command published it.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        ordering = ("set_id", "-published_at")
        constraints = (
            models.UniqueConstraint(
                fields=("set_id", "version"), name="criteria_set_version_unique"
            ),
        )

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """``id@version``, the same name the engine's ``CriteriaSet.key`` gives."""
        return f"{self.set_id}@{self.version}"
