"""Named demo people on real units, shared by the tests and ``scripts/demo``.

One person per role, plus "outsiders" (another commune, another province) so that every
permission can be tried from both sides. All use the demo password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from xaso.accounts.models import Role, RoleAssignment
from xaso.units.catalog import DISTRICT, LEGACY, NEW, PROVINCE
from xaso.units.models import Unit


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: Role
    units: tuple[tuple[str, str, str], ...]  # (era, level, code)
    what: str


PEOPLE = (
    Person("xa.thanglong", "Lê Thị Hoa", Role.COMMUNE_OFFICER, ((LEGACY, "commune", "16342"),),
           "cán bộ xã Thăng Long (Nông Cống), đơn vị trước 1/7/2025"),
    Person("xa.quanghoa", "Phạm Văn Dũng", Role.COMMUNE_OFFICER, ((LEGACY, "commune", "16483"),),
           "cán bộ xã Quảng Hòa (Quảng Xương)"),
    Person("xa.thangbinh", "Nguyễn Văn An", Role.COMMUNE_OFFICER, ((NEW, "commune", "16342"),),
           "cán bộ xã Thăng Bình, đơn vị từ 1/7/2025"),
    Person("huyen.nongcong", "Trần Văn Bình", Role.DISTRICT_REVIEWER,
           ((LEGACY, DISTRICT, "404"),), "thẩm định cấp huyện, huyện Nông Cống"),
    Person("so.thanhhoa", "Đỗ Thị Mai", Role.PROVINCE_REVIEWER,
           ((LEGACY, PROVINCE, "38"), (NEW, PROVINCE, "38")), "thẩm định cấp tỉnh, Thanh Hóa"),
    Person("qt.thanhhoa", "Hoàng Văn Nam", Role.PROVINCE_ADMIN,
           ((LEGACY, PROVINCE, "38"), (NEW, PROVINCE, "38")), "quản trị cấp tỉnh, Thanh Hóa"),
    Person("lanhdao.thanhhoa", "Vũ Minh Đức", Role.LEADER,
           ((LEGACY, PROVINCE, "38"), (NEW, PROVINCE, "38")), "lãnh đạo tỉnh Thanh Hóa (chỉ xem)"),
    Person("xa.langcong", "Bùi Thị Lan", Role.COMMUNE_OFFICER, ((LEGACY, "commune", "08773"),),
           "cán bộ xã Lãng Công (Sông Lô, Vĩnh Phúc) — tỉnh khác"),
    Person("so.vinhphuc", "Ngô Văn Hải", Role.PROVINCE_REVIEWER, ((LEGACY, PROVINCE, "26"),),
           "thẩm định cấp tỉnh, Vĩnh Phúc — tỉnh khác"),
)  # fmt: skip


@transaction.atomic
def demo_people_load(password: str | None = None) -> list[Person]:
    """Create the demo people and their roles if missing (never resets a password)."""
    users = get_user_model()
    password = password or settings.XASO_DEMO_PASSWORD
    for person in PEOPLE:
        last, _, first = person.full_name.rpartition(" ")
        user, created = users.objects.get_or_create(
            username=person.username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        for era, level, code in person.units:
            unit = Unit.objects.get(era=era, level=level, code=code)
            RoleAssignment.objects.get_or_create(user=user, role=person.role, unit=unit)
        if person.role == Role.PROVINCE_ADMIN and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label__in=ADMIN_APPS, codename__regex=ADMIN_CODENAMES
                )
            )
    return list(PEOPLE)


# What a province admin manages in the Django admin: people and roles, rounds and plans;
# the rest they may only look at.
ADMIN_APPS = ("auth", "accounts", "assessments", "units", "criteria")
ADMIN_CODENAMES = r"^(view_.*|(add|change)_(user|roleassignment|round|planyear))$"
