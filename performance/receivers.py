"""Listeners to the other apps' signals (connected in PerformanceConfig.ready)."""

from send_board.queue import enqueue_on_commit


def ehcp_figures_recomputed(sender, area_id, **kwargs):
    """An area's EHCP figures changed: take them into its EHCP indicators.

    The signal is sent after the recompute commits; enqueue_on_commit sends
    at once outside a transaction, and a broker outage leaves the nightly
    sync to catch up."""
    from .tasks import sync_ehcp_indicators

    enqueue_on_commit(sync_ehcp_indicators, area_id=area_id)
