"""Read-only admin for published criteria set versions.

Versions are immutable (see ``services.criteria_set_publish``), so the admin grants no add,
change or delete permission to anyone, superusers included; new versions arrive through
``manage.py load_criteria``.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import CriteriaSetVersion


@admin.register(CriteriaSetVersion)
class CriteriaSetVersionAdmin(admin.ModelAdmin):
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
