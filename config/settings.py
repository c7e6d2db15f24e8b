"""Värn's one settings file. Everything that differs between a laptop and production is an
environment variable; the defaults run a fresh clone on SQLite with no server."""

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("VARN_TESTING", False)
DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "varn.core",
    "varn.organisations",
    "varn.programs",
    "varn.decisions",
    "varn.documents",
    "varn.training",
    "varn.cooperation",
    "varn.followup",
    "varn.indicators",
    "varn.public",
    "varn.api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "varn.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the person and their membership read in one query inside a municipality.
    "varn.core.tenancy.TenantAuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "varn.core.locking.StaleEditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "varn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "varn.core.context_processors.tenancy",
            ],
        },
    },
]

# Help text is printed as text (Django's own field template marks it safe): see varn/core/forms.py.
FORM_RENDERER = "varn.core.forms.EscapingFormRenderer"

# Database: SQLite by default so that a fresh clone runs with no server; DATABASE_URL for PostgreSQL.
SQLITE_PATH = Path(os.environ.get("VARN_SQLITE_PATH", BASE_DIR / "db.sqlite3"))
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at the
                # start of a transaction, so concurrent writers wait (busy timeout) instead of
                # failing with "database is locked" half-way through.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Each web thread keeps its connection between requests, as on PostgreSQL: a new one
            # (open, the PRAGMAs above, Django's SQL functions) costs about 0.3 ms per request, a
            # third of a bare page. Nothing can drop it: the database is a local file.
            "CONN_MAX_AGE": 600,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Read-mostly pages kept in the cache until the municipality's data changes (varn/core/pagecache.py).
VARN_PAGE_CACHE = env_bool("VARN_PAGE_CACHE", True)

# Background work (document import, OCR, reports, reminders): Django's tasks with a database queue,
# so that nothing is lost when a worker dies.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Kolada's public API for the key figures (varn/indicators/kolada.py).
KOLADA_URL = os.environ.get("VARN_KOLADA_URL", "https://api.kolada.se/v2")
if env_bool("VARN_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Lockout after repeated failed sign-ins, per user name and address; and per address across user
# names, with a higher limit for staff behind one NAT address (varn.accounts.lockout, ADR 0120).
AXES_FAILURE_LIMIT = int(os.environ.get("VARN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("VARN_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "varn.accounts.lockout.AddressLimitHandler"
VARN_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("VARN_LOCKOUT_ADDRESS_FAILURES", "30"))
# Reverse proxies in front of Värn that append to X-Forwarded-For: the sign-in's address is the one
# the outermost saw. 0: the connection's own address (no proxy, or one that hides the client).
VARN_PROXY_COUNT = int(os.environ.get("VARN_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "varn.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLED = env_bool("VARN_LOCKOUT", True)
AXES_VERBOSE = False

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "varn" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("VARN_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# The address of the service, for links in e-mail (pages take it from the request).
VARN_BASE_URL = os.environ.get("VARN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
VARN_UPLOAD_MAX_BYTES = int(os.environ.get("VARN_UPLOAD_MAX_MB", "20")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = VARN_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: console in development, SMTP configured by environment in production.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "VARN_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Värn <varn@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Content-Security-Policy with Django's own middleware: no inline scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# The health check answers plain HTTP from the load balancer on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # No internet in tests: a fetch that is not given stored responses is refused at once.
    KOLADA_URL = "http://127.0.0.1:9/v2"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VARN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# --- Sign-in and hardening (issue 6) ---
import json  # noqa: E402

INSTALLED_APPS += ["varn.accounts"]
# Coordinators who turned on two-factor sign-in must give their code before anything else.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "varn.accounts.middleware.TwoFactorMiddleware",
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append(  # type: ignore[index]
    "varn.accounts.context_processors.sign_in"
)
AUTHENTICATION_BACKENDS += ["varn.accounts.oidc.VarnOIDCBackend"]

# Password reset by e-mail: the link works once, for a few hours.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("VARN_PASSWORD_RESET_HOURS", "3")) * 60 * 60
SESSION_COOKIE_AGE = int(os.environ.get("VARN_SESSION_HOURS", "10")) * 60 * 60
# Two-factor sign-in with an authenticator app (TOTP, django-otp).
OTP_TOTP_ISSUER = os.environ.get("VARN_OTP_ISSUER", "Värn")
# Roles that must use two-factor sign-in, e.g. "coordinator" (empty: everyone chooses). Applies to
# single sign-on too; leave it empty when the identity provider already asks for a second factor.
VARN_REQUIRE_TWO_FACTOR = env_list("VARN_REQUIRE_TWO_FACTOR")

# OpenID Connect single sign-on with the municipality's identity provider (mozilla-django-oidc).
# On when VARN_OIDC_CLIENT_ID and an issuer (discovery) or explicit endpoints are set.
VARN_OIDC_ISSUER = os.environ.get("VARN_OIDC_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("VARN_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("VARN_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("VARN_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("VARN_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("VARN_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("VARN_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("VARN_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("VARN_OIDC_SCOPES", "openid email profile")
# Signing out of Värn also ends the provider's session (RP-initiated logout) when the provider has
# an end_session_endpoint (found by discovery, or set here); the ID token is kept for that.
VARN_OIDC_LOGOUT_ENDPOINT = os.environ.get("VARN_OIDC_LOGOUT_ENDPOINT", "")
OIDC_STORE_ID_TOKEN = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
VARN_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and (VARN_OIDC_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT))
VARN_OIDC_BUTTON_LABEL = os.environ.get("VARN_OIDC_BUTTON_LABEL", "Logga in med kommunens konto")
# Claims that carry roles: a list like ["alingsas:coordinator", "alingsas:unit_editor:SOC"], and/or
# groups mapped to such values by VARN_OIDC_GROUP_MAP (JSON: {"group name": "alingsas:viewer"}).
VARN_OIDC_ROLES_CLAIM = os.environ.get("VARN_OIDC_ROLES_CLAIM", "varn_roles")
VARN_OIDC_GROUPS_CLAIM = os.environ.get("VARN_OIDC_GROUPS_CLAIM", "groups")
VARN_OIDC_GROUP_MAP: dict[str, str] = json.loads(os.environ.get("VARN_OIDC_GROUP_MAP", "{}"))

# Who answers questions about accessibility (tillgänglighetsredogörelsen).
VARN_ACCESSIBILITY_CONTACT = os.environ.get("VARN_ACCESSIBILITY_CONTACT", "")

# --- Setting up a municipality, its people, and the worker beside the web process (issue 12) ---
# How long an invitation link stays valid.
VARN_INVITATION_DAYS = int(os.environ.get("VARN_INVITATION_DAYS", "7"))
# The worker writes its heartbeat this often; a heartbeat older than VARN_WORKER_STALE_SECONDS means
# no worker lives, and a job queued longer than that says so on its page.
VARN_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("VARN_WORKER_HEARTBEAT_SECONDS", "5"))
VARN_WORKER_STALE_SECONDS = float(os.environ.get("VARN_WORKER_STALE_SECONDS", "30"))
# The REST API (varn/api, docs/api.md): requests per token (or session) and period, "N/s|m|h|d".
VARN_API_RATE = os.environ.get("VARN_API_RATE", "300/m")
