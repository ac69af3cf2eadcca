"""Parse the values people type into forms and spreadsheets. Pure functions:
each returns a Python value or raises ValueError with a message a user can act on."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MONTH_FORMATS = ("%Y-%m", "%b %Y", "%B %Y")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


def parse_month(value):
    """'2020-03', 'Mar 2020' or 'March 2020' → date(2020, 3, 1)."""
    text = re.sub(r"\s+", " ", str(value).strip())
    for fmt in MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a month: write it as 2020-03, Mar 2020 or March 2020.")


def parse_date(value):
    """'2020-03-31' or '31/03/2020' → date(2020, 3, 31)."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00:00", text):  # spreadsheets' dates
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date: write it as 2020-03-31 or 31/03/2020.")


def parse_optional_date(value):
    return None if str(value).strip() == "" else parse_date(value)


def parse_bool(value):
    """yes/no, true/false, y/n or 1/0, in any letter case; blank is no."""
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"'{value}' is not yes or no: write yes/no, true/false, y/n or 1/0.")


def parse_count(value):
    """A whole number of 0 or more ('12', '12.0' from a spreadsheet)."""
    text = str(value).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number: write a whole number such as 12.") from None
    if number != number.to_integral_value():
        raise ValueError(f"'{value}' is not a whole number: counts of plans or children have no fractions.")
    if number < 0:
        raise ValueError(f"'{value}' is negative: a count is 0 or more.")
    return int(number)


def parse_decimal(value):
    text = str(value).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a number.")
    return number


def month_is_future(month, today=None):
    today = today or date.today()
    return month > today.replace(day=1)
