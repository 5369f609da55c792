"""Rounds, assessments, reviews and recognition decisions.

An assessment is one commune's self-assessment in one round. It moves
draft → submitted → (district verified, legacy era only) → province verified → recognised;
any reviewer may return it with comments, which sends it back to the commune. Nothing is
deleted: returns, verified values and decisions are rows, every change is an audit entry.
``lock_version`` implements optimistic locking: a save carrying an older version is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit

from ..storage import private_storage


class Round(models.Model):
    """A province's assessment round: a year, a criteria-set version, communes, deadlines."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên đợt"), max_length=200)
    criteria_version = models.ForeignKey(
        CriteriaSetVersion,
        verbose_name=_("phiên bản bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    communes = models.ManyToManyField(
        Unit, verbose_name=_("xã được giao"), related_name="rounds_assigned", blank=True
    )
    submission_deadline = models.DateField(_("hạn xã nộp"), null=True, blank=True)
    review_deadline = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    is_open = models.BooleanField(_("đang mở"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ("-year", "province__code")
        constraints = (
            models.UniqueConstraint(fields=("province", "year"), name="round_province_year"),
        )

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("đang nhập")
        SUBMITTED = "submitted", _("đã nộp, chờ thẩm định")
        RETURNED = "returned", _("bị trả lại để bổ sung")
        DISTRICT_VERIFIED = "district_verified", _("huyện đã thẩm định")
        PROVINCE_VERIFIED = "province_verified", _("tỉnh đã thẩm định")
        RECOGNISED = "recognised", _("đã được công nhận")

    round = models.ForeignKey(
        Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    lock_version = models.PositiveIntegerField(_("phiên bản"), default=1)
    decision = models.ForeignKey(
        "RecognitionDecision",
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản tự đánh giá")
        verbose_name_plural = _("bản tự đánh giá")
        ordering = ("round", "unit__name_folded")
        constraints = (
            models.UniqueConstraint(fields=("round", "unit"), name="assessment_round_unit"),
        )

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.round.year}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("assessments:detail", kwargs={"pk": self.pk})

    @property
    def is_locked(self) -> bool:
        """Recognised data is locked; only an admin reopens it, with a reason."""
        return self.status == self.Status.RECOGNISED


class VerifiedValue(models.Model):
    """A value a reviewer verified that differs from the commune's own (both are kept)."""

    class Stage(models.TextChoices):
        DISTRICT = "district", _("cấp huyện")
        PROVINCE = "province", _("cấp tỉnh")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="verified_values"
    )
    variable = models.CharField(_("biến số liệu"), max_length=64)
    stage = models.CharField(_("cấp thẩm định"), max_length=10, choices=Stage.choices)
    value = models.BigIntegerField(_("giá trị thẩm định"))
    reason = models.TextField(_("lý do"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giá trị thẩm định")
        verbose_name_plural = _("giá trị thẩm định")
        constraints = (
            models.UniqueConstraint(
                fields=("assessment", "variable", "stage"), name="verified_value_unique"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="verified_not_negative"),
        )

    def __str__(self) -> str:
        return f"{self.variable}={self.value} ({self.stage})"


class ReviewComment(models.Model):
    """A reviewer's comment, on one indicator or (blank code) on the whole assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="comments")
    indicator = models.CharField(_("chỉ tiêu"), max_length=20, blank=True)
    text = models.TextField(_("nội dung"))
    stage = models.CharField(_("cấp"), max_length=10)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ("created_at",)

    def __str__(self) -> str:
        return f"{self.indicator or '—'}: {self.text[:40]}"


class RecognitionDecision(models.Model):
    """The province chairman's decision recognising communes ("quyết định công nhận")."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("số quyết định"), max_length=100)
    date = models.DateField(_("ngày ký"))
    signer = models.CharField(_("người ký"), max_length=200)
    pdf = models.FileField(
        _("tệp PDF"), upload_to="decisions/%Y/", blank=True, storage=private_storage
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        constraints = (
            models.UniqueConstraint(fields=("province", "number"), name="decision_number"),
        )

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"
