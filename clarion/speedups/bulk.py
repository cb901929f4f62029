"""One multi-row INSERT for many new model instances, without the ORM's
per-object machinery (SQLite ≥ 3.35 and PostgreSQL: ON CONFLICT, RETURNING).

Used where rows arrive by the hundred per second (the sign path's group
commit). No signals are sent and no save() runs: callers use it only for
models whose saving has no side effects.
"""

import datetime
import json

from django.db import connection, models

CHUNK = 200
# Values the database driver takes as they are; the others go through the field.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
          models.ForeignKey)  # fmt: skip
# ... and, on PostgreSQL, where rows travel as JSON, values JSON carries as they are.
_PLAIN_IN_JSON = (*_PLAIN, models.DateTimeField, models.DateField, models.JSONField)
# Subclasses of the plain types whose values need converting all the same.
_SPECIAL = {models.GenericIPAddressField}


def insert(model, objects, skip_conflicts_on=None):
    """Insert the objects, set the pk of each one stored, and return a list of
    booleans (stored or not). With skip_conflicts_on=<unique field name>, rows
    whose value is already taken, or repeated in the list, are skipped (and
    their pk, if one was given, is cleared). Objects either all come with their
    pk (clarion.speedups.ids) or all without."""
    given_pks = bool(objects) and objects[0].pk is not None
    fields = [f for f in model._meta.concrete_fields if given_pks or not f.primary_key]
    by_json = connection.vendor == "postgresql"
    plain = _PLAIN_IN_JSON if by_json else _PLAIN
    prepare = [None if isinstance(f, plain) and type(f) not in _SPECIAL else f for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    key = None
    if skip_conflicts_on:
        key = model._meta.get_field(skip_conflicts_on)
        seen, unique = set(), []
        for obj in objects:
            value = getattr(obj, key.attname)
            if value not in seen:
                seen.add(value)
                unique.append(obj)
    else:
        unique = list(objects)
    stored_pks = {}
    if by_json:
        # All rows as ONE JSON parameter, spread into the table's row type by
        # PostgreSQL: the statement never changes (psycopg parses it once) and
        # json.dumps in C replaces psycopg quoting each value in Python, which
        # was most of the sign path's database CPU.
        names = [f.column for f in fields]
        values_sql = f"SELECT {columns} FROM json_populate_recordset(NULL::{table}, %s)"
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        rows_params = []
        for obj in chunk:
            row = []
            for field, slow in zip(fields, prepare, strict=True):
                value = getattr(obj, field.attname)
                row.append(value if slow is None else slow.get_db_prep_save(value, connection))
            rows_params.append(row)
        if by_json:
            rows_json = [dict(zip(names, row, strict=True)) for row in rows_params]
            params = [json.dumps(rows_json, default=_json_value, ensure_ascii=False)]
            sql = f"INSERT INTO {table} ({columns}) {values_sql}"
        else:
            params = [value for row in rows_params for value in row]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}"
        if key is not None:
            sql += f" ON CONFLICT ({connection.ops.quote_name(key.column)}) DO NOTHING"
            sql += f" RETURNING {pk_column}, {connection.ops.quote_name(key.column)}"
        else:
            sql += f" RETURNING {pk_column}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if key is None:  # every row was inserted, in order
            for obj, (pk,) in zip(chunk, rows, strict=True):
                stored_pks[id(obj)] = pk
        else:
            by_value = {value: pk for pk, value in rows}
            for obj in chunk:
                pk = by_value.pop(getattr(obj, key.attname), None)
                if pk is not None:
                    stored_pks[id(obj)] = pk
    stored = []
    for obj in objects:
        pk = stored_pks.get(id(obj))
        obj.pk = pk
        obj._state.adding = pk is None
        stored.append(pk is not None)
    return stored


def _json_value(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # datetimes are aware: the offset travels with them
    if hasattr(value, "obj"):  # psycopg's Jsonb wrapper, from a JSONField
        return value.obj
    return str(value)  # Decimal, UUID, IP addresses: PostgreSQL parses their text
