# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import send_board.audit

# The triggers of 0002_refuse_updates, made once every publishing table is there.
TABLES = [
    "publishing_publication",
    "publishing_withdrawal",
    "publishing_publishedindicator",
    "publishing_publishedpoint",
    "publishing_publishedplansummary",
]
MESSAGE = "published rows are never changed"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION publishing_refuse_update() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '%: {MESSAGE}', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
            params=None,  # the % is PL/pgSQL's, not a query parameter
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuse_update BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION publishing_refuse_update()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_refuse_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_update ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_update")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS publishing_refuse_update()")


class Migration(migrations.Migration):
    replaces = [
        ("publishing", "0001_initial"),
        ("publishing", "0002_refuse_updates"),
        ("publishing", "0003_publishedindicator_chart"),
        ("publishing", "0004_audit_history"),
    ]

    initial = True

    dependencies = [
        ("send_board", "0001_initial"),
        ("send_board", "0002_audit_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Publication",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.DateField(help_text="The scorecard's month (its first day).")),
                ("published_at", models.DateTimeField()),
                (
                    "published_by_name",
                    models.CharField(help_text="Who approved it, as they were named then.", max_length=150),
                ),
                ("published_by_role", models.CharField(max_length=60)),
                (
                    "correction_note",
                    models.TextField(blank=True, help_text="What changed from the publication it supersedes."),
                ),
                ("small_number_max", models.PositiveSmallIntegerField(help_text="Counts from 1 to this were hidden.")),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="publications",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "supersedes",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="correction",
                        to="publishing.publication",
                    ),
                ),
            ],
            options={
                "ordering": ["-period", "-published_at", "-pk"],
                "indexes": [models.Index(fields=["area", "-period"], name="publishing__area_id_921d5b_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("supersedes__isnull", True)),
                        fields=("area", "period"),
                        name="publication_one_original_per_period",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("supersedes__isnull", True),
                            models.Q(("correction_note", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="publication_correction_says_what_changed",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period__day", 1)), name="publication_period_first_of_month"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("small_number_max__gte", 2)), name="publication_small_number_max_sane"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalWithdrawal",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("reason", models.TextField()),
                ("withdrawn_at", models.DateTimeField()),
                ("withdrawn_by_name", models.CharField(max_length=150)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="publishing.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical withdrawal",
                "verbose_name_plural": "historical withdrawals",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPublication",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("period", models.DateField(help_text="The scorecard's month (its first day).")),
                ("published_at", models.DateTimeField()),
                (
                    "published_by_name",
                    models.CharField(help_text="Who approved it, as they were named then.", max_length=150),
                ),
                ("published_by_role", models.CharField(max_length=60)),
                (
                    "correction_note",
                    models.TextField(blank=True, help_text="What changed from the publication it supersedes."),
                ),
                ("small_number_max", models.PositiveSmallIntegerField(help_text="Counts from 1 to this were hidden.")),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "area",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "supersedes",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="publishing.publication",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical publication",
                "verbose_name_plural": "historical publications",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PublishedIndicator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("code", models.CharField(max_length=20)),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "percent"),
                            ("count", "count"),
                            ("weeks", "weeks"),
                            ("days", "days"),
                            ("rate", "rate"),
                        ],
                        max_length=10,
                    ),
                ),
                ("polarity", models.CharField(blank=True, max_length=20)),
                ("service_area", models.CharField(blank=True, max_length=100)),
                ("period", models.CharField(max_length=20)),
                ("value", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "value_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("numerator", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "numerator_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("denominator", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "denominator_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("target", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "rag",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("green", "Green"),
                            ("amber", "Amber"),
                            ("red", "Red"),
                            ("grey", "No rating"),
                            ("", "Hidden with its figure"),
                        ],
                        max_length=5,
                    ),
                ),
                ("previous", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "previous_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("previous_period", models.CharField(blank=True, max_length=20)),
                ("change", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "change_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("change_unit", models.CharField(blank=True, max_length=10)),
                ("direction", models.CharField(blank=True, max_length=20)),
                ("commentary", models.TextField(blank=True)),
                ("benchmark_england", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                ("benchmark_region", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                ("benchmark_neighbours", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "chart",
                    models.JSONField(
                        blank=True,
                        help_text="The trend chart's Plotly data and layout, made from the published points.",
                        null=True,
                    ),
                ),
                (
                    "publication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="publishing.publication",
                    ),
                ),
            ],
            options={
                "ordering": ["publication", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("publication", "code"), name="published_indicator_code_once"),
                    models.UniqueConstraint(
                        fields=("publication", "position"), name="published_indicator_position_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_state", ""), ("value__isnull", True), _connector="OR"),
                        name="publishedindicator_value_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("numerator_state", ""), ("numerator__isnull", True), _connector="OR"),
                        name="publishedindicator_numerator_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("denominator_state", ""), ("denominator__isnull", True), _connector="OR"),
                        name="publishedindicator_denominator_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("previous_state", ""), ("previous__isnull", True), _connector="OR"),
                        name="publishedindicator_previous_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("change_state", ""), ("change__isnull", True), _connector="OR"),
                        name="publishedindicator_change_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_state__in", ["", "small", "protected"])),
                        name="publishedindicator_value_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("numerator_state__in", ["", "small", "protected"])),
                        name="publishedindicator_numerator_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("denominator_state__in", ["", "small", "protected"])),
                        name="publishedindicator_denominator_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("previous_state__in", ["", "small", "protected"])),
                        name="publishedindicator_previous_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("change_state__in", ["", "small", "protected"])),
                        name="publishedindicator_change_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("rag__in", ["green", "amber", "red", "grey", ""])),
                        name="published_indicator_rag_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_state", ""), ("rag", ""), _connector="OR"),
                        name="published_indicator_hidden_value_has_no_rating",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("change_state", ""), ("direction", ""), _connector="OR"),
                        name="published_indicator_hidden_change_has_no_direction",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PublishedPlanSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("plan", models.CharField(blank=True, max_length=200)),
                ("kind", models.CharField(blank=True, max_length=60)),
                ("number", models.CharField(blank=True, max_length=20)),
                ("title", models.CharField(max_length=300)),
                ("status", models.CharField(max_length=60)),
                ("bau_date", models.DateField(blank=True, null=True)),
                ("public_summary", models.TextField(blank=True)),
                (
                    "publication",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="plan_summaries",
                        to="publishing.publication",
                    ),
                ),
            ],
            options={
                "ordering": ["publication", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("publication", "position"), name="published_plan_position_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="PublishedPoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("period", models.CharField(max_length=20)),
                ("value", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "value_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("numerator", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "numerator_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("denominator", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "denominator_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Shown"),
                            ("small", "Fewer than 5"),
                            ("protected", "Hidden to protect a small number"),
                        ],
                        max_length=10,
                    ),
                ),
                ("target", models.DecimalField(decimal_places=3, max_digits=15, null=True)),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="points",
                        to="publishing.publishedindicator",
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "position"), name="published_point_position_once"),
                    models.UniqueConstraint(fields=("indicator", "period"), name="published_point_period_once"),
                    models.CheckConstraint(
                        condition=models.Q(("value_state", ""), ("value__isnull", True), _connector="OR"),
                        name="publishedpoint_value_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("numerator_state", ""), ("numerator__isnull", True), _connector="OR"),
                        name="publishedpoint_numerator_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("denominator_state", ""), ("denominator__isnull", True), _connector="OR"),
                        name="publishedpoint_denominator_hidden_is_null",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value_state__in", ["", "small", "protected"])),
                        name="publishedpoint_value_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("numerator_state__in", ["", "small", "protected"])),
                        name="publishedpoint_numerator_state_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("denominator_state__in", ["", "small", "protected"])),
                        name="publishedpoint_denominator_state_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Withdrawal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField()),
                ("withdrawn_at", models.DateTimeField()),
                ("withdrawn_by_name", models.CharField(max_length=150)),
                (
                    "publication",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="withdrawal",
                        to="publishing.publication",
                    ),
                ),
                (
                    "withdrawn_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True), name="withdrawal_has_a_reason"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        send_board.audit.AppendOnly(
            model_labels=["publishing.HistoricalPublication", "publishing.HistoricalWithdrawal"],
        ),
    ]
