"""Map data: communes as points at their coordinates, coloured by status, and the province
outline drawn from vendored static files (Natural Earth, see static/.../outlines/README.md).

No tiles and no script from the internet: the page draws the outline and the points itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from xaso.units.catalog import LEGACY
from xaso.units.models import Unit

from .data import legacy_sources
from .figures import Picture


def map_points(p: Picture, names: dict[str, str]) -> list[dict[str, Any]]:
    """One point per commune with coordinates, within the picture's selection."""
    statuses = p.statuses()
    failing = p.failing
    one = p.one_step()
    out = []
    for i, place in enumerate(p.places):
        if not p.select[i] or place.lat is None or place.lon is None:
            continue
        step = one.get(i)
        out.append(
            {
                "code": place.code,
                "name": place.name,
                "district": place.district_name,
                "lat": round(place.lat, 5),
                "lon": round(place.lon, 5),
                "status": statuses[i],
                "status_name": names[statuses[i]],
                "failing": int(failing[i]),
                "one_step": step[0] if step else "",
                "url": reverse("dashboards:commune", args=[place.era, place.code]),
            }
        )
    return out


def outline_url(province: Unit) -> list[str]:
    """Static URLs of the outline files to draw: the province's own (legacy era) or, for a
    2025 province, those of the legacy provinces it was made of. Empty when none exist."""
    if province.era == LEGACY:
        codes = [province.code]
    else:
        codes = sorted(
            Unit.objects.filter(pk__in=legacy_sources(province)).values_list("code", flat=True)
        )
    paths = [f"dashboards/outlines/legacy/{code}.json" for code in codes]
    return [static(path) for path in paths if finders.find(path)]
