"""Settings shared by every environment; each value comes from the environment.

See the configuration table in README.md. dev.py, test.py and prod.py start from here.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Only dev.py and test.py supply a default; prod.py requires the variable.
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "send_board",
    # Order matters for load_demo and generate_scale_data: an app's data may
    # need the apps above it (performance reads ehcp and improvement).
    "ehcp",
    "ehcp.benchmarks",
    "improvement",
    "performance",
    "performance.publishing",
    "notifications",
    "performance.packs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed for clients that accept gzip (static files come precompressed from whitenoise).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the audit trail records the signed-in user (send_board/audit.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "send_board.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "send_board.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "send_board.urls"
WSGI_APPLICATION = "send_board.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "send_board.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "send_board.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Failed-login throttling (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes; twenty from one address, whatever
# the usernames, lock the address out (send_board.signin.SignInHandler).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "send_board.signin.SignInHandler"
# The number of proxies in front of the app that append to X-Forwarded-For
# (1 behind one TLS proxy); 0 takes REMOTE_ADDR. See send_board.signin.client_address.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "send_board.signin.client_address"
# Password-reset requests: per address and per email address typed, an hour.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default=3)
PASSWORD_RESET_WINDOW = timedelta(hours=1)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's compressed manifest storage, with JavaScript module imports hashed too.
    "staticfiles": {"BACKEND": "send_board.storage.StaticFilesStorage"},
}
# Files served at the site's root: /favicon.ico, which browsers ask for unprompted.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Published counts from 1 to this are shown as "c" (docs/domain.md, "Small numbers").
PUBLISHING_SMALL_NUMBER_MAX = env.int("PUBLISHING_SMALL_NUMBER_MAX", default=4)
# Uploads larger than this are refused before they are read (see send_board.uploads).
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# An upload or import is refused whole, before it is read further, past these.
UPLOAD_MAX_ROWS = env.int("UPLOAD_MAX_ROWS", default=50_000)
UPLOAD_MAX_CELLS = env.int("UPLOAD_MAX_CELLS", default=2_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REDIS_URL = env("REDIS_URL", default="")


def redis_cache(url, database):
    """The cache at `url`: Redis whose errors are logged, not raised (a page
    builds from the database instead; send_board/cache.py), with timeouts
    short enough that an unreachable Redis costs a page a fraction of a second.
    Keys start with CACHE_KEY_PREFIX, by default "send-board:" and the
    database's name: two installations that share a Redis (staging beside
    production, say) never read each other's pages, which are cached under
    ids that both have."""
    return {
        "BACKEND": "send_board.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=f"send-board:{database['NAME']}"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, DATABASES["default"])}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Without REDIS_URL there is no broker: tasks run eagerly, in-process,
# when they are queued (make run works with nothing but Python installed).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# acks_late: a task whose worker dies stays in Redis, unacknowledged, and is
# redelivered once the visibility timeout has passed. Our tasks take seconds
# (the nightly run of every area well under a minute), so ten minutes brings a
# killed recompute back soon; the time limits stay below it so that a task
# still running is never delivered twice.
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A save must not hang when the broker is down: fail fast, the page says so
# (send_board/queue.py bounds each publish tighter still).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    # Look for such tasks every 10 s (kombu's default looks every 100 s).
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 5,
    "socket_timeout": 10,
}
# Nothing reads task results but the operators' `ping`; not waiting on the
# result backend keeps a Redis outage out of every save.
CELERY_TASK_IGNORE_RESULT = True
# Tests give each run its own queue so that parallel runs never share a worker.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Every periodic task of every app, in one place (times in CELERY_TIMEZONE). When
# beat starts, django-celery-beat's DatabaseScheduler writes each entry into its
# tables (a PeriodicTask per name, created or updated; one an operator disabled
# in the admin stays disabled). An entry removed here stays in the database:
# delete or disable it in the admin. tests/send_board/test_tasks.py checks
# that every entry names a registered task.
CELERY_BEAT_SCHEDULE = {
    "performance: nightly ratings": {
        "task": "performance.recompute_all_ratings",
        "schedule": crontab(hour=2, minute=10),
    },
    "ehcp: nightly recompute of every area's figures": {
        "task": "ehcp.tasks.recompute_all_areas",
        "schedule": crontab(hour=2, minute=15),
    },
    # After the EHCP recompute, for the sources that send no signal (a plan's closed periods).
    "performance: nightly computed indicators": {
        "task": "performance.sync_all_computed_indicators",
        "schedule": crontab(hour=2, minute=40),
    },
    "notifications: daily reminders at 07:00": {
        "task": "notifications.tasks.run_daily_notifications",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications: send pending and retries": {
        "task": "notifications.tasks.send_pending_notifications",
        "schedule": crontab(minute="*/10"),
    },
}

DJANGO_TABLES2_TEMPLATE = "tables/govuk_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {
    "class": "govuk-table",
    "th": {"class": "govuk-table__header"},
    "td": {"class": "govuk-table__cell"},
}

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SEND Board <no-reply@localhost>")
# The site's address, for absolute links in emails (notifications): https://send-board.example.org
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends 8 hours after sign-in, or after SESSION_IDLE_MINUTES without
# a request (send_board.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "send_board.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Board packs: WeasyPrint reports each layout step, kaleido and its browser each chart.
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "kaleido", "choreographer", "logistro")},
    },
}

# The accessibility statement (/accessibility/) names who runs this site and
# how to reach them, and when the site was last tested (GOV.UK's model
# statement). Dates are ISO (YYYY-MM-DD); the test date is the last run of
# the accessibility tests against a release (tests/browser).
ACCESSIBILITY_ORGANISATION = env("ACCESSIBILITY_ORGANISATION", default="the SEND Board project")
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@example.org")
ACCESSIBILITY_CONTACT_PHONE = env("ACCESSIBILITY_CONTACT_PHONE", default="")
ACCESSIBILITY_REPLY_DAYS = env.int("ACCESSIBILITY_REPLY_DAYS", default=10)
ACCESSIBILITY_STATEMENT_PREPARED = env("ACCESSIBILITY_STATEMENT_PREPARED", default="2026-12-06")
ACCESSIBILITY_STATEMENT_REVIEWED = env("ACCESSIBILITY_STATEMENT_REVIEWED", default="2026-12-06")
ACCESSIBILITY_LAST_TESTED = env("ACCESSIBILITY_LAST_TESTED", default="2026-12-06")
