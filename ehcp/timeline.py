"""The statutory timeline beyond the 20-week step: what each step is, the
case-record columns that carry it, the rules those columns obey together,
and the optional monthly-return fields for areas without case records.

The engine's rules live in calculations.py (pure); the recompute stores the
steps in StepFigure; selectors.step_series reads them back.
"""

from dataclasses import dataclass

from send_board.parsing import parse_bool, parse_count, parse_optional_date

from . import calculations
from .models import AssessmentOutcome, Decision, ReviewOutcome


@dataclass(frozen=True)
class Step:
    """One step of the statutory clock.

    polarity: "higher" or "lower" is better. unit: "percent" or "weeks".
    stored: the StepFigure code the series is read from (None for the
    20-week headline, read from MonthlyFigure). national: the
    export_benchmarks measure with DfE's figure for the step, if any."""

    code: str
    title: str
    polarity: str
    unit: str
    rule: str
    national: str | None = None
    cohort: bool = False

    @property
    def stored(self):
        return None if self.code == "timeliness_20_weeks" else self.code


STEPS = (
    Step(
        "requests_6_weeks",
        "Decisions whether to assess within 6 weeks",
        "higher",
        "percent",
        "Decisions (to assess or not) made within 42 days of the request, of all decisions made in the month.",
        national="requests_6_weeks",
        cohort=True,
    ),
    Step(
        "no_plan_16_weeks",
        "Decisions not to issue a plan within 16 weeks",
        "higher",
        "percent",
        "Decisions not to issue a plan made within 112 days of the request, of all such decisions in the month.",
        national="no_plan_16_weeks",
        cohort=True,
    ),
    Step(
        "timeliness_20_weeks",
        "Plans issued within 20 weeks",
        "higher",
        "percent",
        "Final plans issued within 140 days of the request, of all issued in the month, exceptions apart.",
        national="timeliness_20_weeks",
        cohort=True,
    ),
    Step(
        "over_52_weeks",
        "Plans issued after more than 52 weeks",
        "lower",
        "percent",
        "Final plans issued 365 days or more after the request, of all issued in the month, exceptions apart.",
        national="over_52_weeks",
    ),
    Step(
        "mean_weeks_to_issue",
        "Mean weeks to issue a plan",
        "lower",
        "weeks",
        "Days from request to final plan ÷ 7, averaged over the plans issued in the month, exceptions apart.",
    ),
    Step(
        "reviews_on_time",
        "Annual review meetings held by the due date",
        "higher",
        "percent",
        "Reviews due in the month (12 months after the plan or the last review) whose meeting was held by then.",
    ),
    Step(
        "reviews_4_weeks",
        "Review decisions communicated within 4 weeks",
        "higher",
        "percent",
        "Review decisions communicated within 28 days of the meeting, by the month of the meeting. A meeting "
        "whose decision is not yet recorded is not counted, as DfE counts it, so the latest months can read "
        "high until the decisions still awaited are recorded.",
        national="reviews_4_weeks",
    ),
    Step(
        "phase_transfers",
        "Phase transfers amended by the deadline",
        "higher",
        "percent",
        "Transferring plans amended by 15 February of the transfer year (31 March into post-16).",
    ),
    Step(
        "tribunal_appeal_rate",
        "Appeals to the SEND Tribunal per appealable decision",
        "lower",
        "percent",
        "Appeals registered in the month ÷ appealable decisions in the month (refusals to assess, "
        "decisions not to issue, plans issued).",
        national="tribunal_appeal_rate",
        cohort=True,
    ),
)
# What each step's numerator and denominator count, for tables and exports.
STEP_LABELS = {
    "requests_6_weeks": ("Decided within 6 weeks", "Decisions"),
    "no_plan_16_weeks": ("Within 16 weeks", "Decisions not to issue"),
    "timeliness_20_weeks": ("Within 20 weeks", "Plans issued"),
    "over_52_weeks": ("Over 52 weeks", "Plans issued"),
    "mean_weeks_to_issue": ("Days from request to plan", "Plans issued"),
    "reviews_on_time": ("Held by the due date", "Reviews due"),
    "reviews_4_weeks": ("Within 4 weeks", "Review decisions"),
    "phase_transfers": ("Amended by the deadline", "Transfers due"),
    "tribunal_appeal_rate": ("Appeals registered", "Appealable decisions"),
}
# The cohort columns (CohortFigure) of the steps tracked by request month: (on time, all).
COHORT_COLUMNS = {
    "requests_6_weeks": ("decided_within_6_weeks", "decided"),
    "no_plan_16_weeks": ("no_plan_within_16_weeks", "no_plan_decisions"),
    "timeliness_20_weeks": ("issued_within_20_weeks", "plans_issued"),
    "tribunal_appeal_rate": ("appeals", "received"),
}
STEPS_BY_CODE = {step.code: step for step in STEPS}
STORED_STEPS = tuple(step.code for step in STEPS if step.stored)


def step(code):
    """The Step called `code`; KeyError naming the known codes otherwise."""
    try:
        return STEPS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"Unknown step '{code}': one of {', '.join(STEPS_BY_CODE)}.") from None


# ---------------------------------------------------------------- case records

# The old name of decision_to_assess_date, still accepted (and stored as decision_date).
DECISION_DATE_ALIAS = "decision_to_assess_date"
CASE_DATE_COLUMNS = [
    "outcome_date",
    "mediation_date",
    "tribunal_date",
    "last_review_meeting",
    "review_decision_date",
    "amended_plan_date",
]
CASE_COLUMNS = [
    "assessment_outcome",
    "outcome_date",
    "mediation",
    "mediation_date",
    "tribunal",
    "tribunal_date",
    "last_review_meeting",
    "review_decision_date",
    "review_outcome",
    "phase_transfer_year",
    "phase_transfer_post16",
    "amended_plan_date",
]
CASE_FIELDS = [*CASE_COLUMNS, "review_due_date", "next_review_due"]


def choice_parser(choices, what):
    """A parser of one of `choices` (value or label, any case; spaces or hyphens for
    underscores); '' for a blank cell, ValueError naming the accepted values otherwise."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[label.lower()] = value
    accepted = ", ".join(value for value, _label in choices)

    def parse(text):
        text = str(text).strip()
        if text == "":
            return ""
        key = text.lower() if text.lower() in lookup else text.lower().replace("-", "_").replace(" ", "_")
        try:
            return lookup[key]
        except KeyError:
            raise ValueError(f"'{text}' is not a known {what}: use one of {accepted}.") from None

    return parse


def _year(text):
    text = str(text).strip()
    if text == "":
        return None
    year = parse_count(text)
    if not 2014 <= year <= 2100:
        raise ValueError(f"'{text}' is not a transfer year: write the calendar year of the move, such as 2025.")
    return year


PARSERS = {
    "assessment_outcome": choice_parser(AssessmentOutcome.choices, "assessment outcome"),
    "review_outcome": choice_parser(ReviewOutcome.choices, "review outcome"),
    "mediation": parse_bool,
    "tribunal": parse_bool,
    "phase_transfer_post16": parse_bool,
    "phase_transfer_year": _year,
    **dict.fromkeys(CASE_DATE_COLUMNS, parse_optional_date),
}


def parse_or_none(text):
    try:
        return parse_optional_date(text)
    except ValueError:
        return text


def derived(case):
    """The review dates the recompute groups by, from the case's own dates."""
    final = case.get("final_date")
    return {
        "review_due_date": calculations.review_due_date(final, case.get("last_review_meeting")),
        "next_review_due": calculations.next_review_due(
            final, case.get("last_review_meeting"), case.get("review_outcome") or ""
        ),
    }


def _day(value):
    return f"{value:%d/%m/%Y}"


def case_problems(case, *, today):
    """[(column, message)] for every timeline rule a case breaks (the
    columns already parsed; the 20-week columns' own rules are in
    services.case_problems, which calls this)."""
    problems = []
    request = case["request_date"]
    for column in CASE_DATE_COLUMNS:
        if case.get(column) is not None and case[column] > today:
            problems.append((column, f"{_day(case[column])} is in the future."))
        elif request is not None and case.get(column) is not None and case[column] < request:
            problems.append((column, f"{_day(case[column])} is before the request was received ({_day(request)})."))
    problems += _outcome_problems(case)
    problems += _dispute_problems(case)
    problems += _review_problems(case)
    problems += _transfer_problems(case)
    return problems


def _outcome_problems(case):
    problems = []
    outcome, when = case.get("assessment_outcome") or "", case.get("outcome_date")
    if outcome and when is None:
        problems.append(("outcome_date", f"An assessment outcome '{outcome}' needs the date it was decided."))
    if when is not None and not outcome:
        problems.append(("assessment_outcome", "An outcome date is given but no outcome: plan, no_plan or withdrawn."))
    if outcome in (AssessmentOutcome.PLAN, AssessmentOutcome.NO_PLAN) and case["decision"] != Decision.ASSESS:
        problems.append(
            (
                "assessment_outcome",
                f"An assessment outcome '{outcome}' needs a decision to assess, not '{case['decision'] or 'none'}'.",
            )
        )
    decided = case.get("decision_date")
    if when is not None and decided is not None and outcome != AssessmentOutcome.WITHDRAWN and when < decided:
        problems.append(("outcome_date", f"The outcome is dated before the decision to assess ({_day(decided)})."))
    final = case.get("final_date")
    if outcome == AssessmentOutcome.PLAN and final is not None and when is not None and when != final:
        problems.append(("outcome_date", f"A plan outcome is dated by its final plan ({_day(final)})."))
    if outcome == AssessmentOutcome.PLAN and final is None:
        problems.append(("final_date", "The outcome is a plan: give the final plan's date."))
    if outcome in (AssessmentOutcome.NO_PLAN, AssessmentOutcome.WITHDRAWN) and final is not None:
        problems.append(("assessment_outcome", f"A case with a final plan cannot have the outcome '{outcome}'."))
    return problems


def _dispute_problems(case):
    problems = []
    for flag, column, what in (("mediation", "mediation_date", "mediation"), ("tribunal", "tribunal_date", "appeal")):
        if case.get(flag) and case.get(column) is None:
            problems.append((column, f"{flag}=yes needs the date of the {what}."))
        if case.get(column) is not None and not case.get(flag):
            problems.append((flag, f"A {what} date is given but {flag} is 'no'."))
    return problems


def _review_problems(case):
    problems = []
    final, meeting = case.get("final_date"), case.get("last_review_meeting")
    decision, outcome = case.get("review_decision_date"), case.get("review_outcome") or ""
    for column in ("last_review_meeting", "amended_plan_date"):
        if case.get(column) is not None and final is None:
            problems.append((column, "Only a plan in force is reviewed or amended: the case has no final plan."))
        elif case.get(column) is not None and case[column] < final:
            problems.append((column, f"{_day(case[column])} is before the final plan ({_day(final)})."))
    if decision is not None and meeting is None:
        problems.append(("review_decision_date", "A review decision needs the review meeting's date."))
    elif decision is not None and decision < meeting:
        problems.append(("review_decision_date", f"The review decision is dated before its meeting ({_day(meeting)})."))
    if outcome and decision is None:
        problems.append(("review_outcome", "A review outcome needs the date the decision was communicated."))
    if decision is not None and not outcome:
        problems.append(("review_outcome", "Give the review's outcome: maintain, amend or cease."))
    return problems


def _transfer_problems(case):
    year, final = case.get("phase_transfer_year"), case.get("final_date")
    if year is None:
        if case.get("phase_transfer_post16"):
            return [("phase_transfer_year", "A move into post-16 needs the transfer year.")]
        return []
    if final is None:
        return [("phase_transfer_year", "Only a plan in force transfers phase: the case has no final plan.")]
    deadline = calculations.phase_transfer_deadline(year, bool(case.get("phase_transfer_post16")))
    if year < final.year:
        return [("phase_transfer_year", f"{year} is before the plan was issued ({_day(final)}).")]
    ended = case.get("review_decision_date") if case.get("review_outcome") == ReviewOutcome.CEASE else None
    if ended is not None and deadline > ended:
        return [("phase_transfer_year", f"{year} is after the plan ceased ({_day(ended)}).")]
    return []


# ---------------------------------------------------------------- monthly returns

# (denominator, numerator) pairs a return may carry: both or neither, the numerator at most the denominator.
RETURN_STEP_PAIRS = (
    ("decisions_to_assess", "decisions_within_6_weeks", "requests_6_weeks"),
    ("no_plan_decisions", "no_plan_within_16_weeks", "no_plan_16_weeks"),
    ("reviews_due", "reviews_held_on_time", "reviews_on_time"),
    ("review_decisions", "review_decisions_within_4_weeks", "reviews_4_weeks"),
    ("phase_transfers", "phase_transfers_on_time", "phase_transfers"),
    ("appealable_decisions", "appeals_registered", "tribunal_appeal_rate"),
)
# Counts of the issued plans (excluding exceptions) that a return may add.
RETURN_ISSUED_PARTS = ("issued_over_52_weeks", "days_to_issue")
RETURN_FIELDS = [
    *[name for denominator, numerator, _step in RETURN_STEP_PAIRS for name in (denominator, numerator)],
    *RETURN_ISSUED_PARTS,
    "mediations",
]


def return_problems(values):
    """{field: message} for the timeline fields of a return (each optional)."""
    problems = {}
    for denominator, numerator, _step in RETURN_STEP_PAIRS:
        whole, part = values.get(denominator), values.get(numerator)
        if whole is None and part is not None:
            problems[denominator] = f"Enter {denominator.replace('_', ' ')} as well as {numerator.replace('_', ' ')}."
        elif whole is not None and part is None:
            problems[numerator] = f"Enter {numerator.replace('_', ' ')} as well as {denominator.replace('_', ' ')}."
        elif part is not None and part > whole and denominator != "appealable_decisions":
            problems[numerator] = f"{part} cannot be more than the {whole} {denominator.replace('_', ' ')}."
    issued, over = values.get("issued"), values.get("issued_over_52_weeks")
    within = values.get("within_20_weeks")
    if over is not None and issued is not None and within is not None and over > issued - within:
        problems["issued_over_52_weeks"] = (
            f"Plans issued after 52 weeks ({over}) cannot be more than those issued after 20 weeks ({issued - within})."
        )
    days = values.get("days_to_issue")
    if days is not None and issued == 0 and days:
        problems["days_to_issue"] = "No plans were issued, so there are no days to issue."
    if days is not None and issued and within is not None:
        # Each late plan took at least 141 days, each one over 52 weeks at least 365.
        least = (issued - within) * (calculations.TWENTY_WEEKS_DAYS + 1) + (over or 0) * (
            calculations.FIFTY_TWO_WEEKS_DAYS - calculations.TWENTY_WEEKS_DAYS
        )
        if days < least:
            problems["days_to_issue"] = (
                f"{days} days is fewer than the plans issued late must have taken (at least {least})."
            )
    return problems
