"""Three SQL expressions the figures need, for PostgreSQL and SQLite.

Django's own date arithmetic goes through intervals and time zones, which
makes the national recompute about twice as slow on PostgreSQL; these compile
to plain date subtraction and a timezone-free month truncation.
"""

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

    def __init__(self, *, filter=None):  # noqa: A002 (Django's own name for it)
        super().__init__(filter=filter)
