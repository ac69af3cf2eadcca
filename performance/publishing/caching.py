"""The cache of public publication pages.

A publication never changes, so its rendered content can be kept; what can
change is whether it was withdrawn or replaced by a correction. That state
is part of the key (Publication.state_token, read from the database on every
request), so a withdrawn or superseded page can never be served from an old
entry; the old entries are also deleted when the state changes.

Only the page's main content is cached, rendered without the request: no
user, no CSRF token, nothing a signed-in visitor would see differently. The
header (signed in or not) is rendered per request around it. Signed-in pages
never use these keys.
"""

from django.core.cache import cache

TIMEOUT = 24 * 60 * 60
PREFIX = "publishing:public"


KINDS = ("page", "csv")


def content_key(publication, kind):
    """The key of a public rendering of `publication` ("page" or "csv")."""
    return f"{PREFIX}:{kind}:{publication.pk}:{publication.state_token}"


def forget(publication_id, state_token):
    """Drop the renderings of a publication made while it had `state_token`."""
    cache.delete_many([f"{PREFIX}:{kind}:{publication_id}:{state_token}" for kind in KINDS])


def cached(key, build):
    """The cached value of `key`, else build() stored under it."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
