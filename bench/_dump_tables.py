"""Write every table of the database DATABASE_URL names as sorted lines of
content, for diffing what two versions of the code load (run.py skips files
starting with _):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/a python bench/_dump_tables.py /tmp/a.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/b python bench/_dump_tables.py /tmp/b.txt
    diff /tmp/a.txt /tmp/b.txt

Ids and times are left out, as they differ from one load to the next: a
row's own key is dropped, a foreign key is replaced by the content of the row
it points to (recursively), a date-time shows only whether it is set, and a
password hash (salted) is dropped. Each history table is written twice: its
rows, and each object's records in the order they were made (history_date,
history_id), so that a change in the order of an object's history shows too.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_board.settings.dev")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, models  # noqa: E402

SKIPPED_COLUMNS = {"password", "last_login"}
SKIPPED_TABLES = {"django_session", "django_migrations"}


def columns_of(model):
    """[(column, kind, table it points to)] of the columns written."""
    meta = model._meta
    historical = meta.object_name.startswith("Historical")
    out = []
    for field in meta.concrete_fields:
        if (field.primary_key and not field.is_relation) or field.column in SKIPPED_COLUMNS:
            continue
        if historical and field.column == "id":  # the object's own id
            continue
        if isinstance(field, models.DateTimeField):
            out.append((field.column, "time", None))
        elif field.is_relation and field.related_model is not None:
            out.append((field.column, "fk", field.related_model._meta.db_table))
        else:
            out.append((field.column, "plain", None))
    return out


def read_tables():
    """{table: (pk column, columns_of)}, {table: {pk: row}} of every table of a model."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table: (model._meta.pk.column, columns_of(model))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in existing and model._meta.db_table not in SKIPPED_TABLES
    }
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table, (pk, columns) in tables.items():
            names = [pk] + [c[0] for c in columns]
            # Names from the model registry, quoted.
            cursor.execute(f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(table)}")  # noqa: S608
            rows[table] = {row[0]: row[1:] for row in cursor.fetchall()}
    return tables, rows


def main(path):
    tables, rows = read_tables()
    quote = connection.ops.quote_name
    memo = {}

    def content(table, key, depth=0):
        if key is None:
            return None
        if (table, key) in memo:
            return memo[(table, key)]
        row = rows.get(table, {}).get(key)
        if row is None:
            return f"<missing {table} {key}>"
        if depth > 6:
            return f"<deep {table}>"
        memo[(table, key)] = "<cycle>"
        out = []
        for (column, kind, target), value in zip(tables[table][1], row, strict=True):
            if kind == "time":
                out.append(f"{column}=<{'set' if value is not None else 'null'}>")
            elif kind == "fk":
                out.append(f"{column}=" + json.dumps(content(target, value, depth + 1), default=str, sort_keys=True))
            else:
                out.append(f"{column}=" + json.dumps(value, default=str, sort_keys=True))
        memo[(table, key)] = out
        return out

    with open(path, "w") as out, connection.cursor() as cursor:
        for table in sorted(rows):
            lines = sorted(" | ".join(content(table, key)) for key in rows[table])
            out.write(f"== {table} ({len(lines)} rows)\n")
            out.writelines(line + "\n" for line in lines)
        for table in sorted(t for t in rows if "_historical" in t):
            sql = f"SELECT id, history_id FROM {quote(table)} ORDER BY id, history_date, history_id"  # noqa: S608
            cursor.execute(sql)
            sequences = {}
            for object_id, history_id in cursor.fetchall():
                sequences.setdefault(object_id, []).append(" | ".join(content(table, history_id)))
            out.write(f"== each object's history in order: {table} ({len(sequences)} objects)\n")
            out.writelines(line + "\n" for line in sorted(" || ".join(s) for s in sequences.values()))
    print(f"{sum(len(r) for r in rows.values())} rows of {len(rows)} tables written to {path}")


if __name__ == "__main__":
    main(sys.argv[1])
