"""The public pages and the performance lead's publishing pages, for each
kind of visitor, with the caching of public pages."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from performance.publishing.models import Publication, Withdrawal
from performance.publishing.services import publication_create, publication_withdraw
from tests.publishing.factories import JANUARY, scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(wirral, alice):
    scorecard(wirral)
    return publication_create(area=wirral, month=JANUARY, user=alice)


def page_of(publication):
    return f"/areas/{publication.area.code}/publications/{publication.pk}/"


def indicator_page(publication, position):
    return f"{page_of(publication)}indicators/{position}/"


def text_of(body):
    """The page's text as a reader hears it: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace(" )", ")")


def chart_data(body):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', body)
    ]


class TestHome:
    def test_it_lists_each_area_with_its_latest_publication(self, client, published, walsall):
        body = client.get("/").content.decode()
        assert f'href="{page_of(published)}"' in body and "January 2025" in body
        assert 'href="/areas/335/"' in body and "No scorecard published yet." in body

    def test_a_withdrawn_publication_is_not_the_latest(self, client, published, alice):
        publication_withdraw(publication=published, user=alice, reason="Wrong month")
        assert page_of(published) not in client.get("/").content.decode()

    def test_it_makes_one_query_however_many_areas_and_publications(
        self, client, wirral, walsall, alice, ada, django_assert_num_queries
    ):
        with django_assert_num_queries(1):
            client.get("/")
        scorecard(wirral)
        scorecard(walsall, with_plan=False)
        for area, user in ((wirral, alice), (walsall, ada)):
            publication_create(area=area, month=JANUARY, user=user)
            publication_create(area=area, month=date(2024, 12, 1), user=user)
        with django_assert_num_queries(1):
            body = client.get("/").content.decode()
        assert body.count("Latest scorecard:") == 2

    def test_it_takes_a_lead_with_one_area_to_its_dashboard(self, client_for, alice):
        response = client_for(alice).get("/")
        assert response.status_code == 302 and response["Location"] == "/board/344/"


class TestAreaPublications:
    def test_it_lists_publications_newest_first_and_says_which_are_withdrawn_or_replaced(
        self, client, wirral, alice, published
    ):
        correction = publication_create(
            area=wirral, month=JANUARY, user=alice, correction_note="Two plans counted twice."
        )
        december = publication_create(area=wirral, month=date(2024, 12, 1), user=alice)
        publication_withdraw(publication=december, user=alice, reason="Published before approval.")
        body = client.get("/areas/344/").content.decode()
        order = [body.index(page_of(p)) for p in (correction, published, december)]
        assert order == sorted(order)
        assert "Withdrawn</strong> on" in body and "Published before approval." in body
        assert "Replaced</strong> by a correction" in body and "Two plans counted twice." in body

    def test_it_makes_three_queries_however_many_publications(
        self, client, published, alice, django_assert_num_queries
    ):
        # The area, its publications, and its figures published without suppression.
        with django_assert_num_queries(3):
            client.get("/areas/344/")
        for month in (date(2024, 10, 1), date(2024, 11, 1), date(2024, 12, 1)):
            publication_create(area=published.area, month=month, user=alice)
        with django_assert_num_queries(3):
            assert client.get("/areas/344/").content.decode().count("/publications/") == 4

    def test_an_area_without_publications_says_so(self, client, wirral):
        assert "Wirral has not published a scorecard yet." in client.get("/areas/344/").content.decode()

    def test_an_unknown_area_is_not_found(self, client, db):
        assert client.get("/areas/999/").status_code == 404


class TestPublicationPage:
    def test_it_reads_each_indicator_in_words(self, client, published):
        response = client.get(page_of(published))
        assert response.status_code == 200
        body = response.content.decode()
        assert body.count("<h1") == 1 and "SEND scorecard for January 2025" in body
        assert "Approved by</dt>" in body and "Alice, performance lead" in body
        assert "45.0%" in body and "18 out of 40" in body and "Red: further from the target" in body
        assert "Up 10.9 percentage points from 34.1% in December 2024: improving." in body
        assert "Share of new plans issued within the 20-week legal limit" in body
        assert "The new assessment panel meets weekly" in body
        assert "SENDLO, the local offer website" in body and "Moved to business as usual" in body
        assert "An internal measure" not in body and "Internal workforce review" not in body

    def test_a_small_count_shows_as_c_with_its_words_everywhere(self, client, published):
        body = text_of(client.get(page_of(published)).content.decode())
        assert "c (fewer than 5)" in body
        assert "Not rated: the figure is hidden (fewer than 5)" in body
        assert "The change is not shown: one of the figures it compares is hidden." in body

    def test_each_indicator_links_to_its_figures_by_period_which_are_not_on_the_page(self, client, published):
        body = client.get(page_of(published)).content.decode()
        links = re.findall(r'href="(/areas/344/publications/\d+/indicators/\d+/)"', body)
        assert links == [indicator_page(published, position) for position in (1, 2, 3)]
        assert 'See the figures by period<span class="govuk-visually-hidden"> for SEND tribunal appeals' in body
        # The chart and the table of each indicator are on its own page, not here.
        assert chart_data(body) == [] and "data-chart=" not in body and 'id="table-' not in body
        assert body.count("<table") == 1  # at a glance

    def test_another_area_s_code_or_an_unknown_id_is_not_found(self, client, published, walsall):
        assert client.get(f"/areas/335/publications/{published.pk}/").status_code == 404
        assert client.get(f"/areas/344/publications/{published.pk + 100}/").status_code == 404
        assert client.get(f"/areas/999/publications/{published.pk}/").status_code == 404

    def test_a_withdrawn_publication_shows_the_notice_and_no_figures(self, client, published, alice):
        publication_withdraw(publication=published, user=alice, reason="A figure could identify a child.")
        response = client.get(page_of(published))
        body = response.content.decode()
        assert response.status_code == 410
        assert "This scorecard has been withdrawn" in body and "A figure could identify a child." in body
        assert "45.0%" not in body and "application/json" not in body

    def test_a_replaced_publication_points_to_its_correction_and_says_what_changed(self, client, published, alice):
        correction = publication_create(area=published.area, month=JANUARY, user=alice, correction_note="Fixed EHCP20.")
        old = client.get(page_of(published)).content.decode()
        assert "Replaced by a correction" in old and "What changed: Fixed EHCP20." in old
        assert f'href="{page_of(correction)}"' in old
        new = client.get(page_of(correction)).content.decode()
        assert "This is a correction of the scorecard published on" in new and f'href="{page_of(published)}"' in new

    def test_public_pages_refuse_a_post(self, client, published):
        for path in ("/", "/areas/344/", page_of(published), page_of(published).rstrip("/") + ".csv"):
            assert client.post(path).status_code == 405, path


class TestIndicatorPage:
    def test_it_shows_the_figure_its_chart_and_its_table_of_published_figures(self, client, published):
        response = client.get(indicator_page(published, 1))
        assert response.status_code == 200
        body = response.content.decode()
        assert '<h1 class="govuk-heading-l">New EHC plans issued within 20 weeks</h1>' in body
        assert "Share of new plans issued within the 20-week legal limit" in body
        assert "45.0%" in body and "18 out of 40" in body and "Red: further from the target" in body
        (chart,) = chart_data(body)
        figure = next(t for t in chart["data"] if t["name"] == "Figure")
        assert figure["x"] == ["Oct 2024", "Nov 2024", "Dec 2024", "Jan 2025"]
        assert 'data-chart="chart-ehcp20"' in body and '<table class="govuk-table" id="table-ehcp20">' in body
        table = text_of(body[body.index('id="table-ehcp20"') :])
        assert "January 2025 45.0% 18 40 60.0%" in table
        assert f'href="{page_of(published)}#ehcp20">Back to the scorecard for January 2025</a>' in body
        assert f'<a class="govuk-breadcrumbs__link" href="{page_of(published)}">Scorecard for January 2025</a>' in body
        assert "An internal measure" not in body and "918273" not in body

    def test_each_comparator_says_where_it_comes_from_as_it_was_when_published(self, client, wirral, alice):
        from performance.models import Benchmark
        from performance.services import ratings_recompute

        card = scorecard(wirral)
        england = Benchmark.objects.create(
            indicator=card.ehcp20, series="england", period=JANUARY, value=Decimal("46.4"), source="DfE SEN2 2025"
        )
        Benchmark.objects.create(indicator=card.ehcp20, series="region", period=JANUARY, value=Decimal("50.5"))
        ratings_recompute(indicator_id=card.ehcp20.pk)
        publication = publication_create(area=wirral, month=JANUARY, user=alice)
        body = client.get(indicator_page(publication, 1)).content.decode()
        assert "England: 46.4% (DfE SEN2 2025)<br>Region: 50.5%</dd>" in body
        # A source edited later changes nothing published.
        Benchmark.objects.filter(pk=england.pk).update(source="Something else")
        cache.clear()
        assert "England: 46.4% (DfE SEN2 2025)" in client.get(indicator_page(publication, 1)).content.decode()

    def test_each_chart_carries_only_published_figures_and_has_its_table(self, client, published):
        body = client.get(indicator_page(published, 3)).content.decode()
        (tribunals,) = chart_data(body)
        assert 'data-chart="chart-trib"' in body and 'id="table-trib"' in body
        figure = next(t for t in tribunals["data"] if t["name"] == "Figure")
        assert figure["y"] == [7.0, 0.0, 6.0, None]

    def test_a_small_count_shows_as_c_with_its_words(self, client, published):
        body = text_of(client.get(indicator_page(published, 3)).content.decode())
        assert "January 2025 c (fewer than 5)" in body and "November 2024 0" in body
        assert "Not rated: the figure is hidden (fewer than 5)" in body
        assert " 3 " not in body.split("The figures by period")[1]

    @pytest.mark.parametrize("position", [0, 4, 99])
    def test_a_position_with_no_published_indicator_is_not_found(self, client, published, position):
        assert client.get(indicator_page(published, position)).status_code == 404

    def test_another_area_s_code_or_an_unknown_id_is_not_found(self, client, published, walsall):
        assert client.get(f"/areas/335/publications/{published.pk}/indicators/1/").status_code == 404
        assert client.get(f"/areas/344/publications/{published.pk + 100}/indicators/1/").status_code == 404

    def test_a_withdrawn_publication_s_indicator_shows_the_notice_and_no_figures(
        self, client, published, alice, django_capture_on_commit_callbacks
    ):
        assert client.get(indicator_page(published, 1)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            publication_withdraw(publication=published, user=alice, reason="A figure could identify a child.")
        response = client.get(indicator_page(published, 1))
        body = response.content.decode()
        assert response.status_code == 410 and "A figure could identify a child." in body
        assert "45.0%" not in body and "application/json" not in body and "<table" not in body

    def test_a_replaced_publication_s_indicator_points_to_the_correction(self, client, published, alice):
        correction = publication_create(area=published.area, month=JANUARY, user=alice, correction_note="Fixed.")
        body = client.get(indicator_page(published, 1)).content.decode()
        assert "Replaced by a correction" in body and f'href="{page_of(correction)}"' in body

    def test_it_makes_a_fixed_number_of_queries_and_refuses_a_post(self, client, published, django_assert_num_queries):
        client.get(indicator_page(published, 1))  # the publication's state is cached
        with django_assert_num_queries(2):  # the indicator; its points
            assert client.get(indicator_page(published, 1)).status_code == 200
        assert client.post(indicator_page(published, 1)).status_code == 405


class TestMonthLink:
    def test_it_leads_to_the_month_s_current_publication(self, client, published, alice):
        response = client.get("/areas/344/scorecards/2025-01/")
        assert response.status_code == 302 and response["Location"] == page_of(published)
        correction = publication_create(area=published.area, month=JANUARY, user=alice, correction_note="Fixed.")
        assert client.get("/areas/344/scorecards/2025-01/")["Location"] == page_of(correction)

    def test_a_withdrawn_month_leads_to_its_withdrawal_notice(self, client, published, alice):
        publication_withdraw(publication=published, user=alice, reason="Pulled.")
        response = client.get("/areas/344/scorecards/2025-01/", follow=True)
        assert response.status_code == 410 and "Pulled." in response.content.decode()

    @pytest.mark.parametrize(
        "path", ["/areas/344/scorecards/2024-12/", "/areas/344/scorecards/soon/", "/areas/999/scorecards/2025-01/"]
    )
    def test_an_unknown_area_or_month_is_not_found(self, client, published, path):
        assert client.get(path).status_code == 404


class TestCsv:
    def test_a_name_cannot_run_as_a_spreadsheet_formula(self, client, wirral, alice):
        from performance.models import Indicator

        scorecard(wirral)
        Indicator.objects.filter(area=wirral, code="EHCP20").update(name='=HYPERLINK("http://x","y")')
        publication = publication_create(area=wirral, month=JANUARY, user=alice)
        text = client.get(page_of(publication).rstrip("/") + ".csv").content.decode()
        names = {row["name"] for row in csv.DictReader(io.StringIO(text)) if row["code"] == "EHCP20"}
        assert names == {'\'=HYPERLINK("http://x","y")'}

    def test_it_holds_exactly_the_published_figures(self, client, published):
        response = client.get(page_of(published).rstrip("/") + ".csv")
        assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="send-scorecard-344-2025-01-' in response["Content-Disposition"]
        text = response.content.decode()
        assert text.splitlines()[0] == "code,name,unit,period,value,numerator,denominator,target,rag,change,direction"
        rows = {(r["code"], r["period"]): r for r in csv.DictReader(io.StringIO(text))}
        assert rows[("EHCP20", "2025-01")] == {
            "code": "EHCP20",
            "name": "New EHC plans issued within 20 weeks",
            "unit": "percent",
            "period": "2025-01",
            "value": "45.0",
            "numerator": "18",
            "denominator": "40",
            "target": "60.0",
            "rag": "red",
            "change": "10.9",
            "direction": "improving",
        }
        assert rows[("EHCP20", "2024-10")]["rag"] == ""
        tribunals = rows[("TRIB", "2025-01")]
        assert (tribunals["value"], tribunals["rag"], tribunals["change"], tribunals["direction"]) == ("c",) * 4
        assert rows[("TRIB", "2024-11")]["value"] == "0"
        assert not any(code == "SECRET" for code, _ in rows)

    def test_a_withdrawn_publication_has_no_download(self, client, published, alice):
        publication_withdraw(publication=published, user=alice, reason="Withdrawn for checks.")
        response = client.get(page_of(published).rstrip("/") + ".csv")
        assert response.status_code == 410 and "Withdrawn for checks." in response.content.decode()


class TestCaching:
    def test_a_signed_in_visit_reads_only_the_session_and_the_user(
        self, client_for, published, bob, django_assert_max_num_queries
    ):
        client = client_for(bob)
        client.get(page_of(published))
        with django_assert_max_num_queries(3):  # session, user, the header's areas
            assert client.get(page_of(published)).status_code == 200

    def test_the_page_makes_a_fixed_number_of_queries_whatever_its_size(
        self, client, wirral, walsall, alice, ada, django_assert_num_queries
    ):
        scorecard(wirral)
        small = publication_create(area=wirral, month=JANUARY, user=alice)
        months = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, 1, 1)]
        scorecard(walsall, months=months, ehcp=[(10 + m, 40) for m in range(13)])
        large = publication_create(area=walsall, month=JANUARY, user=ada)
        assert large.indicators.first().points.count() > small.indicators.first().points.count()
        for publication in (small, large):
            cache.clear()
            with django_assert_num_queries(4):  # the publication and its state; indicators; points; plans
                client.get(page_of(publication))

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_withdrawal_takes_effect_at_once(
        self, client_for, published, alice, bob, signed_in, django_capture_on_commit_callbacks
    ):
        client = client_for(bob) if signed_in else Client()
        csv_path = page_of(published).rstrip("/") + ".csv"
        assert client.get(page_of(published)).status_code == 200 and client.get(csv_path).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            publication_withdraw(publication=published, user=alice, reason="Pulled.")
        assert client.get(page_of(published)).status_code == 410
        assert client.get(csv_path).status_code == 410

    def test_supersession_takes_effect_at_once(self, client, published, alice, django_capture_on_commit_callbacks):
        assert "Replaced by a correction" not in client.get(page_of(published)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            publication_create(area=published.area, month=JANUARY, user=alice, correction_note="Fixed.")
        assert "Replaced by a correction" in client.get(page_of(published)).content.decode()

    def test_a_state_read_before_a_withdrawal_commits_cannot_outlive_it(self, client, published, alice):
        """A reader that missed the cache and read the old state adds it only
        if nothing is there; the service sets the new state after the commit."""
        from performance.publishing import caching

        stale = Publication.objects.with_state().get(pk=published.pk)
        publication_withdraw(publication=published, user=alice, reason="Pulled.")
        caching.state_changed(published.pk, stale.state_token)  # the commit's callback
        cache.add(caching.state_key(published.pk), stale, caching.TIMEOUT)  # the late reader
        assert client.get(page_of(published)).status_code == 410

    def test_an_anonymous_cached_page_is_served_without_the_database(
        self, client, published, django_assert_num_queries
    ):
        client.get(page_of(published))
        with django_assert_num_queries(0):
            assert client.get(page_of(published)).status_code == 200

    def test_deleting_the_area_drops_its_cached_pages(self, client, published, wirral):
        client.get(page_of(published))
        wirral.delete()
        assert client.get(page_of(published)).status_code == 404

    def test_the_cached_content_is_the_same_for_everyone_and_holds_nothing_of_a_user(self, client_for, published, bob):
        signed_in = client_for(bob).get(page_of(published)).content.decode()
        anonymous = Client().get(page_of(published)).content.decode()
        assert "Sign out" in signed_in and "Sign out" not in anonymous and "Sign in" in anonymous

        def main(body):
            return body[body.index("<main") : body.index("</main>")]

        assert main(signed_in) == main(anonymous)
        keys = sorted(key.split(":", 2)[2] for key in cache._cache if "publishing" in key)  # noqa: SLF001 - locmem
        assert [key.split(":")[3] for key in keys] == ["anonymous-page", "page", "state"]
        for key in keys[:2]:
            assert "bob" not in cache.get(key).lower() and "csrfmiddlewaretoken" not in cache.get(key)
            assert "Sign out" not in cache.get(key)


class TestPublishPage:
    def test_a_lead_sees_the_publications_and_the_form(self, client_for, published, alice):
        body = client_for(alice).get("/board/344/publish/").content.decode()
        assert body.count("<h1") == 1 and "Preview a month" in body
        assert f"/board/344/publish/{published.pk}/withdraw/" in body
        assert "/board/344/publish/preview/?month=2025-01" in body

    def test_the_header_links_to_it(self, client_for, wirral, alice):
        assert 'href="/board/344/publish/"' in client_for(alice).get("/board/344/").content.decode()

    @pytest.mark.parametrize("username", ["bob", "olive"])
    def test_other_roles_are_refused(self, client_for, request, wirral, username):
        client = client_for(request.getfixturevalue(username))
        for path in (
            "/board/344/publish/",
            "/board/344/publish/preview/?month=2025-01",
            "/board/344/publish/1/withdraw/",
        ):
            assert client.get(path).status_code == 403, path


class TestPreviewAndPublish:
    def test_the_preview_shows_what_will_be_published(self, client_for, wirral, alice):
        scorecard(wirral)
        response = client_for(alice).get("/board/344/publish/preview/?month=2025-01")
        body = response.content.decode()
        assert response.status_code == 200 and "Preview: scorecard for January 2025" in body
        assert "45.0%" in body and "Publish the scorecard for January 2025" in body
        assert "c (fewer than 5)" in text_of(body)
        assert "918273" not in body and "An internal measure" not in body
        assert not Publication.objects.exists()

    def test_an_old_published_month_can_still_be_corrected(self, client_for, wirral, alice):
        scorecard(wirral)
        old = publication_create(area=wirral, month=JANUARY, user=alice)
        from performance.publishing.forms import month_choices

        today = date(JANUARY.year + 3, 6, 15)
        assert "2025-01" in dict(month_choices(today, {old.period}))
        assert "2025-01" not in dict(month_choices(today))

    def test_a_month_not_offered_is_refused_with_a_message(self, client_for, wirral, alice):
        response = client_for(alice).get("/board/344/publish/preview/?month=1999-01")
        assert response.status_code == 400 and "Choose one of the months listed." in response.content.decode()

    def test_publishing_from_the_preview(self, client_for, wirral, alice):
        scorecard(wirral)
        response = client_for(alice).post("/board/344/publish/preview/", {"month": "2025-01"}, follow=True)
        publication = Publication.objects.get()
        assert response.redirect_chain == [("/board/344/publish/", 302)]
        assert "The scorecard for January 2025 is published." in response.content.decode()
        assert publication.published_by == alice

    def test_a_month_without_approved_values_is_refused_with_the_list(self, client_for, wirral, alice):
        scorecard(wirral)
        response = client_for(alice).post("/board/344/publish/preview/", {"month": "2025-02"})
        body = response.content.decode()
        assert response.status_code == 400 and "The scorecard was not published" in body
        assert "EHCP20 New EHC plans issued within 20 weeks: no value for February 2025 has been entered." in body
        assert not Publication.objects.exists()

    def test_publishing_a_month_again_needs_a_note_of_what_changed(self, client_for, published, alice):
        client = client_for(alice)
        preview = client.get("/board/344/publish/preview/?month=2025-01").content.decode()
        assert "Publishing it again makes a correction" in preview and "What changed" in preview
        refused = client.post("/board/344/publish/preview/", {"month": "2025-01", "correction_note": " "})
        assert refused.status_code == 400 and "can only be published again as a correction" in refused.content.decode()
        assert Publication.objects.count() == 1
        client.post("/board/344/publish/preview/", {"month": "2025-01", "correction_note": "Fixed EHCP20."})
        assert Publication.objects.get(supersedes=published).correction_note == "Fixed EHCP20."


class TestWithdrawPage:
    def test_it_withdraws_with_a_reason(self, client_for, published, alice):
        client = client_for(alice)
        path = f"/board/344/publish/{published.pk}/withdraw/"
        assert "Why is it withdrawn?" in client.get(path).content.decode()
        response = client.post(path, {"reason": "A figure could identify a child."}, follow=True)
        assert "The scorecard for January 2025 is withdrawn." in response.content.decode()
        assert Withdrawal.objects.get().reason == "A figure could identify a child."

    def test_it_refuses_a_withdrawal_without_a_reason(self, client_for, published, alice):
        response = client_for(alice).post(f"/board/344/publish/{published.pk}/withdraw/", {"reason": "  "})
        assert response.status_code == 400 and "Enter why the scorecard is withdrawn." in response.content.decode()
        assert not Withdrawal.objects.exists()

    def test_a_withdrawn_publication_cannot_be_withdrawn_again(self, client_for, published, alice):
        publication_withdraw(publication=published, user=alice, reason="First")
        response = client_for(alice).post(f"/board/344/publish/{published.pk}/withdraw/", {"reason": "Second"})
        assert response.status_code == 400 and "This scorecard was withdrawn on" in response.content.decode()
        assert Withdrawal.objects.get().reason == "First"

    def test_another_area_s_publication_or_an_unknown_one_is_not_found(self, client_for, published, walsall, ada):
        client = client_for(ada)
        assert client.get(f"/board/335/publish/{published.pk}/withdraw/").status_code == 404
        assert client.get(f"/board/344/publish/{published.pk + 100}/withdraw/").status_code == 404


class TestAnonymousPosts:
    @pytest.mark.parametrize("csrf", [False, True])
    def test_they_are_refused_and_change_nothing(self, published, csrf):
        client = Client(enforce_csrf_checks=csrf)
        for path, data in (
            ("/board/344/publish/preview/", {"month": "2025-01", "correction_note": "x"}),
            (f"/board/344/publish/{published.pk}/withdraw/", {"reason": "x"}),
            ("/board/344/publish/", {}),
        ):
            assert client.post(path, data).status_code == 403, path
        assert Publication.objects.count() == 1 and not Withdrawal.objects.exists()
