"""Reads: an area against England, its region and its statistical neighbours;
the ranking of every local authority; the reconciliation with monthly figures.

Every page reads the headline figures with a fixed number of queries (all
headline rows, all geographies, the releases they came from: about a thousand
small rows for six years) and derives the rest with calculations.py, so the
query count does not grow with the number of years or neighbours.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db.models import Count, Max

from ehcp.selectors import monthly_figures
from send_board.calculations import round_half_up

from .calculations import (
    Pooled,
    Reconciliation,
    competition_ranks,
    percentage,
    percentage_matches,
    polarity_ranks,
    pooled_percentage,
    quartile,
    reconcile,
)
from .models import ENGLAND_CODE, Figure, Geography, Level, MeasureFigure, RateStatus, Release

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from send_board.models import LocalArea

    from .measures import Measure


@dataclass(frozen=True)
class HeadlineFigure:
    """One geography's headline figure for one calendar year."""

    code: str
    year: int
    issued: int | None
    within: int | None
    pct: Decimal | None
    pct_status: str
    release_id: int

    @property
    def status_label(self) -> str:
        return RateStatus(self.pct_status).label


@dataclass
class HeadlineData:
    """Every headline figure, by (year, code), with the geographies."""

    figures: dict[tuple[int, str], HeadlineFigure]  # (year, code) → figure
    geographies: dict[str, Geography]
    releases: dict[int, Release]
    years: list[int]
    ranks: dict[int, dict[str, int]] = field(default_factory=dict)  # year → {code: rank}
    ranked_counts: dict[int, int] = field(default_factory=dict)  # year → number ranked

    def figure(self, year: int, code: str) -> HeadlineFigure | None:
        return self.figures.get((year, code))

    def rank(self, year: int, code: str) -> int | None:
        return self.ranks.get(year, {}).get(code)


# Headline data changes only when a release is imported (sen2_import) or
# removed, so it is cached under a key naming the releases: an import makes
# a new key, and the next page builds it again.
HEADLINE_CACHE_SECONDS = 24 * 60 * 60


def data_version() -> str:
    """Names the imported releases: changes with every import or removal, so
    anything derived from the national figures can be cached under it."""
    releases = Release.objects.aggregate(count=Count("id"), last=Max("id"), at=Max("imported_at"))
    stamp = releases["at"].timestamp() if releases["at"] else 0
    return f"{releases['count']}:{releases['last']}:{stamp}"


def headline_data(version: str | None = None) -> HeadlineData:
    """All headline figures with each year's ranks: one query when cached for
    the current releases (`version`, read if not given), four when not."""
    key = f"benchmarks:headline:{version or data_version()}"
    return cast(HeadlineData, cache.get_or_set(key, _headline_data, HEADLINE_CACHE_SECONDS))


def _headline_data() -> HeadlineData:
    rows = (
        Figure.objects.headline()
        .order_by()
        .values_list("geography__code", "year", "issued", "within", "pct", "pct_status", "release_id")
    )
    figures = {(row[1], row[0]): HeadlineFigure(*row) for row in rows}
    geographies = {g.code: g for g in Geography.objects.all()}
    releases = {r.id: r for r in Release.objects.filter(id__in={f.release_id for f in figures.values()})}
    years = sorted({year for year, _code in figures})
    data = HeadlineData(figures=figures, geographies=geographies, releases=releases, years=years)
    for year in years:
        published = {
            code: f.pct
            for (y, code), f in figures.items()
            if y == year and geographies[code].level == Level.LOCAL_AUTHORITY and f.pct is not None
        }
        data.ranks[year] = competition_ranks(published)
        data.ranked_counts[year] = len(published)
    return data


@dataclass(frozen=True)
class BenchmarkYear:
    """One calendar year of an area's benchmark. Percentages are DfE's
    published figures except `neighbours`, pooled from the neighbours' counts."""

    year: int
    area: HeadlineFigure | None
    region: HeadlineFigure | None
    england: HeadlineFigure | None
    neighbours: Pooled | None
    rank: int | None
    of: int
    quartile: int | None

    @property
    def area_pct(self) -> Decimal | None:
        return self.area.pct if self.area else None

    @property
    def region_pct(self) -> Decimal | None:
        return self.region.pct if self.region else None

    @property
    def england_pct(self) -> Decimal | None:
        return self.england.pct if self.england else None

    @property
    def neighbours_pct(self) -> Decimal | None:
        return self.neighbours.pct if self.neighbours else None

    @property
    def area_note(self) -> str:
        """Why the area has no figure this year, in words; '' when it has one."""
        if self.area is None:
            return "Not in DfE's figures for this year"
        if self.area.pct is None:
            return self.area.status_label
        return ""


@dataclass
class Benchmark:
    """An area's comparison with England, its region and its neighbours."""

    la_code: str
    la: Geography | None
    region: Geography | None
    neighbours: list[Geography]
    unknown_neighbour_codes: list[str]
    years: list[BenchmarkYear]
    releases: list[Release]

    @property
    def has_figures(self) -> bool:
        return bool(self.years)

    @property
    def latest(self) -> BenchmarkYear | None:
        return self.years[-1] if self.years else None

    @property
    def source_text(self) -> str:
        return "; ".join(r.source_text for r in self.releases)

    @property
    def last_updated(self) -> datetime | None:
        return max((r.imported_at for r in self.releases), default=None)


def benchmark_for(
    *, la_code: str, neighbour_codes: Iterable[str] = (), region_name: str = "", data: HeadlineData | None = None
) -> Benchmark:
    """The benchmark of the local authority `la_code` (a DfE code) against
    England, its region and the pooled figure of `neighbour_codes`, for every
    calendar year in the imported statistics.

    The region is the one DfE gives the authority; `region_name` (a local
    area's own region) is used only for an area DfE does not publish."""
    data = data or headline_data()
    la = data.geographies.get(la_code)
    if la is not None and la.level != Level.LOCAL_AUTHORITY:
        la = None
    if la:
        region = data.geographies.get(la.region_code)
    else:
        region = next(
            (
                g
                for g in data.geographies.values()
                if g.level == Level.REGIONAL and region_name and g.name.lower() == region_name.strip().lower()
            ),
            None,
        )
    neighbours = [data.geographies[c] for c in neighbour_codes if c in data.geographies]
    unknown = [c for c in neighbour_codes if c not in data.geographies]
    years: list[BenchmarkYear] = []
    for year in data.years:
        area_figure = data.figure(year, la_code) if la else None
        pooled = None
        if neighbours:
            counts: dict[str, tuple[int | None, int | None]] = {}
            for neighbour in neighbours:
                figure = data.figure(year, neighbour.code)
                if figure is not None:
                    counts[neighbour.code] = (figure.issued, figure.within)
            pooled = pooled_percentage(counts) if counts else None
        rank = data.rank(year, la_code) if la else None
        of = data.ranked_counts.get(year, 0)
        years.append(
            BenchmarkYear(
                year=year,
                area=area_figure,
                region=data.figure(year, region.code) if region else None,
                england=data.figure(year, ENGLAND_CODE),
                neighbours=pooled,
                rank=rank,
                of=of,
                quartile=quartile(rank, of) if rank else None,
            )
        )
    release_ids = {f.release_id for f in data.figures.values()}
    releases = sorted((data.releases[i] for i in release_ids), key=lambda r: r.reporting_year, reverse=True)
    return Benchmark(
        la_code=la_code,
        la=la,
        region=region,
        neighbours=neighbours,
        unknown_neighbour_codes=unknown,
        years=years,
        releases=releases,
    )


def area_benchmark(*, area: LocalArea, data: HeadlineData | None = None) -> Benchmark:
    return benchmark_for(
        la_code=area.code,
        neighbour_codes=list(area.statistical_neighbours or []),
        region_name=area.region,
        data=data,
    )


EXPORT_COLUMNS = (
    "year",
    "issued",
    "within_20_weeks",
    "area_pct",
    "region_pct",
    "england_pct",
    "neighbours_pct",
    "rank",
    "of",
    "quartile",
)


def export_rows(benchmark: Benchmark) -> Iterator[list[str]]:
    """One row per calendar year, EXPORT_COLUMNS in order; '' where there is no value."""

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    for y in benchmark.years:
        yield [
            cell(v)
            for v in (
                y.year,
                y.area.issued if y.area else None,
                y.area.within if y.area else None,
                y.area_pct,
                y.region_pct,
                y.england_pct,
                y.neighbours_pct,
                y.rank,
                y.of if y.rank else None,
                y.quartile,
            )
        ]


def scorecard_series(*, area: LocalArea) -> dict[str, Any]:
    """The comparison as plain series for a scorecard (performance's indicator
    benchmarks, a publication's snapshot): {"area" | "region" | "england" |
    "neighbours": {date(year, 1, 1): Decimal %}} for each calendar year with a
    value, plus "source" (the releases, in words). Years without a value are
    absent, never zero. DfE's figures are already public, so nothing here
    needs small-number suppression."""
    benchmark = area_benchmark(area=area)
    series: dict[str, dict[date, Decimal]] = {"area": {}, "region": {}, "england": {}, "neighbours": {}}
    for y in benchmark.years:
        period = date(y.year, 1, 1)
        for name, value in (
            ("area", y.area_pct),
            ("region", y.region_pct),
            ("england", y.england_pct),
            ("neighbours", y.neighbours_pct),
        ):
            if value is not None:
                series[name][period] = value
    return {**series, "source": benchmark.source_text}


@dataclass(frozen=True)
class RankedAuthority:
    rank: int | None
    quartile: int | None
    geography: Geography
    figure: HeadlineFigure
    role: str  # "area", "neighbour" or ""


@dataclass
class Ranking:
    year: int
    ranked: list[RankedAuthority]
    unranked: list[RankedAuthority]
    of: int
    england: HeadlineFigure | None
    region: HeadlineFigure | None
    region_geography: Geography | None
    area: RankedAuthority | None


def ranking_for_year(
    *, year: int, la_code: str, neighbour_codes: Iterable[str] = (), data: HeadlineData | None = None
) -> Ranking:
    """Every local authority with a figure for `year`, highest % first; those
    without a published % (DfE's x, or no plans issued) listed apart."""
    data = data or headline_data()
    neighbours = set(neighbour_codes)
    ranks = data.ranks.get(year, {})
    of = data.ranked_counts.get(year, 0)
    ranked: list[RankedAuthority] = []
    unranked: list[RankedAuthority] = []
    area = None
    for (figure_year, code), figure in data.figures.items():
        geography = data.geographies[code]
        if figure_year != year or geography.level != Level.LOCAL_AUTHORITY:
            continue
        role = "area" if code == la_code else "neighbour" if code in neighbours else ""
        rank = ranks.get(code)
        entry = RankedAuthority(
            rank=rank, quartile=quartile(rank, of) if rank else None, geography=geography, figure=figure, role=role
        )
        (ranked if rank else unranked).append(entry)
        if role == "area":
            area = entry
    ranked.sort(key=lambda e: (e.rank, e.geography.name))
    unranked.sort(key=lambda e: e.geography.name)
    la = data.geographies.get(la_code)
    region_geography = data.geographies.get(la.region_code) if la else None
    return Ranking(
        year=year,
        ranked=ranked,
        unranked=unranked,
        of=of,
        england=data.figure(year, ENGLAND_CODE),
        region=data.figure(year, region_geography.code) if region_geography else None,
        region_geography=region_geography,
        area=area,
    )


def local_authorities() -> QuerySet[Geography]:
    """Every local authority in the imported statistics, by name."""
    return Geography.objects.local_authorities().order_by("name")


def latest_release() -> Release | None:
    return Release.objects.order_by("-reporting_year", "-imported_at").first()


def releases_with_use() -> list[Release]:
    """Imported releases, newest first, each with the years it still supplies."""
    releases = list(Release.objects.select_related("imported_by").order_by("-imported_at"))
    in_use: dict[int, set[int]] = {}
    for release_id, year in Figure.objects.headline().values_list("release_id", "year").order_by().distinct():
        in_use.setdefault(release_id, set()).add(year)
    for release in releases:
        release.years_in_use = sorted(in_use.get(release.id, ()))  # type: ignore[attr-defined]  # for the page
    return releases


# ---------------------------------------------------------------- reconciliation


@dataclass(frozen=True)
class ReconciliationRow:
    """A calendar year's December rolling 12-month figure from one local
    source beside DfE's SEN2 figure for that year."""

    year: int
    source: str
    source_label: str
    local_issued: int
    local_within: int | None
    local_pct: Decimal | None
    approved: bool
    sen2: HeadlineFigure | None
    comparison: Reconciliation


SOURCES = (("returns", "Monthly returns"), ("cases", "Case records"))


def reconciliation_for(*, area: LocalArea) -> list[ReconciliationRow]:
    """For each local source and each calendar year it covers in full
    (a December with a complete rolling 12 months, i.e. January–December),
    the local figure beside SEN2's. Newest year first, returns before cases."""
    sen2 = {
        f.year: HeadlineFigure(f.geography.code, f.year, f.issued, f.within, f.pct, f.pct_status, f.release_id)
        for f in Figure.objects.headline().filter(geography__code=area.code).select_related("geography")
    }
    rows: list[ReconciliationRow] = []
    for source, label in SOURCES:
        for figure in monthly_figures(area=area, source=source).filter(month__month=12):
            if figure.month.month != 12 or figure.rolling_issued is None:
                continue
            year = figure.month.year
            official = sen2.get(year)
            rows.append(
                ReconciliationRow(
                    year=year,
                    source=source,
                    source_label=label,
                    local_issued=figure.rolling_issued,
                    local_within=figure.rolling_within,
                    local_pct=figure.rolling_pct,
                    approved=figure.rolling_approved,
                    sen2=official,
                    comparison=reconcile(
                        local_issued=figure.rolling_issued,
                        local_within=figure.rolling_within,
                        local_pct=figure.rolling_pct,
                        sen2_issued=official.issued if official else None,
                        sen2_within=official.within if official else None,
                        sen2_pct=official.pct if official else None,
                    ),
                )
            )
    rows.sort(key=lambda r: (-r.year, r.source != "returns"))
    return rows


# ---------------------------------------------------------------- the timeline's other measures


@dataclass(frozen=True)
class MeasureYear:
    """One calendar year of an area's figure for a timeline measure. The
    area's, region's and England's percentages are DfE's published ones
    where DfE publishes them; a region or England without a row of its own
    (the tribunal table has no regional rows) and the neighbours are pooled
    from the authorities' counts."""

    year: int
    numerator: int | None
    denominator: int | None
    area_pct: Decimal | None
    area_status: str
    computed_pct: Decimal | None
    mismatch: bool
    region_pct: Decimal | None
    region_pooled: bool
    england_pct: Decimal | None
    england_pooled: bool
    neighbours_pct: Decimal | None
    rank: int | None
    of: int
    quartile: int | None


@dataclass
class MeasureBenchmark:
    measure: Measure
    la_code: str
    la: Geography | None
    region_name: str
    years: list[MeasureYear]
    best_rank: int | None
    worst_rank: int | None
    # year → [(rank, geography, pct)] of every ranked authority
    ranked: dict[int, list[tuple[int, Geography, Decimal | None]]]

    @property
    def has_figures(self) -> bool:
        return bool(self.years)


def _pooled(rows: Mapping[str, Mapping[str, Any]]) -> Decimal | None:
    counts = {code: (row["denominator"], row["numerator"]) for code, row in rows.items()}
    return pooled_percentage(counts).pct if counts else None


MeasureRows = dict[tuple[int, str], dict[str, Any]]


def measure_rows(measure: str) -> MeasureRows:
    """{(year, geography code): a MeasureFigure's values} of one measure: its
    own imported rows, or for over_52_weeks the band DfE publishes in the
    20-week file's headline rows (years where DfE publishes no band, x before
    2023, are left out). One query."""
    from .measures import OVER_52_WEEKS

    if measure != OVER_52_WEEKS.code:
        return {
            (values["year"], values["geography__code"]): dict(values)
            for values in MeasureFigure.objects.filter(measure=measure).values(
                "geography__code",
                "year",
                "numerator",
                "denominator",
                "pct",
                "pct_status",
                "pct_mismatch",
                "other_measures",
            )
        }
    rows = {}
    for code, year, issued, other in (
        Figure.objects.headline().order_by().values_list("geography__code", "year", "issued", "other_measures")
    ):
        numerator, published = other.get(OVER_52_WEEKS.numerator), other.get(OVER_52_WEEKS.pct)
        if numerator is None and published is None:
            continue
        pct = None if published is None else Decimal(str(published))
        status = (
            RateStatus.PUBLISHED if pct is not None else RateStatus.NO_PLANS if issued == 0 else RateStatus.UNAVAILABLE
        )
        rows[(year, code)] = {
            "geography__code": code,
            "year": year,
            "numerator": numerator,
            "denominator": issued,
            "pct": pct,
            "pct_status": status,
            "pct_mismatch": not percentage_matches(pct, numerator, issued),
            "other_measures": {},
        }
    return rows


def measure_benchmark(
    *, la_code: str, measure: str, neighbour_codes: Iterable[str] = (), region_name: str = ""
) -> MeasureBenchmark:
    """An authority's figures for one measure (measures.ALL_MEASURES) against
    its region, England and its neighbours, with its rank each year and its
    best and worst rank across the years. Two queries."""
    from .measures import ALL_MEASURES

    definition = ALL_MEASURES[measure]
    rows = measure_rows(measure)
    geographies = {g.code: g for g in Geography.objects.all()}
    la = geographies.get(la_code)
    la = la if la is not None and la.level == Level.LOCAL_AUTHORITY else None
    region_code = la.region_code if la else ""
    region = geographies.get(region_code)
    in_file_region = ""
    years: list[MeasureYear] = []
    all_ranks: list[int] = []
    ranked: dict[int, list[tuple[int, Geography, Decimal | None]]] = {}
    for year in sorted({year for year, _code in rows}):
        of_year = {code: row for (y, code), row in rows.items() if y == year}
        authorities = {
            code: row
            for code, row in of_year.items()
            if geographies.get(code) is not None and geographies[code].level == Level.LOCAL_AUTHORITY
        }
        ranks = polarity_ranks({c: r["pct"] for c, r in authorities.items()}, definition.polarity)
        of = len(ranks)
        ranked[year] = sorted(
            ((rank, geographies[c], authorities[c]["pct"]) for c, rank in ranks.items()),
            key=lambda item: (item[0], item[1].name),
        )
        own = authorities.get(la_code)
        if own:
            in_file_region = own["other_measures"].get("region_in_file", in_file_region)
        region_row = of_year.get(region_code)
        same_region = {
            c: r
            for c, r in authorities.items()
            if r["numerator"] is not None
            and r["denominator"] is not None
            and (
                (region_code and geographies[c].region_code == region_code)
                or (not region_code and in_file_region and r["other_measures"].get("region_in_file") == in_file_region)
            )
        }
        england_row = of_year.get(ENGLAND_CODE)
        complete = {c: r for c, r in authorities.items() if r["numerator"] is not None and r["denominator"] is not None}
        neighbours = {c: complete[c] for c in neighbour_codes if c in complete}
        rank = ranks.get(la_code)
        if rank:
            all_ranks.append(rank)
        years.append(
            MeasureYear(
                year=year,
                numerator=own["numerator"] if own else None,
                denominator=own["denominator"] if own else None,
                area_pct=own["pct"] if own else None,
                area_status=own["pct_status"] if own else "",
                computed_pct=percentage(own["numerator"], own["denominator"]) if own else None,
                mismatch=bool(own and own["pct_mismatch"]),
                region_pct=region_row["pct"] if region_row else _pooled(same_region),
                region_pooled=region_row is None,
                england_pct=england_row["pct"] if england_row else _pooled(complete),
                england_pooled=england_row is None,
                neighbours_pct=_pooled(neighbours),
                rank=rank,
                of=of,
                quartile=quartile(rank, of) if rank else None,
            )
        )
    return MeasureBenchmark(
        measure=definition,
        la_code=la_code,
        la=la,
        region_name=region.name if region else in_file_region,
        years=years,
        best_rank=min(all_ranks, default=None),
        worst_rank=max(all_ranks, default=None),
        ranked=ranked,
    )


MEASURE_EXPORT_COLUMNS = (
    "year",
    "numerator",
    "denominator",
    "area_pct",
    "region_pct",
    "england_pct",
    "rank",
    "of",
    "quartile",
    "best_rank",
    "worst_rank",
)


def measure_export_rows(benchmark: MeasureBenchmark) -> Iterator[list[str]]:
    """One row per calendar year, MEASURE_EXPORT_COLUMNS; '' where there is no value."""

    def cell(value: object) -> str:
        return "" if value is None else str(value)

    for y in benchmark.years:
        yield [
            cell(v)
            for v in (
                y.year,
                y.numerator,
                y.denominator,
                y.area_pct,
                y.region_pct,
                y.england_pct,
                y.rank,
                y.of if y.rank else None,
                y.quartile,
                benchmark.best_rank,
                benchmark.worst_rank,
            )
        ]


def timeline_national(
    *, area: LocalArea, up_to_year: int | None = None
) -> dict[str, tuple[int, Decimal | None, Decimal | None, int | None, int]]:
    """{step code: (year, area %, England %, rank, of)} of the latest year
    DfE publishes for each timeline measure (up to `up_to_year`: a board
    pack as at a month has only the calendar years over by then), for the
    statutory-timeline page and the pack (the 20-week step from the headline
    figures). Steps with no national figure are absent."""
    from .measures import ALL_MEASURES

    def latest_of(years: Iterable[Any]) -> Any:
        shown = [y for y in years if y.england_pct is not None and (up_to_year is None or y.year <= up_to_year)]
        return shown[-1] if shown else None

    result: dict[str, tuple[int, Decimal | None, Decimal | None, int | None, int]] = {}
    headline = area_benchmark(area=area)
    latest = latest_of(headline.years)
    if latest:
        result["timeliness_20_weeks"] = (latest.year, latest.area_pct, latest.england_pct, latest.rank, latest.of)
    for code in ALL_MEASURES:
        benchmark = measure_benchmark(
            la_code=area.code, measure=code, neighbour_codes=area.statistical_neighbours or []
        )
        measure_latest = latest_of(benchmark.years)
        if measure_latest:
            result[code] = (
                measure_latest.year,
                measure_latest.area_pct,
                measure_latest.england_pct,
                measure_latest.rank,
                measure_latest.of,
            )
    return result


def _one_decimal(value: Decimal | None) -> Decimal | str:
    return "–" if value is None else round_half_up(value)


def national_position(
    year: int, area_pct: Decimal | None, england_pct: Decimal | None, rank: int | None, of: int
) -> str:
    """'2024: 37.9% (England 84.8%), ranked 140 of 153'."""
    area_text = "no published figure" if area_pct is None else f"{_one_decimal(area_pct)}%"
    ranked = f", ranked {rank} of {of}" if rank else ""
    return f"{year}: {area_text} (England {_one_decimal(england_pct)}%){ranked}"


def timeline_positions(*, area: LocalArea, up_to_year: int | None = None) -> dict[str, str]:
    """{step code: the national position in words} for every step with a
    national figure (timeline_national), and for a step DfE publishes none
    for, why (NO_NATIONAL_FIGURE): the statutory-timeline page's column and
    the board pack's."""
    from .measures import NO_NATIONAL_FIGURE

    found = timeline_national(area=area, up_to_year=up_to_year)
    national = {code: national_position(*values) for code, values in found.items()}
    return {**NO_NATIONAL_FIGURE, **national}
