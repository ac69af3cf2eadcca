"""A DataFrame into a PostgreSQL temporary table, by binary COPY.

The national recompute writes some 36,000 monthly figures a night. As CSV,
Python spends longer turning half a million values into text than
PostgreSQL spends storing them. Here every column travels as a 64-bit
integer, encoded by NumPy a column at a time, and PostgreSQL turns the
integers back into the model's types in one INSERT … SELECT:

- integers as themselves; decimals scaled to whole units of their last place;
- dates as days since 1970-01-01; booleans as 0 or 1;
- text as a position in a list of the column's distinct values, sent as a
  parameter;
- a missing value as the smallest int64, which no count, date or code reaches.

Binary COPY is PostgreSQL's own format ("Binary Format" under COPY in its
manual): a signature, then per row the number of fields and, per field, its
length and big-endian bytes. With every field an int64 each row has the same
layout, so a NumPy structured array is the whole message.
"""

import numpy as np
import pandas as pd

MISSING = np.iinfo(np.int64).min
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = _SIGNATURE + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")  # no flags, no header extension
_TRAILER = (-1).to_bytes(2, "big", signed=True)

_INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
}


def _integers(series):
    return series.astype("Int64").to_numpy(dtype="int64", na_value=MISSING)


def _encoded(series, field, raw):
    """(int64 values, SQL giving the field's value from column `raw`, parameters)."""
    kind = field.get_internal_type()
    restored = f"NULLIF({raw}, {MISSING})"
    if kind in _INTEGER_TYPES:
        return _integers(series), restored, []
    if kind == "DecimalField":
        unit = 10**field.decimal_places
        # Exact while a value has at most 15 significant digits (numeric(5, 1) has 5).
        scaled = np.rint(series.astype("float64").to_numpy() * unit)
        values = np.where(np.isnan(scaled), MISSING, scaled).astype("int64")
        return values, f"{restored}::numeric / {unit}", []
    if kind == "DateField":
        days = pd.to_datetime(series).to_numpy(dtype="datetime64[D]")
        values = days.astype("int64")
        values[np.isnat(days)] = MISSING
        return values, f"DATE '1970-01-01' + {restored}::integer", []
    if kind == "BooleanField":
        return _integers(series.astype("boolean").astype("Int64")), f"{restored} = 1", []
    if kind in ("CharField", "TextField"):
        codes, labels = pd.factorize(series, use_na_sentinel=True)
        values = codes.astype("int64")
        values[codes < 0] = MISSING
        return values, f"(%s::text[])[{restored} + 1]", [[str(label) for label in labels]]
    raise TypeError(f"pgcopy cannot send a {kind} ({field.name}).")


def copy_into_temporary_table(cursor, name, frame, fields):
    """Create temporary table `name` (dropped on commit) with one column per
    model field in `fields`, named and typed as the model's, holding `frame`'s
    columns named as the fields' attnames (local_area_id for local_area).
    `cursor` is a Django cursor on PostgreSQL."""
    quote = cursor.db.ops.quote_name
    raw_name = quote(f"{name}_raw")
    encoded = [_encoded(frame[field.attname], field, f"c{i}") for i, field in enumerate(fields)]
    layout = [("fields", ">i2")]
    for i in range(len(fields)):
        layout += [(f"length{i}", ">i4"), (f"value{i}", ">i8")]
    rows = np.empty(len(frame), dtype=np.dtype(layout))
    rows["fields"] = len(fields)
    for i, (values, _sql, _params) in enumerate(encoded):
        rows[f"length{i}"] = 8
        rows[f"value{i}"] = values
    cursor.execute(
        f"CREATE TEMPORARY TABLE {raw_name} ({', '.join(f'c{i} bigint' for i in range(len(fields)))}) ON COMMIT DROP"
    )
    with cursor.cursor.copy(f"COPY {raw_name} FROM STDIN WITH (FORMAT binary)") as copy:
        copy.write(_HEADER + rows.tobytes() + _TRAILER)
    columns = ", ".join(
        f"CAST({sql} AS {field.db_type(cursor.db)}) AS {quote(field.column)}"
        for field, (_values, sql, _params) in zip(fields, encoded, strict=True)
    )
    params = [param for _values, _sql, field_params in encoded for param in field_params]
    # Identifiers are quoted from the model's metadata; values are parameters or COPY data.
    cursor.execute(f"CREATE TEMPORARY TABLE {quote(name)} ON COMMIT DROP AS SELECT {columns} FROM {raw_name}", params)  # noqa: S608
    cursor.execute(f"DROP TABLE {raw_name}")
