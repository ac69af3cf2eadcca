"""Extended statistics for PostgreSQL's planner: how many (area, month)
groups the case table has. Without them it guesses ten times too many and
sorts a million rows through an index instead of hashing a sequential scan,
which makes the recompute's aggregations about a third slower. The
expressions are the ones ehcp.expressions.MonthStart writes."""

from django.db import migrations

STATISTICS = {
    "ehcp_case_area_request_month": "request_date",
    "ehcp_case_area_final_month": "final_date",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (ndistinct) ON local_area_id, "
            f"(CAST(DATE_TRUNC('month', CAST({column} AS timestamp)) AS date)) FROM ehcp_caserecord"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ehcp", "0003_case_import_data_to")]

    # Elidable: 0006 drops these statistics and makes them on the month columns,
    # so a squashed migration needs only 0006's.
    operations = [migrations.RunPython(create, drop, elidable=True)]
