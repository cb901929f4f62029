from django.contrib.auth.models import Group
from django.db import connection
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext

from clarion.speedups import ids


class ReserveTestCase(TransactionTestCase):
    def setUp(self):
        ids.forget()

    def test_it_hands_out_ids_that_ordinary_inserts_never_take(self):
        existing = Group.objects.count()  # groups the project makes after migrate
        Group.objects.create(name="before")
        reserved = ids.reserve(Group, 3)
        self.assertEqual(reserved, sorted(set(reserved)))
        self.assertEqual(len(reserved), 3)
        after = Group.objects.create(name="after")
        self.assertGreater(after.pk, max(reserved))
        for pk in reserved:  # and the reserved ones can be used as they are
            Group.objects.create(pk=pk, name=f"reserved {pk}")
        self.assertEqual(Group.objects.count(), existing + 5)

    def test_a_process_takes_ids_from_its_block_without_asking_again(self):
        first = ids.reserve(Group, 2)
        with CaptureQueriesContext(connection) as queries:
            second = ids.reserve(Group, 2)
        self.assertGreater(min(second), max(first))
        self.assertEqual(len(queries), 0)  # from the process's reserved block
