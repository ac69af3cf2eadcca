"""Production, started as docker-compose.yml describes it, without Docker.

The commands are read from the Dockerfile (collectstatic) and from
docker-compose.yml (web: migrate then gunicorn; worker; beat) and run as they
are written, with three differences only: `python`, `gunicorn` and `celery`
are the ones of this virtualenv, gunicorn binds 127.0.0.1 on a free port
instead of 0.0.0.0:8000, and collectstatic runs while the web command's
migrate does (gunicorn starts after both, as from the built image). The environment is what `.env` would give:
production settings, a fresh PostgreSQL database of the session's own
(created here, dropped afterwards), and the Redis at REDIS_URL, with a Celery
queue of the session's own so that nothing else consumes its tasks.
"""

import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import environ
import psycopg
import pytest
import yaml

from tests.send_board.servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "send-board.test"
ADMIN = ("ada", "smoke-test-" + secrets.token_urlsafe(12))


def compose_commands():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name: services[name]["command"] for name in ("web", "worker", "beat")}, services["web"]["environment"]


def web_steps(command):
    """docker-compose.yml's web command, `sh -c "migrate && gunicorn …"`, as its two steps."""
    words = shlex.split(command)
    assert words[:2] == ["sh", "-c"] and len(words) == 3, command
    steps = [step.strip() for step in words[2].split("&&")]
    assert len(steps) == 2 and "manage.py migrate" in steps[0] and steps[1].startswith("gunicorn "), command
    return steps


def dockerfile_collectstatic():
    """The Dockerfile's RUN line that collects the static files, as a shell command."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    for line in text.splitlines():
        if line.startswith("RUN ") and "collectstatic" in line:
            return re.sub(r"\s+", " ", line[len("RUN ") :]).strip()
    raise AssertionError("the Dockerfile has no RUN line with collectstatic")


def env_example():
    """The settings .env.example gives (copied to .env for docker compose)."""
    settings = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        key, equals, value = line.partition("=")
        if equals and not key.lstrip().startswith("#"):
            settings[key.strip()] = value.strip()
    return settings


class Production:
    """The running processes, the URL gunicorn answers on, and their logs."""

    def __init__(self, *, env, port, logs):
        self.env = env
        self.port = port
        self.logs = logs
        self.processes = {}

    def start(self, name, command):
        with open(self.logs / f"{name}.log", "w") as log:
            self.processes[name] = subprocess.Popen(
                ["sh", "-c", command],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: gunicorn's and celery's children go with it
            )
        return self.processes[name]

    def run(self, command, timeout=180):
        result = subprocess.run(
            ["sh", "-c", command], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result

    def log(self, name):
        return (self.logs / f"{name}.log").read_text()

    def alive(self, name):
        return self.processes[name].poll() is None

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _smoke_database(database_url):
    config = environ.Env.db_url_config(database_url)
    name = f"{config['NAME']}_smoke_{os.getpid()}"
    admin = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
    }
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    url = f"postgres://{config['USER']}{password}@{admin['host']}:{admin['port']}/{name}"
    return name, url, admin


def _execute(admin, sql):
    connection = psycopg.connect(**admin)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    # The `production` marker's requirements (tests/conftest.py) have checked
    # that both point at a running PostgreSQL and Redis.
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    name, smoke_database_url, admin = _smoke_database(database_url)
    _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _execute(admin, f'CREATE DATABASE "{name}"')

    commands, compose_environment = compose_commands()
    port = free_port()
    tmp = tmp_path_factory.mktemp("production")
    venv_bin = str(Path(sys.executable).parent)
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "PGPASSWORD")
    env = {
        **{k: os.environ[k] for k in keep if k in os.environ},
        "PATH": f"{venv_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        **env_example(),
        **compose_environment,
        # The secrets and addresses .env gives in production.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": smoke_database_url,
        "REDIS_URL": redis_url,
        # The session's own: static files, Celery queue.
        "STATIC_ROOT": str(tmp / "staticfiles"),
        "CELERY_QUEUE": f"send-board-smoke-{os.getpid()}",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN[1],
    }
    app = Production(env=env, port=port, logs=tmp)
    web_command = commands["web"].replace("0.0.0.0:8000", f"127.0.0.1:{port}")
    assert web_command != commands["web"], "docker-compose.yml's web command no longer binds 0.0.0.0:8000"
    migrate, gunicorn = web_steps(web_command)
    try:
        # The image's build step (collectstatic) and the web container's first
        # step (migrate) need nothing of each other: they run at once; gunicorn
        # starts when both are done, as it would from the built image.
        build = app.start("collectstatic", dockerfile_collectstatic())
        app.run(migrate)
        assert build.wait(timeout=180) == 0, app.log("collectstatic")[-3000:]
        web = app.start("web", gunicorn)
        # An operator's first steps (README): an administrator and a local area (while gunicorn boots).
        app.run(f"python manage.py createsuperuser --noinput --username {ADMIN[0]} --email ada@example.org")
        app.run('python manage.py create_local_area --code 344 --name Wirral --region "North West"')
        try:
            wait_for_port(port, timeout=120, process=web)
        except RuntimeError as error:
            raise AssertionError(f"{error}\n{app.log('web')[-3000:]}") from None
        app.start("worker", commands["worker"])
        app.start("beat", commands["beat"])
        yield app
    finally:
        app.stop()
        _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def worker_ready(production):
    """Wait until the worker has connected to the broker (its log says so)."""
    deadline = time.monotonic() + 60
    while "ready." not in production.log("worker"):
        assert production.alive("worker"), production.log("worker")[-3000:]
        assert time.monotonic() < deadline, production.log("worker")[-3000:]
        time.sleep(0.5)
    return production
