"""Board pack tasks: thin, take ids, safe to run twice (a ready pack is left as it is)."""

from celery import shared_task

from . import services


@shared_task(name="packs.build_pack", acks_late=True)
def build_pack(pack_id):
    """Make a queued board pack's PDF (manage.py board_pack does the same, synchronously)."""
    pack = services.pack_build(pack_id=pack_id)
    return pack.status if pack else None
