"""KeepWarm settings, driven by environment variables; SQLite under var/ unless DATABASE_URL is set."""

import os
import re
from pathlib import Path

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KEEPWARM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_rate(name: str, default: str) -> str:
    """A DRF throttle rate such as 120/minute, checked at start rather than failing on the first request."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{name}={value!r}: expected a number per second, minute, hour or day, e.g. 120/minute"
        )
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a development server).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "keepwarm.core",
    "keepwarm.accounts",
    "keepwarm.audit",
    "keepwarm.clients",
    "keepwarm.touches",
    "keepwarm.planner",
    "keepwarm.qualification",
    "keepwarm.ladder",
    "keepwarm.needs",
    "keepwarm.catalog",
    "keepwarm.deals",
    "keepwarm.journal",
    "keepwarm.reports",
    "keepwarm.demo",
    "keepwarm.imports",
    "keepwarm.letters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "keepwarm.core.csp.CSPMiddleware",  # django-csp's, the usual policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "keepwarm.accounts.sessions.AuthenticationMiddleware",  # Django's; the user comes with the session's read
    "keepwarm.accounts.middleware.UserPreferencesMiddleware",
    "keepwarm.core.middleware.BoundedInputMiddleware",  # after the language is set, before the body is read
    "keepwarm.audit.middleware.AuditSourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "keepwarm" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'keepwarm.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, whose health check of a kept connection rides on a request's first read instead of a SELECT 1 of
    # its own (a round trip a request, issue 12); a dropped connection is still replaced before the request uses it.
    DATABASES["default"]["ENGINE"] = "keepwarm.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (web + task workers) must queue, not fail: WAL lets readers run beside the writer,
    # IMMEDIATE takes the write lock up front so a transaction never fails half-way on upgrade,
    # and the busy timeout (seconds) makes a writer wait instead of surfacing "database is locked". Requests wait
    # a few hundred milliseconds at most: background jobs write in short, paced turns (core.db). Connections are
    # kept between requests (CONN_MAX_AGE) as on PostgreSQL: opening one and running these pragmas cost ~6 ms a
    # request (issue 15).
    # Django's backend whose writers say when they wait for the write lock, so background jobs step aside only then.
    DATABASES["default"]["ENGINE"] = "keepwarm.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
        ),
    }

SESSION_ENGINE = "keepwarm.accounts.sessions"  # Django's database sessions, read with their user in one statement
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username or address before the password is checked
    "keepwarm.accounts.backends.ModelBackend",  # Django's, reading the signed-in user in one plain statement
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("ro", "Română")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "keepwarm" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Uploaded files (imports keep theirs for undo and the errors file): under var/, never served as static files.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
# A multipart body may carry a file up to the import limit (20 MB, keepwarm.imports.parsing) and its form fields.
FILE_UPLOAD_MAX_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_BODY = FILE_UPLOAD_MAX_SIZE + 1024 * 1024
FILE_UPLOAD_PATHS = frozenset({"/imports/", "/api/imports/"})  # where such a body is taken

EMAIL_CONFIG = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG["EMAIL_HOST"]
EMAIL_PORT = EMAIL_CONFIG["EMAIL_PORT"]
EMAIL_HOST_USER = EMAIL_CONFIG["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = EMAIL_CONFIG["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = EMAIL_CONFIG["EMAIL_USE_TLS"]
EMAIL_USE_SSL = EMAIL_CONFIG["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "keepwarm@localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds per SMTP step
# Letters (docs/letters-delivery.md): the public address of KeepWarm for the unsubscribe links they carry; a worker's
# claim on a letter (seconds; well above a whole SMTP conversation, so only a dead worker's claim expires); attempts
# before a letter the server keeps refusing for now is shown to its manager as failed.
KEEPWARM_URL = os.environ.get("KEEPWARM_URL", "http://127.0.0.1:8000").rstrip("/")
LETTERS_LEASE_SECONDS = int(os.environ.get("LETTERS_LEASE_SECONDS", "300"))
LETTERS_MAX_ATTEMPTS = int(os.environ.get("LETTERS_MAX_ATTEMPTS", "6"))
LETTERS_UNSUBSCRIBE_MAILTO = os.environ.get("LETTERS_UNSUBSCRIBE_MAILTO", "")  # optional, e.g. unsubscribe@example.com

REST_FRAMEWORK = {
    # Token first: DRF answers 401 (with WWW-Authenticate) only when the first class names a scheme, so a missing
    # or wrong token is a 401, not a 403. A request without a token still falls to the session, which checks CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "keepwarm.accounts.authentication.TokenAuthentication",  # answers in the token user's language
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "keepwarm.core.parsers.JSONParser",  # its refusals in the reader's language
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "keepwarm.core.api.BrowsableAPIRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "keepwarm.core.negotiation.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "keepwarm.core.params.BoundedPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "keepwarm.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "keepwarm.accounts.throttling.UserRateThrottle",
        "keepwarm.accounts.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_rate("API_RATE_USER", "120/minute"),
        "anon": env_rate("API_RATE_ANON", "30/minute"),
    },
}

# Sign-in lockout (django-axes): LOGIN_FAILURE_LIMIT failures for a username, or from an address, within the
# cool-down lock both out; every further LOGIN_FAILURE_LIMIT failures in a day double it (accounts/lockout.py).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "keepwarm.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "keepwarm.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "keepwarm.accounts.lockout.client_address"
LOGIN_ADDRESS_FROM_PROXY = env_bool("BEHIND_HTTPS_PROXY")
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USE_ATTEMPT_EXPIRATION = True  # each attempt expires after its own cool-down, not the latest caller's
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))

SPECTACULAR_SETTINGS = {
    "TITLE": "KeepWarm API",
    "DESCRIPTION": "Everything a user can do in the KeepWarm UI. Rule IDs refer to METHOD.md.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "keepwarm.core.schema.tidy_schema"],
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "keepwarm.clients.choices.Category",
        "NewClientCategoryEnum": [("now", "Now"), ("future", "Future")],
        "GoalEnum": "keepwarm.touches.choices.Goal",
        "ChannelEnum": "keepwarm.touches.choices.Channel",
        "PlanStatusEnum": "keepwarm.touches.choices.PlanStatus",  # planned touches and the agenda's plans
        "CourtesyGoalEnum": [("greeting", "Greeting"), ("thank_you", "Thank-you")],
        "KindEnum": "keepwarm.touches.choices.PlanKind",  # planned touches' kind, named apart from letters' kind
        "LetterKindEnum": "keepwarm.letters.models.LetterKind",
        "LetterStatusEnum": "keepwarm.letters.models.Letter.Status",
        "HolidayEnum": "keepwarm.planner.calendars.GREETING_KEYS",  # letters' holiday and the greeting holidays
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Pages load scripts and styles from our own static files only: no inline script, style or handler anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
