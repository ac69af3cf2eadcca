"""The case table keeps each case's request and final-plan months (generated
columns), and the planner's statistics move from the month expressions of
0004 to those columns. The stored figures drop their foreign key in the
database (see MonthlyFigure.local_area)."""

import django.db.models.deletion
from django.db import migrations, models

import ehcp.expressions

OLD_STATISTICS = {
    "ehcp_case_area_request_month": "request_date",
    "ehcp_case_area_final_month": "final_date",
}
STATISTICS = {
    "ehcp_case_area_request_month_column": "request_month",
    "ehcp_case_area_final_month_column": "final_month",
}


def statistics_on_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD_STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")
    for name, column in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (ndistinct) ON local_area_id, {column} FROM ehcp_caserecord"
        )


def statistics_on_expressions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")
    for name, column in OLD_STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (ndistinct) ON local_area_id, "
            f"(CAST(DATE_TRUNC('month', CAST({column} AS timestamp)) AS date)) FROM ehcp_caserecord"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ehcp", "0005_area_lookups_use_the_unique_index"),
        ("send_board", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="caserecord",
            name="final_month",
            field=models.GeneratedField(
                db_persist=True,
                expression=ehcp.expressions.MonthStart("final_date"),
                output_field=models.DateField(null=True),
            ),
        ),
        migrations.AddField(
            model_name="caserecord",
            name="request_month",
            field=models.GeneratedField(
                db_persist=True,
                expression=ehcp.expressions.MonthStart("request_date"),
                output_field=models.DateField(),
            ),
        ),
        migrations.RunPython(statistics_on_columns, statistics_on_expressions, elidable=False),
        migrations.AlterField(
            model_name="cohortfigure",
            name="local_area",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ehcp_cohort_figures",
                to="send_board.localarea",
            ),
        ),
        migrations.AlterField(
            model_name="monthlyfigure",
            name="local_area",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ehcp_monthly_figures",
                to="send_board.localarea",
            ),
        ),
    ]
