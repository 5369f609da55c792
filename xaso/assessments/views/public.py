"""The public results page: recognised communes only, never drafts. No login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..models import Assessment


def results(request: HttpRequest) -> HttpResponse:
    recognised = (
        Assessment.objects.filter(status=Assessment.Status.RECOGNISED)
        .select_related("unit", "unit__parent", "round", "round__province", "decision")
        .order_by("round__province__name", "-round__year", "unit__name_folded")
    )
    return render(request, "assessments/public.html", {"recognised": recognised})
