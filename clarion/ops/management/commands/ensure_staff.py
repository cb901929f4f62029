import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

LOGIN_FILE = settings.BASE_DIR / ".staff_login"


class Command(BaseCommand):
    help = "Create the first staff account once and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self._print_known()
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, email="", password=password)
        LOGIN_FILE.write_text(f"{username} {password}\n")
        LOGIN_FILE.chmod(0o600)
        self._print(username, password)

    def _print_known(self):
        if LOGIN_FILE.exists():
            username, password = LOGIN_FILE.read_text().split()
            self._print(username, password, note=" (change it in the admin: Account)")
        else:
            self.stdout.write("A staff account exists. Reset with: manage.py changepassword")

    def _print(self, username, password, note=""):
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff login: {settings.SITE_URL}/admin/  user {username}  "
                f"password {password}{note}"
            )
        )
