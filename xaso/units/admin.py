"""Read-only admin for administrative units and their succession.

Units are reference data loaded by ``manage.py load_units``; the admin grants no add,
change or delete permission to anyone, superusers included. A province admin sees its own
province's units only, and they are all that unit choices and autocomplete offer it
elsewhere in the admin (see :mod:`xaso.accounts.admin_scope`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xaso.accounts.admin_scope import ProvinceScoped
from xaso.accounts.selectors import admin_provinces

from .catalog import COMMUNE, PROVINCE, fold
from .models import Unit, UnitSuccession

# (model, field) of an autocomplete request → the level of unit that field takes.
AUTOCOMPLETE_LEVELS = {
    ("round", "province"): PROVINCE,
    ("round", "communes"): COMMUNE,
    ("planyear", "province"): PROVINCE,
    ("planyear", "assigned"): COMMUNE,
}


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProvinceFilter(admin.SimpleListFilter):
    """The provinces of both eras. Django's own filter for a foreign key would list every
    row the key could point at: all 14,000 units."""

    title = _("tỉnh")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        provinces = Unit.objects.filter(level=PROVINCE).order_by("-era", "name_folded")
        own = admin_provinces(request.user)
        if own is not None:
            provinces = provinces.filter(pk__in=own)
        return [(str(p.pk), f"{p.short_name} · {p.get_era_display()}") for p in provinces]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.value():
            return queryset.filter(province_id=self.value())
        return queryset


def _unit_link(unit: Unit) -> SafeString:
    url = reverse("admin:units_unit_change", args=[unit.pk])
    return format_html('<a href="{}">{}</a> ({})', url, unit.name, unit.code)


class SuccessorInline(_ReadOnly, admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    verbose_name = _("đơn vị kế thừa (từ 1/7/2025)")
    verbose_name_plural = _("đơn vị kế thừa (từ 1/7/2025)")
    fields = ("successor_link", "divided", "is_default")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("đơn vị từ 1/7/2025"))
    def successor_link(self, obj: UnitSuccession) -> SafeString:
        return _unit_link(obj.successor)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        return super().get_queryset(request).select_related("predecessor", "successor")


class PredecessorInline(_ReadOnly, admin.TabularInline):
    model = UnitSuccession
    fk_name = "successor"
    verbose_name = _("đơn vị trước 1/7/2025 sáp nhập vào")
    verbose_name_plural = _("đơn vị trước 1/7/2025 sáp nhập vào")
    fields = ("predecessor_link", "divided", "is_default")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("đơn vị trước 1/7/2025"))
    def predecessor_link(self, obj: UnitSuccession) -> SafeString:
        return _unit_link(obj.predecessor)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        return super().get_queryset(request).select_related("predecessor", "successor")


@admin.register(Unit)
class UnitAdmin(ProvinceScoped, _ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    province_path = "pk"
    list_display = ("code", "name", "type", "level", "era", "parent_name", "province_name")
    list_filter = ("era", "level", "type", ProvinceFilter)
    list_select_related = ("parent", "province")
    # Searched with the term folded (see get_search_results): codes are digits, so folding
    # leaves them alone, and names match without accents.
    search_fields = ("=code", "name_folded")
    search_help_text = _("Mã chính xác, hoặc một phần tên (có dấu hay không dấu đều được).")
    fields = (
        "era",
        "level",
        "type",
        "code",
        "name",
        "short_name",
        "parent",
        "province",
        "lat",
        "lon",
        "area_km2",
        "valid_from",
        "valid_to",
    )
    readonly_fields = fields
    inlines = (SuccessorInline, PredecessorInline)

    @admin.display(description=_("đơn vị cấp trên"), ordering="parent__name_folded")
    def parent_name(self, obj: Unit) -> str:
        return obj.parent.name if obj.parent else "—"

    @admin.display(description=_("tỉnh"), ordering="province__name_folded")
    def province_name(self, obj: Unit) -> str:
        return obj.province.name if obj.province else "—"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Unit], search_term: str
    ) -> tuple[QuerySet[Unit], bool]:
        rows, duplicates = super().get_search_results(request, queryset, fold(search_term))
        # Autocomplete for a round's or plan's province or communes offers only that level
        # (the form checks it anyway; this only spares scrolling past districts).
        wanted = AUTOCOMPLETE_LEVELS.get(
            (request.GET.get("model_name", ""), request.GET.get("field_name", ""))
        )
        return (rows.filter(level=wanted) if wanted else rows), duplicates

    def get_inline_instances(self, request: HttpRequest, obj: Unit | None = None) -> list[Any]:
        # Only a legacy commune has successors and only a 2025 commune has predecessors.
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.level != "commune":
            return []
        wanted = SuccessorInline if obj.era == Unit.Era.LEGACY else PredecessorInline
        return [inline for inline in inlines if isinstance(inline, wanted)]
