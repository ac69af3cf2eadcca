"""Accessibility, proven in real Chromium with axe-core: no WCAG 2.2 A or AA
violation on every public page and on the main signed-in pages, with the
demo loaded so that the pages have real content.

Besides the demo's own publications, a test area publishes a scorecard, a
correction of it and a withdrawn one, so that every state of a publication
page is checked. Each failure names the page, the rule and the elements.
"""

from datetime import date

import pytest
from django.db.models import Max

from performance.publishing.models import Publication, PublishedIndicator
from performance.publishing.services import publication_create, publication_withdraw
from send_board.demo import DEMO_PASSWORD
from send_board.models import LocalArea
from tests.conftest import load_demo, sign_in_through_the_form, wait_for_charts
from tests.factories import LocalAreaFactory
from tests.publishing.factories import JANUARY, scorecard

SIGNED_IN_PAGES = [
    "/board/344/",
    "/board/344/scorecard/",
    "/board/344/ehcp/",
    "/board/344/plan/",
    "/board/344/risks/",
    "/board/344/publish/",
]


@pytest.fixture
def demo(transactional_db):
    load_demo()
    from django.contrib.auth import get_user_model

    lead = get_user_model().objects.get(username="lead")
    test_area = LocalAreaFactory(code="799", name="Testshire", region="North West")
    lead.memberships.create(local_area=test_area, role="performance_lead")
    scorecard(test_area)
    first = publication_create(area=test_area, month=JANUARY, user=lead)
    publication_create(area=test_area, month=JANUARY, user=lead, correction_note="The tribunal count was checked.")
    december = publication_create(area=test_area, month=date(2024, 12, 1), user=lead)
    publication_withdraw(publication=december, user=lead, reason="Published before the figures were approved.")
    return first


def public_pages():
    pages = ["/", "/about-these-figures/", "/accessibility/", "/accounts/login/"]
    pages += [f"/areas/{code}/" for code in LocalArea.objects.order_by("code").values_list("code", flat=True)]
    pages += [
        f"/areas/{p.area.code}/publications/{p.pk}/" for p in Publication.objects.select_related("area").order_by("pk")
    ]
    # The first and last indicator's own page of each publication (a withdrawn one's says so).
    last = dict(
        PublishedIndicator.objects.values("publication")
        .annotate(last=Max("position"))
        .values_list("publication", "last")
    )
    pages += [
        f"/areas/{i.publication.area.code}/publications/{i.publication_id}/indicators/{i.position}/"
        for i in PublishedIndicator.objects.select_related("publication__area").order_by("publication", "position")
        if i.position in (1, last[i.publication_id])
    ]
    return pages


def check(page, axe_violations, path, found):
    response = page.goto(path)
    assert response.status in (200, 410), (path, response.status)
    wait_for_charts(page)
    assert page.locator("h1").count() == 1, path
    violations = axe_violations(page)
    if violations:
        found[path] = violations


def test_every_public_page_has_no_violations(page, axe_violations, demo):
    found = {}
    pages = public_pages()
    assert len([p for p in pages if "/publications/" in p]) >= 3
    assert len([p for p in pages if "/indicators/" in p]) >= 12
    for path in pages:
        check(page, axe_violations, path, found)
    assert found == {}, "\n".join(f"{path}: {violations}" for path, violations in found.items())


def test_the_main_signed_in_pages_have_no_violations(page, axe_violations, demo):
    sign_in_through_the_form(page, "lead", DEMO_PASSWORD)
    found = {}
    for path in [*SIGNED_IN_PAGES, "/board/799/publish/preview/?month=2025-01", "/", "/board/799/publish/"]:
        check(page, axe_violations, path, found)
    assert found == {}, "\n".join(f"{path}: {violations}" for path, violations in found.items())
