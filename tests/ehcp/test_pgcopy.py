"""The binary COPY behind the national recompute's writes: every value
arrives as it left, missing values as NULL."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from django.db import connection, transaction

from ehcp import pgcopy
from ehcp.models import CaseRecord, MonthlyFigure

FIELDS = ["local_area", "month", "source", "issued", "pct", "rolling_issued", "rolling_pct", "month_approved"]


def frame():
    return pd.DataFrame(
        {
            "local_area_id": [7, 7, 9],
            "month": [date(1969, 12, 1), date(2024, 2, 1), date(2099, 12, 1)],
            "source": ["returns", "cases", "returns"],
            "issued": [0, 2_000_000_000, 45],
            "pct": [None, Decimal("100.0"), Decimal("31.3")],
            "rolling_issued": pd.array([None, 0, 866], dtype="Int64"),
            "rolling_pct": [Decimal("0.0"), None, Decimal("53.1")],
            "month_approved": [True, False, True],
        }
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_frame_arrives_with_the_models_types_and_nulls():
    fields = [MonthlyFigure._meta.get_field(name) for name in FIELDS]
    with transaction.atomic(), connection.cursor() as cursor:
        pgcopy.copy_into_temporary_table(cursor, "incoming", frame(), fields)
        cursor.execute(f"SELECT {', '.join(f.column for f in fields)} FROM incoming ORDER BY month")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'incoming'::regclass AND attnum > 0 ORDER BY attnum"
        )
        types = [t for (t,) in cursor.fetchall()]
    assert rows == [
        (7, date(1969, 12, 1), "returns", 0, None, None, Decimal("0.0"), True),
        (7, date(2024, 2, 1), "cases", 2_000_000_000, Decimal("100.0"), 0, None, False),
        (9, date(2099, 12, 1), "returns", 45, Decimal("31.3"), 866, Decimal("53.1"), True),
    ]
    assert types == [
        "bigint",
        "date",
        "character varying(10)",
        "integer",
        "numeric(5,1)",
        "integer",
        "numeric(5,1)",
        "boolean",
    ]


@pytest.mark.postgres
@pytest.mark.django_db
def test_an_empty_frame_makes_an_empty_table():
    fields = [MonthlyFigure._meta.get_field(name) for name in FIELDS]
    with transaction.atomic(), connection.cursor() as cursor:
        pgcopy.copy_into_temporary_table(cursor, "incoming", frame().iloc[0:0], fields)
        cursor.execute("SELECT count(*) FROM incoming")
        assert cursor.fetchone() == (0,)


def test_a_field_it_cannot_encode_is_refused_by_name():
    field = CaseRecord._meta.get_field("created_at")
    with pytest.raises(TypeError, match="DateTimeField.*created_at"):
        pgcopy._encoded(pd.Series([pd.Timestamp("2024-01-01")]), field, "c0")
