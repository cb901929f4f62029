"""Importing the memorial from a published list, citing where it was published."""

from django.db import transaction

from clarion.content.models import MemorialName, MemorialSource
from clarion.lib.sheets import SheetError, read_sheet

MAX_NAME = 300


class MemorialImportError(SheetError):
    pass


def import_memorial(filename, raw_bytes, title, publisher, published, url=""):
    """Replace the names of this source with the rows of the file (CSV or XLSX
    with a `name` column, optional `age` and `note`); all or nothing."""
    names, problems = [], []
    for line, row in read_sheet(filename, raw_bytes, ("name", "age", "note"), ("name",)):
        name = row.get("name", "")
        age = row.get("age", "")
        if not name or len(name) > MAX_NAME or not name.isprintable():
            problems.append(f"line {line}: missing or unreadable name")
            continue
        if age and not (age.isascii() and age.isdigit() and int(age) < 130):
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
