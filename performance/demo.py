"""Demo scorecards for Wirral, Walsall and Sefton, drawn from the seed papers
and shared/data/kpi_catalogue.csv (copied to demo_data/).

Each area gets the catalogue's thirty indicators (through the same import a
performance lead uses), targets (an earlier one and the catalogue's, so target
history shows), two years of approved values, England benchmarks for its
strategic KPIs, and a strategic dashboard of twelve KPIs; ratings are stored.

- Sefton (343): the October 2024 slides' dashboard: Active EHCPs 3,492
  (↑ 1.7% from 3,434, July 2024), health advices 100% (April, no change),
  social care 86% (↑ 1.0 points, June), educational psychology 90% (↑ 2.0,
  June), EHE open referrals 366 (May, from 222: ↑ 64.9%; the slide prints
  65.0%, which no whole count gives) and the health waiting times block
  (speech and language, dietetics, CAMHS, ASD, ADHD; four measures the
  catalogue lacks are added). The 20-week figure comes from the EHCP returns.
- Wirral (344): annual reviews within 12 weeks ending at 33% (December 2024)
  and the CAMHS waiting list from 324 (December 2023) to 150 (December 2024),
  as its self-evaluation says; the officer owns six indicators (so Data due
  shows what they owe), with commentary and a deep dive request.
- Walsall (335): a scorecard with quarterly tribunal and complaints measures.

The 20-week indicators (EHCP20 monthly, EHCP20R rolling) take their values from
the EHCP app's figures. Where an area has no EHCP returns loaded, the demo keys
illustrative values instead and says so in the indicator's definition.
Figures the papers do not print are illustrative, generated deterministically.
"""

import csv
import io
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import calculations, integrations, periods, services, sources
from .computed import computed_indicators_sync
from .imports import INDICATOR_COLUMNS, indicators_import
from .models import (
    Benchmark,
    EventKind,
    Indicator,
    IndicatorEvent,
    IndicatorValue,
    ReportingMonth,
    ValueSource,
    ValueState,
)

CATALOGUE = Path(__file__).parent / "demo_data" / "kpi_catalogue.csv"
D = Decimal


def month(year, number):
    return date(year, number, 1)


# Sefton's health waits that the catalogue does not list.
EXTRA_INDICATORS = [
    (
        "DIETFC",
        "Dietetics: referral to first contact",
        "weeks",
        "8",
        "4",
        "Average weeks from referral to first contact",
    ),
    ("CAMHSLW", "Specialist CAMHS: longest wait", "weeks", "18", "8", "Longest current wait for children aged 0-18"),
    (
        "ASDAW",
        "Autism pathway: average wait aged 18-25",
        "weeks",
        "52",
        "13",
        "Average wait for young adults aged 18-25",
    ),
    ("ADHDAW", "ADHD pathway: average wait aged 18-25", "weeks", "18", "8", "Average wait for young adults aged 18-25"),
]
HEALTH_SERVICES = {
    "SALTLW": "speech-and-language",
    "SALT18": "speech-and-language",
    "SALTFC": "speech-and-language",
    "DIETLW": "dietetics",
    "DIET18": "dietetics",
    "DIETFC": "dietetics",
    "CAMHS6": "camhs",
    "CAMHS18": "camhs",
    "CAMHSLW": "camhs",
    "CAMHSWL": "camhs",
    "ASD12": "asd",
    "ASDLW": "asd",
    "ASDAW": "asd",
    "ADHD12": "adhd",
    "ADHDLW": "adhd",
    "ADHDAW": "adhd",
}
EHCP_FIGURES = {"EHCP20": sources.EHCP_TIMELINESS.key, "EHCP20R": sources.EHCP_TIMELINESS_ROLLING.key}
# Computed from case records where an area has them (Wirral): what its
# services reported is kept as the entered figure beside the computed one.
# DTA6 is the statutory timeline's step (decisions made in the month, as DfE
# counts them), so the scorecard reads what the timeline page reads; the
# cohort page's "decided within 6 weeks" follows requests by the month they
# arrived, a different measure with its own page.
FROM_CASES = {
    "DTA6": "ehcp.step.requests_6_weeks",
    # Advice within 6 weeks: each month's advice received, as services report it.
    "EP6": "ehcp.ep_advice_6_weeks_in_month",
    "HEALTH6": "ehcp.health_advice_6_weeks_in_month",
    "SC6": "ehcp.social_care_advice_6_weeks_in_month",
    "OPEN20": "ehcp.open_beyond_20_weeks",
    # Requests received and appeals registered: the case records count them too (the cohort and timeline pages).
    "EHCNAREQ": "ehcp.requests_received",
    "TRIB": "ehcp.tribunal_appeals",
}
SEED_PAPERS = {
    "343": "Sefton's SEND improvement slides (October 2024)",
    "344": "Wirral's SEND self-evaluation (January 2025)",
    "335": "Walsall's SEND improvement report (January 2021)",
}
# Values the catalogue leaves blank.
DEFAULT_LATEST = {"TRIB": D(12), "COMPL": D(82), "PCSAT": D(44)}

# England benchmarks for the measures DfE does not publish: illustrative, and
# their source says so. Those DfE publishes (integrations.DFE_MEASURES) take
# DfE's own figures from the imported release, and none where DfE has none.
ILLUSTRATIVE_ENGLAND = {
    "HEALTH6": D("92.0"),
    "SC6": D("88.0"),
    "EP6": D("62.0"),
    "AR12": D("55.0"),
    "COMPL": D("80.0"),
    "SUPINT": D("28.0"),
    "SALT18": D("75.0"),
}

SEFTON = {
    "code": "343",
    "name": "Sefton",
    "end": month(2024, 7),
    # The slides' dashboard is of July 2024 (its EHCP returns run to August).
    "as_at": month(2024, 7),
    "cited": {
        "EHCPACT", "HEALTH6", "SC6", "EP6", "EHE", "OPEN20", "SALTLW", "SALT18", "SALTFC", "DIETLW", "DIET18",
        "DIETFC", "CAMHS6", "CAMHS18", "CAMHSLW", "ASD12", "ASDLW", "ASDAW", "ADHD12", "ADHDLW", "ADHDAW", "OOB",
    },
    "from_cases": {},
    "dashboard": [
        "EHCPACT", "EHCP20", "HEALTH6", "SC6", "EP6", "EHE", "EHCP20R", "DTA6", "OPEN20", "AR12", "SALTLW", "OOB",
    ],
    "latest": {
        "HEALTH6": month(2024, 4), "SC6": month(2024, 6), "EP6": month(2024, 6), "EHE": month(2024, 5),
        "ASDAW": month(2024, 5), "OOB": month(2024, 9),
    },
    "fixed": {
        "EHCPACT": {month(2024, 6): 3434, month(2024, 7): 3492},
        "HEALTH6": {month(2024, 3): 100, month(2024, 4): 100},
        "SC6": {month(2024, 5): 85, month(2024, 6): 86},
        "EP6": {month(2024, 5): 88, month(2024, 6): 90},
        "EHE": {month(2024, 4): 222, month(2024, 5): 366},
        "OPEN20": {month(2023, 7): 245, month(2024, 7): 38},
        "SALTLW": {month(2024, 6): 40, month(2024, 7): 38},
        "SALT18": {month(2024, 6): "60.0", month(2024, 7): "60.0"},
        "SALTFC": {month(2024, 6): "24.6", month(2024, 7): "23.1"},
        "DIETLW": {month(2024, 6): 33, month(2024, 7): 35},
        "DIET18": {month(2024, 6): "80.2", month(2024, 7): "77.9"},
        "DIETFC": {month(2024, 6): "13.8", month(2024, 7): "14.4"},
        "CAMHS6": {month(2024, 6): "52.3", month(2024, 7): "49.7"},
        "CAMHS18": {month(2024, 6): "64.0", month(2024, 7): "62.3"},
        "CAMHSLW": {month(2024, 6): 66, month(2024, 7): 62},
        "ASD12": {month(2024, 6): "99.1", month(2024, 7): "99.1"},
        "ASDLW": {month(2024, 6): 151, month(2024, 7): 155},
        "ASDAW": {month(2024, 4): "78.0", month(2024, 5): "80.5"},
        "ADHD12": {month(2024, 6): "99.5", month(2024, 7): "99.5"},
        "ADHDLW": {month(2024, 6): 124, month(2024, 7): 128},
        "ADHDAW": {month(2024, 6): "16.0", month(2024, 7): "17.2"},
        "OOB": {month(2024, 9): 269},
    },
    # Keyed only when no EHCP returns are loaded: 45 of 79 (57.0%) then 50 of
    # 111 (45.0%), which give Sefton's printed ↓ 11.9 from unrounded rates.
    "ehcp_fallback": {month(2024, 6): (45, 79), month(2024, 7): (50, 111)},
    "officer_owns": [],
    "commentary": [
        ("EHCP20", month(2024, 7), "lead",
         "Compliance is 43% for the year: June 57%, July 45%, August 52%. The backlog has reduced from 240+ cases "
         "to 38; 21 have plans drafted and 17 have none, mainly for want of school places. No or minimal backlog "
         "is expected by November 2024, and the trajectory is on target for a year-end average of 60%."),
        ("SALTLW", month(2024, 7), "lead",
         "The longest wait is 38 weeks and no 52-week breaches are expected. Delay lies mainly in dietetics, SaLT, "
         "CAMHS, ASD and ADHD pathways; waiting well and community services are promoted through the Local Offer, "
         "and with national recruitment issues we are looking at retraining and skill sharing."),
        ("ASDLW", month(2024, 7), "lead",
         "The longest wait was 155 weeks: a complex young person who concluded their diagnostic pathway in July "
         "2023; a further review requested by parents was completed in June, with an MDT booked for August."),
        ("OOB", month(2024, 9), "lead",
         "269 children are placed in special settings outside the borough at an average cost over £58,000 each. "
         "New in-borough places (Presfield, Freshfield, Bedford) will prevent some out-of-borough placements."),
    ],
    "deep_dives": [],
    "links": {"EHCP20": ["1"], "OOB": ["5"]},
}  # fmt: skip

WIRRAL = {
    "code": "344",
    "name": "Wirral",
    "end": month(2024, 12),
    "as_at": month(2024, 12),
    "cited": {"AR12", "CAMHSWL", "LOVISIT", "SUPINT"},
    "from_cases": FROM_CASES,
    "dashboard": [
        "EHCP20", "EHCP20R", "EHCPACT", "EHCNAREQ", "DTA6", "EP6", "HEALTH6", "AR12", "OPEN20", "CAMHSWL", "LOVISIT",
        "SUPINT",
    ],
    "latest": {"OOB": month(2024, 9)},
    "fixed": {
        "AR12": {month(2023, 12): "24.0", month(2024, 12): "33.0"},
        "CAMHSWL": {month(2023, 1): 281, month(2023, 12): 324, month(2024, 12): 150},
        "LOVISIT": {month(2023, 1): 9800, month(2024, 12): 14000},
        "SUPINT": {date(2023, 1, 1): "52.0", date(2024, 1, 1): "66.7"},
        "EHCNAREQ": {month(2023, 1): 58, month(2024, 12): 69},
        "EHCPACT": {month(2023, 1): 2980, month(2024, 12): 3620},
    },
    # Keyed only when no EHCP returns are loaded: 15-17% through 2024, as its self-evaluation says.
    "ehcp_fallback": {
        month(2024, m): (within, 40 + m) for m, within in enumerate((7, 6, 7, 8, 7, 8, 7, 8, 8, 8, 8, 9), start=1)
    },
    "officer_owns": ["AR12", "CAMHSWL", "EP6", "DTA6", "LOVISIT", "OOB"],
    "commentary": [
        ("AR12", month(2024, 12), "officer",
         "33% of annual reviews are completed within the 12-week timescale. The relaunched annual review process "
         "gives clarity to parents and partners, SENCOs and SEND staff have been trained, and the new EYES system "
         "will let us track every review. Transition points and vulnerable learners are prioritised."),
        ("CAMHSWL", month(2024, 12), "officer",
         "The waiting list for CAMHS support has reduced over the last year from 324 to 150. Branch, the single "
         "point of access for mental health and wellbeing, matches every child to a service, with care navigators "
         "and self-help resources while they wait."),
        ("EHCP20", month(2024, 12), "lead",
         "Timeliness stayed at 15-17% through 2024 while requests grew 15-20% a year. The EHCP Recovery Plan "
         "(options 2, 4, 6 and 7 adopted by the board in December) adds capacity and tracks each month's cohort."),
    ],
    "deep_dives": [
        ("EHCP20", "board", "Why do so few plans meet the 20-week limit, and where are the blockages?",
         "Held before the December 2024 board; the EHCP Recovery Plan followed."),
        ("AR12", "board", "What will it take to complete two thirds of annual reviews on time?", None),
    ],
    "links": {"EHCP20": ["2.2.a", "2.2.b"], "AR12": ["2.1.a"], "LOVISIT": ["6.1.b", "6.1.e"], "PCSAT": ["5.1.c"]},
}  # fmt: skip

WALSALL = {
    "code": "335",
    "name": "Walsall",
    # Its report of January 2021: EHCP returns to November 2020.
    "end": month(2020, 11),
    "as_at": month(2020, 11),
    "cited": {"EHCPPCT", "OPEN20"},
    "from_cases": {},
    "dashboard": [
        "EHCP20", "EHCP20R", "EHCPACT", "EHCNAREQ", "DTA6", "EP6", "SC6", "HEALTH6", "AR12", "OPEN20", "TRIB", "COMPL",
    ],
    "latest": {},
    "fixed": {
        # 2,570 plans on 10 December 2020, 18% more than in January 2020 (illustrative months between).
        "EHCPACT": {month(2020, 1): 2178, month(2020, 11): 2541},
        # The backlog cleared to 21 by the 4 November 2020 improvement board.
        "OPEN20": {month(2020, 11): 21},
        # 2.9% of pupils had an EHC plan in 2019 (England 3.3%).
        "EHCPPCT": {date(2019, 1, 1): "2.9"},
    },
    "ehcp_fallback": {},
    "officer_owns": [],
    "commentary": [
        ("OPEN20", month(2020, 11), "lead",
         "The backlog of plans in progress has reduced from 359 on 1 March 2020 to 21 at the 4 November 2020 "
         "improvement board, as the EHCP Timeliness Recovery Plan issued the oldest cases first."),
    ],
    "deep_dives": [],
    "links": {},
}  # fmt: skip

WALSALL_NOT_DISCLOSIVE = (
    "Walsall printed these monthly counts (15 of 37 plans on time in November 2020) in its public SEND "
    "improvement report of January 2021, and DfE publishes every local authority's 20-week timeliness unsuppressed."
)
WALSALL["not_disclosive"] = {"EHCP20": WALSALL_NOT_DISCLOSIVE, "EHCP20R": WALSALL_NOT_DISCLOSIVE}

AREAS = [SEFTON, WIRRAL, WALSALL]
HISTORY = {periods.MONTHLY: 24, periods.QUARTERLY: 8, periods.TERMLY: 6, periods.ANNUAL: 3}


def load(*, areas, stdout):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["lead", "board", "officer"])}
    for spec in AREAS:
        area = areas.get(spec["code"])
        if area is None:
            continue
        with transaction.atomic():
            summary = _load_area(area, spec, users)
        stdout.write(f"performance: {area.name}: {summary}")


def _definitions_csv(spec, users):
    """The catalogue (and Sefton's extra health measures) as an import file,
    with an earlier target two years before each catalogue target."""
    columns = [*INDICATOR_COLUMNS, "description", "health_service", "computed_source", "owner", "source_system"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    rows = list(csv.DictReader(CATALOGUE.open(encoding="utf-8")))
    rows += [
        {
            "code": code,
            "name": name,
            "service_area": "Health",
            "unit": unit,
            "polarity": "lower",
            "frequency": "monthly",
            "target": target,
            "target_from": "2024-04",
            "tolerance": tolerance,
            "publishable": "yes",
            "description": description,
        }  # fmt: skip
        for code, name, unit, target, tolerance, description in EXTRA_INDICATORS
        if spec is SEFTON
    ]
    officer = users.get("officer")
    for row in rows:
        row["health_service"] = HEALTH_SERVICES.get(row["code"], "")
        row["computed_source"] = EHCP_FIGURES.get(row["code"], "")
        row["owner"] = officer.username if officer and row["code"] in spec["officer_owns"] else ""
        row["source_system"] = _demo_source(spec, row)
        if row["computed_source"]:
            # Its target is the EHCP year-end target, set with the EHCP figures.
            row["target"] = row["target_from"] = row["tolerance"] = ""
        if row["target"]:
            earlier = dict(row)
            earlier["target_from"] = _two_years_before(row["target_from"])
            earlier["target"] = _earlier_target(row)
            writer.writerow([earlier[c] for c in columns])
        writer.writerow([row[c] for c in columns])
    return out.getvalue()


def _demo_source(spec, row):
    """Where the demo's figures of an indicator come from, in words: the
    area's own seed paper, or illustrative."""
    paper = SEED_PAPERS[spec["code"]]
    if row["code"] in EHCP_FIGURES:
        return f"Demo: the EHCP returns of {spec['name']} (as {paper} reports them)"
    if row["code"] in spec["from_cases"]:
        return (
            f"Demo: computed from {spec['name']}'s case records; the figures entered before are illustrative "
            "service reports"
        )
    if row["code"] in spec["cited"]:
        return f"Demo: figures as printed in {paper}; the months between are illustrative"
    return f"Demo: illustrative figures, plausible for {spec['name']} but not from its papers"


def _two_years_before(text):
    start = periods.parse_period_start(text)
    return f"{start.year - 2}-{start.month:02d}" if len(text) > 4 else str(start.year - 2)


def _earlier_target(row):
    """A less ambitious target before the catalogue's: 5 points lower for a
    percentage, 10% easier for anything else."""
    target = D(row["target"])
    if row["unit"] == calculations.PERCENT:
        return str(max(target - 5, D(0)))
    factor = D("0.9") if row["polarity"] == calculations.HIGHER else D("1.1")
    return str((target * factor).quantize(D("1")))


def _load_area(area, spec, users):
    lead = users.get("lead")
    source = io.BytesIO(_definitions_csv(spec, users).encode())
    source.name = "demo-indicators.csv"
    indicators_import(area=area, source=source, user=lead)
    indicators = {i.code: i for i in Indicator.objects.filter(area=area)}
    rng = random.Random(f"performance-demo-{area.code}")
    synced = _sync_or_key_ehcp(area, indicators, spec)
    catalogue = {row["code"]: row for row in csv.DictReader(CATALOGUE.open(encoding="utf-8"))}
    now = timezone.now()
    values, events = [], []
    for code, indicator in indicators.items():
        if indicator.is_synced:
            continue
        points = _series(indicator, spec, catalogue.get(code, {}), rng)
        owner = indicator.owner or lead
        printed = set(spec["fixed"].get(code, {})) if code in spec["cited"] else set()
        for period, value, parts in points:
            numerator, denominator = parts if parts else (None, None)
            note = f"As printed in {SEED_PAPERS[spec['code']]}." if period in printed else ""
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period=period,
                    period_end=periods.period_end(indicator.frequency, period),
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    note=note,
                    state=ValueState.APPROVED,
                    source=ValueSource.GENERATED,
                    entered_by=owner,
                    updated_by=owner,
                    submitted_by=owner,
                    submitted_at=now,
                    approved_by=lead,
                    approved_at=now,
                )  # fmt: skip
            )
        events.append(
            IndicatorEvent(
                indicator=indicator,
                kind=EventKind.VALUE_ENTERED,
                user=lead,
                message=f"Demo: {len(points)} approved values loaded "
                f"({indicator.period_name(points[0][0])} to {indicator.period_name(points[-1][0])}).",
            )
        )
    IndicatorValue.objects.bulk_create(values)
    IndicatorEvent.objects.bulk_create(events)
    _benchmarks(area, indicators, spec, lead)
    services.ratings_recompute_many(indicator_ids=[indicator.pk for indicator in indicators.values()])
    computed = _compute_from_cases(area, indicators, spec, lead)
    for code, reason in spec.get("not_disclosive", {}).items():
        services.disclosure_set(indicator=indicators[code], not_disclosive=True, reason=reason, user=lead)
    ReportingMonth.objects.update_or_create(
        area=area,
        defaults={
            "month": spec["as_at"],
            "reason": f"The demo's data for {spec['name']} ends in {spec['as_at']:%B %Y}",
        },
    )
    services.dashboard_set(area=area, indicator_ids=[indicators[c].pk for c in spec["dashboard"] if c in indicators])
    _commentary_and_deep_dives(indicators, spec, users)
    linked = _link_actions(area, indicators, spec, lead)
    return (
        f"{len(indicators)} indicators, {len(values)} values keyed, EHCP 20-week values {synced}, "
        f"{computed} computed from case records, "
        f"{len(spec['dashboard'])} KPIs on the dashboard, {linked} improvement action link(s)"
    )


def _compute_from_cases(area, indicators, spec, lead):
    """Indicators its services reported until the case records came: they
    become computed from the case records, and what was entered stays
    beside the computed figures (the reconciliation page)."""
    months, _as_of = sources.cohort_months(area)
    codes = [c for c in spec["from_cases"] if c in indicators] if months else []
    for code in codes:
        services.indicator_update(indicator=indicators[code], user=lead, computed_source=spec["from_cases"][code])
    computed_indicators_sync(area_id=area.pk)
    return f"{len(codes)} indicator(s)" if codes else "none"


def _sync_or_key_ehcp(area, indicators, spec):
    """Take the 20-week values from the EHCP figures; where the area has none,
    turn the indicators into keyed ones (said in their definition)."""
    computed_indicators_sync(area_id=area.pk)
    counts = {c: indicators[c].values.count() for c in EHCP_FIGURES if c in indicators}
    if any(counts.values()):
        return f"from the EHCP returns ({sum(counts.values())})"
    for code in counts:
        indicator = indicators[code]
        indicator.computed_source = ""
        indicator.source_system = "Keyed for the demo: no EHCP returns are loaded for this area"
        indicator.save(update_fields=["computed_source", "source_system"])
        for start, target in ((date(2022, 4, 1), D(55)), (date(2024, 4, 1), D(60))):
            services.target_add(indicator=indicator, applies_from=start, value=target, tolerance=D(10))
    return "keyed (no EHCP returns loaded)"


def _periods_for(indicator, spec):
    last = spec["latest"].get(indicator.code)
    if last is None:
        last = periods.period_containing(indicator.frequency, spec["end"])
        if periods.period_end(indicator.frequency, last) > periods.month_end(spec["end"]):
            last = periods.previous_period(indicator.frequency, last)
    out = [last]
    for _ in range(HISTORY[indicator.frequency] - 1):
        out.insert(0, periods.previous_period(indicator.frequency, out[0]))
    return out


def _anchor(indicator, row, rng, spec):
    """The latest value: the catalogue's example where it is the area's own
    figure (its source names the area), else a value near it: illustrative,
    never another area's figure."""
    if row.get("example_value"):
        example = D(row["example_value"])
    else:
        example = DEFAULT_LATEST.get(indicator.code, D(50))
    if spec["name"] in row.get("source", "") and indicator.code in spec["cited"]:
        return example
    if indicator.unit == calculations.PERCENT:
        return min(max(example + D(rng.randint(-80, 80)) / 10, D(1)), D("99.5"))
    return example * D(rng.randint(75, 125)) / 100


def _series(indicator, spec, row, rng):
    """[(period, value, (numerator, denominator) or None)] for two years: the
    fixed points as printed, joined by a drift towards the latest value with
    a little noise; counts whole, everything else to one decimal place."""
    frequency_periods = _periods_for(indicator, spec)
    fixed = {p: D(str(v)) for p, v in spec["fixed"].get(indicator.code, {}).items()}
    fallback = spec["ehcp_fallback"] if indicator.code == "EHCP20" else {}
    for period, (numerator, denominator) in fallback.items():
        fixed[period] = D(numerator) * 100 / D(denominator)
    last = frequency_periods[-1]
    if last not in fixed:
        fixed[last] = _anchor(indicator, row, rng, spec)
    first = frequency_periods[0]
    if first not in fixed:
        # From the earliest printed point, so that a printed fall (245 to 38) is not preceded by a rise.
        earliest = min(p for p in fixed if p in frequency_periods)
        fixed[first] = _start(indicator, fixed[earliest], rng)
    known = sorted((frequency_periods.index(p), v) for p, v in fixed.items() if p in frequency_periods)
    out = []
    for index, period in enumerate(frequency_periods):
        if period in fixed:
            value = fixed[period]
        else:
            (i0, v0), (i1, v1) = _around(known, index)
            value = v0 + (v1 - v0) * D(index - i0) / D(i1 - i0) + _noise(indicator, v0, rng)
        value = _tidy(indicator, value)
        parts = fallback.get(period)
        if parts:
            value = calculations.round_half_up(value)
        out.append((period, value, parts))
    return out


def _around(known, index):
    before = max((k for k in known if k[0] <= index), key=lambda k: k[0])
    after = min((k for k in known if k[0] >= index), key=lambda k: k[0])
    return before, after


def _start(indicator, latest, rng):
    if indicator.code in ("EHCPACT", "EHE"):
        return latest / D("1.18")
    if indicator.code == "EHCNAREQ":
        return latest / D("1.35")
    # Two years earlier: within a sixth of the latest, so no series halves
    # without a printed reason (the fixed points carry those).
    if indicator.unit == calculations.PERCENT:
        return min(max(latest * D(rng.randint(85, 115)) / 100, D("0.1")), D(99))
    return latest * D(rng.randint(85, 118)) / 100


def _noise(indicator, scale, rng):
    if indicator.unit == calculations.PERCENT:
        return min(D("2.5"), abs(scale) / 20) * D(rng.randint(-10, 10)) / 10
    return abs(scale) * D(rng.randint(-40, 40)) / 1000


def _tidy(indicator, value):
    if indicator.unit == calculations.COUNT:
        return max(value.quantize(D("1")), D(0))
    value = max(calculations.round_half_up(value), D(0))
    if indicator.unit == calculations.PERCENT:
        value = min(value, D(100))
    return value


def _benchmarks(area, indicators, spec, lead):
    """DfE's published England and regional figures for the year where DfE
    publishes the measure (integrations.dfe_figures, from the release the
    benchmarks demo imported), else, for a measure DfE does not publish, an
    illustrative England one that says so."""
    labels = {
        "england": "DfE SEN2, England, calendar year",
        "region": f"DfE SEN2, {area.region}, calendar year",
    }
    rows = []
    for code in spec["dashboard"]:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        dfe = integrations.dfe_figures(area=area, code=code)
        for period in indicator.values.values_list("period", flat=True):
            if code in integrations.DFE_MEASURES:
                rows += [
                    Benchmark(
                        indicator=indicator,
                        series=series,
                        period=period,
                        value=value,
                        source=labels[series],
                        created_by=lead,
                    )
                    for series, value in dfe.get(period.year, {}).items()
                ]
            elif code in ILLUSTRATIVE_ENGLAND:
                rows.append(Benchmark(indicator=indicator, series="england", period=period,
                                      value=ILLUSTRATIVE_ENGLAND[code], source="Illustrative for the demo",
                                      created_by=lead))  # fmt: skip
    Benchmark.objects.bulk_create(rows)


def _commentary_and_deep_dives(indicators, spec, users):
    for code, period, who, text in spec["commentary"]:
        if code in indicators and users.get(who):
            services.commentary_save(indicator=indicators[code], period=period, text=text, user=users[who])
    for code, who, reason, outcome in spec["deep_dives"]:
        if code in indicators and users.get(who):
            services.deep_dive_request(indicator=indicators[code], user=users[who], reason=reason)
            if outcome:
                services.deep_dive_clear(indicator=indicators[code], user=users.get("lead"), outcome=outcome)


def _link_actions(area, indicators, spec, lead):
    """Link indicators to the improvement actions (by code, or by area-of-concern
    number prefix) the improvement demo made, when there are any."""
    from .integrations import action_choices

    actions = list(action_choices(area=area))
    count = 0
    for code, wanted in spec["links"].items():
        if code not in indicators:
            continue
        chosen = [a for a in actions if any(a.code == w or a.code.startswith(f"{w}.") for w in wanted)][:3]
        if chosen:
            services.action_links_set(indicator=indicators[code], actions=chosen, user=lead)
            count += len(chosen)
    return count
