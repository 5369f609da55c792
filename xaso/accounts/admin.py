"""People and their roles in the Django admin, confined to the province admin's province.

A superuser sees everything. A province admin sees and manages only the people
:func:`~xaso.accounts.selectors.people_managed_by` gives (every role in its province; no
staff, no superuser, no one who also holds a role elsewhere), gives them roles on its own
province's units only, and never sees the switches that make someone staff or superuser,
nor groups or permissions.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .admin_scope import ProvinceScoped, is_province_admin_view
from .models import RoleAssignment
from .selectors import admin_provinces, people_managed_by

User = get_user_model()


class _FirstRoleFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    default_error_messages: ClassVar[dict[str, Any]] = {
        "too_few_forms": _(
            "Hãy gán cho người này ít nhất một vai trò ở tỉnh của bạn trước khi lưu."
        ),
    }


class RoleInline(ProvinceScoped, admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    province_path = "unit"
    extra = 1
    autocomplete_fields = ("unit",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        # A person a province admin creates needs a role there at once: without one they
        # would belong to no province, and only a superuser could reach them again.
        if is_province_admin_view(request):
            kwargs.update(formset=_FirstRoleFormSet, min_num=1, validate_min=True, extra=0)
        return super().get_formset(request, obj, **kwargs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ProvinceScoped, admin.ModelAdmin):  # type: ignore[type-arg]
    province_path = "unit"
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "user__first_name", "unit__name")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit", "unit__parent", "unit__province")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The province's roles of people it does not manage (its own admins, someone who
        also works for another province) are shown, never changed."""
        return self._manages(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Nor deleted: one by one or with "delete selected" (which asks for each row)."""
        return self._manages(request, obj) and super().has_delete_permission(request, obj)

    def _manages(self, request: HttpRequest, obj: Any) -> bool:
        provinces = admin_provinces(request.user)
        if obj is None or provinces is None:
            return True
        return people_managed_by(provinces).filter(pk=obj.user_id).exists()


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(ProvinceScoped, UserAdmin):  # type: ignore[type-arg]
    inlines = (RoleInline,)
    # What a province admin may edit about a person: no staff, superuser, group or
    # permission switch (the form has no such field, so a forged one is ignored).
    province_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("last_name", "first_name", "email")}),
        (_("Trạng thái tài khoản"), {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def scoped_rows(
        self, request: HttpRequest, rows: QuerySet[Any], provinces: frozenset[int]
    ) -> QuerySet[Any]:
        return rows.filter(pk__in=people_managed_by(provinces).values("pk"))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or not is_province_admin_view(request):
            return super().get_fieldsets(request, obj)
        return self.province_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_province_admin_view(request):
            return ("last_login", "date_joined")
        return super().get_readonly_fields(request, obj)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # Django's filters would list every group and ask about staff and superusers.
        if is_province_admin_view(request):
            return ("is_active",)
        return super().get_list_filter(request)


admin.site.unregister(Group)


@admin.register(Group)
class SuperuserGroupAdmin(GroupAdmin):
    """Groups carry permissions across every province: a superuser's business only."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.none()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
