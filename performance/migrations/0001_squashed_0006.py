# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import send_board.audit


class Migration(migrations.Migration):
    replaces = [
        ("performance", "0001_initial"),
        ("performance", "0002_indicatoractionlink"),
        ("performance", "0003_audit_history"),
        ("performance", "0004_edit_versions"),
        ("performance", "0003_indicator_computed_source_entered_values_disclosure"),
        ("performance", "0005_merge_20261206_1038"),
        ("performance", "0006_history_follows_merged_fields"),
    ]

    initial = True

    dependencies = [
        ("improvement", "0001_initial"),
        ("send_board", "0001_initial"),
        ("send_board", "0002_audit_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.DateField(help_text="The first day of the period.")),
                ("period_end", models.DateField(help_text="The last day of the period.")),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                ("numerator", models.PositiveIntegerField(blank=True, null=True)),
                ("denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("form", "Form"),
                            ("upload", "Spreadsheet upload"),
                            ("command", "Import command"),
                            ("computed", "Computed from its source"),
                            ("generated", "Demo or synthetic data"),
                        ],
                        default="form",
                        max_length=10,
                    ),
                ),
                ("entered_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "entered_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "period"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("numerator__isnull", True),
                            ("denominator__isnull", True),
                            ("numerator__lte", models.F("denominator")),
                            _connector="OR",
                        ),
                        name="numerator_not_above_denominator",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period_end__gt", models.F("period"))), name="period_end_after_start"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("state__in", ["draft", "submitted", "approved"])), name="value_state_known"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("state", "approved"), _negated=True),
                            ("approved_at__isnull", False),
                            _connector="OR",
                        ),
                        name="approved_value_has_time",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalIndicator",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        help_text="Such as EHCP20. Capitals and digits.",
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z0-9][A-Z0-9_-]{0,19}$",
                                "An indicator code is up to 20 capital letters, digits, hyphens or underscores, such as EHCP20.",
                            )
                        ],
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="What it measures, in plain English, for parents and carers reading a published scorecard.",
                        verbose_name="Description for the public",
                    ),
                ),
                (
                    "service_area",
                    models.CharField(
                        choices=[
                            ("ehcp", "EHCP"),
                            ("education", "Education"),
                            ("health", "Health"),
                            ("social-care", "Social care"),
                            ("inclusion", "Inclusion"),
                            ("participation", "Participation"),
                            ("preparation-for-adulthood", "Preparation for adulthood"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "health_service",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("speech-and-language", "Speech and language therapy"),
                            ("dietetics", "Dietetics"),
                            ("camhs", "Specialist CAMHS"),
                            ("asd", "Autism (ASD)"),
                            ("adhd", "ADHD"),
                        ],
                        help_text="For health waiting-time measures: the service, so that they show in the health waits block.",
                        max_length=30,
                        verbose_name="Health service",
                    ),
                ),
                (
                    "source_system",
                    models.CharField(blank=True, help_text="Where the data is recorded, e.g. EYES.", max_length=120),
                ),
                ("numerator_definition", models.TextField(blank=True, verbose_name="How the numerator is counted")),
                ("denominator_definition", models.TextField(blank=True, verbose_name="How the denominator is counted")),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "Percentage"),
                            ("count", "Count"),
                            ("weeks", "Weeks"),
                            ("days", "Days"),
                            ("rate", "Rate per 1,000"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "polarity",
                    models.CharField(
                        choices=[
                            ("higher", "Higher is better"),
                            ("lower", "Lower is better"),
                            ("neutral", "Neither: context only (no target, no RAG)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "frequency",
                    models.CharField(
                        choices=[
                            ("monthly", "Monthly"),
                            ("quarterly", "Quarterly"),
                            ("termly", "Termly"),
                            ("annual", "Annual"),
                        ],
                        max_length=10,
                    ),
                ),
                ("publishable", models.BooleanField(default=False, verbose_name="May be published")),
                (
                    "computed_source",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Blank: entered by its owner. Else the computed source (performance.sources) that fills its values.",
                        max_length=60,
                        verbose_name="Where its values come from",
                    ),
                ),
                (
                    "not_disclosive",
                    models.BooleanField(
                        default=False,
                        help_text="Published unsuppressed: a performance lead has recorded why its small numbers identify nobody.",
                        verbose_name="Not disclosive",
                    ),
                ),
                ("not_disclosive_reason", models.TextField(blank=True)),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("updated", models.DateTimeField(blank=True, editable=False)),
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The officer who supplies its values.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator",
                "verbose_name_plural": "historical indicators",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Indicator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "code",
                    models.CharField(
                        help_text="Such as EHCP20. Capitals and digits.",
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z0-9][A-Z0-9_-]{0,19}$",
                                "An indicator code is up to 20 capital letters, digits, hyphens or underscores, such as EHCP20.",
                            )
                        ],
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="What it measures, in plain English, for parents and carers reading a published scorecard.",
                        verbose_name="Description for the public",
                    ),
                ),
                (
                    "service_area",
                    models.CharField(
                        choices=[
                            ("ehcp", "EHCP"),
                            ("education", "Education"),
                            ("health", "Health"),
                            ("social-care", "Social care"),
                            ("inclusion", "Inclusion"),
                            ("participation", "Participation"),
                            ("preparation-for-adulthood", "Preparation for adulthood"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "health_service",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("speech-and-language", "Speech and language therapy"),
                            ("dietetics", "Dietetics"),
                            ("camhs", "Specialist CAMHS"),
                            ("asd", "Autism (ASD)"),
                            ("adhd", "ADHD"),
                        ],
                        help_text="For health waiting-time measures: the service, so that they show in the health waits block.",
                        max_length=30,
                        verbose_name="Health service",
                    ),
                ),
                (
                    "source_system",
                    models.CharField(blank=True, help_text="Where the data is recorded, e.g. EYES.", max_length=120),
                ),
                ("numerator_definition", models.TextField(blank=True, verbose_name="How the numerator is counted")),
                ("denominator_definition", models.TextField(blank=True, verbose_name="How the denominator is counted")),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("percent", "Percentage"),
                            ("count", "Count"),
                            ("weeks", "Weeks"),
                            ("days", "Days"),
                            ("rate", "Rate per 1,000"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "polarity",
                    models.CharField(
                        choices=[
                            ("higher", "Higher is better"),
                            ("lower", "Lower is better"),
                            ("neutral", "Neither: context only (no target, no RAG)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "frequency",
                    models.CharField(
                        choices=[
                            ("monthly", "Monthly"),
                            ("quarterly", "Quarterly"),
                            ("termly", "Termly"),
                            ("annual", "Annual"),
                        ],
                        max_length=10,
                    ),
                ),
                ("publishable", models.BooleanField(default=False, verbose_name="May be published")),
                (
                    "computed_source",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Blank: entered by its owner. Else the computed source (performance.sources) that fills its values.",
                        max_length=60,
                        verbose_name="Where its values come from",
                    ),
                ),
                (
                    "not_disclosive",
                    models.BooleanField(
                        default=False,
                        help_text="Published unsuppressed: a performance lead has recorded why its small numbers identify nobody.",
                        verbose_name="Not disclosive",
                    ),
                ),
                ("not_disclosive_reason", models.TextField(blank=True)),
                ("ratings_stale_since", models.DateTimeField(blank=True, editable=False, null=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        help_text="The officer who supplies its values.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="owned_indicators",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["service_area", "code"],
                "constraints": [
                    models.UniqueConstraint(fields=("area", "code"), name="indicator_code_unique_in_area"),
                    models.UniqueConstraint(
                        condition=models.Q(("computed_source", ""), _negated=True),
                        fields=("area", "computed_source"),
                        name="one_indicator_per_computed_source",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("unit__in", ["percent", "count", "weeks", "days", "rate"])),
                        name="indicator_unit_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("polarity__in", ["higher", "lower", "neutral"])),
                        name="indicator_polarity_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("frequency__in", ["monthly", "quarterly", "termly", "annual"])),
                        name="indicator_frequency_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "service_area__in",
                                [
                                    "ehcp",
                                    "education",
                                    "health",
                                    "social-care",
                                    "inclusion",
                                    "participation",
                                    "preparation-for-adulthood",
                                ],
                            )
                        ),
                        name="indicator_service_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("not_disclosive", False),
                            models.Q(("not_disclosive_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="not_disclosive_has_reason",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalTarget",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "applies_from",
                    models.DateField(help_text="The target applies to periods starting on or after this date."),
                ),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                (
                    "tolerance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="How far short of the target is still amber, in the indicator's unit (points for a percentage).",
                        max_digits=14,
                        null=True,
                    ),
                ),
                ("created", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
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
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical target",
                "verbose_name_plural": "historical targets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIndicatorValue",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("period", models.DateField(help_text="The first day of the period.")),
                ("period_end", models.DateField(help_text="The last day of the period.")),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                ("numerator", models.PositiveIntegerField(blank=True, null=True)),
                ("denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("form", "Form"),
                            ("upload", "Spreadsheet upload"),
                            ("command", "Import command"),
                            ("computed", "Computed from its source"),
                            ("generated", "Demo or synthetic data"),
                        ],
                        default="form",
                        max_length=10,
                    ),
                ),
                ("entered_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "approved_by",
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
                    "entered_by",
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
                    "submitted_by",
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
                    "updated_by",
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
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical indicator value",
                "verbose_name_plural": "historical indicator values",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalBenchmark",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "series",
                    models.CharField(
                        choices=[
                            ("england", "England"),
                            ("region", "Region"),
                            ("neighbours", "Statistical neighbours"),
                        ],
                        max_length=12,
                    ),
                ),
                ("period", models.DateField()),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                ("source", models.CharField(blank=True, help_text="e.g. DfE SEN2 2025", max_length=200)),
                ("updated", models.DateTimeField(blank=True, editable=False)),
                ("history_user_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "created_by",
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
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical benchmark",
                "verbose_name_plural": "historical benchmarks",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="EnteredValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.DateField()),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                ("numerator", models.PositiveIntegerField(blank=True, null=True)),
                ("denominator", models.PositiveIntegerField(blank=True, null=True)),
                ("note", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("form", "Form"),
                            ("upload", "Spreadsheet upload"),
                            ("command", "Import command"),
                            ("computed", "Computed from its source"),
                            ("generated", "Demo or synthetic data"),
                        ],
                        default="form",
                        max_length=10,
                    ),
                ),
                ("entered_at", models.DateTimeField()),
                (
                    "entered_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entered_values",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "period"],
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "period"), name="one_entered_value_per_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="DeepDiveRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(blank=True)),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                ("cleared_at", models.DateTimeField(blank=True, null=True)),
                ("outcome", models.TextField(blank=True)),
                (
                    "cleared_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deep_dives",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["-requested_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("cleared_at__isnull", True)),
                        fields=("indicator",),
                        name="one_open_deep_dive_per_indicator",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="DashboardItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dashboard_items",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "indicator",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dashboard_item",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["area", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("area", "position"), name="one_kpi_per_dashboard_position")
                ],
            },
        ),
        migrations.CreateModel(
            name="Commentary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.DateField()),
                ("text", models.TextField()),
                ("written_at", models.DateTimeField(auto_now=True)),
                (
                    "written_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="commentaries",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "commentaries",
                "ordering": ["indicator", "-period"],
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "period"), name="one_commentary_per_period")
                ],
            },
        ),
        migrations.CreateModel(
            name="Benchmark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "series",
                    models.CharField(
                        choices=[
                            ("england", "England"),
                            ("region", "Region"),
                            ("neighbours", "Statistical neighbours"),
                        ],
                        max_length=12,
                    ),
                ),
                ("period", models.DateField()),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                ("source", models.CharField(blank=True, help_text="e.g. DfE SEN2 2025", max_length=200)),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="benchmarks",
                        to="performance.indicator",
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "series", "period"],
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "series", "period"), name="one_benchmark_per_period"),
                    models.CheckConstraint(
                        condition=models.Q(("series__in", ["england", "region", "neighbours"])),
                        name="benchmark_series_known",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="IndicatorActionLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("linked_at", models.DateTimeField(auto_now_add=True)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="improvement.action"
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="action_links",
                        to="performance.indicator",
                    ),
                ),
                (
                    "linked_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "action"), name="one_link_per_indicator_action")
                ],
            },
        ),
        migrations.CreateModel(
            name="IndicatorEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.DateField(blank=True, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("defined", "Defined"),
                            ("edited", "Definition changed"),
                            ("target", "Target set"),
                            ("benchmark", "Benchmark set"),
                            ("value_entered", "Value entered"),
                            ("value_changed", "Value changed"),
                            ("value_submitted", "Value submitted"),
                            ("value_approved", "Value approved"),
                            ("value_reopened", "Value reopened"),
                            ("value_synced", "Value computed"),
                            ("disclosure", "Disclosure decision"),
                            ("commentary", "Commentary"),
                            ("deep_dive_requested", "Deep dive requested"),
                            ("deep_dive_cleared", "Deep dive cleared"),
                            ("action_linked", "Improvement action linked"),
                            ("action_unlinked", "Improvement action unlinked"),
                        ],
                        max_length=24,
                    ),
                ),
                ("message", models.TextField()),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="events", to="performance.indicator"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["indicator", "-at"], name="event_indicator_at")],
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "value",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rating",
                        serialize=False,
                        to="performance.indicatorvalue",
                    ),
                ),
                (
                    "rag",
                    models.CharField(
                        choices=[("green", "Green"), ("amber", "Amber"), ("red", "Red"), ("grey", "No rating")],
                        max_length=5,
                    ),
                ),
                ("target", models.DecimalField(decimal_places=4, max_digits=14, null=True)),
                ("tolerance", models.DecimalField(decimal_places=4, max_digits=14, null=True)),
                ("previous_period", models.DateField(null=True)),
                ("previous_value", models.DecimalField(decimal_places=10, max_digits=20, null=True)),
                ("previous_approved", models.BooleanField(default=False)),
                ("change", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("change_unit", models.CharField(max_length=5)),
                ("direction", models.CharField(blank=True, max_length=10)),
                ("arrow", models.CharField(blank=True, max_length=1)),
                ("worsening_run", models.PositiveSmallIntegerField(default=0)),
                ("england", models.DecimalField(decimal_places=4, max_digits=14, null=True)),
                ("england_difference", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("region", models.DecimalField(decimal_places=4, max_digits=14, null=True)),
                ("region_difference", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("neighbours", models.DecimalField(decimal_places=4, max_digits=14, null=True)),
                ("neighbours_difference", models.DecimalField(decimal_places=1, max_digits=14, null=True)),
                ("computed_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("rag__in", ["green", "amber", "red", "grey"])), name="rating_rag_known"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="values", to="performance.indicator"
            ),
        ),
        migrations.CreateModel(
            name="ReportingMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month the area's figures are as at.")),
                (
                    "reason",
                    models.CharField(
                        help_text="Why, in words: 'The demo's data ends in December 2024'.", max_length=200
                    ),
                ),
                (
                    "area",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reporting_month",
                        to="send_board.localarea",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("month__day", 1)), name="reporting_month_first_day")
                ],
            },
        ),
        migrations.CreateModel(
            name="Target",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "applies_from",
                    models.DateField(help_text="The target applies to periods starting on or after this date."),
                ),
                ("value", models.DecimalField(decimal_places=4, max_digits=14)),
                (
                    "tolerance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="How far short of the target is still amber, in the indicator's unit (points for a percentage).",
                        max_digits=14,
                        null=True,
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="performance.indicator"
                    ),
                ),
            ],
            options={
                "ordering": ["indicator", "applies_from"],
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "applies_from"), name="one_target_per_start"),
                    models.CheckConstraint(
                        condition=models.Q(("tolerance__isnull", True), ("tolerance__gte", 0), _connector="OR"),
                        name="tolerance_not_negative",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(fields=["indicator", "state", "period"], name="value_state_period"),
        ),
        migrations.AddConstraint(
            model_name="indicatorvalue",
            constraint=models.UniqueConstraint(fields=("indicator", "period"), name="one_value_per_indicator_period"),
        ),
        send_board.audit.AppendOnly(
            model_labels=[
                "performance.HistoricalBenchmark",
                "performance.HistoricalIndicator",
                "performance.HistoricalIndicatorValue",
                "performance.HistoricalTarget",
            ],
        ),
    ]
