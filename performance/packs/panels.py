"""Panels that other apps' pages show through their slots (registered on PacksConfig)."""

from django.urls import reverse

from send_board.access import Capability

from . import selectors


def meeting(context, *, meeting, area):
    """Improvement's meeting page: the packs made for the meeting and, for a role
    that may ask, a link to ask for one."""
    access = context.get("area_access")
    if access is None or access.area.pk != area.pk:
        return None
    return {
        "packs": list(selectors.packs_of_area(area=area, meeting=meeting)[:5]),
        "can_request": access.can(Capability.COMMENT),
        "request_url": reverse("packs:list", args=[area.code]) + f"?meeting={meeting.pk}#request",
    }


def publication(context, *, publication):
    """The public publication page: its accessible PDF. Public content only."""
    return {"pdf_url": reverse("publication_pdf", args=[publication.area.code, publication.pk])}
