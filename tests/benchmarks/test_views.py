"""The benchmark pages: who may open them, what they show, and bad input."""

import pytest
from django.urls import reverse

from ehcp.benchmarks.models import Figure, Release
from ehcp.benchmarks.services import sen2_import
from send_board.models import Role
from tests.factories import MembershipFactory

from .factories import calendar_year_of_figures, sen2_csv, sen2_row, small_release
from .test_ranking_cache import ranked_rows

pytestmark = pytest.mark.django_db


def url(name, code="344", **kwargs):
    return reverse(f"benchmarks:{name}", kwargs={"code": code, **kwargs})


@pytest.fixture
def imported(db):
    return sen2_import(source=small_release(years=(2022, 2023, 2024)), file_name="timeliness_20_week.csv").release


def upload_file(raw, name="timeliness_20_week.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, raw, content_type="text/csv")


class TestWhoMayDoWhat:
    READ_PAGES = ["panel", "ranking", "reconciliation", "releases", "export"]
    LEAD_PAGES = ["upload", "neighbours"]

    @pytest.mark.parametrize("page", READ_PAGES)
    def test_every_role_of_the_area_reads_the_benchmarks(self, client_for, imported, alice, bob, olive, ada, page):
        for user in (alice, bob, olive, ada):
            assert client_for(user).get(url(page)).status_code == 200, (user.username, page)

    @pytest.mark.parametrize("page", LEAD_PAGES)
    def test_only_a_performance_lead_or_administrator_imports_or_changes_neighbours(
        self, client_for, imported, alice, bob, olive, ada, page
    ):
        assert client_for(bob).get(url(page)).status_code == 403
        assert client_for(olive).get(url(page)).status_code == 403
        assert client_for(alice).get(url(page)).status_code == 200
        assert client_for(ada).get(url(page)).status_code == 200

    def test_a_board_member_cannot_post_an_import(self, client_for, bob):
        response = client_for(bob).post(url("upload"), {"file": upload_file(small_release())})
        assert response.status_code == 403
        assert not Release.objects.exists()

    def test_an_officer_cannot_post_neighbours(self, client_for, imported, wirral, olive):
        assert client_for(olive).post(url("neighbours"), {"codes": "343"}).status_code == 403
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == []

    @pytest.mark.parametrize("page", READ_PAGES + LEAD_PAGES)
    def test_someone_of_another_area_gets_404(self, client_for, imported, wirral, charlie, page):
        assert client_for(charlie).get(url(page)).status_code == 404

    def test_a_lead_of_another_area_may_import_national_figures_from_their_own_area(self, client_for, walsall):
        lead = MembershipFactory(user__username="wally", local_area=walsall, role=Role.PERFORMANCE_LEAD).user
        response = client_for(lead).post(url("upload", code="335"), {"file": upload_file(small_release())})
        assert response.status_code == 302
        assert Release.objects.get().imported_via == "Upload, Walsall (335)"

    def test_an_unknown_release_is_404(self, client_for, alice):
        assert client_for(alice).get(url("release", release_id=999)).status_code == 404


class TestThePanelPage:
    def test_it_compares_the_area_with_england_its_region_and_neighbours(self, client_for, imported, wirral, bob):
        wirral.statistical_neighbours = ["343", "340"]
        wirral.save()
        response = client_for(bob).get(url("panel"))
        html = response.content.decode()
        assert response.context["benchmark"].years[-1].area_pct == 13
        assert "In 2024, Wirral issued 13.0% of new EHC plans within 20 weeks (13 of 100" in html
        assert "England 50.0%" in html and "North West 50.0%" in html and "statistical neighbours 55.0%" in html
        assert "ranked 3rd of 3 local authorities" in html
        assert 'id="benchmark-chart"' in html and 'id="benchmark-table"' in html
        assert "Sefton (343)" in html and "Knowsley (340)" in html
        assert "Change statistical neighbours" not in html  # a board member

    def test_a_lead_sees_the_links_to_change_things(self, client_for, imported, alice):
        html = client_for(alice).get(url("panel")).content.decode()
        assert url("neighbours") in html and url("upload") in html

    def test_before_any_import_it_says_so(self, client_for, alice):
        html = client_for(alice).get(url("panel")).content.decode()
        assert "have not been imported yet" in html
        assert url("upload") in html

    def test_it_names_its_source_and_when_it_was_imported(self, client_for, imported, bob):
        response = client_for(bob).get(url("panel"))
        assert response.context["figures_source"].startswith("Department for Education, Education, health and care")
        assert response.context["last_updated"] == imported.imported_at

    def test_it_makes_the_same_number_of_queries_whatever_the_number_of_years(
        self, client_for, bob, wirral, django_assert_num_queries
    ):
        client = client_for(bob)
        wirral.statistical_neighbours = ["343", "340"]
        wirral.save()
        sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
        client.get(url("panel"))  # warm the session
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # measured uncached, as after the import below
        client.get("/accounts/")  # the header's own cached parts (not the benchmarks') are warm again
        with CaptureQueriesContext(connection) as one_year:
            client.get(url("panel"))
        sen2_import(
            source=small_release(years=range(2010, 2024), extra_las=["350", "351", "352"]), file_name="many.csv"
        )
        with django_assert_num_queries(len(one_year)):
            response = client.get(url("panel"))
        assert len(response.context["benchmark"].years) == 15


def test_a_board_member_sees_the_comparison_on_the_ehcp_page(client_for, imported, wirral, bob):
    wirral.statistical_neighbours = ["343", "340"]
    wirral.save()
    html = client_for(bob).get(reverse("ehcp:timeliness", kwargs={"code": "344"})).content.decode()
    assert "How Wirral compares nationally" in html
    assert "England 50.0%, North West 50.0%, statistical neighbours 55.0%" in html
    assert url("ranking") in html


class TestTheTemplateTag:
    def render(self, area, access=None):
        from django.template import Context, Template

        return Template("{% load benchmarks %}{% benchmark_panel area %}").render(
            Context({"area": area, "area_access": access})
        )

    def test_it_renders_the_panel_for_the_ehcp_page(self, imported, wirral, alice):
        from send_board.access import area_access_for

        html = self.render(wirral, area_access_for(alice, "344"))
        assert "How Wirral compares nationally" in html
        assert "13.0" in html and url("ranking") in html and url("upload") in html

    def test_it_shows_no_lead_links_without_the_capability(self, imported, wirral, bob):
        from send_board.access import area_access_for

        html = self.render(wirral, area_access_for(bob, "344"))
        assert url("upload") not in html
        assert url("ranking") in html

    def test_its_queries_do_not_grow_with_the_years(self, wirral, django_assert_num_queries):
        sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
        # The releases' version, then (not yet cached) figures, geographies and releases.
        with django_assert_num_queries(4):
            self.render(wirral)
        sen2_import(source=small_release(years=range(2012, 2024)), file_name="many.csv")
        with django_assert_num_queries(4):
            html = self.render(wirral)
        assert html.count('<th scope="row" class="govuk-table__header">') == 13


class TestTheRankingPage:
    def test_it_ranks_every_authority_for_the_chosen_year(self, client_for, imported, wirral, bob):
        wirral.statistical_neighbours = ["343"]
        wirral.save()
        response = client_for(bob).get(url("ranking"), {"year": "2023"})
        assert response.status_code == 200
        assert response.context["year"] == 2023
        html = response.content.decode()
        assert ranked_rows(html) == [
            ("1", "Knowsley", "other"),
            ("2", "Sefton Neighbour", "neighbour"),
            ("3", "Wirral This area", "area"),
        ]
        assert "This area" in html and "Neighbour" in html
        assert "ranked 3rd of 3" in html

    def test_the_latest_year_is_the_default(self, client_for, imported, bob):
        assert client_for(bob).get(url("ranking")).context["year"] == 2024

    def test_a_year_without_figures_is_refused_and_the_latest_shown(self, client_for, imported, bob):
        response = client_for(bob).get(url("ranking"), {"year": "1999"})
        assert response.status_code == 200
        assert response.context["form"].errors["year"]
        assert response.context["year"] == 2024

    def test_its_queries_do_not_grow_with_the_authorities(self, client_for, bob, django_assert_max_num_queries):
        client = client_for(bob)
        sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
        client.get(url("ranking"))
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # measured uncached, the dearer case
        with CaptureQueriesContext(connection) as few:
            client.get(url("ranking"))
        sen2_import(
            source=small_release(years=(2024,), extra_las=[str(c) for c in range(350, 400)]), file_name="many.csv"
        )
        with django_assert_max_num_queries(len(few)):
            response = client.get(url("ranking"))
        assert len(ranked_rows(response.content.decode())) == 53

    def test_the_national_figures_are_read_once_until_a_release_is_imported(self, client_for, bob):
        client = client_for(bob)
        sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url("ranking"))
        with CaptureQueriesContext(connection) as cached:
            first = client.get(url("ranking"))
        assert not [q for q in cached.captured_queries if "benchmarks_figure" in q["sql"]]
        assert len(ranked_rows(first.content.decode())) == 3
        sen2_import(
            source=small_release(years=(2024,), extra_las=[str(c) for c in range(350, 360)]), file_name="more.csv"
        )
        assert len(ranked_rows(client.get(url("ranking")).content.decode())) == 13


class TestTheUploadPage:
    def test_a_lead_imports_the_file_and_sees_the_report(self, client_for, alice):
        response = client_for(alice).post(
            url("upload"), {"file": upload_file(small_release()), "published_on": "2025-06-26"}, follow=True
        )
        release = Release.objects.get()
        assert response.redirect_chain[-1][0] == url("release", release_id=release.pk)
        assert release.imported_by == alice
        assert str(release.published_on) == "2025-06-26"
        html = response.content.decode()
        assert "Imported Education, health and care plans, reporting year 2025" in html
        assert "No row was flagged" in html

    def test_the_same_file_twice_says_nothing_changed(self, client_for, alice):
        client = client_for(alice)
        client.post(url("upload"), {"file": upload_file(small_release())})
        response = client.post(url("upload"), {"file": upload_file(small_release())}, follow=True)
        assert "already imported" in response.content.decode()
        assert Release.objects.count() == 1

    def test_flagged_rows_are_listed_on_the_report(self, client_for, alice):
        raw = sen2_csv(
            [sen2_row(2022, "Local authority", code="807", name="Redcar", issued="144", within="45", pct="31.2")]
        )
        response = client_for(alice).post(url("upload"), {"file": upload_file(raw)}, follow=True)
        html = response.content.decode()
        assert "1 row(s) flagged" in html
        assert "31.2" in html and "31.3" in html

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            (b"time_period,geographic_level,ehcplans\n201819,National,353995\n", "This is not DfE"),
            (b"", "The submitted file is empty"),
            (b"\x00\x01\x02", "not a CSV"),
        ],
    )
    def test_a_file_that_is_not_the_dataset_is_refused_and_nothing_stored(self, client_for, alice, raw, message):
        response = client_for(alice).post(url("upload"), {"file": upload_file(raw)})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Release.objects.exists() and not Figure.objects.exists()

    def test_bad_rows_are_listed_and_nothing_stored(self, client_for, alice):
        rows = [sen2_row(2024, "National"), sen2_row(2024, "Local authority", code="3x4", name="Wirral")]
        response = client_for(alice).post(url("upload"), {"file": upload_file(sen2_csv(rows))})
        html = response.content.decode()
        assert "1 problem(s) in the file&#x27;s rows" in html
        assert "three-digit DfE local authority code" in html
        assert response.context["row_errors"][0].row == 3
        assert not Release.objects.exists()

    def test_a_file_larger_than_the_limit_is_refused_before_reading(self, client_for, alice, settings):
        settings.MAX_UPLOAD_BYTES = 100
        response = client_for(alice).post(url("upload"), {"file": upload_file(small_release())})
        assert "the largest accepted is" in response.content.decode()
        assert not Release.objects.exists()

    def test_no_file_is_an_error(self, client_for, alice):
        response = client_for(alice).post(url("upload"), {})
        assert "Choose timeliness_20_week.csv to import." in response.content.decode()


class TestTheNeighboursPage:
    def test_a_lead_sets_neighbours(self, client_for, imported, wirral, alice):
        response = client_for(alice).post(url("neighbours"), {"codes": "343, 340"})
        assert response.status_code == 302
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == ["343", "340"]

    @pytest.mark.parametrize(
        ("codes", "message"),
        [
            ("344", "an area cannot be its own statistical neighbour"),
            ("343 999", "999: not a local authority in DfE&#x27;s imported statistics"),
            (" ".join(str(c) for c in range(330, 341)), "at most 10 statistical neighbours"),
            ("E12000002", "three digits"),
        ],
    )
    def test_bad_codes_are_refused_with_a_message_and_nothing_changes(
        self, client_for, imported, wirral, alice, codes, message
    ):
        response = client_for(alice).post(url("neighbours"), {"codes": codes})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
        wirral.refresh_from_db()
        assert wirral.statistical_neighbours == []

    def test_the_page_lists_the_codes_of_every_authority(self, client_for, imported, alice):
        html = client_for(alice).get(url("neighbours")).content.decode()
        assert "Knowsley" in html and "340" in html


class TestReconciliation:
    def test_a_whole_year_of_returns_is_set_beside_sen2(self, client_for, imported, wirral, bob):
        calendar_year_of_figures(wirral, 2024, monthly_issued=10, monthly_within=2)  # 120 issued, 24 within: 20.0%
        response = client_for(bob).get(url("reconciliation"))
        (row,) = response.context["rows"]
        assert (row.year, row.source, row.local_issued, row.local_within, row.local_pct) == (
            2024,
            "returns",
            120,
            24,
            20,
        )
        assert (row.sen2.issued, row.sen2.within, row.sen2.pct) == (100, 13, 13)
        assert row.comparison.plans_difference == 20
        assert str(row.comparison.points_difference) == "7.0"
        assert row.comparison.disagrees
        html = response.content.decode()
        assert "Differs by more than one point" in html
        assert "In 1 year, our figure and DfE" in html

    def test_a_year_without_a_complete_december_is_not_reconciled(self, client_for, imported, wirral, bob):
        figures = calendar_year_of_figures(wirral, 2024)
        figures[-1].delete()  # no December
        assert client_for(bob).get(url("reconciliation")).context["rows"] == []

    def test_case_records_are_reconciled_too_and_a_year_dfe_has_not_published_says_so(
        self, client_for, imported, wirral, bob
    ):
        calendar_year_of_figures(wirral, 2025, source="cases", approved=False)
        response = client_for(bob).get(url("reconciliation"))
        (row,) = response.context["rows"]
        assert (row.source, row.sen2, row.approved) == ("cases", None, False)
        assert "DfE has published no figure for 2025 yet" in response.content.decode()

    def test_agreement_within_a_point_is_said(self, client_for, imported, wirral, bob):
        calendar_year_of_figures(wirral, 2023, monthly_issued=10, monthly_within=1)  # 120, 12: 10.0% vs 13.0
        calendar_year_of_figures(wirral, 2022, monthly_issued=25, monthly_within=3)  # 300, 36: 12.0% vs 13.0
        rows = client_for(bob).get(url("reconciliation")).context["rows"]
        assert [(r.year, r.comparison.disagrees) for r in rows] == [(2023, True), (2022, False)]


def test_the_csv_download_has_the_export_columns(client_for, imported, bob):
    response = client_for(bob).get(url("export"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "year,issued,within_20_weeks,area_pct,region_pct,england_pct,neighbours_pct,rank,of,quartile"
    assert lines[-1] == "2024,100,13,13.0,50.0,50.0,,3,3,4"


def test_the_list_of_imports_shows_who_imported_what(client_for, imported, bob):
    html = client_for(bob).get(url("releases")).content.decode()
    assert "Education, health and care plans, reporting year 2025" in html
    assert "2022, 2023, 2024" in html
