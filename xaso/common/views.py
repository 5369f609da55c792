"""Pages that belong to no single domain: the start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xaso.criteria.selectors import criteria_set_list


def start(request: HttpRequest) -> HttpResponse:
    """What Xã Số is and which criteria sets it holds; open to everyone, it shows no data."""
    return render(request, "common/start.html", {"criteria_sets": criteria_set_list()})
