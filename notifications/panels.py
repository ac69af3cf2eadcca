"""Panels the kernel's pages include through {% panels "slot" %}."""

from django.core.cache import cache
from django.urls import reverse

COUNT_SECONDS = 300


def count_key(user_id):
    return f"notifications:open-items:{user_id}"


def refresh_count(user):
    """Work out the user's open items and keep the count for a few minutes."""
    from .selectors import open_item_count

    count = open_item_count(user=user)
    cache.set(count_key(user.pk), count, COUNT_SECONDS)
    return count


def header_count(context, **kwargs):
    """The signed-in user's open items. The count is worked out when they sign
    in, when they open the list and when it is older than a few minutes, so
    that a page usually costs no query for it. None for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    count = cache.get(count_key(user.pk))
    if count is None:
        count = refresh_count(user)
    return {"open_item_count": count, "open_items_url": reverse("notifications:open_items")}


def subscribe(context, area=None, **kwargs):
    if area is None:
        return None
    return {"subscribe_url": reverse("notifications:subscribe", args=[area.code]), "subscribe_area": area}
