"""Board packs: one PDF per meeting, kept with who asked, when and for which month.

The PDF itself is kept in the database (PackFile), not under MEDIA_ROOT: the web
process and the Celery worker then share it with no volume between their
containers, a pack is a few hundred kilobytes, and it is deleted with its area.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from send_board.models import LocalArea


class Section(models.TextChoices):
    """The pack's sections, in the order the pack prints them (after the cover and contents)."""

    EXCEPTIONS = "exceptions", "By exception"
    SCORECARD = "scorecard", "Scorecard"
    EHCP = "ehcp", "EHCP 20-week timeliness"
    PLAN = "plan", "Improvement plan"
    RISKS = "risks", "Risks"
    DECISIONS = "decisions", "Decisions and action log"
    READINESS = "readiness", "Inspection readiness"


ALL_SECTIONS = tuple(Section.values)


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class BoardPack(models.Model):
    """A board pack asked for by a board member or performance lead. A later pack
    for the same meeting (or, without a meeting, the same as-at month) is a new
    version; the earlier ones stay."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="board_packs")
    meeting = models.ForeignKey(
        "improvement.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="board_packs"
    )
    meeting_label = models.CharField(max_length=250, blank=True, help_text="The meeting as it was named when asked.")
    version = models.PositiveIntegerField()
    as_at = models.DateField("As at", help_text="The first day of the month the figures are as at.")
    sections = models.JSONField(default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_name = models.CharField(max_length=150, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    sections_done = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the pack could not be made, in words.")
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes.")
    data_as_of = models.JSONField(default=dict, blank=True, help_text="When the figures it holds were last changed.")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"], condition=Q(meeting__isnull=False), name="pack_version_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["area", "as_at", "version"], condition=Q(meeting__isnull=True), name="pack_version_per_month"
            ),
            models.CheckConstraint(condition=Q(status__in=PackStatus.values), name="pack_status_known"),
            models.CheckConstraint(condition=Q(version__gte=1), name="pack_version_from_one"),
        ]
        indexes = [models.Index(fields=["area", "-requested_at"], name="pack_area_recent")]

    def __str__(self):
        return f"Board pack {self.as_at:%B %Y}, version {self.version} ({self.area.name})"

    @property
    def sections_total(self):
        return len(self.sections)

    @property
    def section_labels(self):
        return [Section(s).label for s in self.sections if s in Section.values]

    @property
    def status_words(self):
        """The state in words, for the list and the meeting page."""
        if self.status == PackStatus.QUEUED:
            return "Queued: waiting to be made"
        if self.status == PackStatus.BUILDING:
            return f"Being made: {self.sections_done} of {self.sections_total} sections done"
        if self.status == PackStatus.READY:
            return "Ready to download"
        return f"Could not be made: {self.error or 'the reason was not recorded'}"

    @property
    def is_ready(self):
        return self.status == PackStatus.READY

    @property
    def is_pending(self):
        return self.status in (PackStatus.QUEUED, PackStatus.BUILDING)

    @property
    def filename(self):
        return f"board-pack-{self.area.code}-{self.as_at:%Y-%m}-v{self.version}.pdf"


class PackFile(models.Model):
    """The PDF of a ready pack, apart from the pack so that lists never load it."""

    pack = models.OneToOneField(BoardPack, on_delete=models.CASCADE, related_name="file", primary_key=True)
    content = models.BinaryField()

    def __str__(self):
        return f"PDF of pack {self.pack_id}"


class PackDownload(models.Model):
    """Every download of a pack: who, when."""

    pack = models.ForeignKey(BoardPack, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=150, blank=True)
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"Pack {self.pack_id} downloaded by {self.user_name or 'a deleted account'}"


class PackPreference(models.Model):
    """The sections an area's board last chose, offered again next time."""

    area = models.OneToOneField(LocalArea, on_delete=models.CASCADE, related_name="pack_preference")
    sections = models.JSONField(default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Pack sections of area {self.area_id}: {', '.join(self.sections)}"
