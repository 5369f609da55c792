from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "xaso.common"
    label = "common"
    verbose_name = _("Chung")

    def ready(self) -> None:
        from . import auth  # noqa: F401 (connects the per-address login failure counter)
