"""Importing the memorial from a published list (CSV), citing where it was published."""

import csv
import io

from django.db import transaction

from clarion.content.models import MemorialName, MemorialSource

MAX_NAME = 300


class MemorialImportError(Exception):
    pass


def read_rows(raw_bytes):
    """Rows of a UTF-8 CSV with a `name` column and optional `age` and `note`."""
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MemorialImportError(f"The file is not UTF-8 (byte {error.start}).") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise MemorialImportError("The first line must name the columns, including 'name'.")
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        yield number, row


def import_memorial(raw_bytes, title, publisher, published, url=""):
    """Replace the names of this source with the rows of the file; all or nothing."""
    names, problems = [], []
    for line, row in read_rows(raw_bytes):
        name = row.get("name", "")
        age = row.get("age", "")
        if not name or len(name) > MAX_NAME or not name.isprintable():
            problems.append(f"line {line}: missing or unreadable name")
            continue
        if age and not (age.isdigit() and int(age) < 130):
            problems.append(f"line {line}: age {age!r} is not a number of years")
            continue
        names.append((line, name, int(age) if age else None, row.get("note", "")[:500]))
    if problems:
        raise MemorialImportError("; ".join(problems[:20]))
    with transaction.atomic():
        source, _created = MemorialSource.objects.update_or_create(
            title=title, publisher=publisher, defaults={"published": published, "url": url}
        )
        source.names.all().delete()
        MemorialName.objects.bulk_create(
            MemorialName(source=source, row=line, name=name, age=age, note=note)
            for line, name, age, note in names
        )
    return source, len(names)
