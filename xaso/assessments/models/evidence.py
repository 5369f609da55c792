"""Evidence per indicator: a document (number, date, summary) with its files.

Files live outside the web root (``XASO_PRIVATE_MEDIA_ROOT``) and are served only through
the access gate. Nothing is deleted: removing evidence or a file marks it removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .workflow import Assessment


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    indicator = models.CharField(_("chỉ tiêu"), max_length=20)
    document_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ("indicator", "created_at")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.document_number or self.summary[:40]}"


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")

    def __str__(self) -> str:
        return self.original_name
