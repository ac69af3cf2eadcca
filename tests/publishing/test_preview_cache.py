"""The publish preview reads the scorecard's rows once and builds its charts
once per draft: a view of the same draft is served from the cache, and any
new value, commentary or plan summary makes a new draft, shown at once. The
cached draft is never served to anyone who may not publish."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from performance import selectors as performance_selectors
from performance.models import ValueState
from performance.publishing import charts, selectors
from performance.publishing.models import Publication
from performance.services import ValueInput, commentary_save, ratings_recompute, value_reopen, value_update
from tests.improvement.factories import AreaOfConcernFactory
from tests.publishing.factories import JANUARY, scorecard

pytestmark = pytest.mark.django_db

PREVIEW = "/board/344/publish/preview/?month=2025-01"


@pytest.fixture
def calls(monkeypatch):
    """How often each view read the scorecard's rows and built a chart."""
    counts = {"rows": 0, "charts": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(selectors, "scorecard_rows", counted("rows", performance_selectors.scorecard_rows))
    monkeypatch.setattr(charts, "published_chart", counted("charts", charts.published_chart))
    return counts


def text_of(body):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def what_will_be_published(body):
    """The preview's copy of the publication, from its heading to the end of main."""
    return body[body.index("What will be published") : body.index("</main>")]


def ehcp20_rows(body):
    """(period, figure) of each row of the 20-week indicator's table."""
    table = body[body.index('<table class="govuk-table" id="table-ehcp20">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>', table, re.S)
    return [(period, text_of(figure).strip()) for period, figure in rows]


def test_the_rows_are_read_once_and_the_charts_built_once_per_draft(client_for, wirral, alice, calls):
    scorecard(wirral)
    client = client_for(alice)
    first = client.get(PREVIEW).content.decode()
    assert calls == {"rows": 1, "charts": 3}  # EHCP20, EHCPACT and TRIB have trends of four months
    second = client.get(PREVIEW).content.decode()
    assert calls == {"rows": 2, "charts": 3}
    assert what_will_be_published(second) == what_will_be_published(first)
    assert ehcp20_rows(second) == [
        ("October 2024", "22.5%"),
        ("November 2024", "29.3%"),
        ("December 2024", "34.1%"),
        ("January 2025", "45.0%"),
    ]
    assert second.count('<script type="application/json" id="chart-') == 3


def test_a_new_value_shows_at_the_next_view(client_for, wirral, alice, calls):
    card = scorecard(wirral)
    client = client_for(alice)
    assert ("January 2025", "45.0%") in ehcp20_rows(client.get(PREVIEW).content.decode())
    january = card.ehcp20.values.get(period=JANUARY)
    value_reopen(value=january, user=alice, reason="Two plans were counted twice.")
    january.refresh_from_db()
    value_update(
        value=january,
        entry=ValueInput(period=JANUARY, numerator=20, denominator=40),
        user=alice,
        state=ValueState.APPROVED,
    )
    ratings_recompute(indicator_id=card.ehcp20.pk)
    body = client.get(PREVIEW).content.decode()
    assert ehcp20_rows(body)[-1] == ("January 2025", "50.0%")
    assert "45.0%" not in what_will_be_published(body)
    assert calls["charts"] == 6  # built again for the new draft


def test_a_value_reopened_leaves_the_draft_at_once(client_for, wirral, alice):
    card = scorecard(wirral)
    client = client_for(alice)
    assert ("January 2025", "45.0%") in ehcp20_rows(client.get(PREVIEW).content.decode())
    value_reopen(value=card.ehcp20.values.get(period=JANUARY), user=alice, reason="Checking the count.")
    ratings_recompute(indicator_id=card.ehcp20.pk)
    body = client.get(PREVIEW).content.decode()
    assert [period for period, _figure in ehcp20_rows(body)] == ["October 2024", "November 2024", "December 2024"]
    assert "EHCP20 New EHC plans issued within 20 weeks: the value for January 2025 is not approved yet." in body


def test_new_commentary_and_a_new_plan_summary_show_at_the_next_view(client_for, wirral, alice):
    card = scorecard(wirral)
    client = client_for(alice)
    before = text_of(client.get(PREVIEW).content.decode())
    assert "capacity has doubled" in before and "Sufficiency of specialist places" not in before
    commentary_save(indicator=card.ehcp20, period=JANUARY, text="Two more caseworkers started in January.", user=alice)
    AreaOfConcernFactory(
        plan=card.plan,
        number=3,
        title="Sufficiency of specialist places",
        publishable=True,
        public_summary="A new resource base opens in September.",
    )
    after = text_of(client.get(PREVIEW).content.decode())
    assert "Two more caseworkers started in January." in after and "capacity has doubled" not in after
    assert "3. Sufficiency of specialist places" in after and "A new resource base opens in September." in after


def test_the_cached_draft_reaches_no_one_who_may_not_publish(client_for, wirral, alice, bob, olive):
    scorecard(wirral)
    body = client_for(alice).get(PREVIEW).content.decode()
    assert "The new assessment panel meets weekly" in body
    drafts = [key for key in cache._cache if "publishing:preview" in key]  # noqa: SLF001 - locmem
    assert len(drafts) == 1
    anonymous = Client().get(PREVIEW)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    for user in (bob, olive):
        refused = client_for(user).get(PREVIEW)
        assert refused.status_code == 403
        assert "The new assessment panel meets weekly" not in refused.content.decode()
    for path in ("/", "/areas/344/"):
        public = Client().get(path, follow=True)
        assert public.status_code == 200
        assert "The new assessment panel meets weekly" not in public.content.decode()
    assert not Publication.objects.exists()


def test_the_draft_version_follows_what_is_published_and_nothing_else(wirral, alice):
    card = scorecard(wirral)
    first = selectors.publication_draft(area=wirral, month=JANUARY)
    assert selectors.publication_draft(area=wirral, month=JANUARY).version == first.version
    card.secret.values.update(value=Decimal(1))  # not publishable: not in the draft
    assert selectors.publication_draft(area=wirral, month=JANUARY).version == first.version
    card.active.values.filter(period=JANUARY).update(value=Decimal(3500))
    assert selectors.publication_draft(area=wirral, month=JANUARY).version != first.version
