"""Object-level rules of the improvement app, on top of send_board.access.

Area-level capabilities come from the role (access.can(...)): board members
read, officers enter, performance leads manage. Within ENTER, an officer may
update only the actions and risks they own or that belong to a workstream
they lead or are a member of; performance leads and administrators (MANAGE)
may update everything of the area.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from send_board.access import Capability

from .models import Workstream


def workstream_ids(access):
    """Ids of the area's workstreams the user leads or is a member of (one query, cached on the access)."""
    cache = access.__dict__.setdefault("_improvement_workstreams", {})
    if "ids" not in cache:
        cache["ids"] = frozenset(
            Workstream.objects.filter(local_area=access.area)
            .filter(Q(members=access.user) | Q(lead_user=access.user))
            .values_list("pk", flat=True)
        )
    return cache["ids"]


def _owns_or_in_workstream(access, obj):
    if access.can(Capability.MANAGE):
        return True
    if not access.can(Capability.ENTER):
        return False
    if obj.owner_user_id is not None and obj.owner_user_id == access.user.pk:
        return True
    return obj.workstream_id is not None and obj.workstream_id in workstream_ids(access)


def can_update_action(access, action):
    """Record a period update for `action`."""
    return action.plan.local_area_id == access.area.pk and _owns_or_in_workstream(access, action)


def can_update_risk(access, risk):
    """Edit or review `risk`."""
    return risk.local_area_id == access.area.pk and _owns_or_in_workstream(access, risk)


def can_review_area(access, area_of_concern):
    """Write an area's evidence of impact, next steps and support received:
    performance leads, and officers of the area's workstream."""
    if access.can(Capability.MANAGE):
        return True
    return (
        access.can(Capability.ENTER)
        and area_of_concern.workstream_id is not None
        and area_of_concern.workstream_id in workstream_ids(access)
    )


def can_update_owned(access, obj):
    """Log items and evidence: performance leads, or an officer who owns it."""
    if access.can(Capability.MANAGE):
        return True
    return access.can(Capability.ENTER) and obj.owner_user_id is not None and obj.owner_user_id == access.user.pk


def require(allowed, message="Only its owner, its workstream or a performance lead may change this."):
    if not allowed:
        raise PermissionDenied(message)
