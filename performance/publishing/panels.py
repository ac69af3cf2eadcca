"""What publishing adds to the kernel's pages (registered on PublishingConfig)."""

from . import selectors


def not_disclosive(context, **kwargs):
    """The about-these-figures page: the figures each area publishes in full, and why."""
    areas = selectors.not_disclosive_by_area()
    return {"not_disclosive_areas": areas} if areas else None
