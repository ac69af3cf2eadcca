"""`match=` patterns for the IntegrityError a database constraint raises, in
the words of SQLite and of PostgreSQL (the tests run on both)."""

import re


def unique_violation(table, *columns):
    """A duplicate of `columns` in `table`: SQLite names the columns, PostgreSQL
    the constraint and then, in its DETAIL line, the key."""
    sqlite = re.escape("UNIQUE constraint failed: " + ", ".join(f"{table}.{column}" for column in columns))
    # PostgreSQL quotes a column whose name is a keyword ("position").
    key = ", ".join(f'"?{re.escape(column)}"?' for column in columns)
    postgres = r"duplicate key value violates unique constraint [\s\S]*Key \(" + key + r"\)=\("
    return f"{sqlite}|{postgres}"


def check_violation(name):
    """A row that breaks the check constraint `name`."""
    return rf'CHECK constraint failed: {name}$|violates check constraint "{name}"'
