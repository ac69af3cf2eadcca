"""Celery tasks of the scorecard: store ratings, and take the EHCP 20-week
figures into their indicators. Each takes ids, calls one service, and is safe
to run twice. `manage.py recompute_ratings` and `manage.py sync_ehcp_indicators`
do the same work synchronously."""

from celery import shared_task
from celery.schedules import crontab

from send_board.celery import app


@shared_task(name="performance.recompute_ratings")
def recompute_ratings(indicator_ids):
    """Store the ratings of these indicators' values."""
    from .services import ratings_recompute

    return sum(ratings_recompute(indicator_id=pk) for pk in indicator_ids)


@shared_task(name="performance.recompute_all_ratings")
def recompute_all_ratings():
    """Nightly: store every indicator's ratings (targets start, benchmarks
    arrive, and a queued recompute may have been lost with the broker)."""
    from .models import Indicator
    from .services import ratings_recompute

    return sum(ratings_recompute(indicator_id=pk) for pk in Indicator.objects.values_list("pk", flat=True).iterator())


@shared_task(name="performance.sync_ehcp_indicators")
def sync_ehcp_indicators(area_ids):
    """Take these areas' EHCP 20-week figures into their EHCP indicators."""
    from .ehcp_sync import ehcp_indicators_sync

    return sum(ehcp_indicators_sync(area_id=pk) for pk in area_ids)


@shared_task(name="performance.sync_all_ehcp_indicators")
def sync_all_ehcp_indicators():
    """Nightly: every area's EHCP indicators, in case a signal was missed."""
    from .ehcp_sync import ehcp_indicators_sync
    from .models import EhcpFigure, Indicator

    area_ids = (
        Indicator.objects.exclude(ehcp_figure=EhcpFigure.NONE).values_list("area_id", flat=True).distinct().order_by()
    )
    return sum(ehcp_indicators_sync(area_id=pk) for pk in area_ids)


@app.on_after_finalize.connect
def schedule_nightly_jobs(sender, **kwargs):
    sender.add_periodic_task(
        crontab(hour=1, minute=40), sync_all_ehcp_indicators.s(), name="performance: nightly EHCP indicator sync"
    )
    sender.add_periodic_task(crontab(hour=2, minute=10), recompute_all_ratings.s(), name="performance: nightly ratings")


if app.finalized:
    # Imported after the app was finalized (a long-lived process that imported
    # this module late): the signal has been sent, so schedule now.
    schedule_nightly_jobs(app)
