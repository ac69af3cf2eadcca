"""Factories for the scorecard's models."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from performance import periods
from performance.models import Benchmark, Indicator, IndicatorValue, Target, ValueState
from tests.factories import LocalAreaFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    area = factory.SubFactory(LocalAreaFactory)
    code = factory.Sequence(lambda n: f"KPI{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    description = "What it measures, in plain English."
    service_area = "ehcp"
    unit = "percent"
    polarity = "higher"
    frequency = "monthly"
    publishable = True


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    applies_from = date(2024, 4, 1)
    value = Decimal(60)
    tolerance = Decimal(10)


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benchmark

    indicator = factory.SubFactory(IndicatorFactory)
    series = "england"
    period = date(2024, 7, 1)
    value = Decimal("46.4")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2024, 7, 1)
    period_end = factory.LazyAttribute(lambda v: periods.period_end(v.indicator.frequency, v.period))
    value = Decimal(45)
    state = ValueState.APPROVED
    approved_at = factory.LazyFunction(timezone.now)
