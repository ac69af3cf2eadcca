"""The public information pages: the accessibility statement follows GOV.UK's
model, the error pages are styled with DEBUG off, and the favicon is there."""

import html
import re

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's words: tags gone, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


STATUSES = (
    "This website is fully compliant with",
    "This website is partially compliant with",
    "This website is not compliant with",
)


@override_settings(
    ACCESSIBILITY_ORGANISATION="Wirral Council",
    ACCESSIBILITY_CONTACT_EMAIL="send.board@wirral.example",
    ACCESSIBILITY_CONTACT_PHONE="0151 606 2000",
    ACCESSIBILITY_REPLY_DAYS=5,
    ACCESSIBILITY_STATEMENT_PREPARED="2026-11-02",
    ACCESSIBILITY_STATEMENT_REVIEWED="2026-12-01",
    ACCESSIBILITY_LAST_TESTED="2026-12-04",
)
def test_the_statement_follows_the_model_with_the_organisation_contact_and_dates_from_settings(client):
    page = text_of(client.get("/accessibility/"))
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ):
        assert heading in page, heading
    assert "This website is run by Wirral Council." in page
    assert "Wirral Council is committed to making its website accessible" in page
    assert "send.board@wirral.example" in page and "0151 606 2000" in page
    assert "reply in 5 working days" in page
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018" in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "prepared on 2 November 2026" in page and "last reviewed on 1 December 2026" in page
    assert "last tested on 4 December 2026" in page
    assert sum(status in page for status in STATUSES) == 1
    assert "aims to be" not in page


def test_each_non_compliance_names_the_wcag_criterion_it_fails(client):
    page = text_of(client.get("/accessibility/"))
    section = page.split("Non-compliance with the accessibility regulations")[1].split("Content that's not within")[0]
    assert re.findall(r"success criteri(?:on|a) \d\.\d+\.\d+", section)
    assert "2.1.1 (Keyboard)" in section and "1.4.13 (Content on Hover or Focus)" in section


def test_the_statement_claims_only_the_zoom_and_width_the_browser_tests_prove(client):
    page = text_of(client.get("/accessibility/"))
    assert "zoom in up to 400% without the text spilling off the screen" in page
    assert "320 pixels" in page
    # Not proven by any test, so not claimed:
    assert "speech recognition software" not in page.split("How accessible")[0]
    assert "We have not yet tested the website with disabled users" in page


def test_a_missing_page_is_the_styled_404_with_debug_off(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "govuk-header" in body and "govuk-footer" in body and "govuk-frontend.min" in body
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body


@override_settings(ROOT_URLCONF="tests.send_board.error_urls")
def test_a_failure_is_the_styled_500_with_debug_off(settings):
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "govuk-header" in body and "/static/vendor/govuk-frontend/govuk-frontend.min.css" in body
    assert "/static/css/app.css" in body and "a deliberate failure" not in body


def test_the_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon" href="/static/images/favicon.svg"' in client.get("/").content.decode()
    assert client.get("/static/images/favicon.svg").status_code == 200


def test_pages_are_sent_gzipped_to_browsers_that_accept_it(client):
    import gzip

    response = client.get("/about-these-figures/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "About these figures" in page and len(response.content) < len(page) / 2
    assert "Content-Encoding" not in client.get("/about-these-figures/")
