"""Admin for province admins: rounds and plans are edited here; assessments, decisions and
the audit trail are only read (they change through the workflow, which audits them).

Every page is confined to the admin's own province (see :mod:`xaso.accounts.admin_scope`),
and a round or plan is checked on the server whatever the form offered: its province is a
province of the year's era, its communes are that province's.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from xaso.accounts.admin_scope import ProvinceScoped
from xaso.units.catalog import era_for_year
from xaso.units.models import Unit

from .models import Assessment, AuditEntry, PlanYear, RecognitionDecision, Round
from .services import NotAllowed
from .services.workflow import round_check


class ReadOnly(ProvinceScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The level of unit each unit field of a round or plan takes.
UNIT_LEVELS = {
    "province": Unit.Level.PROVINCE,
    "communes": Unit.Level.COMMUNE,
    "assigned": Unit.Level.COMMUNE,
}


class _UnitLevels:
    """Offer only provinces for ``province`` and only communes for communes."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in UNIT_LEVELS:
            field.queryset = field.queryset.filter(level=UNIT_LEVELS[db_field.name])
        return field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in UNIT_LEVELS:
            field.queryset = field.queryset.filter(level=UNIT_LEVELS[db_field.name])
        return field


class RoundForm(forms.ModelForm):  # type: ignore[type-arg]
    def clean(self) -> dict[str, Any]:
        """The same checks as ``round_create``: era, communes, one round a year, and the
        criteria version of figures the year already has."""
        data = super().clean()
        if self.errors:
            return data
        current = self.instance if self.instance.pk else None

        def value(name: str) -> Any:
            # A field read-only once assessments exist is not in the form: the row's own.
            return data[name] if name in data else getattr(self.instance, name)

        try:
            round_check(
                province=value("province"),
                year=value("year"),
                criteria_version=value("criteria_version"),
                communes=data.get("communes", ()),
                current=current,
            )
        except NotAllowed as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return data


class PlanYearForm(forms.ModelForm):  # type: ignore[type-arg]
    def clean(self) -> dict[str, Any]:
        """A plan's province is of the year's era, and its communes are that province's."""
        data = super().clean()
        if self.errors:
            return data
        era = era_for_year(data["year"])
        province = data["province"]
        if province.era != era:
            raise forms.ValidationError(
                _("Kế hoạch năm %(year)s phải gắn với tỉnh thuộc danh mục %(era)s.")
                % {"year": data["year"], "era": Unit.Era(era).label}
            )
        wrong = [c.name for c in data.get("assigned", ()) if c.province_id != province.pk]
        if wrong:
            raise forms.ValidationError(
                _("Các xã không thuộc tỉnh hoặc thời kỳ của kế hoạch: %(names)s")
                % {"names": ", ".join(wrong)}
            )
        return data


@admin.register(Round)
class RoundAdmin(_UnitLevels, ProvinceScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    form = RoundForm
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
class PlanYearAdmin(_UnitLevels, ProvinceScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    form = PlanYearForm
    list_display = ("plan_id", "year", "province", "target", "decision_number")
    autocomplete_fields = ("province", "assigned")
    list_select_related = ("province",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly):
    province_path = "round__province"

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
    province_path = "assessment__round__province"

    list_display = ("at", "actor", "action", "assessment", "field", "old", "new")
    list_filter = ("action",)
    list_select_related = ("actor", "assessment", "assessment__unit")
