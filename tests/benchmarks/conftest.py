"""DfE's real 2025 timeliness file, imported once per test module.

The import runs inside a transaction that is rolled back when the module's
tests are done; each test's own changes are rolled back at its end as usual
(pytest-django's savepoint inside this transaction).
"""

from datetime import date

import pytest
from django.db import transaction

from ehcp.benchmarks.demo import DATA_FILE
from ehcp.benchmarks.services import sen2_import

SEN2_FILE = DATA_FILE


@pytest.fixture(scope="module")
def sen2(django_db_setup, django_db_blocker):
    """The Release of DfE's 2025 file, imported into the test database."""
    with django_db_blocker.unblock(), transaction.atomic():
        outcome = sen2_import(source=SEN2_FILE, file_name=SEN2_FILE.name, published_on=date(2025, 6, 26))
        yield outcome.release
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def sen2_frame():
    """The same file read independently with pandas, for hand checks."""
    import pandas as pd

    return pd.read_csv(SEN2_FILE, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.fixture(scope="session")
def sen2_bytes():
    return SEN2_FILE.read_bytes()
