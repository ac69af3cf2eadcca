"""A timeline step page's national table prints DfE's stored percentages
(two decimals as the tribunal table has them, or whole from the 20-week
file's band) to one decimal, as the timeline overview does: "37.9%", never
"37.90%"; "0.0%", never "0%". Counts stay whole."""

import pytest
from django.db import transaction

from ehcp.benchmarks.demo import DATA_FILE, TIMELINE_FILES
from ehcp.benchmarks.services import sen2_import

pytestmark = pytest.mark.django_db
REQUESTS_FILE = TIMELINE_FILES[0]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """DfE's 20-week file (the over-52-week band) and its requests file, imported once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield [sen2_import(source=p, file_name=p.name).release for p in (DATA_FILE, REQUESTS_FILE)]
        transaction.set_rollback(True)


def measure_table(html):
    return html.split('id="measure-table"', 1)[1].split("</table>", 1)[0]


def test_the_requests_step_reads_as_the_overview_does(imported, client_for, bob, wirral):
    step = client_for(bob).get("/board/344/ehcp/timeline/requests_6_weeks/").content.decode()
    table = measure_table(step)
    assert "37.9%" in table and "84.8%" in table and "549 of 1,449" in table
    assert "63.0% <span" in table and "the counts give 63.3%" in table
    assert "37.90%" not in step and "84.80%" not in step and "63.00%" not in step
    distribution = step.split('id="measure-distribution-table"', 1)[1]
    assert "37.9%" in distribution and "37.90%" not in distribution
    overview = client_for(bob).get("/board/344/ehcp/timeline/").content.decode()
    assert "2024: 37.9% (England 84.8%)" in overview


def test_a_whole_published_band_reads_with_one_decimal(imported, client_for, charlie, walsall):
    step = client_for(charlie).get("/board/335/ehcp/timeline/over_52_weeks/").content.decode()
    table = measure_table(step)
    assert ">0.0%<" in table and ">4.0%<" in table
    assert ">0%<" not in table and ">4%<" not in table
