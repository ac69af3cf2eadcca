"""Demo: publish the latest scorecard of each demo area, so that a new user
sees the public side at once. load_demo calls this after performance's demo."""

from send_board.models import Membership, Role

from . import selectors, services


def _publisher(area):
    membership = (
        Membership.objects.filter(local_area=area, role=Role.PERFORMANCE_LEAD)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def publish_latest(area, user, stdout):
    """Publish the area's as-at month (the demo's), else its latest month with
    approved values; say what happened."""
    month = selectors.default_publishing_month(area=area)
    if month is None or user is None:
        stdout.write(f"  {area.name}: nothing approved to publish yet.")
        return None
    try:
        publication = services.publication_create(area=area, month=month, user=user)
    except services.PublishingError as error:
        stdout.write(f"  {area.name}: not published. {error.message} {' '.join(error.problems)}")
        return None
    stdout.write(
        f"  {area.name}: published the scorecard for {publication.period_label} "
        f"({publication.indicators.count()} indicators): /areas/{area.code}/publications/{publication.pk}/"
    )
    return publication


def load(*, areas, stdout):
    stdout.write("Publishing: the latest scorecard of each demo area.")
    for area in areas.values():
        publish_latest(area, _publisher(area), stdout)
