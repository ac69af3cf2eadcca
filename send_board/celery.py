"""The Celery app, configured from Django settings (CELERY_* names).

Each app keeps its tasks, and its periodic schedule, in its own tasks.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")

app = Celery("send_board")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
