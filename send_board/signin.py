"""Sign-in hardening: whose address a request comes from, lock-out by address
across usernames (on top of django-axes' username-and-address lock-out), and
the throttle of password-reset requests."""

import hashlib
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or behind AXES_IPWARE_PROXY_COUNT
    proxies that each append the address they saw to X-Forwarded-For, the
    entry that many places from its right. Entries further left are whatever
    the client chose to send, so they are never trusted. (django-axes calls
    this through AXES_CLIENT_IP_CALLABLE.)"""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler, which locks out a username at one
    address after AXES_FAILURE_LIMIT failures, plus a lock-out of the address
    itself after AXES_ADDRESS_FAILURE_LIMIT failures across any usernames
    within AXES_COOLOFF_TIME (one address guessing many accounts)."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or request.axes_locked_out or not self.address_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes", request=request, username=credentials.get("username"), ip_address=request.axes_ip_address
        )

    def address_locked(self, request):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(ip_address=request.axes_ip_address, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT


# ---------------------------------------------------------------- password reset

RESET_REFUSED_FOR_ADDRESS = (
    "There have been too many requests to reset a password from your network. Try again in an hour."
)
RESET_REFUSED_FOR_ACCOUNT = (
    "There have been too many requests to reset the password for this email address. Check your inbox "
    "(and spam folder) for the link already sent, or try again in an hour."
)


def password_reset_refusal(request, email):
    """None if a password-reset request for `email` may be sent now, else the
    message saying why not. Counts every request, per address and per email
    address typed (whether or not an account has it, so the answer tells
    nobody which addresses have accounts), within PASSWORD_RESET_WINDOW.

    Counted in the cache: if the cache is down, requests are not throttled
    (send_board/cache.py degrades to counting from zero)."""
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    address_key = f"password-reset:address:{client_address(request)}"
    if _count(address_key, window) > settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
        return RESET_REFUSED_FOR_ADDRESS
    account_key = "password-reset:account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    if _count(account_key, window) > settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT:
        return RESET_REFUSED_FOR_ACCOUNT
    return None


def _count(key, window):
    """One more request under `key`; how many within the window so far."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1
