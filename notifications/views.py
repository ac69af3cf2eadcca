"""Pages of notifications: your open items, your choices, the lead's view
of an area, and the public subscription and its links. Each view checks
access through send_board.access, calls one service or selector, renders."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from send_board.access import Capability, area_view, public, signed_in
from send_board.forms import form_status
from send_board.models import LocalArea

from . import panels, selectors, services
from .forms import CalendarForm, IndicatorDueDayForm, PreferencesForm, SubscribeForm
from .models import USER_KINDS, Kind


@signed_in
def open_items(request):
    today = timezone.localdate()
    areas = selectors.user_open_items(user=request.user, today=today)
    count = sum(len(items) for _area, items in areas)
    cache.set(panels.count_key(request.user.pk), count, panels.COUNT_SECONDS)  # the header agrees with the list
    # [(area, [(kind's label, number of items, lines)])]: see selectors.listed.
    grouped = []
    for area, items in areas:
        kinds = []
        for kind in USER_KINDS:
            of_kind = [i for i in items if i.kind == kind]
            if of_kind:
                kinds.append((Kind(kind).label, len(of_kind), selectors.listed(of_kind)))
        grouped.append((area, kinds))
    managed = selectors.areas_managed(user=request.user)
    return render(
        request,
        "notifications/open_items.html",
        {"areas": grouped, "count": count, "today": today, "managed": managed},
    )


@signed_in
def preferences(request):
    choices = selectors.choices_for(user_ids=[request.user.pk])[request.user.pk]
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, choices=form.chosen())
        messages.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form}, status=form_status(form))


@area_view(Capability.MANAGE)
def area_settings(request, access):
    area = access.area
    today = timezone.localdate()
    calendar, deadlines = selectors.due_dates(area=area, today=today)
    calendar_form = CalendarForm(
        request.POST if request.POST.get("form") == "calendar" else None,
        initial={
            "due_working_day": calendar.due_working_day,
            "notice_working_days": calendar.notice_working_days,
            "pack_working_days": calendar.pack_working_days,
        },
        prefix="calendar",
    )
    due_day_form = IndicatorDueDayForm(
        request.POST if request.POST.get("form") == "indicator" else None, prefix="indicator"
    )
    indicators = selectors.indicators_with_due_days(area=area)
    if request.method == "POST":
        if request.POST.get("form") == "calendar" and calendar_form.is_valid():
            try:
                services.calendar_set(area=area, user=request.user, **calendar_form.cleaned_data)
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    calendar_form.add_error(field if field in calendar_form.fields else None, problems)
            else:
                messages.success(
                    request,
                    f"Saved: {area.name}'s returns are due on working day "
                    f"{calendar_form.cleaned_data['due_working_day']} after the month ends.",
                )
                return redirect("notifications_area:settings", code=area.code)
        elif request.POST.get("form") == "indicator" and due_day_form.is_valid():
            indicator = next((i for i in indicators if i.code == due_day_form.cleaned_data["indicator"]), None)
            if indicator is None:
                due_day_form.add_error(None, "That indicator is not one of this area's.")
            else:
                services.indicator_due_day_set(
                    indicator=indicator, due_working_day=due_day_form.cleaned_data["due_working_day"]
                )
                messages.success(request, f"Saved the due day of {indicator.code}.")
                return redirect("notifications_area:settings", code=area.code)
    failed, recent = selectors.area_log(area=area)
    recipients = selectors.area_recipients(area=area, today=today)
    return render(
        request,
        "notifications/area_settings.html",
        {
            "area": area,
            "access": access,
            "calendar_form": calendar_form,
            "due_day_form": due_day_form,
            "deadlines": deadlines,
            "indicators": indicators,
            "kinds": [(k, Kind(k).label) for k in USER_KINDS],
            "recipients": recipients,
            "unreachable": [r for r in recipients if not r.reachable],
            "failed": failed,
            "recent": recent,
            "subscribers": selectors.subscriber_counts(area=area),
        },
    )


def _public_area(code):
    area = LocalArea.objects.filter(code=code).first()
    if area is None:
        raise Http404
    return area


@public
def subscribe(request, code):
    area = _public_area(code)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(area=area, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error.message_dict["email"])
        else:
            return render(request, "notifications/subscribe_sent.html", {"area": area})
    return render(request, "notifications/subscribe.html", {"area": area, "form": form}, status=form_status(form))


LINK_PROBLEMS = {
    "expired": ("This link has expired", "The link is too old to use. Nothing has been changed."),
    "invalid": ("This link does not work", "The link is not complete or has been changed. Nothing has been changed."),
    "used": ("This link has already been used", "Nothing has been changed."),
}


def _bad_link(request, outcome):
    title, body = LINK_PROBLEMS[outcome.reason]
    return render(
        request, "notifications/link_problem.html", {"title": title, "body": body, "area": outcome.area}, status=400
    )


@public
def confirm(request, token):
    outcome = (
        services.subscription_confirm(token=token)
        if request.method == "POST"
        else services.confirmation_check(token=token)
    )
    if not outcome.ok:
        return _bad_link(request, outcome)
    return render(request, "notifications/confirm.html", {"outcome": outcome, "done": request.method == "POST"})


@public
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a CSRF token
def unsubscribe(request, token):
    if request.method == "POST":
        outcome = services.unsubscribe(token=token)
    else:
        outcome, _data = services.unsubscribe_check(token=token)
    if not outcome.ok:
        return _bad_link(request, outcome)
    return render(request, "notifications/unsubscribe.html", {"outcome": outcome, "done": request.method == "POST"})
