"""Province admins manage people and their roles in the Django admin — of their own
province only. Superusers see everything; a province admin can neither see other
provinces' people nor give anyone (themselves included) superuser or staff powers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from xaso.units.models import Unit

from .models import RoleAssignment


def admin_provinces(request: HttpRequest) -> set[int] | None:
    """Province ids the user administers; None means everything (a superuser)."""
    from .models import Role

    if request.user.is_superuser:
        return None
    return set(
        RoleAssignment.objects.filter(user=request.user, role=Role.PROVINCE_ADMIN).values_list(
            "unit_id", flat=True
        )
    )


def units_in(provinces: set[int]) -> Q:
    return Q(pk__in=provinces) | Q(province_id__in=provinces)


class _ScopedRoles:
    """Roles of the admin's own province only, and only its units on offer."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleAssignment]:
        rows = super().get_queryset(request)  # type: ignore[misc]
        provinces = admin_provinces(request)
        if provinces is None:
            return rows  # type: ignore[no-any-return]
        return rows.filter(  # type: ignore[no-any-return]
            Q(unit_id__in=provinces) | Q(unit__province_id__in=provinces)
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        provinces = admin_provinces(request)
        if db_field.name == "unit" and provinces is not None:
            kwargs["queryset"] = Unit.objects.filter(units_in(provinces))
        if db_field.name == "user" and provinces is not None:
            kwargs["queryset"] = get_user_model().objects.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class RoleInline(_ScopedRoles, admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ("unit",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(_ScopedRoles, admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "user__first_name", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = (RoleInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        provinces = admin_provinces(request)
        if provinces is None:
            return rows
        # People with a role in the province, and new accounts with no role yet.
        return (
            rows.filter(is_superuser=False)
            .filter(
                Q(roles__unit_id__in=provinces)
                | Q(roles__unit__province_id__in=provinces)
                | Q(roles__isnull=True)
            )
            .distinct()
        )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # No permissions, groups, staff or superuser switches for province admins.
        return [
            (name, options)
            for name, options in fieldsets
            if not {"is_superuser", "user_permissions", "groups", "is_staff"}
            & set(options.get("fields", ()))
        ]
