"""Parse the values people type into forms and spreadsheets: the one parser
every form, upload and command uses for counts, decimals, percentages, dates
and text. Pure functions: each returns a Python value or raises ValueError
with a message a user can act on (the rule the value breaks).

Numbers are refused when they are not finite (`Infinity`, `NaN`, `sNaN`),
written with an exponent (`1e14`), have thousands separators in the wrong
places (`1,2,3`; `1,234` is fine), or lie beyond what the field can hold:
`field_limits(model, name)` reads that from the model field itself, so the
database never refuses a value the parser let through. Dates are refused
outside a plausible window (`Window`).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

# As typed, and as a spreadsheet saved as CSV writes a month it took for a
# date: 'Mar-20' (UK Excel's display of "Mar 2020"), '03/2020'.
MONTH_FORMATS = ("%Y-%m", "%b %Y", "%B %Y", "%m/%Y", "%b-%y", "%b-%Y", "%B-%Y")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}

# PositiveIntegerField's range on every database Django supports: the bound
# of a count whose field is not named.
MAX_COUNT = 2_147_483_647

# EHC plans began with the Children and Families Act's SEND reforms.
SEND_REFORMS = date(2014, 9, 1)
# Before this, a board's figures are implausibly old: a typing slip, not history.
EARLIEST_FIGURES = date(2000, 1, 1)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date with its time of day, as a spreadsheet's date-time cell or a case
# system's export writes it: the date is what counts.
_DATE_AND_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?")
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<whole>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<fraction>\d*))?")
_NOT_FINITE = re.compile(r"[+-]?(s?nan|inf(inity)?)", re.IGNORECASE)
_EXPONENT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+", re.IGNORECASE)


def _number(value):
    """The Decimal written in `value`, or ValueError saying which rule it breaks."""
    text = str(value).strip()
    match = _NUMBER.fullmatch(text)
    if match and (match["whole"] or match["fraction"]):
        return Decimal(match["sign"] + match["whole"].replace(",", "") + "." + (match["fraction"] or "0"))
    if text == "":
        raise ValueError("Enter a number.")
    if _NOT_FINITE.fullmatch(text):
        raise ValueError(f"'{value}' is not a finite number: write a number such as 12 or 45.5.")
    if _EXPONENT.fullmatch(text):
        raise ValueError(f"'{value}' is written with an exponent: write the number in full, such as 1200.")
    if "," in text and _NUMBER.fullmatch(text.replace(",", "")):
        raise ValueError(
            f"'{value}' has commas in the wrong places: a comma separates thousands (1,234), or leave the commas out."
        )
    raise ValueError(f"'{value}' is not a number.")


def parse_count(value, *, minimum=0, maximum=MAX_COUNT):
    """A whole number from `minimum` to `maximum` ('12', '1,234', or '12.0'
    from a spreadsheet)."""
    try:
        number = _number(value)
    except ValueError as error:
        raise ValueError(f"{error} A count is a whole number such as 12.") from None
    if number != number.to_integral_value():
        raise ValueError(f"'{value}' is not a whole number: counts of plans or children have no fractions.")
    if number < 0 and minimum >= 0:
        raise ValueError(f"'{value}' is negative: a count is 0 or more.")
    if number < minimum:
        raise ValueError(f"'{value}' is less than {minimum:,}, the smallest accepted here.")
    if number > maximum:
        raise ValueError(f"'{value}' is more than {maximum:,}, the largest accepted here.")
    return int(number)


def parse_decimal(value, *, max_digits=None, decimal_places=None, minimum=None, maximum=None):
    """A decimal number ('45.5', '-3', '1,234.5'). `max_digits` and
    `decimal_places` are a DecimalField's: a value the field cannot hold is
    refused here, not by the database."""
    number = _number(value)
    if decimal_places is not None and -number.normalize().as_tuple().exponent > decimal_places:
        places = "1 decimal place" if decimal_places == 1 else f"{decimal_places} decimal places"
        raise ValueError(f"'{value}' has more than {places}: round it.")
    if max_digits is not None:
        bound = Decimal(10) ** (max_digits - (decimal_places or 0))
        if abs(number) >= bound:
            raise ValueError(f"'{value}' is too large: a number here is less than {bound:,} in size.")
    if minimum is not None and number < minimum:
        raise ValueError(f"'{value}' is less than {minimum:,}, the smallest accepted here.")
    if maximum is not None and number > maximum:
        raise ValueError(f"'{value}' is more than {maximum:,}, the largest accepted here.")
    return number


def parse_percentage(value, **limits):
    """A percentage from 0 to 100, with or without a trailing '%'."""
    text = str(value).strip().removesuffix("%").strip()
    number = parse_decimal(text, **limits)
    if not 0 <= number <= 100:
        raise ValueError(f"'{value}' is not a percentage: give a number from 0 to 100.")
    return number


def parse_text(value, *, max_length=None, what="text"):
    """Text stripped of surrounding space, at most `max_length` characters."""
    text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"The {what} is {len(text):,} characters long; the most is {max_length:,}. Shorten it.")
    return text


@cache
def field_limits(model, name):
    """The parse_* keyword arguments that keep a value within the model
    field's database range: an integer field's min and max (Django's own
    validators, from the database's range), a DecimalField's digits and a
    CharField's length."""
    field = model._meta.get_field(name)
    internal = field.get_internal_type()
    if internal == "DecimalField":
        return {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
    if internal in ("CharField", "SlugField", "EmailField"):
        return {"max_length": field.max_length}
    if internal.endswith("IntegerField"):
        # The SQL range (PostgreSQL's), whatever database runs now: SQLite's
        # wider one would let through what production refuses.
        minimum, maximum = BaseDatabaseOperations.integer_field_ranges[internal]
        for validator in field.validators:
            code = getattr(validator, "code", "")
            if code == "min_value":
                minimum = max(minimum, validator.limit_value)
            elif code == "max_value":
                maximum = min(maximum, validator.limit_value)
        return {"minimum": minimum, "maximum": maximum}
    raise TypeError(f"{model.__name__}.{name} is a {internal}: field_limits reads numbers and text only.")


@dataclass(frozen=True)
class Window:
    """The dates a field may plausibly hold; `latest` may be None (no bound)."""

    earliest: date
    latest: date | None
    too_early: str
    too_late: str = "is in the future."

    def check(self, day, text=None):
        """`day`, or ValueError when it falls outside the window."""
        shown = text if text is not None else f"{day:%d/%m/%Y}"
        if day < self.earliest:
            raise ValueError(f"'{shown}' is before {self.earliest:%-d %B %Y}: {self.too_early}")
        if self.latest is not None and day > self.latest:
            raise ValueError(f"'{shown}' {self.too_late}")
        return day


def ehcp_window(today=None, *, future=False):
    """EHCP requests and what follows them: from the SEND reforms (1 September
    2014) to today (no upper bound with `future`, where another rule explains
    a future date)."""
    today = today or timezone.localdate()
    return Window(
        earliest=SEND_REFORMS,
        latest=None if future else today,
        too_early="EHC plans began with the SEND reforms on 1 September 2014. Check the year.",
    )


def figures_window(today=None):
    """Indicator values and targets: from 2000 to a year ahead."""
    today = today or timezone.localdate()
    return Window(
        earliest=EARLIEST_FIGURES,
        latest=today + timedelta(days=366),
        too_early="figures from before 2000 are not plausible here. Check the year.",
        too_late="is more than a year ahead. Check the year.",
    )


def plan_window(today=None):
    """Improvement plans' milestones: from 2000 to ten years ahead."""
    today = today or timezone.localdate()
    return Window(
        earliest=EARLIEST_FIGURES,
        latest=today.replace(year=today.year + 10, day=min(today.day, 28)),
        too_early="a plan's dates before 2000 are not plausible. Check the year.",
        too_late="is more than ten years ahead. Check the year.",
    )


def parse_month(value, window=None):
    """'2020-03', 'Mar 2020' or 'March 2020' → date(2020, 3, 1); so are
    '03/2020' and 'Mar-20', and a month's first or last day as a date
    ('2020-03-01', '31/03/2020'): a spreadsheet cell where "Mar 2020" was
    typed holds 1 March 2020, and some returns name a month by its last day."""
    text = re.sub(r"\s+", " ", str(value).strip())
    for fmt in MONTH_FORMATS:
        try:
            month = datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
        return window.check(month, text) if window else month
    try:
        day = parse_date(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a month: write it as 2020-03, Mar 2020 or March 2020.") from None
    month = day.replace(day=1)
    if day != month and (day + timedelta(days=1)).day != 1:
        raise ValueError(
            f"'{value}' is a date, not a month: write the month as {month:%Y-%m} "
            "(a month's first or last day is read as that month)."
        )
    return window.check(month, text) if window else month


def parse_date(value, window=None):
    """'2020-03-31' or '31/03/2020' → date(2020, 3, 31), with or without a
    time of day after it ('2020-03-31 09:30')."""
    text = str(value).strip()
    if timed := _DATE_AND_TIME.fullmatch(text):
        text = timed.group(1)
    if _ISO_DATE.fullmatch(text):  # the common case, without strptime's cost
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a date: write it as 2020-03-31 or 31/03/2020.") from None
        return window.check(day, str(value).strip()) if window else day
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return window.check(day, str(value).strip()) if window else day
    raise ValueError(f"'{value}' is not a date: write it as 2020-03-31 or 31/03/2020.")


def parse_optional_date(value, window=None):
    return None if str(value).strip() == "" else parse_date(value, window)


def parse_bool(value):
    """yes/no, true/false, y/n or 1/0, in any letter case; blank is no."""
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"'{value}' is not yes or no: write yes/no, true/false, y/n or 1/0.")


def month_is_future(month, today=None):
    today = today or timezone.localdate()
    return month > today.replace(day=1)
