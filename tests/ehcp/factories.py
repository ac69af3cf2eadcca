"""Factories for the EHCP app."""

from datetime import date, timedelta

import factory

from ehcp.models import CaseRecord, Decision, MonthlyReturn, ReturnStatus
from tests.factories import LocalAreaFactory


class MonthlyReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReturn

    local_area = factory.SubFactory(LocalAreaFactory)
    month = factory.Sequence(lambda n: date(2020 + n // 12, n % 12 + 1, 1))
    issued = 40
    within_20_weeks = 10
    status = ReturnStatus.APPROVED


class CaseRecordFactory(factory.django.DjangoModelFactory):
    """A case with a decision to assess and a final plan 100 days after the request."""

    class Meta:
        model = CaseRecord

    local_area = factory.SubFactory(LocalAreaFactory)
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    request_date = date(2024, 1, 10)
    decision = Decision.ASSESS
    decision_date = factory.LazyAttribute(lambda c: c.request_date + timedelta(days=30))
    final_date = factory.LazyAttribute(lambda c: c.request_date + timedelta(days=100))
