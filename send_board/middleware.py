"""Response headers that Django's SecurityMiddleware does not set, and the
session's idle and absolute time limits."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

# Scripts only from our own static files (charts read their data from JSON
# blocks, never inline script). Plotly sets inline styles on its SVG.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# The last-seen time is written at most this often, so that reading pages
# does not write the session on every request.
LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Signs a visitor out after SESSION_IDLE_MINUTES without a request, and
    SESSION_COOKIE_AGE after signing in however active (the session itself is
    kept alive by the last-seen writes, so its own expiry would slide).
    The next request goes to the sign-in page, which says why, and back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        if request.user.is_authenticated:
            session = request.session
            signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
            if signed_in_at is None or last_seen is None:  # a session from before these limits
                start_session_clocks(session)
            elif now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                return self._sign_out(
                    request, f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without activity."
                )
            elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
                return self._sign_out(
                    request, f"You were signed out {_hours(settings.SESSION_COOKIE_AGE)} after signing in."
                )
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN] = now
        return self.get_response(request)

    def _sign_out(self, request, reason):
        path = request.get_full_path() if request.method == "GET" else request.path
        logout(request)
        messages.info(request, f"{reason} Sign in again to continue.")
        return redirect_to_login(path)


def start_session_clocks(session):
    session[SIGNED_IN_AT] = session[LAST_SEEN] = int(time.time())


def session_signed_in(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in SendBoardConfig.ready): both
    clocks start at sign-in, in the sign-in's own session write."""
    start_session_clocks(request.session)


def _hours(seconds):
    hours = seconds / 3600
    return f"{hours:g} hour{'s' if hours != 1 else ''}"
