from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Notification
from tests.conftest import load_demo
from tests.performance.factories import IndicatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def owed(wirral, olive, nomail):
    IndicatorFactory(area=wirral, code="KPI1", name="Advice within 6 weeks", owner=olive)
    IndicatorFactory(area=wirral, code="KPI2", owner=nomail)


def test_a_dry_run_prints_what_it_would_send_and_records_nothing(owed):
    out = StringIO()
    call_command("send_notifications", "--date", "2025-01-13", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would send 2 notifications for Monday 13 January 2025." in text
    assert "data_due: olive@example.org – Wirral: 1 item overdue since Friday 13 December 2024" in text
    assert "data_due: olive@example.org – Wirral: 1 item due by Wednesday 15 January 2025" in text
    assert "Unreachable (no email address): nomail in Wirral" in text
    assert not Notification.objects.exists() and mail.outbox == []


def test_it_sends_and_prints_and_a_second_run_sends_nothing(owed):
    out = StringIO()
    call_command("send_notifications", "--date", "2025-01-13", stdout=out)
    assert "Sent to olive@example.org: Wirral: 1 item due by Wednesday 15 January 2025" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["olive@example.org"], ["olive@example.org"]]
    out = StringIO()
    call_command("send_notifications", "--date", "2025-01-13", stdout=out)
    assert "Recorded 0 notifications" in out.getvalue() and len(mail.outbox) == 2


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_notifications", "--date", "13/01/2025")


def test_the_demo_month_prints_the_demos_due_mails(db):
    load_demo()
    out = StringIO()
    call_command("send_notifications", "--date", "2025-01-13", "--dry-run", stdout=out)
    assert "Sefton: 32 items due by Wednesday 15 January 2025" in out.getvalue()
    assert date(2025, 1, 13).weekday() == 0
