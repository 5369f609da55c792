"""Admin for province admins: rounds and plans are edited here; assessments, decisions and
the audit trail are only read (they change through the workflow, which audits them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xaso.accounts.admin import admin_provinces

from .models import Assessment, AuditEntry, PlanYear, RecognitionDecision, Round


class ProvinceScoped(admin.ModelAdmin):
    """Rows of the admin's own province only (``province_field`` names the path to it)."""

    province_field = "province"

    def get_queryset(self, request: HttpRequest) -> Any:
        rows = super().get_queryset(request)
        provinces = admin_provinces(request)
        return (
            rows if provinces is None else rows.filter(**{f"{self.province_field}__in": provinces})
        )


class ReadOnly(ProvinceScoped):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(ProvinceScoped):
    list_display = (
        "name",
        "province",
        "year",
        "criteria_version",
        "is_open",
        "submission_deadline",
    )
    list_filter = ("year", "is_open")
    autocomplete_fields = ("province", "communes")
    list_select_related = ("province", "criteria_version")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Assessments keep the version they were made under: fixed once any exists.
        if obj is not None and obj.assessments.exists():
            return ("province", "year", "criteria_version")
        return ()


@admin.register(PlanYear)
class PlanYearAdmin(ProvinceScoped):
    list_display = ("plan_id", "year", "province", "target", "decision_number")
    autocomplete_fields = ("province", "assigned")
    list_select_related = ("province",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly):
    province_field = "round__province"

    list_display = ("unit", "round", "status", "updated_at")
    list_filter = ("status", "round__year")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit", "round")


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ReadOnly):
    list_display = ("number", "date", "signer", "province")
    list_select_related = ("province",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    province_field = "assessment__round__province"

    list_display = ("at", "actor", "action", "assessment", "field", "old", "new")
    list_filter = ("action",)
    list_select_related = ("actor", "assessment", "assessment__unit")
