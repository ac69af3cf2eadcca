from django.shortcuts import render

from send_board.access import Capability, area_view


@area_view()
def dashboard(request, access):
    return render(request, "performance/dashboard.html", {"area": access.area})


@area_view()
def scorecard(request, access):
    return render(request, "performance/scorecard.html", {"area": access.area})


@area_view(Capability.PUBLISH)
def publish(request, access):
    return render(request, "performance/publish.html", {"area": access.area})
