"""docker-compose.yml describes production (no Docker engine runs here to start it)."""

from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_has_the_five_production_services_with_health_checks():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name in ("postgres", "redis", "web"):
        assert "healthcheck" in services[name], name


def test_the_processes_run_what_exists_in_the_project():
    services = compose()["services"]
    assert "gunicorn send_board.wsgi" in services["web"]["command"]
    assert "celery -A send_board worker" in services["worker"]["command"]
    assert "celery -A send_board beat" in services["beat"]["command"]
    assert (ROOT / "send_board" / "wsgi.py").exists() and (ROOT / "send_board" / "celery.py").exists()
    assert (ROOT / services["web"]["build"]["dockerfile"]).exists()


def test_app_services_share_the_env_file_and_production_settings():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        assert ".env" in services[name]["env_file"], name
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "send_board.settings.prod"
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_health_check_names_each_service(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\nbroker: not used (tasks run in the web process)\n"


def test_the_health_check_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from django.db import OperationalError

    from send_board import health

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    response = client.get("/healthz/")
    assert response.status_code == 503 and response.content.decode().startswith("database: down\n")


def test_worker_and_beat_start_once_web_has_migrated():
    services = compose()["services"]
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy", name
    assert services["web"]["command"].startswith('sh -c "python manage.py migrate --noinput && gunicorn')
