"""Roles bound to units. A user may hold several (a reviewer of two districts, say).

Every role is bound to a unit of one era: a commune officer to a commune, a district
reviewer to a legacy district (districts were abolished on 1/7/2025), a province reviewer,
admin or leader to a province. A province that spans both eras (Thanh Hóa legacy and 2025
are two rows) needs one assignment per era; the demo and the admin create both.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xaso.units.models import Unit


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("cán bộ xã")
    DISTRICT_REVIEWER = "district_reviewer", _("cán bộ thẩm định cấp huyện")
    PROVINCE_REVIEWER = "province_reviewer", _("cán bộ thẩm định cấp tỉnh (Sở)")
    PROVINCE_ADMIN = "province_admin", _("quản trị cấp tỉnh")
    LEADER = "leader", _("lãnh đạo (chỉ xem)")


# The level of unit each role is bound to.
ROLE_LEVEL = {
    Role.COMMUNE_OFFICER: Unit.Level.COMMUNE,
    Role.DISTRICT_REVIEWER: Unit.Level.DISTRICT,
    Role.PROVINCE_REVIEWER: Unit.Level.PROVINCE,
    Role.PROVINCE_ADMIN: Unit.Level.PROVINCE,
    Role.LEADER: Unit.Level.PROVINCE,
}


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_holders"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = (
            models.UniqueConstraint(fields=("user", "role", "unit"), name="role_unique"),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit.name}"

    def clean(self) -> None:
        """The unit must be of the level the role works at (checked in forms and admin)."""
        level = ROLE_LEVEL[Role(self.role)]
        if self.unit_id is not None and self.unit.level != level:
            raise ValidationError(
                {
                    "unit": _("Vai trò «%(role)s» phải gắn với đơn vị %(level)s.")
                    % {"role": self.get_role_display(), "level": Unit.Level(level).label}
                }
            )
