"""Listeners to other apps' saves (connected in NotificationsConfig.ready).
Read-only coupling: they queue a notifications task after commit, nothing more.

The callback is robust: whatever goes wrong with a notification (the broker
down, or, run in-process, an error in the task) is logged and never undoes or
fails the save that triggered it; the daily run catches up."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _queue_after_commit(task, **kwargs):
    def send():
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception:
            logger.warning("%s(%s) not queued; the daily run will catch up", task.name, kwargs, exc_info=True)

    transaction.on_commit(send)


def indicator_value_saved(sender, instance, **kwargs):
    """An approved value may need exception commentary from its owner."""
    if instance.state != "approved":
        return
    from .tasks import notify_commentary_needed

    _queue_after_commit(notify_commentary_needed, value_id=instance.pk)


def publication_saved(sender, instance, created, **kwargs):
    """A publication or correction was made: tell its subscribers."""
    if not created:
        return
    from .tasks import notify_publication

    _queue_after_commit(notify_publication, publication_id=instance.pk)


def user_signed_in(sender, request, user, **kwargs):
    """Work out the header's count of open items at sign-in, not on the first page."""
    from django.db import DatabaseError

    from .panels import refresh_count

    try:
        refresh_count(user)
    except DatabaseError:
        logger.warning("Open items of %s not counted at sign-in", user.pk, exc_info=True)
