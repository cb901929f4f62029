from django.core.management.base import BaseCommand, CommandError

from clarion.api import keys
from clarion.api.models import ApiKey


class Command(BaseCommand):
    help = "Issue, list or revoke partners' API keys (the key is shown once, when issued)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a key")
        create.add_argument("partner", help="Who holds the key")
        create.add_argument(
            "--scope", action="append", required=True, choices=[s for s, _l in ApiKey.SCOPES]
        )
        create.add_argument("--contact", default="")
        sub.add_parser("list", help="Keys and their state (never the keys themselves)")
        revoke = sub.add_parser("revoke", help="Revoke keys by their first characters")
        revoke.add_argument("prefix")

    def handle(self, action, **options):
        if action == "create":
            row, key = keys.issue(options["partner"], options["scope"], options["contact"])
            self.stdout.write(f"API key for {row.partner} ({', '.join(row.scopes)}):\n{key}")
            self.stdout.write("Give it to the partner now: only its digest is kept.")
        elif action == "list":
            for row in ApiKey.objects.order_by("pk"):
                state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "live"
                self.stdout.write(f"{row.prefix}…  {row.partner}  {','.join(row.scopes)}  {state}")
        else:
            if len(options["prefix"]) < 6:
                raise CommandError("Give at least the first 6 characters of the key.")
            self.stdout.write(f"Revoked {keys.revoke(options['prefix'])} key(s).")
