"""``manage.py load_units``: store all of Vietnam's administrative units, both eras.

Safe to run any number of times (a second run changes nothing) and takes seconds; ``make
demo`` runs it. Nothing is ever deleted, see :mod:`xaso.units.services`.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import numberformat
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from xaso.units.models import Unit
from xaso.units.services import LoadCounts, units_load_catalog


class Command(BaseCommand):
    # Plain text: argparse cannot format lazy translations (Django's own commands do the same).
    help = (
        "Nạp mọi đơn vị hành chính (trước và từ 1/7/2025) cùng liên kết kế thừa từ gói "
        "vietnamadminunits. / Load every administrative unit (legacy and 2025) and the "
        "succession links from the vietnamadminunits package."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        summary = units_load_catalog()
        elapsed = time.perf_counter() - started

        for era, counts in summary.units.items():
            label = _("Đơn vị %(era)s") % {"era": Unit.Era(era).label}
            self.stdout.write(_line(label, counts))
        self.stdout.write(_line(_("Liên kết kế thừa"), summary.links))
        if summary.units_not_in_catalog or summary.links_not_in_catalog:
            message = _(
                "Giữ lại %(units)s đơn vị và %(links)s liên kết không còn trong gói "
                "(không bao giờ xóa)."
            ) % {
                "units": _n(summary.units_not_in_catalog),
                "links": _n(summary.links_not_in_catalog),
            }
            self.stdout.write(self.style.WARNING(message))
        done = _("Xong trong %(seconds)s giây.") % {"seconds": number_format(elapsed, 1)}
        self.stdout.write(self.style.SUCCESS(done))


def _line(label: str, counts: LoadCounts) -> str:
    return _("%(label)s: %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không đổi.") % {
        "label": label,
        "created": _n(counts.created),
        "updated": _n(counts.updated),
        "unchanged": _n(counts.unchanged),
    }


def _n(number: int) -> str:
    """10.799 in Vietnamese, 10,799 in English. Django's Vietnamese formats set a thousand
    separator but no grouping, so the grouping is given here."""
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
