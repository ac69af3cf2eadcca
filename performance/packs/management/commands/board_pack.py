from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from send_board.management.areas import area_by_code
from send_board.parsing import parse_month

from ...models import ALL_SECTIONS, PackStatus
from ...services import pack_build, pack_create, publication_pdf


class Command(BaseCommand):
    help = (
        "Make a board pack PDF: --area CODE --month YYYY-MM [--meeting ID] [--sections a,b,…] --output FILE.pdf "
        "(a draft pack, kept like one asked for on the Board packs page, by the same code as the Celery task); "
        "or --publication ID --output FILE.pdf (the public, accessible PDF of a publication). "
        f"Sections: {', '.join(ALL_SECTIONS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="DfE local authority code, e.g. 335")
        parser.add_argument("--month", help="The month the figures are as at, e.g. 2020-11")
        parser.add_argument("--meeting", type=int, help="The id of the board meeting the pack is for")
        parser.add_argument(
            "--sections", help=f"Comma-separated, in any order (default: all): {','.join(ALL_SECTIONS)}"
        )
        parser.add_argument("--publication", type=int, help="A publication's id: its public PDF instead of a pack")
        parser.add_argument("--output", required=True, help="The PDF file to write")

    def handle(self, *args, area, month, meeting, sections, publication, output, **options):
        if publication is not None:
            if area or month or meeting or sections:
                raise CommandError(
                    "--publication makes the public PDF on its own: leave out --area, --month, "
                    "--meeting and --sections."
                )
            content = self._publication(publication)
        else:
            content = self._pack(area, month, meeting, sections)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({len(content):,} bytes)."))

    def _publication(self, pk):
        from performance.publishing.models import Publication

        found = Publication.objects.with_state().filter(pk=pk).first()
        if found is None:
            raise CommandError(f"There is no publication with id {pk}.")
        if found.is_withdrawn:
            self.stdout.write(f"Publication {pk} was withdrawn: the PDF says so and holds no figures.")
        return publication_pdf(publication=found)

    def _pack(self, code, month, meeting_id, sections):
        if not code or not month:
            raise CommandError("Give --area and --month for a board pack (or --publication for a public PDF).")
        local_area = area_by_code(code)
        try:
            as_at = parse_month(month)
        except ValueError as error:
            raise CommandError(str(error)) from None
        meeting = None
        if meeting_id is not None:
            meeting = local_area.improvement_meetings.filter(pk=meeting_id).first()
            if meeting is None:
                known = (
                    ", ".join(f"{m.pk} ({m})" for m in local_area.improvement_meetings.order_by("-held_on")[:10])
                    or "none recorded"
                )
                raise CommandError(f"{local_area.name} has no meeting with id {meeting_id}. Its meetings: {known}.")
        chosen = sections.split(",") if sections else list(ALL_SECTIONS)
        try:
            pack = pack_create(
                area=local_area, as_at=as_at, sections=chosen, meeting=meeting, requested_by_name="manage.py board_pack"
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        pack = pack_build(pack_id=pack.pk)
        if pack.status != PackStatus.READY:
            raise CommandError(f"The pack could not be made: {pack.error}")
        self.stdout.write(f"Board pack {pack.pk}: {local_area.name} as at {as_at:%B %Y}, version {pack.version}.")
        return bytes(pack.file.content)
