from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "xaso.reports"
    label = "reports"
    verbose_name = _("Excel và báo cáo")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 (registers the reports' background jobs)
