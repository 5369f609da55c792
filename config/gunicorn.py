"""gunicorn settings for scripts/serve (``gunicorn -c config/gunicorn.py config.wsgi``).

Threads rather than many processes: a request spends much of its time waiting for
PostgreSQL, and each process holds its own copy of the criteria sets and the dashboards'
raw counts. XASO_WORKERS processes × XASO_THREADS threads; the defaults suit a 2-core
machine (bench/load.py measures the choice). The app is loaded before the fork, so the
processes share its memory until they write to it.
"""

from __future__ import annotations

import os

bind = os.environ.get("XASO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("XASO_WORKERS", "3"))
threads = int(os.environ.get("XASO_THREADS", "4"))
worker_class = "gthread"
preload_app = True
# A request still running after this many seconds is ended and logged; slow work (a
# province's PDF, large imports) runs in the background worker instead.
timeout = int(os.environ.get("XASO_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart each process now and then so that no slow leak can grow without end.
max_requests = 20_000
max_requests_jitter = 2_000
# nginx keeps the access log; gunicorn logs only its own errors (Django logs refusals and
# errors of the application as JSON, see LOGGING in config/settings.py).
accesslog = os.environ.get("XASO_ACCESS_LOG") or None
errorlog = "-"
loglevel = "warning"
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("XASO_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "xaso"
# When XASO_ACCESS_LOG is set: method, path, status, bytes and the time in milliseconds
# (bench/load.py reads the time per kind of request from it).
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)s"
