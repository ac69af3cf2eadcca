"""Accounts, static information pages and error views."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from .access import public, signed_in
from .demo import DEMO_PASSWORD, demo_credentials
from .glossary import GLOSSARY
from .models import Membership


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEBUG:
            context["demo_users"] = demo_credentials()
            context["demo_password"] = DEMO_PASSWORD
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


sign_in = public(SignInView.as_view())
sign_out = public(auth_views.LogoutView.as_view())
password_change = signed_in(PasswordChangeView.as_view())
password_reset = public(auth_views.PasswordResetView.as_view())
password_reset_done = public(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = public(auth_views.PasswordResetConfirmView.as_view())
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
    """For the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
