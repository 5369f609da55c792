"""Top-level URLs: the start page, logging in and out, the health check, the admin and the
language switch."""

from django.contrib import admin
from django.urls import include, path

from xaso.common import views as common_views

urlpatterns = [
    path("", common_views.start, name="start"),
    path("healthz", common_views.health, name="health"),
    path("dang-nhap/", common_views.Login.as_view(), name="login"),
    path("dang-xuat/", common_views.Logout.as_view(), name="logout"),
    path("", include("xaso.assessments.urls")),
    path("", include("xaso.criteria.urls")),
    path("", include("xaso.dashboards.urls")),
    path("", include("xaso.reports.urls")),
    path("", include("xaso.jobs.urls")),
    path("admin/", admin.site.urls),
    # Provides `set_language` at /i18n/setlang/ for the language switch in base.html.
    path("i18n/", include("django.conf.urls.i18n")),
]
