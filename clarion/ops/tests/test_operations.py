from django.contrib.auth.models import Permission, User
from django.test import TestCase
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clarion.outbox.models import Mail
from clarion.supporters.models import Signature


class OperationsTestCase(TestCase):
    def operator(self, allowed=True):
        user = User.objects.create_user("operator", password="pw", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        if allowed:
            user.user_permissions.add(Permission.objects.get(codename="operate"))
        self.client.force_login(user)
        return user

    def failed_mail(self):
        mail = Mail.queue("ops:1", "one@example.org", "Welcome", "Text")
        Mail.objects.filter(pk=mail.pk).update(status=Mail.FAILED, attempts=8,
                                               last_error="550 mailbox unavailable")  # fmt: skip
        return mail

    def test_the_dashboard_shows_todays_numbers(self):
        self.operator()
        Signature.objects.create(name="Ann", email="ann@example.org", email_canonical="ann@x",
                                 email_domain="x", country="FR")  # fmt: skip
        self.failed_mail()
        response = self.client.get("/admin/")
        self.assertContains(response, "The campaign today")
        self.assertContains(response, "<td>1 / 1 (0 confirmed today)</td>", html=True)
        self.assertContains(response, "Failed mails")

    def test_it_lists_failed_mails_and_sends_them_again(self):
        self.operator()
        mail = self.failed_mail()
        DBTaskResult.objects.all().delete()
        page = self.client.get("/admin/operations/")
        self.assertContains(page, "550 mailbox unavailable")
        self.assertContains(page, "Health")
        response = self.client.post("/admin/operations/", {"retry": "mails", "id": [mail.pk]})
        self.assertRedirects(response, "/admin/operations/")
        mail.refresh_from_db()
        self.assertEqual((mail.status, mail.attempts), (Mail.QUEUED, 0))
        self.assertEqual(DBTaskResult.objects.get().args_kwargs["args"], [mail.pk])

    def test_it_runs_a_failed_task_again(self):
        self.operator()
        mail = Mail.queue("ops:2", "two@example.org", "Welcome", "Text")
        task = DBTaskResult.objects.get(args_kwargs__args=[mail.pk])
        failed = DBTaskResult.objects.filter(pk=task.pk)
        failed.update(status=TaskResultStatus.FAILED, exception_class_path="builtins.OSError")
        self.assertContains(self.client.get("/admin/operations/"), "builtins.OSError")
        self.client.post("/admin/operations/", {"retry": "tasks", "id": [str(task.pk)]})
        task.refresh_from_db()
        self.assertEqual(task.status, TaskResultStatus.READY)

    def test_it_is_only_for_operators(self):
        self.operator(allowed=False)
        mail = self.failed_mail()
        refused = self.client.get("/admin/operations/")  # Wagtail sends them home, with a message
        self.assertEqual(refused.status_code, 302)
        self.assertNotIn("operations", refused["Location"])
        self.client.post("/admin/operations/", {"retry": "mails", "id": [mail.pk]})
        mail.refresh_from_db()
        self.assertEqual(mail.status, Mail.FAILED)
        self.assertNotContains(self.client.get("/admin/"), "The campaign today")
