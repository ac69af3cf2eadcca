"""Who may see and do what: the one place access is decided.

Every view is wrapped by exactly one of `public`, `signed_in` or `area_view`;
tests/send_board/test_access.py walks every URL pattern and fails on a view
that has none. Object-level rules (an officer updating only the actions they
own) live in each app's permissions.py and build on `AreaAccess`.

Pages of an area the visitor has no role in answer 404, so that the existence
of an area's data is not revealed; a role without the capability gets 403.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import LocalArea, Membership, Role


class Capability(StrEnum):
    VIEW = "view"  # the area's signed-in pages, drafts included
    COMMENT = "comment"  # board members comment and flag deep dives
    ENTER = "enter"  # returns, values, action updates, risks
    APPROVE = "approve"  # approve submitted returns and values
    MANAGE = "manage"  # indicators, targets, plans, periods
    PUBLISH = "publish"  # make, withdraw and correct publications


ROLE_CAPABILITIES = {
    Role.OFFICER: frozenset({Capability.VIEW, Capability.ENTER}),
    Role.BOARD_MEMBER: frozenset({Capability.VIEW, Capability.COMMENT}),
    Role.PERFORMANCE_LEAD: frozenset(Capability),
}


@dataclass(frozen=True)
class AreaAccess:
    """A user's standing in one local area. `role` is None for an administrator
    with no membership there."""

    area: LocalArea
    user: object
    role: Role | None

    @property
    def is_administrator(self):
        return self.user.is_superuser

    @property
    def capabilities(self):
        if self.is_administrator:
            return frozenset(Capability)
        return ROLE_CAPABILITIES.get(self.role, frozenset())

    def can(self, capability):
        return Capability(capability) in self.capabilities

    # Template-friendly spellings: {% if area_access.can_publish %}
    @property
    def can_enter(self):
        return self.can(Capability.ENTER)

    @property
    def can_approve(self):
        return self.can(Capability.APPROVE)

    @property
    def can_manage(self):
        return self.can(Capability.MANAGE)

    @property
    def can_publish(self):
        return self.can(Capability.PUBLISH)

    @property
    def can_comment(self):
        return self.can(Capability.COMMENT)

    @property
    def role_label(self):
        if self.role:
            return Role(self.role).label
        return "Administrator"


def area_access_for(user, code):
    """The user's AreaAccess in the area with DfE code `code`, or Http404 when
    the area does not exist or the user has no role there."""
    if not user.is_authenticated:
        raise Http404
    try:
        area = LocalArea.objects.get(code=code)
    except LocalArea.DoesNotExist:
        raise Http404 from None
    role = Membership.objects.filter(user=user, local_area=area).values_list("role", flat=True).first()
    if role is None and not user.is_superuser:
        raise Http404
    return AreaAccess(area=area, user=user, role=Role(role) if role else None)


def require(access, capability):
    """Raise PermissionDenied unless `access` carries `capability`."""
    if not access.can(capability):
        raise PermissionDenied(f"Your role in {access.area.name} does not allow this.")


def area_view(capability=Capability.VIEW):
    """Wrap a view of one local area's pages, routed with a `code` URL argument.

    Anonymous visitors go to the login page; a user without a role in the area
    gets 404; a role without `capability` gets 403. The view is called as
    `view(request, access, **kwargs)` and request.area_access is set for the
    templates' navigation.
    """
    capability = Capability(capability)

    def decorator(view):
        @wraps(view)
        def wrapped(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = area_access_for(request.user, code)
            require(access, capability)
            request.area_access = access
            return view(request, access, *args, **kwargs)

        wrapped.access_rule = f"area:{capability}"
        return wrapped

    return decorator


def signed_in(view):
    """Wrap a view any signed-in user may open (it shows only their own things)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access_rule = "signed_in"
    return wrapped


def public(view):
    """Mark a view as open to everyone. It must show only published material."""
    view.access_rule = "public"
    return view
