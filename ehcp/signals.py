"""Signals other apps listen to (ehcp imports none of them)."""

import django.dispatch

# Sent with sender=MonthlyFigure and area_ids=[<LocalArea id>, ...] once a
# recompute of those areas' stored figures has committed (transaction.on_commit):
# one signal per recompute, so the nightly run over every area is one message.
figures_recomputed = django.dispatch.Signal()
