"""Celery tasks of the scorecard: store ratings, and fill the computed
indicators from their sources. Each takes ids, calls one service, and is safe
to run twice. `manage.py recompute_ratings` and `manage.py sync_computed_indicators`
do the same work synchronously. The services are imported inside each task
(services import this module); the retry policy is the app's (send_board/celery.py),
the nightly schedule is in settings (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="performance.recompute_ratings")
def recompute_ratings(indicator_ids: list[int]) -> int:
    """Store the ratings of these indicators' values."""
    from .services import ratings_recompute_many

    return ratings_recompute_many(indicator_ids=indicator_ids)


@shared_task(name="performance.recompute_all_ratings")
def recompute_all_ratings() -> int:
    """Nightly: store every indicator's ratings (targets start, benchmarks
    arrive, and a queued recompute may have been lost with the broker)."""
    from .models import Indicator
    from .services import ratings_recompute

    return sum(ratings_recompute(indicator_id=pk) for pk in Indicator.objects.values_list("pk", flat=True).iterator())


@shared_task(name="performance.sync_computed_indicators")
def sync_computed_indicators(area_ids: list[int]) -> int:
    """Fill these areas' computed indicators from their sources."""
    from .computed import computed_indicators_sync

    return sum(computed_indicators_sync(area_id=pk) for pk in area_ids)


@shared_task(name="performance.sync_all_computed_indicators")
def sync_all_computed_indicators() -> int:
    """Nightly: every area's computed indicators, in case a signal was missed
    (and for the sources that send none, such as a plan's closed periods)."""
    from .computed import computed_indicators_sync
    from .models import Indicator

    area_ids = Indicator.objects.exclude(computed_source="").values_list("area_id", flat=True).distinct().order_by()
    return sum(computed_indicators_sync(area_id=pk) for pk in area_ids)
