"""Paper petitions: typed-up sheets imported into one petition.

Each row is imported, counted as a duplicate, or refused with its row number
and a reason. A name is the same person as another when its mailbox is the
same, or when name, town and country are the same once case, accents,
spacing and look-alike letters from other scripts are set aside
(`person_key`). Duplicates are looked for in the file, in earlier sheets of
the petition and among the petition's online signers.
"""

import hashlib
import unicodedata

from django.db import connection, transaction

from clarion.lib import emails, sheets
from clarion.lib.countries import is_country
from clarion.petitions.models import PaperImport, PaperSigner, Signer
from clarion.supporters.models import Signature

COLUMNS = ("sheet", "name", "town", "city", "country", "email", "consent")
REPORT_LIMIT = 1000
CHUNK = 2000
YES = {"yes", "y", "x", "1", "true", "✓", "✔", "☑", "oui", "да", "evet", "sí", "si", "ja",
       "bəli", "beli", "نعم"}  # fmt: skip
# Cyrillic and Greek letters typed for the Latin ones they look like (and the
# reverse), folded to one form so "Аnna" with a Cyrillic А is "Anna".
LOOKALIKES = str.maketrans("асеорхуіјкмнтвαορτυνκ", "aceopxyijkmhtbaoptuvk")


def read_sheet(filename, raw):
    """Rows of a typed-up sheet; see clarion.lib.sheets.read_sheet."""
    return sheets.read_sheet(filename, raw, COLUMNS, required=("name",))


def fold(text):
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(LOOKALIKES)
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def person_key(name, city, country):
    folded = f"{fold(name)}|{fold(city)}|{country.upper()}"
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def _clean(value, limit):
    return "".join(c for c in value if c.isprintable())[:limit].strip()


def consented(value):
    return value.strip().casefold() in YES


def import_rows(
    petition, rows, *, place, date, event=None, country="", filename="", user=None, allowed=None
):  # fmt: skip
    """One transaction; returns the PaperImport with its counts and report.
    `allowed(country, city)`, when given, rejects rows outside the importer's
    area. The import lies in `country`, or else in the one country its rows
    share (coordinators' admin is scoped by it)."""
    batch = PaperImport(
        petition=petition, event=event, place=place, date=date, country=country.upper(),
        filename=filename, imported_by=user,
    )  # fmt: skip
    report, candidates = [], []

    def note(line, status, reason):
        if len(report) < REPORT_LIMIT:
            report.append({"line": line, "status": status, "reason": reason})

    for line, row in rows:
        if not any(row.values()):
            continue
        name = _clean(row.get("name", ""), 200)
        row_country = (row.get("country") or country).strip().upper()
        if not name:
            batch.rejected += 1
            note(line, "rejected", "no name")
            continue
        if not consented(row.get("consent", "")):
            batch.rejected += 1
            note(line, "rejected", "the consent box is not ticked")
            continue
        if not is_country(row_country):
            batch.rejected += 1
            note(line, "rejected", f"unknown country {row.get('country', '')[:40]!r}")
            continue
        if allowed is not None and not allowed(row_country, row.get("town") or row.get("city", "")):
            batch.rejected += 1
            note(line, "rejected", f"{row_country} is outside your area")
            continue
        canonical = ""
        if row.get("email"):
            try:
                canonical = emails.canonical(row["email"])
            except emails.EmailError:
                batch.rejected += 1
                note(line, "rejected", f"invalid email {row['email'][:80]!r}")
                continue
        city = _clean(row.get("town") or row.get("city", ""), 100)
        sheet = row.get("sheet", "").strip()
        candidates.append(
            PaperSigner(
                petition=petition,
                line=line,
                name=name,
                city=city,
                country=row_country,
                sheet=int(sheet) if sheet.isdigit() and len(sheet) < 9 else None,
                email_canonical=canonical,
                person_key=person_key(name, city, row_country),
            )  # fmt: skip
        )

    if not batch.country:
        countries = {signer.country for signer in candidates}
        batch.country = countries.pop() if len(countries) == 1 else ""
    with transaction.atomic():
        known_keys, known_mail = _known(petition, candidates)
        new = []
        for signer in candidates:
            where = _duplicate(signer, known_keys, known_mail)
            if where:
                batch.duplicates += 1
                note(signer.line, "duplicate", where)
                continue
            known_keys[signer.person_key] = "appears twice in these sheets"
            if signer.email_canonical:
                known_mail[signer.email_canonical] = "appears twice in these sheets"
            new.append(signer)
        batch.report = report
        batch.save()
        for signer in new:
            signer.batch = batch
        before = PaperSigner.objects.filter(petition=petition).count()
        PaperSigner.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
        batch.imported = PaperSigner.objects.filter(petition=petition).count() - before
        batch.duplicates += len(new) - batch.imported  # another import took them meanwhile
        batch.save(update_fields=["imported", "duplicates"])
    return batch


def _duplicate(signer, known_keys, known_mail):
    if signer.email_canonical and signer.email_canonical in known_mail:
        return known_mail[signer.email_canonical]
    return known_keys.get(signer.person_key)


def _known(petition, candidates):
    """Who signed this petition already, online or on paper:
    ({person key: reason}, {mailbox: reason})."""
    keys, mail = {}, {}
    for key, canonical in PaperSigner.objects.filter(petition=petition).values_list(
        "person_key", "email_canonical"
    ):
        keys[key] = "already imported from another sheet"
        if canonical:
            mail[canonical] = keys[key]
    online = "already signed online"
    wanted = sorted({s.email_canonical for s in candidates if s.email_canonical})
    for start in range(0, len(wanted), CHUNK):
        found = Signer.objects.filter(
            petition=petition,
            status=Signer.ACTIVE,
            signature__email_canonical__in=wanted[start : start + CHUNK],
        ).values_list("signature__email_canonical", flat=True)
        mail.update(dict.fromkeys(found, online))
    wanted_keys = {s.person_key for s in candidates}
    for name, city, country in _online_people(petition, {s.country for s in candidates}):
        key = person_key(name, city or "", country)
        if key in wanted_keys:
            keys.setdefault(key, online)
    return keys, mail


def _online_people(petition, countries):
    """(name, city, country) of the petition's online signers from these
    countries, read with a plain cursor: a million rows in a few seconds."""
    if not countries:
        return
    q = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(countries))
    sql = (
        "SELECT s.name, s.city, s.country "
        f"FROM {q(Signer._meta.db_table)} p "
        f"JOIN {q(Signature._meta.db_table)} s ON s.id = p.signature_id "
        f"WHERE p.petition_id = %s AND p.status = %s AND s.country IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [petition.pk, Signer.ACTIVE, *sorted(countries)])
        while rows := cursor.fetchmany(5000):
            yield from rows


def export(canonical):
    """For "download my data": the paper sheets this mailbox was typed up from."""
    if not canonical:
        return []
    rows = PaperSigner.objects.filter(email_canonical=canonical).select_related("petition", "batch")
    return [
        {
            "petition": str(row.petition),
            "name": row.name,
            "town": row.city,
            "country": row.country,
            "sheet": row.sheet,
            "signed_at": row.batch.place,
            "date": row.batch.date.isoformat(),
        }
        for row in rows
    ]


def erase(canonical):
    if not canonical:
        return 0
    return PaperSigner.objects.filter(email_canonical=canonical).delete()[0]
