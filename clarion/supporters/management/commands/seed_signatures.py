"""Fill a database with fake confirmed signatures, for benchmarks only."""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from clarion.supporters import counting
from clarion.supporters.models import Signature, Tally

COUNTRIES = ["AZ", "TR", "FR", "DE", "US", "RU", "ES", "PK", "MX", "GB", "IT", "NL", "BE", "CA"]
CHUNK = 20_000
# Spread over the campaign's years, as real signatures are (the time series
# then has thousands of days to read, not one).
SPAN_SECONDS = 18 * 365 * 24 * 3600


class Command(BaseCommand):
    help = "Insert N fake confirmed signatures (benchmark data; refuses a non-empty table)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, count, no_progress=False, **options):
        if Signature.objects.exists():
            raise CommandError("seed_signatures only fills an empty signature table.")
        fields = ["kind", "status", "source", "name", "email", "email_canonical",
                  "email_domain", "country", "city", "organisation_type", "website",
                  "contact_person", "language", "show_on_wall", "wants_news", "quarantined",
                  "quarantine_reason", "invalid_reason", "ip_hash", "created_at",
                  "confirmed_at"]  # fmt: skip
        table = Signature._meta.db_table
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({placeholders})"
        now = timezone.now()
        rng = random.Random(42)
        with tqdm(total=count, disable=no_progress, unit=" rows") as bar:
            for start in range(0, count, CHUNK):
                rows = []
                for n in range(start, min(count, start + CHUNK)):
                    kind = "organisation" if n % 50 == 0 else "person"
                    email = f"seed{n}@example.org"
                    when = now - datetime.timedelta(seconds=rng.randrange(SPAN_SECONDS))
                    country = rng.choice(COUNTRIES)
                    rows.append((kind, "confirmed", "online", f"Seed{n} Person", email, email,
                                 "example.org", country, "", "", "", "", "en", n % 3 == 0,
                                 n % 2 == 0, False, "", "", "", when, when))  # fmt: skip
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, rows)
                bar.update(len(rows))
        # Tallies from a recount, as if every signature had been folded in.
        totals = Signature.objects.values_list("kind", "source", "country")
        with transaction.atomic():
            Tally.objects.exclude(kind=counting.LOCK["kind"]).delete()
            grouped = {}
            for key in totals.iterator(chunk_size=50_000):
                grouped[key] = grouped.get(key, 0) + 1
            Tally.objects.bulk_create(
                Tally(kind=k, source=s, country=c, count=n) for (k, s, c), n in grouped.items()
            )
        self.stdout.write(f"Seeded {count} signatures.")
