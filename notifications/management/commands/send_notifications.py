"""What the 07:00 beat task does, synchronously, printing each mail."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services


class Command(BaseCommand):
    help = "Work out, record and send the notifications due on a day (default today), printing each."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for, YYYY-MM-DD (default: today in Europe/London).")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; record and send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = self._day(date)
        result = services.daily_run(today=today, dry_run=dry_run)
        drafts = result.drafts + result.digests
        verb = "Would send" if dry_run else "Recorded"
        self.stdout.write(
            f"{verb} {len(drafts)} notification{'s' if len(drafts) != 1 else ''} for {today:%A %d %B %Y}."
        )
        for draft in drafts:
            held = " (held for the weekly digest)" if draft.status == "held" else ""
            self.stdout.write(f"  {draft.kind}: {draft.email} – {draft.subject_line}{held}")
        for area, user in result.unreachable:
            self.stdout.write(f"  Unreachable (no email address): {user.username} in {area.name}")
        if dry_run:
            return
        sent = services.pending_send(echo=lambda n: self.stdout.write(f"Sent to {n.email}: {n.subject_line}"))
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)}."))

    @staticmethod
    def _day(text):
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--date must be a day as YYYY-MM-DD, such as 2025-02-12; got {text!r}.") from None
