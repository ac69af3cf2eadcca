"""Synthetic data at national scale (generate_scale_data): each synthetic area
publishes its latest scorecard, as a demo area does. Runs after performance's
scale data, which supplies the approved values."""

from io import StringIO

from django.contrib.auth import get_user_model

from .demo import publish_latest

PUBLISHER = "scale-data-publisher"


def publisher():
    """An administrator who cannot sign in: synthetic areas have no members."""
    user, created = get_user_model().objects.get_or_create(
        username=PUBLISHER,
        defaults={"first_name": "Synthetic", "last_name": "Publisher", "is_superuser": True, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def generate(*, areas, years, seed, stdout):
    user = publisher()
    published = sum(publish_latest(area, user, StringIO()) is not None for area in areas)
    stdout.write(f"Publishing: {published} of {len(areas)} synthetic areas published their latest scorecard.")
