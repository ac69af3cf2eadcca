"""Writes: importing DfE's SEN2 timeliness file and setting statistical neighbours."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from send_board.models import LocalArea
from send_board.services import local_area_set_neighbours
from send_board.uploads import UploadError

from . import measures, sen2
from .calculations import inferred_reporting_year
from .models import Figure, Geography, MeasureFigure, Release

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_NEIGHBOURS = 10
BATCH_SIZE = 2000
# Any constant: one import at a time, so that two people importing at once
# cannot both replace the same years.
IMPORT_LOCK_ID = 7_202_502


@dataclass(frozen=True)
class ImportOutcome:
    release: Release
    created: bool  # False when this exact file had been imported before

    @property
    def message(self) -> str:
        release = self.release
        if not self.created:
            return (
                f"{release.file_name} was already imported on {timezone.localtime(release.imported_at):%d %B %Y} "
                f"as {release.title}: nothing changed."
            )
        stored = ", ".join(str(y) for y in release.years_stored) or "none"
        text = f"Imported {release.title}: {release.rows_stored:,} figures for calendar years {stored}."
        if release.years_kept:
            kept = ", ".join(str(y) for y in release.years_kept)
            text += f" Years {kept} were kept from a newer release already imported."
        if release.flagged_count:
            text += (
                f" {release.flagged_count} row(s) flagged: their % does not match their counts (stored as published)."
            )
        return text


def _read_source(source: bytes | str | os.PathLike[str] | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_bytes()
    source.seek(0)
    return source.read()


def _lock_imports() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])


def sen2_import(
    *,
    source: bytes | str | os.PathLike[str] | IO[bytes],
    file_name: str,
    imported_by: User | None = None,
    imported_via: str = "",
    published_on: date | None = None,
    reporting_year: int | None = None,
    title: str = "",
) -> ImportOutcome:
    """Import DfE's timeliness file (a path, bytes or a file object) in one
    transaction, all or nothing.

    Idempotent: the same file (by SHA-256) is stored once. Each calendar year
    in the file replaces that year's figures unless they came from a newer
    release (higher reporting year), which is kept. Raises UploadError or
    RowErrors (send_board.uploads) with what is wrong; nothing is stored then.
    """
    raw = _read_source(source)
    digest = hashlib.sha256(raw).hexdigest()
    file_name = (Path(file_name).name or sen2.DATASET_FILE)[-255:]
    existing = Release.objects.filter(sha256=digest).first()
    if existing:
        return ImportOutcome(release=existing, created=False)
    parsed = _parsed(raw, file_name)
    reporting_year = reporting_year or inferred_reporting_year(parsed.years)
    title = (title.strip() or f"Education, health and care plans, reporting year {reporting_year}")[:200]
    with transaction.atomic():
        _lock_imports()
        existing = Release.objects.filter(sha256=digest).first()
        if existing:
            return ImportOutcome(release=existing, created=False)
        held = (
            MeasureFigure.objects.filter(measure=parsed.measure.code)
            if isinstance(parsed, measures.ParsedMeasures)
            else Figure.objects.all()
        )
        newer = dict(
            held.filter(year__in=parsed.years, release__reporting_year__gt=reporting_year)
            .values_list("year", "release__reporting_year")
            .order_by()
            .distinct()
        )
        years_stored = [y for y in parsed.years if y not in newer]
        records = [r for r in parsed.records if r["year"] in years_stored]
        release = Release.objects.create(
            title=title,
            reporting_year=reporting_year,
            published_on=published_on,
            file_name=file_name,
            sha256=digest,
            imported_by=imported_by,
            imported_via=imported_via[:100],
            first_year=parsed.years[0],
            last_year=parsed.years[-1],
            rows_read=parsed.rows_read,
            rows_stored=len(records),
            years_stored=years_stored,
            years_kept=sorted(newer),
            report=_report(parsed, records),
        )
        if isinstance(parsed, measures.ParsedMeasures):
            _store_measures(release, parsed, records, years_stored)
        else:
            geography_ids = _store_geographies(parsed.geographies)
            Figure.objects.filter(year__in=years_stored).delete()
            _bulk_insert(
                Figure,
                (
                    {
                        "release": release.id,
                        "geography": geography_ids[record["geography_code"]],
                        **{name: record[name] for name in FIGURE_FIELDS},
                    }
                    for record in records
                ),
            )
    return ImportOutcome(release=release, created=True)


def _parsed(raw: bytes, file_name: str) -> measures.ParsedMeasures | sen2.ParsedFile:
    """The file's records, by its layout: DfE's timeliness file, one of the
    tidy files of the other steps, or the tribunal table. Anything else is
    refused, naming the layouts expected."""
    if not raw.startswith(b"PK\x03\x04") and b"\x00" not in raw[:4096]:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        if measures.is_tribunal_table(text):
            return measures.parse_tribunal(text)
    frame = sen2.load_bytes(raw, file_name)
    measure = measures.tidy_measure(frame)
    if measure is not None:
        return measures.parse_tidy(frame, measure)
    try:
        sen2.check_columns(frame)
    except UploadError as error:
        shown = ", ".join(list(frame.columns)[:12]) + (", …" if len(frame.columns) > 12 else "")
        first = error.message.replace(" Nothing was imported.", "")
        raise UploadError(
            f"{first} Nor is it another of the files import_sen2 knows, each recognised by its columns: "
            f"{measures.expected_layouts()}. This file's columns: {shown}. Nothing was imported."
        ) from None
    return sen2.parse(frame)


def _store_measures(
    release: Release, parsed: measures.ParsedMeasures, records: list[dict[str, Any]], years_stored: list[int]
) -> None:
    """Replace the measure's figures for the years stored. Geographies the
    timeliness file named keep its names and regions; the tribunal table
    only adds those it does not know."""
    tribunal_only = [g for g in parsed.geographies.values() if g.get("_from_tribunal_table")]
    others = {c: g for c, g in parsed.geographies.items() if not g.get("_from_tribunal_table")}
    _store_geographies(others)
    Geography.objects.bulk_create(
        [Geography(**{k: v for k, v in g.items() if not k.startswith("_")}) for g in tribunal_only],
        ignore_conflicts=True,
    )
    ids = dict(Geography.objects.filter(code__in=parsed.geographies).values_list("code", "id"))
    MeasureFigure.objects.filter(measure=parsed.measure.code, year__in=years_stored).delete()
    _bulk_insert(
        MeasureFigure,
        (
            {
                "release": release.id,
                "geography": ids[record["geography_code"]],
                **{k: v for k, v in record.items() if not k.startswith("_") and k != "geography_code"},
            }
            for record in records
        ),
    )


def _report(parsed: measures.ParsedMeasures | sen2.ParsedFile, records: list[dict[str, Any]]) -> dict[str, Any]:
    levels: dict[str, int] = {}
    for record in records:
        if record.get("is_headline", True):
            levels[record["_level"]] = levels.get(record["_level"], 0) + 1
    headline_missing = sum(
        1 for r in records if r.get("is_headline", True) and r["_level"] == "local_authority" and r["pct"] is None
    )
    stored_rows = {r["row_number"] for r in records}
    return {
        "flagged": [f for f in parsed.flagged if f["row"] in stored_rows],
        "notes": parsed.notes,
        "headline_rows": sum(levels.values()),
        "headline_rows_by_level": levels,
        "breakdown_rows": sum(1 for r in records if not r.get("is_headline", True)),
        "measure": getattr(getattr(parsed, "measure", None), "code", "timeliness_20_weeks"),
        "headline_without_rate": headline_missing,
    }


def _store_geographies(geographies: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """Insert new geographies and rename known ones; {code: id}."""
    rows = [Geography(**{k: v for k, v in g.items() if not k.startswith("_")}) for g in geographies.values()]
    Geography.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["level", "name", "ons_code", "region_code", "region_name"],
    )
    return dict(Geography.objects.filter(code__in=geographies).values_list("code", "id"))


FIGURE_FIELDS = (
    "row_number",
    "year",
    "breakdown_topic",
    "breakdown",
    "is_headline",
    "issued",
    "within",
    "pct",
    "pct_status",
    "issued_all",
    "within_all",
    "pct_all",
    "pct_all_status",
    "other_measures",
    "pct_mismatch",
)


def _bulk_insert(model: type[models.Model], rows: Iterable[Mapping[str, object]]) -> int:
    """Insert `rows` ({field name: value}, a foreign key by its id) into
    `model`'s table; the number inserted. On PostgreSQL with psycopg 3 by
    COPY (no model instances: a tenth of bulk_create's time for the 12,211
    rows of the timeliness file); elsewhere by bulk_create in batches. The
    table's constraints check every row either way."""
    rows = list(rows)
    if not rows:
        return 0
    names = list(rows[0])
    fields = [cast(models.Field, model._meta.get_field(name)) for name in names]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy"):
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            is_json = [isinstance(f, models.JSONField) for f in fields]
            statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([json.dumps(v) if j else v for v, j in zip(row.values(), is_json, strict=True)])
            return len(rows)
    attnames = [f.attname for f in fields]
    model._default_manager.bulk_create(
        (model(**dict(zip(attnames, row.values(), strict=True))) for row in rows), batch_size=BATCH_SIZE
    )
    return len(rows)


def parse_codes(text: str) -> list[str]:
    """'343, 340 341' → ['343', '340', '341'] (order kept, repeats dropped)."""
    tokens = [t for t in text.replace(",", " ").replace(";", " ").split() if t]
    return list(dict.fromkeys(tokens))


def neighbours_set(*, area: LocalArea, codes: list[str]) -> LocalArea:
    """Replace an area's statistical neighbours with up to ten DfE codes.

    Each code must be a local authority in the imported SEN2 data, and not the
    area itself. Raises ValidationError({"codes": [...]}) naming each problem;
    nothing changes then.
    """
    codes = list(dict.fromkeys(str(c).strip() for c in codes if str(c).strip()))
    problems = []
    malformed = [c for c in codes if not (len(c) == 3 and c.isdigit())]
    if malformed:
        problems.append(f"{', '.join(malformed)}: a DfE local authority code is three digits, such as 344.")
    if area.code in codes:
        problems.append(f"{area.code} is {area.name} itself: an area cannot be its own statistical neighbour.")
    if len(codes) > MAX_NEIGHBOURS:
        problems.append(f"{len(codes)} codes given: an area has at most {MAX_NEIGHBOURS} statistical neighbours.")
    candidates = [c for c in codes if c not in malformed and c != area.code]
    if candidates:
        if not Geography.objects.local_authorities().exists():
            problems.append(
                "No DfE statistics have been imported yet, so the codes cannot be checked. "
                "Import DfE's timeliness file first."
            )
        else:
            known = set(
                Geography.objects.local_authorities().filter(code__in=candidates).values_list("code", flat=True)
            )
            unknown = [c for c in candidates if c not in known]
            if unknown:
                problems.append(
                    f"{', '.join(unknown)}: not a local authority in DfE's imported statistics. "
                    "Check the code against the list of local authorities."
                )
    if problems:
        raise ValidationError({"codes": problems})
    try:
        return local_area_set_neighbours(area=area, codes=codes)
    except ValidationError as error:
        raise ValidationError({"codes": [m for messages in error.message_dict.values() for m in messages]}) from None
