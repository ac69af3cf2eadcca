from celery import shared_task


@shared_task(ignore_result=False)
def ping() -> str:
    """Round-trip check for the worker (tests and operators' smoke checks): the
    one task whose result is kept, so that `ping.delay().get()` answers."""
    return "pong"
