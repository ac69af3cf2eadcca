"""Reporting periods of an indicator: pure functions, no Django.

A period is held as the date of its first day; its frequency (the indicator's)
says how long it is. Written and read as:

| frequency | notation  | covers                                   | first day  |
|-----------|-----------|------------------------------------------|------------|
| monthly   | 2024-07   | July 2024                                | 2024-07-01 |
| quarterly | 2024-Q2   | April to June 2024 (calendar quarters)   | 2024-04-01 |
| termly    | 2024-T1   | spring term 2024 (January to March)      | 2024-01-01 |
|           | 2024-T2   | summer term 2024 (April to August)       | 2024-04-01 |
|           | 2024-T3   | autumn term 2024 (September to December) | 2024-09-01 |
| annual    | 2024      | the calendar year 2024                   | 2024-01-01 |

Terms are numbered in calendar order within the year they fall in, so
`2024-T3` (autumn 2024) comes before `2025-T1` (spring 2025) and the year in
the notation is always the calendar year of the term. The summer term runs to
the end of August so that the three terms cover the whole year without gaps.
"""

import calendar
import re
from datetime import date

from send_board.parsing import figures_window, parse_month

MONTHLY = "monthly"
QUARTERLY = "quarterly"
TERMLY = "termly"
ANNUAL = "annual"
FREQUENCIES = (MONTHLY, QUARTERLY, TERMLY, ANNUAL)

# First month of each period within a year.
START_MONTHS = {
    MONTHLY: tuple(range(1, 13)),
    QUARTERLY: (1, 4, 7, 10),
    TERMLY: (1, 4, 9),
    ANNUAL: (1,),
}
TERM_NAMES = {1: "Spring", 4: "Summer", 9: "Autumn"}
EXAMPLES = {MONTHLY: "2024-07", QUARTERLY: "2024-Q2", TERMLY: "2024-T3", ANNUAL: "2024"}
NOTATION_HELP = {
    MONTHLY: "a month, such as 2024-07 for July 2024",
    QUARTERLY: "a calendar quarter, such as 2024-Q2 for April to June 2024",
    TERMLY: "a term, such as 2024-T1 (spring), 2024-T2 (summer) or 2024-T3 (autumn 2024)",
    ANNUAL: "a year, such as 2024",
}

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")
# A month in words or as a spreadsheet writes it, as the EHCP returns take it: Jul 2024, July 2024, Jul-24, 07/2024.
_MONTH_WRITTEN = re.compile(r"^(?:[A-Za-z]+[ -]\d{2}(?:\d{2})?|\d{1,2}/\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_TERM = re.compile(r"^(\d{4})-?T([1-3])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")


def _check_frequency(frequency):
    if frequency not in FREQUENCIES:
        raise ValueError(f"Unknown frequency '{frequency}': use one of {', '.join(FREQUENCIES)}.")


def is_period_start(frequency, day):
    """True when `day` is the first day of a period of `frequency`."""
    _check_frequency(frequency)
    return day.day == 1 and day.month in START_MONTHS[frequency]


def _recognise(text):
    """(frequency the notation belongs to, first day) or None. Monthly also
    accepts a spreadsheet date on the 1st ('2024-07-01 00:00:00') and a month
    as the EHCP returns take it ('Jul 2024', 'July 2024', 'Jul-24', '07/2024')."""
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return MONTHLY, date(year, month, 1)
        return None
    if match := _MONTH_DATE.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if 1 <= month <= 12 and day == 1:
            return MONTHLY, date(year, month, 1)
        return None
    if match := _QUARTER.match(text):
        return QUARTERLY, date(int(match[1]), START_MONTHS[QUARTERLY][int(match[2]) - 1], 1)
    if match := _TERM.match(text):
        return TERMLY, date(int(match[1]), START_MONTHS[TERMLY][int(match[2]) - 1], 1)
    if match := _YEAR.match(text):
        return ANNUAL, date(int(match[1]), 1, 1)
    if _MONTH_WRITTEN.match(text):
        try:
            return MONTHLY, parse_month(text)
        except ValueError:
            return None
    return None


def parse_period(text, frequency):
    """'2024-07', '2024-Q2', '2024-T1' or '2024' → the period's first day.

    Raises ValueError with a message a user can act on when the text is not a
    period, or is a period of another frequency (a month for a termly
    indicator: 'a March value for a termly indicator').
    """
    _check_frequency(frequency)
    cleaned = str(text).strip()
    if not cleaned:
        raise ValueError(f"Give the period as {NOTATION_HELP[frequency]}.")
    found = _recognise(cleaned)
    if found is None:
        raise ValueError(f"'{cleaned}' is not a period: give {NOTATION_HELP[frequency]}.")
    found_frequency, start = found
    figures_window().check(start, cleaned)
    if found_frequency != frequency:
        raise ValueError(
            f"'{cleaned}' is a {_KIND[found_frequency]}, but this indicator is {frequency}: "
            f"give {NOTATION_HELP[frequency]}."
        )
    return start


_KIND = {MONTHLY: "month", QUARTERLY: "quarter", TERMLY: "term", ANNUAL: "year"}


def parse_period_start(text):
    """Any period notation, or a date, → a first day. For targets' 'applies
    from', which may be written in any notation ('2024-04', '2024-T3', '2024')
    or as a date ('2024-04-01', '01/04/2024')."""
    cleaned = str(text).strip()
    found = _recognise(cleaned)
    if found is not None:
        return figures_window().check(found[1], cleaned)
    for pattern in (r"^(\d{4})-(\d{2})-(\d{2})$", r"^(\d{2})/(\d{2})/(\d{4})$"):
        if match := re.match(pattern, cleaned):
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith(r"^(\d{4})") else parts[::-1]
            try:
                start = date(year, month, day)
            except ValueError:
                break
            return figures_window().check(start, cleaned)
    raise ValueError(
        f"'{cleaned}' is not a start date: write a month (2024-04), a quarter (2024-Q2), "
        "a term (2024-T3), a year (2024) or a date (2024-04-01)."
    )


def period_code(frequency, start):
    """The notation of the period starting on `start`: '2024-07', '2024-Q2', '2024-T3', '2024'."""
    _check_frequency(frequency)
    if frequency == MONTHLY:
        return f"{start.year}-{start.month:02d}"
    if frequency == QUARTERLY:
        return f"{start.year}-Q{START_MONTHS[QUARTERLY].index(start.month) + 1}"
    if frequency == TERMLY:
        return f"{start.year}-T{START_MONTHS[TERMLY].index(start.month) + 1}"
    return str(start.year)


def period_name(frequency, start):
    """The period in words: 'July 2024', 'April to June 2024', 'Autumn term 2024', '2024'."""
    _check_frequency(frequency)
    if frequency == MONTHLY:
        return f"{calendar.month_name[start.month]} {start.year}"
    if frequency == QUARTERLY:
        last = calendar.month_name[start.month + 2]
        return f"{calendar.month_name[start.month]} to {last} {start.year}"
    if frequency == TERMLY:
        return f"{TERM_NAMES[start.month]} term {start.year}"
    return str(start.year)


def period_short_name(frequency, start):
    """Compact words for tables and chart axes: 'Jul 2024', 'Q2 2024', 'Autumn 2024', '2024'."""
    _check_frequency(frequency)
    if frequency == MONTHLY:
        return f"{calendar.month_abbr[start.month]} {start.year}"
    if frequency == QUARTERLY:
        return f"Q{START_MONTHS[QUARTERLY].index(start.month) + 1} {start.year}"
    if frequency == TERMLY:
        return f"{TERM_NAMES[start.month]} {start.year}"
    return str(start.year)


def next_period(frequency, start):
    _check_frequency(frequency)
    months = START_MONTHS[frequency]
    index = months.index(start.month)
    if index + 1 < len(months):
        return date(start.year, months[index + 1], 1)
    return date(start.year + 1, months[0], 1)


def previous_period(frequency, start):
    """The period before: July 2024 → June 2024; 2025-T1 → 2024-T3; 2024 → 2023."""
    _check_frequency(frequency)
    months = START_MONTHS[frequency]
    index = months.index(start.month)
    if index > 0:
        return date(start.year, months[index - 1], 1)
    return date(start.year - 1, months[-1], 1)


def period_end(frequency, start):
    """The last day of the period starting on `start`."""
    following = next_period(frequency, start)
    return date.fromordinal(following.toordinal() - 1)


def period_containing(frequency, day):
    """The first day of the period of `frequency` that contains `day`."""
    _check_frequency(frequency)
    month = max(m for m in START_MONTHS[frequency] if m <= day.month)
    return date(day.year, month, 1)


def latest_ended_period(frequency, day):
    """The latest period of `frequency` that has ended on or before `day`
    (the one whose value is now owed): on 15 August 2024 a monthly indicator
    owes July 2024, a quarterly one 2024-Q2, a termly one the spring term 2024
    (the summer term runs to 31 August) and an annual one 2023."""
    current = period_containing(frequency, day)
    if period_end(frequency, current) <= day:
        return current
    return previous_period(frequency, current)


def month_end(month):
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def periods_between(frequency, first, last):
    """Every period start from `first` to `last` inclusive (both period starts)."""
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = next_period(frequency, current)
    return out
