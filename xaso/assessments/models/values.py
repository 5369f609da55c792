"""Raw counts as reported, and the yearly plans of communes that must complete.

Only raw counts are stored — never a percentage or a verdict. Every verdict is computed by
the engine from these rows, so a merged commune can be recomputed exactly from its parts.
A value belongs to the unit **as it was** in that year (a legacy commune for 2022–2024),
to the year, and to the criteria-set version it was reported under.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit


class RawValue(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="raw_values"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criteria_version = models.ForeignKey(
        CriteriaSetVersion,
        verbose_name=_("phiên bản bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="raw_values",
    )
    variable = models.CharField(_("biến số liệu"), max_length=64)
    # A whole number; yes/no answers are stored as 1 / 0. An unreported value has no row.
    value = models.BigIntegerField(_("giá trị"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu gốc")
        verbose_name_plural = _("số liệu gốc")
        constraints = (
            models.UniqueConstraint(
                fields=("unit", "year", "criteria_version", "variable"),
                name="assessments_rawvalue_unique",
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="rawvalue_not_negative"),
        )
        indexes = (
            models.Index(fields=("criteria_version", "year", "unit"), name="rawvalue_version_year"),
        )

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.variable}={self.value}"


class PlanYear(models.Model):
    """One year of a province's assignment plan: how many communes must complete, and which.

    The target and its source come from ``plans/*.yaml``; the assigned communes are the
    province's decision (in the demo, chosen by the demo builder).
    """

    plan_id = models.CharField(_("mã kế hoạch"), max_length=100)
    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="plan_years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    target = models.PositiveIntegerField(_("số xã phải hoàn thành"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    assigned = models.ManyToManyField(
        Unit, verbose_name=_("xã được giao"), related_name="assigned_in", blank=True
    )

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ("plan_id", "year")
        constraints = (models.UniqueConstraint(fields=("plan_id", "year"), name="planyear_unique"),)

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}: {self.target}"


class ValueStamp(models.Model):
    """A change counter per province, year and criteria version.

    Dashboards compute everything live from raw counts, and keep the counts they have read
    in memory between requests; one query on this small table tells them whether anything
    changed since (every write of a raw or verified value bumps it). It also lists which
    years and versions a province has data for, without scanning the raw values.
    """

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="value_stamps"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    criteria_version = models.ForeignKey(
        CriteriaSetVersion,
        verbose_name=_("phiên bản bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="value_stamps",
    )
    generation = models.PositiveBigIntegerField(_("số lần thay đổi"), default=0)
    changed_at = models.DateTimeField(_("thay đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("dấu thay đổi số liệu")
        verbose_name_plural = _("dấu thay đổi số liệu")
        constraints = (
            models.UniqueConstraint(
                fields=("province", "year", "criteria_version"), name="valuestamp_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year}/{self.criteria_version_id}#{self.generation}"
