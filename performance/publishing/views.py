"""The performance lead's publishing pages: make, withdraw and correct a publication."""

from django.shortcuts import render

from send_board.access import Capability, area_view


@area_view(Capability.PUBLISH)
def publish(request, access):
    return render(request, "publishing/publish.html", {"area": access.area})
