"""A step's figures say whether their month (and rolling window) is approved,
as the 20-week figures do: a month of returns is approved with its return.
The rows already stored are flagged here from the returns as they stand, so
the pages read right before the next recompute rewrites them."""

from django.db import migrations, models


def month_index(month):
    return month.year * 12 + month.month - 1


def flag_stored_figures(apps, schema_editor):
    StepFigure = apps.get_model("ehcp", "StepFigure")
    MonthlyReturn = apps.get_model("ehcp", "MonthlyReturn")
    approved = {
        (area_id, month_index(month))
        for area_id, month in MonthlyReturn.objects.filter(status="approved").values_list("local_area_id", "month")
    }
    changed = []
    for figure in StepFigure.objects.only("pk", "local_area_id", "source", "month", "rolling_denominator").iterator():
        index = month_index(figure.month)
        if figure.source == "cases":
            figure.month_approved = True
            window = True
        else:
            figure.month_approved = (figure.local_area_id, index) in approved
            window = all((figure.local_area_id, index - back) in approved for back in range(12))
        figure.rolling_approved = figure.rolling_denominator is not None and window
        if figure.month_approved or figure.rolling_approved:
            changed.append(figure)
    StepFigure.objects.bulk_update(changed, ["month_approved", "rolling_approved"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("ehcp", "0010_history_follows_merged_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="stepfigure",
            name="month_approved",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="stepfigure",
            name="rolling_approved",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(flag_stored_figures, migrations.RunPython.noop),
    ]
