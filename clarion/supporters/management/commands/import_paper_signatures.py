from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clarion.lib.countries import is_country
from clarion.lib.sheets import SheetError
from clarion.supporters.paper import find_event, import_rows, parse_date, place_of, read_sheet


class Command(BaseCommand):
    help = "Import paper signature sheets (CSV or XLSX: name, email, country, city)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--event",
            required=True,
            help="the event's number (or its page address, …/events/12/), or a place in words",
        )
        parser.add_argument("--date", default="", help="YYYY-MM-DD (default: the event's day)")
        parser.add_argument("--country", default="", help="ISO code for rows without one")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, file, event, date, country, no_progress=False, **options):
        path = Path(file)
        if country and not is_country(country.upper()):
            raise CommandError(f"Unknown country code {country!r}")
        try:
            linked = find_event(event)
            if not date and linked is None:
                raise SheetError("Give the day people signed with --date YYYY-MM-DD.")
            day = parse_date(date) if date else linked.local_start.date()
            rows = read_sheet(path.name, path.read_bytes())
            with tqdm(desc="rows", unit=" rows", disable=no_progress) as bar:
                batch = import_rows(
                    rows,
                    place=(place_of(linked) if linked else event.strip())[:200],
                    event=linked,
                    date=day,
                    country=country.upper() or (linked.country if linked else ""),
                    filename=path.name,
                    progress=bar.update,
                )
        except (OSError, SheetError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{batch.imported} imported with email, {batch.without_email} counted without "
                f"email, {batch.duplicates} duplicates, {batch.rejected} rejected."
            )
        )
        for entry in batch.report[:50]:
            self.stdout.write(f"  line {entry['line']}: {entry['status']}: {entry['reason']}")
