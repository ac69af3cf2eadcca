# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Board packs: WeasyPrint needs Pango, HarfBuzz's subsetter and fonts; kaleido draws the
# charts as SVG with Chromium (without it each chart is printed as its table).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core poppler-utils chromium \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings but no secrets of consequence.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://localhost \
    ALLOWED_HOSTS=localhost DJANGO_SETTINGS_MODULE=send_board.settings.prod \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 sendboard && chown -R sendboard /app
USER sendboard
EXPOSE 8000
