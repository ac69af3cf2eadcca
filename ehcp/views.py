from django.shortcuts import render

from send_board.access import area_view


@area_view()
def timeliness(request, access):
    return render(request, "ehcp/timeliness.html", {"area": access.area})
