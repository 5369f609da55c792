"""Read-only admin for published criteria set versions.

Versions are immutable (see ``services.criteria_set_publish``), so the admin grants no add,
change or delete permission to anyone, superusers included; new versions arrive through
``manage.py load_criteria`` or the upload page.

A province admin sees the versions of its own province only: those whose decision names
it, those its rounds or figures are under, and those it published itself. They are also
all that a round's criteria-version choice offers it (see :mod:`xaso.accounts.admin_scope`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xaso.accounts.admin_scope import ProvinceScoped
from xaso.assessments.models import Round, ValueStamp
from xaso.units.catalog import fold
from xaso.units.models import Unit

from .models import CriteriaSetVersion

# Words a decision may put before a province's name ("Tỉnh Thanh Hóa", "TP. Hà Nội").
_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")


def _bare(name: str) -> str:
    """A province's name folded and without "tỉnh"/"thành phố": "Tỉnh Thanh Hoá" → "thanh hoa"."""
    folded = fold(name)
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :].strip()
    return folded


def versions_of(provinces: frozenset[int], user: Any) -> Q:
    """Versions of these provinces: named for one of them, used by their rounds or figures,
    or published by ``user``. A set's province is free text from its YAML, so names are
    compared folded (the same province may be written "Thanh Hóa" or "Tỉnh Thanh Hoá")."""
    names = {_bare(n) for n in Unit.objects.filter(pk__in=provinces).values_list("name", flat=True)}
    named = [
        pk
        for pk, province in CriteriaSetVersion.objects.values_list("pk", "province")
        if _bare(province) in names
    ]
    return (
        Q(pk__in=named)
        | Q(pk__in=Round.objects.filter(province__in=provinces).values("criteria_version"))
        | Q(pk__in=ValueStamp.objects.filter(province__in=provinces).values("criteria_version"))
        | Q(published_by_id=user.pk)
    )


@admin.register(CriteriaSetVersion)
class CriteriaSetVersionAdmin(ProvinceScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "set_id",
        "version",
        "name",
        "province",
        "decision_number",
        "indicator_count",
        "illustrative",
        "published_at",
    )
    list_filter = ("province", "illustrative")
    search_fields = ("set_id", "name", "decision_number", "province")
    date_hierarchy = "published_at"
    fields = (
        "set_id",
        "version",
        "name",
        "name_en",
        "province",
        "decision_number",
        "decision_date",
        "valid_from",
        "valid_to",
        "illustrative",
        "indicator_count",
        "source_name",
        "sha256",
        "published_at",
        "published_by",
        "yaml_source",
    )
    readonly_fields = fields

    def scoped_rows(
        self, request: HttpRequest, rows: QuerySet[CriteriaSetVersion], provinces: frozenset[int]
    ) -> QuerySet[CriteriaSetVersion]:
        return rows.filter(versions_of(provinces, request.user))

    @admin.display(description=_("nội dung YAML"))
    def yaml_source(self, obj: CriteriaSetVersion) -> SafeString:
        # A <pre> keeps the indentation that YAML depends on; format_html escapes the text.
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', obj.yaml_text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CriteriaSetVersion | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: CriteriaSetVersion | None = None
    ) -> bool:
        return False
