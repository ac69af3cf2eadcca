"""The ranking page's rendered content is cached per data version, year, area
and neighbours: an import of DfE's figures (import_sen2) or a change of
neighbours shows at once, and a view served from the cache reads no figure."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp.benchmarks.services import neighbours_set, sen2_import
from tests.factories import LocalAreaFactory, MembershipFactory

from .factories import sen2_csv, sen2_row, small_release

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="govuk-table__row" data-role="(\w+)">(.*?)</tr>', re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def ranking_url(code="344"):
    return reverse("benchmarks:ranking", kwargs={"code": code})


def table_rows(html, table_id):
    """The cells' text of each body row of the table `table_id`, with the row's data-role."""
    start = html.index(f'<table class="govuk-table" id="{table_id}">')
    table = html[start : html.index("</table>", start)]
    rows = []
    for role, cells in ROW.findall(table):
        texts = [" ".join(TAG.sub(" ", cell).split()) for cell in CELL.findall(cells)]
        rows.append((role, texts))
    return rows


def ranked_rows(html):
    """(rank, local authority with its tag, data-role) of each ranked row."""
    return [(cells[0], cells[1], role) for role, cells in table_rows(html, "ranking-table")]


def wirral_release(within, *, extra_las=()):
    """A 2024 file in which Wirral issued 100 plans, `within` of them in 20 weeks."""
    return sen2_csv(
        [
            sen2_row(2024, "National", issued="1000", within="500"),
            sen2_row(2024, "Regional", issued="300", within="150"),
            sen2_row(2024, "Local authority", code="344", name="Wirral", issued="100", within=str(within)),
            sen2_row(2024, "Local authority", code="343", name="Sefton", issued="80", within="40"),
            sen2_row(2024, "Local authority", code="340", name="Knowsley", issued="20", within="15"),
            *(sen2_row(2024, "Local authority", code=c, name=f"LA {c}") for c in extra_las),
        ]
    )


def ranking_content(html):
    """The page from the summary to the note under the tables (the cached part)."""
    return html[html.index('id="ranking-summary"') : html.index("Back to national benchmarks")]


def rendered_ranking(response):
    return "benchmarks/_ranking.html" in [t.name for t in response.templates]


def test_a_second_view_is_served_from_the_cache_without_reading_a_figure(client_for, bob):
    sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
    client = client_for(bob)
    first = client.get(ranking_url())
    assert rendered_ranking(first)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(ranking_url())
    assert not rendered_ranking(second)
    assert not [q for q in queries.captured_queries if "benchmarks_figure" in q["sql"]]
    assert ranked_rows(second.content.decode()) == [
        ("1", "Knowsley", "other"),
        ("2", "Sefton", "other"),
        ("3", "Wirral This area", "area"),
    ]
    assert "Wirral: 13.0% (13 of 100 plans within 20 weeks), ranked 3rd of 3" in second.content.decode()


def test_import_sen2_shows_the_new_figures_at_the_next_view(client_for, bob, tmp_path):
    sen2_import(source=wirral_release(13), file_name="first.csv", reporting_year=2025)
    client = client_for(bob)
    before = client.get(ranking_url()).content.decode()
    cached = client.get(ranking_url())
    assert not rendered_ranking(cached)
    assert ranking_content(cached.content.decode()) == ranking_content(before)
    assert ("3", "Wirral This area", "area") in ranked_rows(before)
    corrected = tmp_path / "timeliness_20_week.csv"
    corrected.write_bytes(wirral_release(90))
    call_command("import_sen2", str(corrected), "--reporting-year", "2026")
    response = client.get(ranking_url())
    assert rendered_ranking(response)
    after = response.content.decode()
    assert ranked_rows(after) == [
        ("1", "Wirral This area", "area"),
        ("2", "Knowsley", "other"),
        ("3", "Sefton", "other"),
    ]
    assert table_rows(after, "ranking-table")[0][1][3:] == ["100", "90", "90.0", "2"]  # quartile ceil(4 × 1 ÷ 3)
    assert "Wirral: 90.0% (90 of 100 plans within 20 weeks), ranked 1st of 3" in after


def test_an_import_that_adds_authorities_adds_their_rows(client_for, bob):
    sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
    client = client_for(bob)
    assert len(ranked_rows(client.get(ranking_url()).content.decode())) == 3
    sen2_import(source=small_release(years=(2024,), extra_las=["350", "351"]), file_name="more.csv")
    html = client.get(ranking_url()).content.decode()
    assert [name for _rank, name, _role in ranked_rows(html)] == [
        "Knowsley",
        "LA 350",
        "LA 351",
        "Sefton",
        "Wirral This area",
    ]


def test_new_neighbours_are_marked_at_the_next_view(client_for, bob, wirral):
    sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
    client = client_for(bob)
    assert ("2", "Sefton", "other") in ranked_rows(client.get(ranking_url()).content.decode())
    neighbours_set(area=wirral, codes=["343"])
    html = client.get(ranking_url()).content.decode()
    assert ("2", "Sefton Neighbour", "neighbour") in ranked_rows(html)


def test_each_year_is_cached_apart(client_for, bob):
    sen2_import(source=small_release(years=(2023, 2024)), file_name="two.csv")
    client = client_for(bob)
    latest = client.get(ranking_url()).content.decode()
    earlier = client.get(ranking_url(), {"year": "2023"}).content.decode()
    assert "2024: local authorities ranked by % of EHC plans issued within 20 weeks" in latest
    assert "2023: local authorities ranked by % of EHC plans issued within 20 weeks" in earlier
    assert "2023: local authorities ranked" not in latest
    again = client.get(ranking_url(), {"year": "2023"})
    assert not rendered_ranking(again)
    assert ranking_content(again.content.decode()) == ranking_content(earlier)


def test_another_area_gets_its_own_marks_not_a_cached_copy(client_for, bob, wirral):
    sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
    wirral_html = client_for(bob).get(ranking_url()).content.decode()
    assert ("3", "Wirral This area", "area") in ranked_rows(wirral_html)
    sefton = LocalAreaFactory(code="343", name="Sefton")
    MembershipFactory(user=bob, local_area=sefton)
    sefton_html = client_for(bob).get(ranking_url("343")).content.decode()
    assert ranked_rows(sefton_html) == [
        ("1", "Knowsley", "other"),
        ("2", "Sefton This area", "area"),
        ("3", "Wirral", "other"),
    ]


def test_the_cached_table_is_a_govuk_table_in_a_labelled_scrolling_region(client_for, bob):
    sen2_import(source=small_release(years=(2024,)), file_name="one.csv")
    client = client_for(bob)
    client.get(ranking_url())
    html = client.get(ranking_url()).content.decode()
    assert (
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby="ranking-table-caption">\n'
        '  <table class="govuk-table" id="ranking-table">\n'
        '    <caption class="govuk-table__caption govuk-table__caption--s" id="ranking-table-caption">'
        "2024: local authorities ranked by % of EHC plans issued within 20 weeks</caption>"
    ) in html
    assert html.count('<th scope="col" class="govuk-table__header govuk-table__header--numeric">Rank</th>') == 1
