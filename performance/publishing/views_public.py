from django.shortcuts import get_object_or_404, redirect, render

from send_board.access import public
from send_board.models import LocalArea


@public
def home(request):
    """The public home; a signed-in user with one area lands on its dashboard."""
    if request.user.is_authenticated:
        user_areas = list(LocalArea.objects.for_user(request.user))
        if len(user_areas) == 1:
            return redirect("performance:dashboard", code=user_areas[0].code)
        return render(request, "publishing/home_signed_in.html", {"areas": user_areas})
    return render(request, "publishing/home_public.html", {"areas": LocalArea.objects.all()})


@public
def area_publications(request, code):
    area = get_object_or_404(LocalArea, code=code)
    return render(request, "publishing/area_publications.html", {"area": area})
