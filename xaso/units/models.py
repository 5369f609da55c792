"""Vietnam's administrative units of both eras, and which legacy commune became which new one.

Reference data copied from the ``vietnamadminunits`` package by ``manage.py load_units``
(:func:`xaso.units.services.units_load_catalog`); the application never deletes a unit, so
raw counts stored against a legacy commune keep pointing at it after the 2025 reform.

**A code alone does not name a unit**: 2025 xã Thăng Bình reuses code 16342 of legacy xã
Thăng Long (Nông Cống), and 2025 province 15 is Lào Cai where legacy 15 was Yên Bái. Rows
are unique on (era, level, code), and every lookup in :mod:`xaso.units.selectors` takes the
era.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import catalog

# Legacy units stopped existing the day before the reform; 2025 units started on it.
LEGACY_VALID_TO = date(2025, 6, 30)
NEW_VALID_FROM = catalog.REFORM_DATE


class Unit(models.Model):
    class Era(models.TextChoices):
        LEGACY = catalog.LEGACY, _("trước 1/7/2025")
        NEW = catalog.NEW, _("từ 1/7/2025")

    class Level(models.TextChoices):
        PROVINCE = catalog.PROVINCE, _("cấp tỉnh")
        DISTRICT = catalog.DISTRICT, _("cấp huyện")
        COMMUNE = catalog.COMMUNE, _("cấp xã")

    # The same keys and Vietnamese names as catalog.TYPE_NAMES (a test keeps them equal),
    # written out here so that makemessages sees the strings.
    class Type(models.TextChoices):
        TINH = "tinh", _("tỉnh")
        THANH_PHO_TW = "thanh_pho_tw", _("thành phố trực thuộc trung ương")
        HUYEN = "huyen", _("huyện")
        QUAN = "quan", _("quận")
        THI_XA = "thi_xa", _("thị xã")
        THANH_PHO = "thanh_pho", _("thành phố")
        XA = "xa", _("xã")
        PHUONG = "phuong", _("phường")
        THI_TRAN = "thi_tran", _("thị trấn")
        DAC_KHU = "dac_khu", _("đặc khu")
        HUYEN_DAO = "huyen_dao", _("huyện đảo (không có đơn vị cấp xã)")

    era = models.CharField(_("thời kỳ"), max_length=10, choices=Era.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    type = models.CharField(_("loại"), max_length=20, choices=Type.choices)
    # Text, not a number: leading zeros are part of official codes ("08773", "01").
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    # Lower case without diacritics ("xa thang long"), so that a search for "thang long"
    # finds "Xã Thăng Long" with a plain LIKE on any database.
    name_folded = models.CharField(_("tên không dấu"), max_length=100, editable=False)
    # PROTECT: units are reference data, and a unit with children must never disappear.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # A copy of the province at the top of the chain (the parent's parent for a legacy
    # commune), so that "every commune of Thanh Hóa" is one indexed filter. None for a
    # province itself.
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    lon = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ("era", "level", "code")
        constraints = (
            models.UniqueConstraint(
                fields=("era", "level", "code"), name="units_unit_era_level_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(era__in=[catalog.LEGACY, catalog.NEW]), name="units_unit_era_valid"
            ),
            # The 2025 reform removed the district tier.
            models.CheckConstraint(
                condition=Q(level__in=[catalog.PROVINCE, catalog.COMMUNE])
                | Q(level=catalog.DISTRICT, era=catalog.LEGACY),
                name="units_unit_level_valid",
            ),
            # A province stands alone; every other unit has a parent and a province.
            models.CheckConstraint(
                condition=Q(level=catalog.PROVINCE, parent__isnull=True, province__isnull=True)
                | (~Q(level=catalog.PROVINCE) & Q(parent__isnull=False, province__isnull=False)),
                name="units_unit_parent_by_level",
            ),
        )
        # "Every commune of a province in an era". Searching names needs no index: a LIKE
        # over 14,000 short rows takes milliseconds.
        indexes = (
            models.Index(fields=("era", "level", "province"), name="units_unit_era_lvl_prov"),
        )

    def __str__(self) -> str:
        """ "Xã Thăng Long (Nông Cống, Thanh Hóa) · trước 1/7/2025".

        Reads ``parent`` and ``province``: select them with the unit when listing many.
        """
        places = []
        # A legacy commune names its district, except an island district without communes,
        # which is its own parent.
        legacy_commune = self.level == catalog.COMMUNE and self.era == catalog.LEGACY
        if legacy_commune and self.parent is not None and self.parent.code != self.code:
            places.append(self.parent.short_name)
        if self.province is not None:
            places.append(self.province.short_name)
        where = f" ({', '.join(places)})" if places else ""
        return f"{self.name}{where} · {self.get_era_display()}"

    @property
    def criteria_type(self) -> str:
        """The commune type criteria sets know (xa, phuong, thi_tran, dac_khu).

        A legacy island district without communes is assessed as one unit, like the special
        zone (đặc khu) it became in 2025; see ``catalog.AdminUnit.criteria_type``.
        """
        return self.Type.DAC_KHU.value if self.type == self.Type.HUYEN_DAO else self.type


class UnitSuccession(models.Model):
    """Legacy commune ``predecessor`` became (part of) 2025 commune ``successor``.

    A 2025 commune merged from three legacy ones has three rows. A legacy commune divided
    among several new ones has one row per new commune, all ``divided``, exactly one of them
    ``is_default`` (the package's designated successor); its counts cannot be apportioned
    exactly, and results regrouped through it must say so.
    """

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị trước 1/7/2025"),
        on_delete=models.PROTECT,
        related_name="successor_links",
        # The unique (predecessor, successor) index below already serves lookups by
        # predecessor.
        db_index=False,
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị từ 1/7/2025"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    divided = models.BooleanField(
        _("bị chia tách"),
        default=False,
        help_text=_("Đơn vị cũ được chia cho nhiều đơn vị mới; số liệu không chia được chính xác."),
    )
    is_default = models.BooleanField(
        _("đơn vị kế thừa chính"),
        default=True,
        help_text=_("Đơn vị mới được chỉ định kế thừa khi đơn vị cũ bị chia tách."),
    )

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = (
            models.UniqueConstraint(
                fields=("predecessor", "successor"), name="units_succession_unique"
            ),
            models.UniqueConstraint(
                fields=("predecessor",),
                condition=Q(is_default=True),
                name="units_succession_one_default",
            ),
            # An undivided commune has a single successor, which is therefore the default.
            models.CheckConstraint(
                condition=Q(divided=True) | Q(is_default=True),
                name="units_succession_undivided_is_default",
            ),
        )

    def __str__(self) -> str:
        """ "Xã Thăng Long (16342) → Xã Thăng Bình (16342)"; reads both units."""
        old, new = self.predecessor, self.successor
        return f"{old.name} ({old.code}) → {new.name} ({new.code})"
