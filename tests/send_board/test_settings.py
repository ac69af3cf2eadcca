"""Production settings: refuse to start without secrets; pass check --deploy."""

import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "send_board.settings.prod",
    "SECRET_KEY": "k" * 20 + "Q9x!2vB7#mZ4@pL8&rT1^wE6*yU3(iO5)aS0_dF",
    "ALLOWED_HOSTS": "send-board.example.org",
    "DATABASE_URL": "postgres://send_board:secret@postgres:5432/send_board",
    "REDIS_URL": "redis://redis:6379/0",
}


def manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if k not in PROD_ENV and k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_database_url():
    env = {k: v for k, v in PROD_ENV.items() if k != "DATABASE_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_without_redis_url_celery_runs_tasks_in_process():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DJANGO_SETTINGS_MODULE": "send_board.settings.dev",
        },
    )
    assert result.stdout.split() == ["True", "memory://"], result.stderr


def test_settings_read_database_url_and_redis_url():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], settings.CELERY_BROKER_URL, "
            "settings.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "send_board.settings.dev",
            "DATABASE_URL": "postgres://u:p@db.example:5432/boards",
            "REDIS_URL": "redis://cache:6379/2",
        },
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "boards", "redis://cache:6379/2", "False"]


def _cache_key_of(env, key):
    """What the production settings' cache would call `key` (no Redis is reached)."""
    result = manage("shell", "-c", f"from django.core.cache import cache; print(cache.make_key({key!r}))", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own "objects imported" line


def test_two_installations_sharing_a_redis_never_share_a_cached_page():
    # A public page is cached under its publication's id, which every
    # installation has: the key carries the database, or CACHE_KEY_PREFIX.
    staging = {**PROD_ENV, "DATABASE_URL": "postgres://send_board:secret@postgres:5432/send_board_staging"}
    assert _cache_key_of(PROD_ENV, "publication:1") == "send-board:send_board:1:publication:1"
    assert _cache_key_of(staging, "publication:1") == "send-board:send_board_staging:1:publication:1"
    assert _cache_key_of({**PROD_ENV, "CACHE_KEY_PREFIX": "ours"}, "publication:1") == "ours:1:publication:1"
