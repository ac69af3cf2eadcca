"""Production must build: `collectstatic` under production settings, as the
Dockerfile runs it, with whitenoise's manifest storage (which rewrites every
url() in every CSS file and fails on a file that is not there)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.send_board.test_settings import PROD_ENV, manage

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
TEMPLATE_STATIC = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {**PROD_ENV, "STATIC_ROOT": str(static_root), "DATABASE_URL": f"sqlite:///{static_root.parent}/build.sqlite3"}
    result = manage("collectstatic", "--noinput", env=env)
    return result, static_root


def test_collectstatic_succeeds_under_production_settings(collected):
    result, static_root = collected
    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").exists()


def test_the_dockerfile_runs_the_same_collectstatic():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=send_board.settings.prod" in dockerfile
    assert "python manage.py collectstatic --noinput" in dockerfile


def test_every_url_in_the_collected_css_names_a_collected_file(collected):
    result, static_root = collected
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    govuk_css = static_root / manifest["vendor/govuk-frontend/govuk-frontend.min.css"]
    urls = set(re.findall(r'url\("?([^")]+)"?\)', govuk_css.read_text()))
    assert urls == {"assets/images/govuk-crest.e7152685a73e.svg"}
    for url in urls:
        assert (govuk_css.parent / url).is_file(), url


def test_every_static_file_a_template_names_is_in_the_manifest(collected):
    result, static_root = collected
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    named = set()
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        named.update(TEMPLATE_STATIC.findall(template.read_text()))
    assert "vendor/govuk-frontend/govuk-frontend.min.css" in named
    assert sorted(path for path in named if path not in manifest) == []


def test_a_css_reference_to_a_missing_file_fails_the_build(tmp_path):
    """The guard itself: what this test catches is what the Dockerfile would hit."""
    extra = tmp_path / "extra"
    (extra / "css").mkdir(parents=True)
    (extra / "css" / "broken.css").write_text('.x{background:url("../images/not-there.svg")}')
    code = (
        "import sys, django; from django.conf import settings; "
        f"import send_board.settings.prod as prod; prod.STATICFILES_DIRS.append({str(extra)!r}); "
        "django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    env = {**PROD_ENV, "STATIC_ROOT": str(tmp_path / "root"), "DATABASE_URL": f"sqlite:///{tmp_path}/b.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_clean_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "not-there.svg" in result.stderr


def _clean_env():
    dropped = {*PROD_ENV, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


HASHED_STATIC = re.compile(r"^/static/(?P<path>.+)\.[0-9a-f]{12}\.(?P<ext>js|css|svg|png)$")
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
PLOTLY_SRC = re.compile(r"\bdata-plotly=\"([^\"]+)\"")
MODULE_IMPORT = re.compile(
    r"""\b(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']"""
)


def _scripts_of(html, static_root):
    """Every script a page loads: its <script src>s, the Plotly bundle charts.js
    fetches, and, followed through the collected files, every module they import."""
    urls = SCRIPT_SRC.findall(html) + PLOTLY_SRC.findall(html)
    seen, queue = [], list(urls)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.append(url)
        path = static_root / url.removeprefix("/static/")
        if url.endswith(".js") and path.is_file():
            for imported in MODULE_IMPORT.findall(path.read_text(errors="replace")):
                target = next(filter(None, imported))
                if target.startswith((".", "/")):
                    queue.append("/static/" + str((path.parent / target).resolve().relative_to(static_root.resolve())))
    return seen


@pytest.mark.django_db
def test_every_script_a_page_loads_is_a_hashed_static_file(collected, client, settings, wirral, alice):
    """A hashed name is cached for ten years; an unhashed one only 60 seconds
    (whitenoise): so every script, and every module a script imports, must
    come through the manifest."""
    from performance.publishing.services import publication_create
    from tests.publishing.factories import JANUARY, scorecard

    _result, static_root = collected
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "send_board.storage.StaticFilesStorage"}}
    scorecard(wirral)
    publication = publication_create(area=wirral, month=JANUARY, user=alice)
    scripts = []
    for path in ("/", "/accessibility/", f"/areas/344/publications/{publication.pk}/", "signed in", "/board/344/"):
        if path == "signed in":
            client.force_login(alice)
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        scripts += _scripts_of(response.content.decode(), static_root)
    assert any("govuk-frontend.min" in url for url in scripts), "app.js's import of GOV.UK Frontend is followed"
    assert any("plotly-basic.min" in url for url in scripts)
    unhashed = sorted({url for url in scripts if not HASHED_STATIC.match(url)})
    assert unhashed == []
    missing = sorted({url for url in scripts if not (static_root / url.removeprefix("/static/")).is_file()})
    assert missing == []
