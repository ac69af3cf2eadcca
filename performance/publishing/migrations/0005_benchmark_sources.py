"""A published figure keeps where each comparator came from (the benchmark's
source), so the public page can say it. On SQLite, adding a column remakes
the table and loses its trigger refusing updates (0002_refuse_updates): it is
made again here, on the way forward and back."""

from django.db import migrations, models

TABLE = "publishing_publishedindicator"


def refuse_updates_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_refuse_update")
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_refuse_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE}: published rows are never changed'); END"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_squashed_0004"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, refuse_updates_again),
        migrations.AddField(
            model_name="publishedindicator",
            name="benchmark_england_source",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="publishedindicator",
            name="benchmark_region_source",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="publishedindicator",
            name="benchmark_neighbours_source",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(refuse_updates_again, migrations.RunPython.noop),
    ]
