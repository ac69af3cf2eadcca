# Squashed by squashmigrations (Django 5.2.19, 6 December 2026); the operations are the ones
# makemigrations writes for the models (constraints and indexes inside each CreateModel), the
# hand-written ones (triggers, statistics) last, after every table they need. See README, "Migrations are squashed".

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("packs", "0001_board_packs")]

    initial = True

    dependencies = [
        ("improvement", "0003_plain_orderings"),
        ("send_board", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardPack",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "meeting_label",
                    models.CharField(blank=True, help_text="The meeting as it was named when asked.", max_length=250),
                ),
                ("version", models.PositiveIntegerField()),
                (
                    "as_at",
                    models.DateField(
                        help_text="The first day of the month the figures are as at.", verbose_name="As at"
                    ),
                ),
                ("sections", models.JSONField(default=list)),
                ("requested_by_name", models.CharField(blank=True, max_length=150)),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("building", "Building"),
                            ("ready", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=10,
                    ),
                ),
                ("sections_done", models.PositiveSmallIntegerField(default=0)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.TextField(blank=True, help_text="Why the pack could not be made, in words.")),
                ("size", models.PositiveIntegerField(blank=True, help_text="Bytes.", null=True)),
                (
                    "data_as_of",
                    models.JSONField(
                        blank=True, default=dict, help_text="When the figures it holds were last changed."
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="board_packs",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="board_packs",
                        to="improvement.meeting",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-requested_at", "-pk"],
                "indexes": [models.Index(fields=["area", "-requested_at"], name="pack_area_recent")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("meeting__isnull", False)),
                        fields=("meeting", "version"),
                        name="pack_version_per_meeting",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("meeting__isnull", True)),
                        fields=("area", "as_at", "version"),
                        name="pack_version_per_month",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["queued", "building", "ready", "failed"])),
                        name="pack_status_known",
                    ),
                    models.CheckConstraint(condition=models.Q(("version__gte", 1)), name="pack_version_from_one"),
                ],
            },
        ),
        migrations.CreateModel(
            name="PackFile",
            fields=[
                (
                    "pack",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="file",
                        serialize=False,
                        to="packs.boardpack",
                    ),
                ),
                ("content", models.BinaryField()),
            ],
        ),
        migrations.CreateModel(
            name="PackDownload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("user_name", models.CharField(blank=True, max_length=150)),
                ("downloaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "pack",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="downloads", to="packs.boardpack"
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
                "ordering": ["-downloaded_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="PackPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sections", models.JSONField(default=list)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "area",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pack_preference",
                        to="send_board.localarea",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
