from unittest import mock

from django.db import OperationalError
from django.test import TestCase

from clarion.outbox.journal import record_sent
from clarion.outbox.models import Mail


class RecordSentTestCase(TestCase):
    """After the SMTP server took a mail, a database restart must not make the
    mail look unsent (it would then go out twice)."""

    def mail(self, key):
        return Mail.objects.create(key=key, to="a@example.org", subject="s", body="b",
                                   status=Mail.SENDING)  # fmt: skip

    def test_it_waits_for_a_database_that_restarts(self):
        mail = self.mail("k1")
        real_filter = Mail.objects.filter
        failures = [OperationalError("terminating connection"), OperationalError("starting up")]

        def flaky_filter(*args, **kwargs):
            if failures:
                raise failures.pop(0)
            return real_filter(*args, **kwargs)

        with (
            mock.patch("clarion.outbox.journal.connection.close"),
            mock.patch.object(Mail.objects, "filter", side_effect=flaky_filter),
        ):
            record_sent([mail.pk], pause=0)
        self.assertEqual(failures, [])
        mail.refresh_from_db()
        self.assertEqual(mail.status, Mail.SENT)

    def test_it_gives_up_in_the_end(self):
        mail = self.mail("k2")
        with (
            mock.patch("clarion.outbox.journal.connection.close"),
            mock.patch.object(Mail.objects, "filter", side_effect=OperationalError("down")),
            self.assertRaises(OperationalError),
        ):
            record_sent([mail.pk], attempts=3, pause=0)
        mail.refresh_from_db()
        self.assertEqual(mail.status, Mail.SENDING)
