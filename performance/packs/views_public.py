"""The accessible PDF of a publication: public, made only from its snapshot."""

from django.http import Http404
from django.views.decorators.http import require_safe

from performance.publishing import caching
from send_board.access import public
from send_board.tables_io import attachment

from . import services


@public
@require_safe
def publication_pdf(request, code, pk):
    """The publication as a tagged PDF (PDF/UA-1). Like its page, a withdrawn
    one answers 410, and its PDF says it was withdrawn and why. Kept in the
    public pages' cache under the publication's state, as its page and CSV are."""
    publication = caching.publication_with_state(pk)
    if publication is None or publication.area.code != code:
        raise Http404("No such publication.")
    content = caching.cached(
        caching.content_key(publication, "pdf"), lambda: services.publication_pdf(publication=publication)
    )
    return attachment(
        content,
        filename=f"send-scorecard-{publication.area.code}-{publication.period_key}-{publication.pk}.pdf",
        content_type="application/pdf",
        status=410 if publication.is_withdrawn else 200,
    )
