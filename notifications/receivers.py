"""Listeners to other apps' saves (connected in NotificationsConfig.ready).
Read-only coupling: they queue a notifications task after commit, nothing more."""

from send_board.queue import enqueue_on_commit


def indicator_value_saved(sender, instance, **kwargs):
    """An approved value may need exception commentary from its owner."""
    if instance.state != "approved":
        return
    from .tasks import notify_commentary_needed

    enqueue_on_commit(notify_commentary_needed, value_id=instance.pk)


def publication_saved(sender, instance, created, **kwargs):
    """A publication or correction was made: tell its subscribers."""
    if not created:
        return
    from .tasks import notify_publication

    enqueue_on_commit(notify_publication, publication_id=instance.pk)
