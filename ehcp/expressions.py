"""Three SQL expressions the figures need, for PostgreSQL and SQLite.

Django's own date arithmetic goes through intervals and time zones, which
makes the national recompute about twice as slow on PostgreSQL; these compile
to plain date subtraction and a timezone-free month truncation.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Aggregate, Func


class DaysBetween(Func):
    """later − earlier in whole days (NULL when either is NULL)."""

    arity = 2
    output_field = models.IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


class MonthStart(Func):
    """The first day of a date's month."""

    arity = 1
    output_field = models.DateField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(DATE_TRUNC('month', CAST(%(expressions)s AS timestamp)) AS date)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # '%' is doubled twice: once for this template, once for the query's own parameters.
        return self.as_sql(compiler, connection, template="strftime('%%%%Y-%%%%m-01', %(expressions)s)", **extra)


class CountRows(Aggregate):
    """COUNT(*), with an optional filter: Django's Count("*") takes no filter,
    and COUNT(column) checks every row's column for NULL, which costs the
    national cohort query a tenth of its time."""

    function = "COUNT"
    template = "%(function)s(*)"
    output_field = models.IntegerField()
    empty_result_set_value = 0

    def __init__(self, *, filter=None) -> None:  # noqa: A002 (Django's own name for it)
        super().__init__(filter=filter)

    @property
    def convert_value(self) -> Callable[..., object]:
        """No conversion: both databases return COUNT(*) as an integer, and
        int() on each of the national recompute's counts costs a second."""
        return self._convert_value_noop  # type: ignore[attr-defined]  # Django's own, absent from the stubs


class MedianOf(Aggregate):
    """The median of a number (of an even count, the mean of the middle two):
    PostgreSQL's percentile_cont(0.5); on SQLite, the `median` aggregate
    that apps.EhcpConfig registers on each connection."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        clone = self.copy()
        clone.function, clone.template = "median", "%(function)s(%(expressions)s)"
        return super(MedianOf, clone).as_sql(compiler, connection, **extra)


class SqliteMedian:
    """The `median` aggregate for SQLite (sqlite3.Connection.create_aggregate)."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        ordered = sorted(self.values)
        middle = len(ordered) // 2
        return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
