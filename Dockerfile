# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

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
