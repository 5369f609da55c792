"""Names on the admin site itself (every app registers its own models in its admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị Xã Số")
admin.site.site_title = _("Xã Số")
admin.site.index_title = _("Quản trị hệ thống")
