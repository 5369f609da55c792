"""Change counters the dashboards read to know that raw counts changed (see ValueStamp)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from ..models import ValueStamp


def values_changed(*, places: Iterable[tuple[int, int]], criteria_version_id: int) -> None:
    """Bump the counter of each (province id, year) whose values under the version changed.

    Called inside the transaction that wrote the values, so a rollback undoes the bump too.
    """
    now = timezone.now()
    for province_id, year in sorted(set(places)):
        rows = ValueStamp.objects.filter(
            province_id=province_id, year=year, criteria_version_id=criteria_version_id
        )
        if not rows.update(generation=F("generation") + 1, changed_at=now):
            _stamp, created = ValueStamp.objects.get_or_create(
                province_id=province_id,
                year=year,
                criteria_version_id=criteria_version_id,
                defaults={"generation": 1},
            )
            if not created:  # another writer created it meanwhile: this change counts too
                rows.update(generation=F("generation") + 1, changed_at=now)
