"""A background job and its result, kept in the database.

The result's bytes live in the row (a province's PDF is well under a few MB) rather than on
disk, so that a worker on one machine and the web process on another share it through
PostgreSQL alone. Finished jobs are deleted after ``KEEP`` (see services.job_start).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KEEP = timedelta(days=1)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("đang chờ")
        RUNNING = "running", _("đang chạy")
        DONE = "done", _("xong")
        FAILED = "failed", _("không thành")

    # Random: the address of a job tells nothing about other people's jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại việc"), max_length=60)
    title = models.CharField(_("tên việc"), max_length=200)
    params = models.JSONField(_("tham số"), default=dict)
    # kind and parameters, hashed: the same request again while it runs is the same job.
    fingerprint = models.CharField(max_length=64, db_index=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(_("thông báo"), blank=True)
    result = models.BinaryField(null=True, editable=False)
    result_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        indexes = (models.Index(fields=("created_at",), name="job_created"),)

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
