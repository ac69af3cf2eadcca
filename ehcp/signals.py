"""Signals other apps listen to (ehcp imports none of them)."""

import django.dispatch

# Sent with sender=MonthlyFigure and area_id=<LocalArea id> once a recompute of
# that area's stored figures has committed (transaction.on_commit).
figures_recomputed = django.dispatch.Signal()
