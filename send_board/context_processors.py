from .models import LocalArea


def navigation(request):
    """The header's area switcher and role-aware links.

    `area_access` is set by access.area_view on the request for area pages.
    """
    # Memoised on the request: django-tables2 renders each table with a fresh
    # RequestContext, which runs the context processors again.
    if not hasattr(request, "_navigation_areas"):
        user = getattr(request, "user", None)
        request._navigation_areas = (
            list(LocalArea.objects.for_user(user).only("code", "name"))
            if user is not None and user.is_authenticated
            else []
        )
    return {
        "area_access": getattr(request, "area_access", None),
        "user_areas": request._navigation_areas,
    }
