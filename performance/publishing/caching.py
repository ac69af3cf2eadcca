"""The cache of public publication pages.

A publication never changes, so its renderings can be kept; what can change
is its state: withdrawn, or replaced by a correction. So:

- the publication with its state is cached under its id. A reader that
  misses reads the database and *adds* the entry (only if absent); the
  services *set* the fresh state once a withdrawal or a correction has
  committed. A reader that read the old state just before the commit can
  then never overwrite the new one, so no old state outlives the commit;
- every rendering's key holds the state (Publication.state_token), so a
  rendering of the old state is never served for the new one; the old
  renderings are deleted too;
- what is cached is the same for everyone: the page's main content,
  rendered without the request (no user, no CSRF token), which a signed-in
  visitor gets inside a header rendered for them; and the whole page as an
  anonymous visitor sees it, served only to anonymous visitors with no
  message waiting. Signed-in pages never use these keys.

Deleting a publication (only ever with its local area) drops its entries.
"""

from django.core.cache import cache

from .models import Publication

TIMEOUT = 24 * 60 * 60
# Bump when what is cached changes shape (a model field, a template).
PREFIX = "publishing:public:v2"
KINDS = ("page", "anonymous-page", "csv")


def state_key(pk):
    return f"{PREFIX}:state:{pk}"


def content_key(publication, kind):
    """The key of a rendering of `publication` in its present state."""
    return f"{PREFIX}:{kind}:{publication.pk}:{publication.state_token}"


def publication_with_state(pk):
    """The publication `pk` with its state (area, withdrawal, correction,
    what it supersedes): from the cache, else from the database. None if
    there is none."""
    publication = cache.get(state_key(pk))
    if publication is None:
        publication = Publication.objects.with_state().filter(pk=pk).first()
        if publication is not None:
            cache.add(state_key(pk), publication, TIMEOUT)
    return publication


def state_changed(publication_id, old_token):
    """After a withdrawal or a correction has committed: store the new
    state and drop the renderings of the old one."""
    publication = Publication.objects.with_state().filter(pk=publication_id).first()
    if publication is None:
        cache.delete(state_key(publication_id))
    else:
        cache.set(state_key(publication_id), publication, TIMEOUT)
    cache.delete_many([f"{PREFIX}:{kind}:{publication_id}:{old_token}" for kind in KINDS])


def forget(publication):
    """Drop every entry of a publication that is being deleted."""
    cache.delete_many([state_key(publication.pk), *(content_key(publication, kind) for kind in KINDS)])


def cached(key, build):
    """The cached value of `key`, else build() stored under it."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
