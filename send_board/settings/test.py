"""Settings for pytest. DATABASE_URL and REDIS_URL come from the environment as
in base.py (CI points them at PostgreSQL and Redis); tasks run eagerly unless a
test asks for the real worker (tests/conftest.py, celery_worker fixture)."""

import os

from .base import *  # noqa: F403
from .base import env

CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default=f"send-board-test-{os.getpid()}")

SECRET_KEY = env("SECRET_KEY", default="test-only-insecure-key")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
