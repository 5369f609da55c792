"""The background worker (Celery): `celery -A config worker`, started by scripts/serve.

Settings come from Django's (``CELERY_*`` in config/settings.py): Redis as the broker when
XASO_REDIS_URL is set; otherwise tasks run at once inside the request (eager), which is how
the demo and the tests run them, with the same code.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("xaso")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py (xaso/reports/tasks.py, …).
app.autodiscover_tasks()
