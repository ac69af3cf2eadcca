"""Listeners to the other apps' signals (connected in PerformanceConfig.ready)."""

from send_board.queue import enqueue_on_commit


def ehcp_figures_recomputed(sender, area_ids, **kwargs):
    """Areas' EHCP figures changed: fill their computed indicators (one
    task for the lot: the nightly recompute announces every area at once).

    The signal is sent after the recompute commits; enqueue_on_commit sends
    at once outside a transaction, and a broker outage leaves the nightly
    sync to catch up."""
    from .tasks import sync_computed_indicators

    enqueue_on_commit(sync_computed_indicators, area_ids=list(area_ids))
