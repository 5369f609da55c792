"""The audit trail: every change, who made it, when, old → new, and why. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=50)
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit",
    )
    target = models.CharField(_("đối tượng"), max_length=100, blank=True)
    field = models.CharField(_("trường"), max_length=100, blank=True)
    old = models.TextField(_("giá trị cũ"), blank=True)
    new = models.TextField(_("giá trị mới"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target} {self.field}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("Nhật ký thay đổi không được sửa (audit entries are append-only)")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
