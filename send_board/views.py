"""Accounts, static information pages and error views."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from . import audit, health, registry, signin
from .access import Capability, area_view, public, signed_in
from .demo import DEMO_PASSWORD, demo_credentials
from .forms import HistoryFilterForm, form_status
from .glossary import GLOSSARY
from .models import Membership
from .tables_io import streaming_csv_response, table_response
from .uploads import PROBLEM_COLUMNS, kept_problems


class FormStatus:
    """A form view's page answers 400 when the form refused what was sent
    (forms.form_status), as every other page with a form does."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=form_status(form))


class SignInView(FormStatus, auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEBUG:
            context["demo_users"] = demo_credentials()
            context["demo_password"] = DEMO_PASSWORD
        return context


class PasswordChangeView(FormStatus, auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


class PasswordResetView(FormStatus, auth_views.PasswordResetView):
    """Django's reset form, throttled per address and per email address typed
    (send_board.signin). The answer is the same whether or not an account has
    the address: the sent page, or the throttle's message."""

    def form_valid(self, form):
        refusal = signin.password_reset_refusal(self.request, form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(FormStatus, auth_views.PasswordResetConfirmView):
    pass


sign_in = public(SignInView.as_view())
sign_out = public(auth_views.LogoutView.as_view())
password_change = signed_in(PasswordChangeView.as_view())
password_reset = public(PasswordResetView.as_view())
password_reset_done = public(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view())


@signed_in
def account(request):
    memberships = Membership.objects.filter(user=request.user).select_related("local_area")
    return render(request, "send_board/account.html", {"memberships": memberships})


@public
def about_figures(request):
    return render(request, "send_board/about_figures.html", {"glossary": GLOSSARY})


@public
def accessibility(request):
    """The accessibility statement, after GOV.UK's model: who runs the site,
    how to reach them and when it was tested come from settings."""
    return render(
        request,
        "send_board/accessibility.html",
        {
            "organisation": settings.ACCESSIBILITY_ORGANISATION,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
            "reply_days": settings.ACCESSIBILITY_REPLY_DAYS,
            "prepared": date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_PREPARED),
            "reviewed": date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_REVIEWED),
            "tested": date.fromisoformat(settings.ACCESSIBILITY_LAST_TESTED),
        },
    )


@public
def healthz(request):
    """For the load balancer and docker-compose: the database, the cache and
    the broker, each checked on its own, quickly. 200 while the database
    answers (the site works without the cache and the broker: pages build
    from the database, saves leave figures pending for the nightly run); 503
    when it does not. The body names what is down."""
    checks = health.check_all()
    body = "\n".join(f"{name}: {state}" for name, state in checks.items())
    status = 200 if checks["database"] == health.OK else 503
    response = HttpResponse(body + "\n", content_type="text/plain", status=status)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


@area_view(Capability.ENTER)
def upload_problems(request, access, token):
    """Every problem of the uploader's last refused file, as CSV."""
    rows = kept_problems(token=token, user=request.user, area=access.area)
    if rows is None:
        raise Http404("This list of problems is no longer kept: upload the file again to see them.")
    return table_response(rows, header=PROBLEM_COLUMNS, filename=f"upload-problems-{access.area.code}")


# ---------------------------------------------------------------- the audit trail


def _history_people(area):
    """[(user id, name)] of the people who may have changed the area's records:
    its members and the administrators."""
    users = get_user_model().objects.filter(Q(memberships__local_area=area) | Q(is_superuser=True)).distinct()
    people = [(user.pk, user.get_full_name() or user.get_username()) for user in users]
    return sorted(people, key=lambda person: person[1].lower())


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


@area_view(Capability.MANAGE)
def audit_history(request, access):
    """Every create, change and delete of the area's records, from the audit
    trail: filtered by date range, person and kind; paged, or as CSV."""
    area = access.area
    form = HistoryFilterForm(request.GET or None, people=_history_people(area), kinds=audit.kinds())
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "start": _day_start(data["start"]),
            "end": _day_start(data["end"] + timedelta(days=1)) if data["end"] else None,
            "user_id": data["person"],
            "kind": data["kind"] or None,
        }
    invalid = form.is_bound and not form.is_valid()
    rows = audit.area_history(area.pk, **filters) if not invalid else []
    if request.GET.get("format") == "csv" and not invalid:
        stamp = timezone.localdate().isoformat()
        return streaming_csv_response(
            audit.csv_rows(rows), header=audit.CSV_HEADER, filename=f"history-{area.code}-{stamp}"
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "send_board/audit_history.html",
        {
            "area": area,
            "form": form,
            "page": page,
            "entries": audit.entries(page.object_list),
            "breadcrumbs": [*registry.home_crumbs(area), ("History of changes", None)],
        },
        status=form_status(form),
    )
