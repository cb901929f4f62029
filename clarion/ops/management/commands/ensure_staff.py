import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first staff account once and print its password, once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, username, **options):
        """The password is printed when the account is made and stored nowhere
        (not in a file, not in a log of later starts): the operator keeps it or
        resets it with `manage.py changepassword`."""
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"A staff account exists ({settings.SITE_URL}/admin/). "
                f"Forgotten password: manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff login: {settings.SITE_URL}/admin/  user {username}  password {password}\n"
                "This password is shown once and stored nowhere: note it now."
            )
        )
