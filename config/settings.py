"""Settings for Xã Số, read from the environment (every variable is listed in .env.example).

The defaults give a working SQLite demo on a laptop with no configuration at all. A value
that is present but cannot be understood stops the process with ImproperlyConfigured naming
the variable, instead of being quietly replaced by a default: a province's server should
never run with ``DEBUG`` on because someone typed ``XASO_DEBUG=flase``.
"""

from __future__ import annotations

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
    "xaso.common",
    "xaso.criteria",
    "xaso.units",
    "xaso.accounts",
    "xaso.assessments",
    "xaso.dashboards",
    "xaso.reports",
    "xaso.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware minus Accept-Language: Vietnamese unless the visitor chose
    # English with the switch. After sessions, before common (Django's documented order).
    "xaso.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# -- static files --------------------------------------------------------------------------

# Each app's static/ folder (xaso/common/static: site.css, site.js, vendored htmx). With
# DEBUG on, runserver serves them itself; on a server, `manage.py collectstatic` copies them
# into STATIC_ROOT (git-ignored), which the web server serves at STATIC_URL.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

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

# Errors of the application go to the console (the service manager keeps them), so a failed
# request is never silent even with DEBUG off; the visitor sees templates/500.html.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "xaso": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
