"""Every admin page confined to the province admin's own province.

Each ModelAdmin and inline on the site derives from :class:`ProvinceScoped`. A superuser
sees everything; anyone else sees the rows of the provinces they hold a province-admin
role on, and nothing without one. Everything else follows from "a page shows only what
``get_queryset`` gives":

- a change, history, delete or password page of another province's row answers like a
  missing row, because Django looks the row up through ``get_queryset``;
- autocomplete answers from the target model's admin ``get_queryset``;
- every foreign-key and many-to-many choice in a form is the target model's admin
  ``get_queryset`` (a model no admin registers offers none), so a forged POST carrying
  another province's id fails the field's own validation, not only the dropdown.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.sites import AdminSite
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .selectors import admin_provinces, province_units


def choices_for(request: HttpRequest, model: type[Model], site: AdminSite) -> QuerySet[Any] | None:
    """Rows of ``model`` a form may offer ``request.user``; None leaves Django's default.

    A superuser keeps the default (every row); anyone else gets what the model's own admin
    list would show them.
    """
    if admin_provinces(request.user) is None:
        return None
    if not site.is_registered(model):
        return model._default_manager.none()
    return site.get_model_admin(model).get_queryset(request)  # type: ignore[no-any-return]


class ProvinceScoped:
    """Rows whose ``province_path`` (a lookup ending at a unit) lies in the admin's provinces.

    Mixed into a ``ModelAdmin`` or ``InlineModelAdmin`` before Django's class. Override
    :meth:`scoped_rows` when a path to a unit does not say whose a row is.
    """

    province_path = "province"
    admin_site: AdminSite

    def scoped_rows(
        self, request: HttpRequest, rows: QuerySet[Any], provinces: frozenset[int]
    ) -> QuerySet[Any]:
        return rows.filter(**{f"{self.province_path}__in": province_units(provinces)})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)  # type: ignore[misc]
        provinces = admin_provinces(request.user)
        return rows if provinces is None else self.scoped_rows(request, rows, provinces)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            choices = choices_for(request, db_field.remote_field.model, self.admin_site)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            choices = choices_for(request, db_field.remote_field.model, self.admin_site)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


def is_province_admin_view(request: HttpRequest) -> bool:
    """True for anyone but a superuser: the pages above are confined to a province."""
    return admin_provinces(request.user) is not None
