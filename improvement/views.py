from django.shortcuts import render

from send_board.access import area_view


@area_view()
def plan(request, access):
    return render(request, "improvement/plan_overview.html", {"area": access.area})


@area_view()
def risks(request, access):
    return render(request, "improvement/risk_list.html", {"area": access.area})
