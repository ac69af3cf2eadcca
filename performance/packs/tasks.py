"""Board pack tasks: thin, take ids, safe to run twice (a ready pack is left as it is).
The services are imported inside each task (services import this module); the
retry policy is the app's (send_board/celery.py)."""

from celery import shared_task


@shared_task(name="packs.build_pack")
def build_pack(pack_id: int) -> str | None:
    """Make a queued board pack's PDF (manage.py board_pack does the same, synchronously)."""
    from .services import pack_build

    pack = pack_build(pack_id=pack_id)
    return pack.status if pack else None
