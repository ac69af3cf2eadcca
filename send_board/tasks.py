from celery import shared_task


@shared_task
def ping():
    """Round-trip check for the worker (tests and operators' smoke checks)."""
    return "pong"
