"""National benchmark pages under /board/<code>/ehcp/benchmarks/.

Reading is for every role of the area; importing DfE's national file and
changing the area's neighbours need MANAGE (performance leads and
administrators). The import changes national figures that every area sees,
so each import records who made it and from which area, and the list of
imports is open to every role.
"""

import hashlib
import json
from types import SimpleNamespace

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from send_board import registry
from send_board.access import Capability, area_view
from send_board.forms import form_status
from send_board.tables_io import table_response
from send_board.uploads import RowErrors, UploadError, problems_for_page

from . import selectors, services
from .charts import benchmark_trend, ranking_chart
from .forms import NeighboursForm, RankingYearForm, Sen2UploadForm
from .models import Release
from .tables import FlaggedRowsTable


def _breadcrumbs(area, *trail):
    return [
        *registry.home_crumbs(area),
        ("EHCP", reverse("ehcp:timeliness", args=[area.code])),
        *trail,
    ]


def _benchmarks_crumb(area):
    return ("National benchmarks", reverse("benchmarks:panel", args=[area.code]))


def _sources(benchmark):
    return {"last_updated": benchmark.last_updated, "figures_source": benchmark.source_text or None}


@area_view()
def panel(request, access):
    area = access.area
    benchmark = selectors.area_benchmark(area=area)
    return render(
        request,
        "benchmarks/benchmark_panel.html",
        {
            "area": area,
            "benchmark": benchmark,
            "figure": benchmark_trend(benchmark, area.name),
            "can_manage": access.can_manage,
            "breadcrumbs": _breadcrumbs(area, ("National benchmarks", None)),
            **_sources(benchmark),
        },
    )


RANKING_CACHE_SECONDS = selectors.HEADLINE_CACHE_SECONDS
# Bump when the ranking's partial template changes shape, so that no cached
# rendering of the old template outlives a deployment.
RANKING_CACHE_PREFIX = "benchmarks:ranking:v2"


def _ranking_meta(version):
    """The years the national figures cover and where they come from, cached
    per data version: a page served from the cache then never unpickles the
    thousand headline rows."""
    key = f"{RANKING_CACHE_PREFIX}:meta:{version}"
    meta = cache.get(key)
    if meta is None:
        data = selectors.headline_data(version)
        benchmark = selectors.benchmark_for(la_code="", data=data)
        meta = {"years": data.years, **_sources(benchmark)}
        cache.set(key, meta, RANKING_CACHE_SECONDS)
    return meta


def _ranking_content(area, year, version):
    """The ranking of `year` as HTML (the summary, the chart and both tables),
    rendered once per data version, year and the area's name and neighbours
    (which mark rows and bars) and then served from the cache: building 150
    bars through Plotly and rendering 150 rows cost most of the page. An
    import of DfE's figures (import_sen2) changes the version, so the next
    view renders it afresh."""
    neighbour_codes = sorted(area.statistical_neighbours or [])
    marks = hashlib.sha256(json.dumps([area.name, neighbour_codes]).encode()).hexdigest()[:16]
    key = f"{RANKING_CACHE_PREFIX}:{version}:{year}:{area.code}:{marks}"
    content = cache.get(key)
    if content is None:
        result = selectors.ranking_for_year(
            year=year, la_code=area.code, neighbour_codes=neighbour_codes, data=selectors.headline_data(version)
        )
        chart = json.loads(ranking_chart(result, area.name).to_json())
        content = render_to_string(
            "benchmarks/_ranking.html",
            {
                "area": area,
                "year": year,
                "ranking": result,
                "figure": SimpleNamespace(data=chart["data"], layout=chart["layout"]),
                "chart_description": (
                    f"Bar chart of the {result.of} local authorities with a published figure for {year}, from the "
                    f"highest to the lowest percentage of EHC plans issued within 20 weeks. {area.name} is marked "
                    "in blue with crossed lines and a label, its statistical neighbours in purple with diagonal "
                    "stripes, the others in plain grey; a dotted line marks England."
                ),
            },
        )
        cache.set(key, content, RANKING_CACHE_SECONDS)
    return mark_safe(content)  # noqa: S308 - our own template's output, escaped when it was rendered


@area_view()
def ranking(request, access):
    area = access.area
    version = selectors.data_version()
    meta = _ranking_meta(version)
    years = meta["years"]
    form = RankingYearForm(request.GET or None, years=years)
    year = years[-1] if years else None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    elif not form.is_bound and year is not None:
        form = RankingYearForm(initial={"year": year}, years=years)
    return render(
        request,
        "benchmarks/ranking_chart.html",
        {
            "area": area,
            "form": form,
            "year": year,
            "content": _ranking_content(area, year, version) if year is not None else "",
            "breadcrumbs": _breadcrumbs(area, _benchmarks_crumb(area), ("Ranking", None)),
            "last_updated": meta["last_updated"],
            "figures_source": meta["figures_source"],
        },
    )


@area_view()
def reconciliation(request, access):
    area = access.area
    rows = selectors.reconciliation_for(area=area)
    return render(
        request,
        "benchmarks/reconciliation_list.html",
        {
            "area": area,
            "rows": rows,
            "sen2_imported": selectors.latest_release() is not None,
            "disagreements": sum(1 for r in rows if r.comparison.disagrees),
            "breadcrumbs": _breadcrumbs(area, _benchmarks_crumb(area), ("Reconciliation", None)),
        },
    )


@area_view()
def export_csv(request, access):
    area = access.area
    benchmark = selectors.area_benchmark(area=area)
    rows = selectors.export_rows(benchmark)
    return table_response(rows, header=selectors.EXPORT_COLUMNS, filename=f"benchmarks-{area.code}")


@area_view()
def release_list(request, access):
    area = access.area
    return render(
        request,
        "benchmarks/release_list.html",
        {
            "area": area,
            "releases": selectors.releases_with_use(),
            "can_manage": access.can_manage,
            "breadcrumbs": _breadcrumbs(area, _benchmarks_crumb(area), ("Imported statistics", None)),
        },
    )


@area_view()
def release_detail(request, access, release_id):
    area = access.area
    try:
        release = Release.objects.select_related("imported_by").get(pk=release_id)
    except Release.DoesNotExist:
        raise Http404 from None
    flagged = FlaggedRowsTable(release.report.get("flagged", []))
    flagged.caption = "Rows whose published % does not match their counts (stored as published)"
    return render(
        request,
        "benchmarks/release_detail.html",
        {
            "area": area,
            "release": release,
            "flagged_table": flagged,
            "breadcrumbs": _breadcrumbs(
                area,
                _benchmarks_crumb(area),
                ("Imported statistics", reverse("benchmarks:releases", args=[area.code])),
                (release.title, None),
            ),
        },
    )


@area_view(Capability.MANAGE)
def upload(request, access):
    area = access.area
    form = Sen2UploadForm(request.POST, request.FILES) if request.method == "POST" else Sen2UploadForm()
    problems = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            outcome = services.sen2_import(
                source=upload_file,
                file_name=upload_file.name,
                imported_by=request.user,
                imported_via=f"Upload, {area.name} ({area.code})",
                published_on=form.cleaned_data["published_on"],
            )
        except UploadError as error:
            form.add_error("file", error.message)
        except RowErrors as error:
            problems = problems_for_page(error.errors, user=request.user, area=area)
            form.add_error(
                "file",
                f"{problems.total} problem(s) in the file's rows, listed below. Nothing was imported.",
            )
        else:
            messages.success(request, outcome.message)
            return redirect("benchmarks:release", code=area.code, release_id=outcome.release.pk)
    return render(
        request,
        "benchmarks/release_upload.html",
        {
            "area": area,
            "form": form,
            "row_errors": problems.shown if problems else [],
            "problems": problems,
            "latest": selectors.latest_release(),
            "breadcrumbs": _breadcrumbs(area, _benchmarks_crumb(area), ("Import DfE statistics", None)),
        },
        status=form_status(form),
    )


@area_view(Capability.MANAGE)
def neighbours(request, access):
    area = access.area
    initial = {"codes": " ".join(area.statistical_neighbours or [])}
    form = NeighboursForm(request.POST) if request.method == "POST" else NeighboursForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.neighbours_set(area=area, codes=services.parse_codes(form.cleaned_data["codes"]))
        except ValidationError as error:
            for message in error.message_dict.get("codes", error.messages):
                form.add_error("codes", message)
        else:
            count = len(area.statistical_neighbours)
            messages.success(request, f"{area.name} now has {count} statistical neighbour{'s' if count != 1 else ''}.")
            return redirect("benchmarks:panel", code=area.code)
    benchmark = selectors.area_benchmark(area=area)
    return render(
        request,
        "benchmarks/neighbours_form.html",
        {
            "area": area,
            "form": form,
            "benchmark": benchmark,
            "authorities": selectors.local_authorities(),
            "breadcrumbs": _breadcrumbs(area, _benchmarks_crumb(area), ("Statistical neighbours", None)),
        },
    )
