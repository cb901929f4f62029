"""Importing paper signature sheets (CSV or XLSX) from street events."""

import datetime
import re
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.lib import emails, sheets
from clarion.lib.countries import is_country
from clarion.lib.sheets import SheetError
from clarion.supporters import counting
from clarion.supporters.models import PaperBatch, Signature

CHUNK = 5000
REPORT_LIMIT = 1000
COLUMNS = ("name", "email", "country", "city")
EVENT_REFERENCE = re.compile(r"^(?:(?:https?://[^/]+)?/[a-z]{2}/events/)?(?P<pk>\d{1,12})/?$")


def read_sheet(filename, raw):
    """Rows of a paper sheet; see clarion.lib.sheets.read_sheet."""
    return sheets.read_sheet(filename, raw, COLUMNS, required=("name", "email"))


def import_rows(
    rows, *, place, date, event=None, country="", filename="", user=None, progress=None,
    allowed=None,
):  # fmt: skip
    """One transaction: every row is imported, counted as a duplicate, or rejected
    with a reason; nothing is half-imported. `place` names where people signed;
    `event`, when given, is the campaign event (events.Event) the sheets come from;
    `allowed(country, city)`, when given, rejects rows outside the importer's area."""
    batch = PaperBatch(
        place=place,
        event=event,
        date=date,
        country=country,
        filename=filename,
        imported_by=user,
    )
    report, seen, with_email, without_email = [], set(), [], Counter()

    def note(line, status, reason):
        if len(report) < REPORT_LIMIT:
            report.append({"line": line, "status": status, "reason": reason})

    for line, row in rows:
        if progress:
            progress()
        if not any(row.values()):
            continue
        row_country = (row.get("country") or country).upper()
        if not is_country(row_country):
            batch.rejected += 1
            note(line, "rejected", f"unknown country {row.get('country', '')!r}")
            continue
        if allowed is not None and not allowed(row_country, row.get("city") or ""):
            batch.rejected += 1
            note(line, "rejected", f"{row_country} is outside your area")
            continue
        if not row.get("email"):
            if not row.get("name"):
                batch.rejected += 1
                note(line, "rejected", "no name and no email")
                continue
            without_email[row_country] += 1
            continue
        try:
            canonical = emails.canonical(row["email"])
        except emails.EmailError:
            batch.rejected += 1
            note(line, "rejected", f"invalid email {row['email'][:80]!r}")
            continue
        if canonical in seen:
            batch.duplicates += 1
            note(line, "duplicate", "appears twice in this file")
            continue
        seen.add(canonical)
        with_email.append((line, canonical, row, row_country))

    with transaction.atomic():
        known = _existing(canonical for _line, canonical, _row, _c in with_email)
        new = []
        for line, canonical, row, row_country in with_email:
            if canonical in known:
                batch.duplicates += 1
                note(line, "duplicate", "already signed")
            else:
                new.append(_signature(canonical, row, row_country))
        batch.without_email = sum(without_email.values())
        batch.without_email_by_country = dict(without_email)
        batch.report = report
        batch.save()
        for signature in new:
            signature.paper_batch = batch
        batch.imported = _insert(new, batch, note)
        batch.save(update_fields=["imported", "duplicates", "report"])
        events = Counter(s.country for s in new if s.pk) + without_email
        counting.record_many((Signature.PERSON, Signature.PAPER, c, n) for c, n in events.items())
    return batch


def _existing(canonicals):
    canonicals = list(canonicals)
    found = set()
    for start in range(0, len(canonicals), CHUNK):
        chunk = canonicals[start : start + CHUNK]
        found.update(
            Signature.objects.filter(email_canonical__in=chunk).values_list(
                "email_canonical", flat=True
            )
        )
    return found


def _signature(canonical, row, country):
    now = timezone.now()
    return Signature(
        kind=Signature.PERSON,
        status=Signature.CONFIRMED,
        source=Signature.PAPER,
        name=row.get("name", "")[:200],
        email=row["email"][:254],
        email_canonical=canonical,
        email_domain=emails.domain_of(canonical),
        country=country,
        city=row.get("city", "")[:100],
        created_at=now,
        confirmed_at=now,
    )


def _insert(signatures, batch, note):
    """bulk_create in chunks; a chunk that hits someone signing online at the same
    moment falls back to one insert per row."""
    inserted = 0
    for start in range(0, len(signatures), CHUNK):
        chunk = signatures[start : start + CHUNK]
        try:
            with transaction.atomic():
                Signature.objects.bulk_create(chunk)
            inserted += len(chunk)
        except IntegrityError:
            for signature in chunk:
                try:
                    with transaction.atomic():
                        signature.save()
                    inserted += 1
                except IntegrityError:
                    signature.pk = None
                    batch.duplicates += 1
                    note(0, "duplicate", "signed online during the import")
    return inserted


def event_model():
    """events.Event, reached through the link so supporters need not import events."""
    return PaperBatch._meta.get_field("event").related_model


def find_event(text):
    """The event a --event argument names, or None when it names a place in words.

    An event is named by its number or by the address of its page
    (…/events/12/); a number that matches no event is refused, since a typo
    must not quietly become a place called "12"."""
    text = (text or "").strip()
    match = EVENT_REFERENCE.match(text)
    if not match:
        return None
    event = event_model().objects.filter(pk=int(match["pk"])).first()
    if event is None:
        raise SheetError(f"There is no event number {match['pk']}.")
    return event


def place_of(event):
    return f"{event.title} ({event.city})" if event.city else event.title


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise SheetError(f"Dates are written YYYY-MM-DD, not {text!r}.") from None
