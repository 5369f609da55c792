"""Template helpers of the dashboards: ``{% load xaso_dashboards %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def csv_url(context: dict[str, Any], name: str) -> str:
    """This page's address with its filters kept and ``csv=<name>``: the table as shown."""
    query = context["request"].GET.copy()
    query["csv"] = name
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def with_query(context: dict[str, Any], **changes: Any) -> str:
    """This page's query string with some parameters changed (None or "" removes one)."""
    query = context["request"].GET.copy()
    query.pop("csv", None)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return "?" + encoded if encoded else "?"


@register.simple_tag(takes_context=True)
def year_url(context: dict[str, Any], year: int) -> str:
    """The same page for another year, filters kept."""
    match = context["request"].resolver_match
    query = context["request"].GET.copy()
    query.pop("csv", None)
    url = reverse(match.view_name, kwargs={**match.kwargs, "year": year})
    return url + ("?" + query.urlencode() if query else "")


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


def local_name(obj: Any, field: str = "name") -> str:
    """The English text (``<field>_en``) when the page is in English and the criteria file
    gives one; else the Vietnamese."""
    language = get_language() or ""
    if language.startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, field, ""))


register.filter("local", local_name)
