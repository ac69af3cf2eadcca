"""Pure computations of the improvement plan: BRAG from an action's status,
risk scores and bands, milestone checks, status counts and ordering of action
codes. Plain Python over plain values: no ORM, no Django models (docs/domain.md,
"Improvement plans" and "Risks").

Statuses are passed as the stored values of `improvement.models.ActionStatus`
("not_started", "beyond_milestone", …); they are spelt out here so that this
module stays importable without Django.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

# The seven statuses, in the order Walsall's "Overall Programme Status" prints them.
NOT_STARTED = "not_started"
BEYOND_MILESTONE = "beyond_milestone"
DELAYED = "delayed"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
COMPLETE_AND_EMBEDDED = "complete_embedded"
CLOSED = "closed"

STATUS_ORDER = (NOT_STARTED, BEYOND_MILESTONE, DELAYED, IN_PROGRESS, COMPLETE, COMPLETE_AND_EMBEDDED, CLOSED)
COMPLETED_STATUSES = frozenset({COMPLETE, COMPLETE_AND_EMBEDDED, CLOSED})
# A board asks "why, and what are you doing about it" of these two.
BEHIND_STATUSES = frozenset({DELAYED, BEYOND_MILESTONE})

BRAG_ORDER = ("blue", "red", "amber", "green")
_BRAG_OF_STATUS = {
    NOT_STARTED: "amber",
    BEYOND_MILESTONE: "red",
    DELAYED: "amber",
    IN_PROGRESS: "green",
    COMPLETE: "blue",
    COMPLETE_AND_EMBEDDED: "blue",
    CLOSED: "blue",
}


def brag_for_status(status: str) -> str:
    """BRAG of an action status: red for Beyond Milestone, amber for Delayed
    and Not Started, green for In Progress, blue for Complete, Complete and
    Embedded and Closed. Raises ValueError for an unknown status."""
    try:
        return _BRAG_OF_STATUS[status]
    except KeyError:
        raise ValueError(f"'{status}' is not an action status.") from None


def statuses_for_brag(brag: str) -> list[str]:
    """The statuses read as `brag` ('red' → ['beyond_milestone']), in status order."""
    if brag not in BRAG_ORDER:
        raise ValueError(f"'{brag}' is not one of blue, red, amber, green.")
    return [s for s in STATUS_ORDER if _BRAG_OF_STATUS[s] == brag]


def requires_reason(status: str) -> bool:
    """Delayed and Beyond Milestone need a reason and a mitigation."""
    return status in BEHIND_STATUSES


def is_complete(status: str) -> bool:
    return status in COMPLETED_STATUSES


def is_past_milestone(*, status: str, milestone: date | None, on: date) -> bool:
    """True when an action whose milestone is `milestone` is overdue on `on`:
    the milestone day has passed (milestone < on) and the action is not in a
    completed status. No milestone: never overdue."""
    if milestone is None or is_complete(status):
        return False
    return milestone < on


def marks_beyond_milestone_at_close(*, status: str, milestone: date | None, period_end: date) -> bool:
    """Whether closing a period that ends on `period_end` turns the action to
    Beyond Milestone: its milestone is on or before the period's last day (by
    the close, that day is over) and it is neither complete nor already
    Beyond Milestone. Idempotent: an action it has marked is not marked again."""
    if milestone is None or is_complete(status) or status == BEYOND_MILESTONE:
        return False
    return milestone <= period_end


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """{status: count} with every one of the seven statuses present (zeros
    included), in STATUS_ORDER. Unknown statuses raise ValueError."""
    counter = Counter(statuses)
    unknown = set(counter) - set(STATUS_ORDER)
    if unknown:
        raise ValueError(f"Unknown action status(es): {', '.join(sorted(unknown))}.")
    return {s: counter.get(s, 0) for s in STATUS_ORDER}


def brag_counts(status_count: Mapping[str, int]) -> dict[str, int]:
    """{'blue': n, 'red': n, 'amber': n, 'green': n} from {status: count}."""
    totals = dict.fromkeys(BRAG_ORDER, 0)
    for status, count in status_count.items():
        totals[brag_for_status(status)] += count
    return totals


def status_change(current: int | None, previous: int | None) -> int | None:
    """current − previous for one status's count; None when either period is
    missing (no previous period is not 'no change')."""
    if current is None or previous is None:
        return None
    return current - previous


_CODE_PART = re.compile(r"[A-Za-z0-9]+")
ACTION_CODE_PATTERN = r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$"


def action_sort_key(code: str | None) -> str:
    """A text key that sorts action codes as people read them: 1.2.a before
    1.10.a, 2.1 after 1.9.z. Number parts are zero-padded to 6 digits, letters
    lower-cased, parts joined with '.'."""
    parts = _CODE_PART.findall(code or "")
    return ".".join(p.zfill(6) if p.isdigit() else p.lower() for p in parts)[:120]


# ---------------------------------------------------------------- risks


@dataclass(frozen=True)
class RiskBand:
    key: str
    label: str
    rag: str
    escalated: bool


LOW = RiskBand("low", "Low", "green", False)
MEDIUM = RiskBand("medium", "Medium", "amber", False)
HIGH = RiskBand("high", "High", "red", False)
VERY_HIGH = RiskBand("very_high", "Very high", "red", True)
RISK_BANDS = (LOW, MEDIUM, HIGH, VERY_HIGH)
RED_RISK_THRESHOLD = 10  # high and very high


def risk_score(likelihood: int, impact: int) -> int:
    """likelihood (1–5) × impact (1–5) = a score of 1–25. Raises ValueError
    for a value outside 1–5 (or not a whole number)."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"The {name} is scored 1 to 5, not {value!r}.")
    return likelihood * impact


def risk_band(score: int) -> RiskBand:
    """The band of a score: 1–4 low (green), 5–9 medium (amber), 10–14 high
    (red), 15–25 very high (red, escalated to the board). Raises ValueError
    outside 1–25."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 25:
        raise ValueError(f"A risk score is 1 to 25, not {score!r}.")
    if score <= 4:
        return LOW
    if score <= 9:
        return MEDIUM
    if score <= 14:
        return HIGH
    return VERY_HIGH


def heat_map_counts(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """5×5 counts from (likelihood, impact) pairs: a list of 5 rows, row 0 for
    likelihood 5 down to row 4 for likelihood 1 (as the register is drawn),
    each row a list of counts for impact 1…5."""
    grid = [[0] * 5 for _ in range(5)]
    for likelihood, impact in pairs:
        risk_score(likelihood, impact)
        grid[5 - likelihood][impact - 1] += 1
    return grid


def is_review_overdue(next_review_date: date | None, today: date) -> bool:
    """A risk past its review date (the date itself is not yet overdue)."""
    return next_review_date is not None and next_review_date < today


# ---------------------------------------------------------------- periods


def month_label(month: date) -> str:
    """date(2020, 9, 1) → 'September 2020'."""
    return month.strftime("%B %Y")


def iso_month(month: date) -> str:
    """date(2020, 9, 1) → '2020-09'."""
    return f"{month.year:04d}-{month.month:02d}"


def milestone_before_approval(milestone: date | None, approved_on: date | None) -> bool:
    """A milestone dated before the plan was approved is probably a typing
    slip (the user is warned and may confirm). False when either is unknown."""
    return milestone is not None and approved_on is not None and milestone < approved_on


def long_date(day: date) -> str:
    """date(2022, 3, 28) → '28 March 2022'."""
    return f"{day.day} {day:%B %Y}"
