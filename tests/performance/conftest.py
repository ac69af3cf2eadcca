"""Scorecard fixtures: a small Wirral scorecard built through the services,
with ratings stored (on-commit tasks run eagerly in tests)."""

import pytest

from tests.performance.factories import IndicatorFactory
from tests.performance.scorecards import build_scorecard


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what would be queued after commit (the ratings task), now."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def scorecard(wirral, alice, olive, run_on_commit):
    """Wirral's small scorecard (see tests/performance/scorecards.py), rated."""
    return run_on_commit(build_scorecard, wirral, alice, olive)


@pytest.fixture
def indicators(wirral, olive):
    """One indicator of each frequency (olive owns AR12 and SALTLW)."""
    return {
        "AR12": IndicatorFactory(area=wirral, code="AR12", owner=olive),
        "OOB": IndicatorFactory(area=wirral, code="OOB", unit="count", polarity="lower", frequency="termly"),
        "TRIB": IndicatorFactory(area=wirral, code="TRIB", unit="count", polarity="lower", frequency="quarterly"),
        "PCSAT": IndicatorFactory(area=wirral, code="PCSAT", frequency="annual"),
        "SALTLW": IndicatorFactory(area=wirral, code="SALTLW", unit="weeks", polarity="lower", owner=olive),
    }


@pytest.fixture
def browser_for():
    """browser_for(user) → a new test client signed in as that user (client_for
    reuses one client, so two people in one test need this)."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in
