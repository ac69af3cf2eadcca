from .models import LocalArea


def navigation(request):
    """The header's area switcher and role-aware links.

    `area_access` is set by access.area_view on the request for area pages.
    """
    user = getattr(request, "user", None)
    areas = []
    if user is not None and user.is_authenticated:
        areas = list(LocalArea.objects.for_user(user).only("code", "name"))
    return {
        "area_access": getattr(request, "area_access", None),
        "user_areas": areas,
    }
