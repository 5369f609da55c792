"""Settings for Xã Số, read from the environment (every variable is listed in .env.example).

The defaults give a working SQLite demo on a laptop with no configuration at all. A value
that is present but cannot be understood stops the process with ImproperlyConfigured naming
the variable, instead of being quietly replaced by a default: a province's server should
never run with ``DEBUG`` on because someone typed ``XASO_DEBUG=flase``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# -- small typed helpers -------------------------------------------------------------------

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_str(name: str, default: str) -> str:
    """The variable's text; unset or empty gives ``default``."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, default: bool) -> bool:
    """true/false, 1/0, yes/no, on/off in any case; unset or empty gives ``default``.

    Anything else raises ImproperlyConfigured: a typo must not switch DEBUG on or off.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} không phải giá trị đúng/sai / is not a boolean: "
        f"use one of true/false, 1/0, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated values, blanks dropped; unset or empty gives ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    """A filesystem path; a relative one is taken from the project directory, not the cwd."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    path = Path(raw).expanduser()
    return path if path.is_absolute() else BASE_DIR / path


def env_secret(name: str) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd secrets).

    Setting both is refused, since one of them would be silently ignored; a ``*_FILE`` that
    cannot be read or is empty is refused too.
    """
    value = os.environ.get(name, "").strip()
    file_name = os.environ.get(f"{name}_FILE", "").strip()
    if value and file_name:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if not file_name:
        return value or None
    try:
        value = Path(file_name).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}."
        ) from None
    if not value:
        raise ImproperlyConfigured(f"{name}_FILE={file_name!r} is empty.")
    return value


# -- core ----------------------------------------------------------------------------------

# On by default so that a fresh checkout runs the demo; production sets XASO_DEBUG=false.
DEBUG = env_bool("XASO_DEBUG", True)

SECRET_KEY = env_secret("XASO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "XASO_DEBUG is false but no secret key is set: "
            "set XASO_SECRET_KEY or XASO_SECRET_KEY_FILE."
        )
    # Development only: never used when DEBUG is off (see above).
    SECRET_KEY = "django-insecure-xaso-development-only-do-not-use-in-production"

ALLOWED_HOSTS = env_list("XASO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("XASO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "xaso.common",
    "xaso.criteria",
    "xaso.units",
    "xaso.accounts",
    "xaso.assessments",
    "xaso.dashboards",
    "xaso.reports",
    "xaso.jobs",
    "xaso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /static/ from the app itself, compressed and cached (no separate file server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: a request too large or with NUL characters in its
    # address is answered at once with the project's own page (413 / 400).
    "xaso.common.middleware.RequestGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware minus Accept-Language: Vietnamese unless the visitor chose
    # English with the switch. After sessions, before common (Django's documented order).
    "xaso.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# -- database ------------------------------------------------------------------------------

_DEFAULT_DB_DIR = BASE_DIR / "var"
_DEFAULT_DATABASE_URL = f"sqlite:///{_DEFAULT_DB_DIR / 'xaso.sqlite3'}"
_database_url = env_str("DATABASE_URL", _DEFAULT_DATABASE_URL)
try:
    _database = dj_database_url.parse(_database_url)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be understood: {exc}") from None
if _database_url == _DEFAULT_DATABASE_URL:
    # SQLite creates the file but not its directory; var/ is git-ignored.
    _DEFAULT_DB_DIR.mkdir(exist_ok=True)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Parallel saves and uploads must wait for each other, never fail with "database is
    # locked": WAL lets readers go on during a write, IMMEDIATE takes the write lock when a
    # transaction starts (not half-way, where SQLite cannot wait), and the timeout is how
    # long a writer waits for another one.
    _database.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    # Keep connections open across requests (a new PostgreSQL connection costs ~5 ms) and
    # check them before use, so a restarted database never gives one failed request.
    # (dj-database-url always sets both keys, to 0 and False: set them, not setdefault.)
    _database["CONN_MAX_AGE"] = int(env_str("XASO_DB_CONN_MAX_AGE", "60"))
    _database["CONN_HEALTH_CHECKS"] = True
    # Server-side parameters let psycopg prepare a query it has run five times on a
    # connection, so PostgreSQL plans it once: the assessment's eight-table read is planned
    # in ~4 ms and executed in ~0.5 ms. XASO_DB_SERVER_SIDE_BINDING=false turns it off.
    if env_bool("XASO_DB_SERVER_SIDE_BINDING", True):
        _database.setdefault("OPTIONS", {})["server_side_binding"] = True
DATABASES = {"default": _database}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# -- language and time ---------------------------------------------------------------------

# Vietnamese first: the source strings are Vietnamese, English comes from the catalogues.
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# -- logging in ----------------------------------------------------------------------------

LOGIN_URL = "login"  # /dang-nhap/
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (xaso/common/auth.py): after XASO_LOGIN_FAILURE_LIMIT wrong passwords for
# an account, or XASO_LOGIN_IP_FAILURE_LIMIT failures from one address (a commune office
# shares one), logins answer 429 with a Vietnamese page until the cool-off time has passed,
# even with the right password. A success clears only its own account's count.
AUTHENTICATION_BACKENDS = [
    "xaso.common.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = int(env_str("XASO_LOGIN_FAILURE_LIMIT", "5"))
XASO_LOGIN_IP_FAILURE_LIMIT = int(env_str("XASO_LOGIN_IP_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = float(env_str("XASO_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "xaso.common.views.locked_out"
# Behind the reverse proxy the visitor's address is the one the proxy added to
# X-Forwarded-For; XASO_PROXY_COUNT says how many proxies stand in front (0: none).
XASO_PROXY_COUNT = int(env_str("XASO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "xaso.common.net.client_ip"
AXES_VERBOSE = False
# axes warns that it does not count addresses: xaso/common/auth.py does, with its own limit.
# check --deploy's "not preloaded" is the domain owner's decision (XASO_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
# Login attempts name people of every province: not in the admin (where a province admin
# could read them). A superuser unlocks someone early on the server:
# `manage.py axes_reset_username <name>` (an address's count ends by itself).
AXES_ENABLE_ADMIN = False

# -- static files --------------------------------------------------------------------------

# Each app's static/ folder (xaso/common/static: site.css, site.js, vendored htmx). With
# DEBUG on, runserver serves them itself; on a server, `manage.py collectstatic` (run by
# scripts/serve) copies them into STATIC_ROOT (git-ignored), which WhiteNoise serves.
STATIC_URL = "static/"
STATIC_ROOT = env_path("XASO_STATIC_ROOT", BASE_DIR / "staticfiles")
# WhiteNoise warns at every start while the folder is missing (before collectstatic); on a
# read-only disk its warning then says what is wrong.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(exist_ok=True)
# With DEBUG off, `collectstatic` writes hashed names (site.3f9a1c.css) with .gz and .br
# beside them, and WhiteNoise serves those with a one-year cache; a new release changes the
# names, so no phone keeps an old script. With DEBUG on, plain names, served as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# -- the production server behind HTTPS ----------------------------------------------------

# XASO_HTTPS (default: on whenever DEBUG is off) says the site is reached over HTTPS through
# a reverse proxy (nginx) that sets X-Forwarded-Proto: cookies are Secure, browsers are told
# to use HTTPS only (HSTS), and plain HTTP is redirected, except the health check that the
# proxy and the service manager call on the machine itself.
HTTPS = env_bool("XASO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(env_str("XASO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("XASO_HSTS_INCLUDE_SUBDOMAINS", True)
# "preload" commits a whole domain to HTTPS in browsers for good: the domain owner's
# decision (a province's subdomain cannot be submitted), so off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("XASO_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "xaso.common.views.csrf_failure"

# Content-Security-Policy (django-csp): scripts only from our own /static/ (no inline
# script, no eval), nothing framed, forms posted only to us. Inline styles stay allowed:
# ECharts and htmx set element styles, which carry no script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# -- request limits ------------------------------------------------------------------------

# Largest request body accepted at all, in megabytes: refused (413) from the Content-Length
# header before a byte of the body is read. Above the largest upload (evidence, imports).
XASO_MAX_REQUEST_MB = int(env_str("XASO_MAX_REQUEST_MB", "25"))
# Django's own limits on form fields (bodies without files) and their number.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# -- cache and background work -------------------------------------------------------------

# XASO_REDIS_URL (e.g. redis://127.0.0.1:6379/0) makes Redis the cache shared by every app
# process (login throttling, cached pages) and the background worker's broker. Unset (the
# demo, the tests): a cache in each process's memory, and background tasks run at once in
# the request that asks for them (Celery's eager mode).
REDIS_URL = env_str("XASO_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xaso",
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the shared cache and written through to the database, so a request
# costs no session query while a Redis restart logs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"

# -- Xã Số ---------------------------------------------------------------------------------

# Where `manage.py load_criteria` reads the criteria set YAML files.
XASO_CRITERIA_DIR = env_path("XASO_CRITERIA_DIR", BASE_DIR / "criteria_sets")

# Password of the demo superuser made by `manage.py demo_setup` (refused unless DEBUG).
XASO_DEMO_PASSWORD = env_str("XASO_DEMO_PASSWORD", "xaso-demo")

# Uploaded evidence and decision PDFs: outside the web root (never under STATIC_ROOT or a
# public MEDIA_URL); served only through the assessments access gate.
XASO_PRIVATE_MEDIA_ROOT = env_path("XASO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private")
# Largest evidence file accepted, in megabytes (a scanned decision is a few MB).
XASO_MAX_UPLOAD_MB = int(env_str("XASO_MAX_UPLOAD_MB", "10"))
# Largest Excel workbook accepted for import, in megabytes (600 communes × 52 figures is
# about 0.15 MB); it may unpack to at most 50 times its size (at least 50 MB).
XASO_MAX_IMPORT_MB = int(env_str("XASO_MAX_IMPORT_MB", "10"))
# Dashboards: an assigned commune still failing this many indicators (or with no figures)
# is "at risk" of missing the year's plan.
XASO_AT_RISK_FAILING = int(env_str("XASO_AT_RISK_FAILING", "3"))
# Dashboards keep the raw counts of this many province-years in memory per process
# (about 0.3 MB each for a province of 550 communes), re-read when a counter says changed.
XASO_DASHBOARD_CACHE_ENTRIES = int(env_str("XASO_DASHBOARD_CACHE_ENTRIES", "256"))

# Every refusal (4xx: not found, not allowed, CSRF, too large, locked out) and every error
# (5xx) is one line of JSON on the console, which the service manager keeps: time, level,
# logger, status, method, path, user id, client address and the message. XASO_LOG_FORMAT=text
# gives plain lines instead (easier to read by eye on a laptop).
_LOG_FORMAT = env_str("XASO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "xaso.common.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _LOG_FORMAT}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "celery": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "xaso": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
