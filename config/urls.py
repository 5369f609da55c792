"""Top-level URLs: the start page, the admin and Django's language switch."""

from django.contrib import admin
from django.urls import include, path

from xaso.common import views as common_views

urlpatterns = [
    path("", common_views.start, name="start"),
    path("admin/", admin.site.urls),
    # Provides `set_language` at /i18n/setlang/ for the language switch in base.html.
    path("i18n/", include("django.conf.urls.i18n")),
]
