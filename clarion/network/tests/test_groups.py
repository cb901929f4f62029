"""The Coordinators group holds every permission it lists after one migrate."""

from django.contrib.auth.models import Group
from django.test import TestCase

from clarion.network.roles import COORDINATOR_PERMISSIONS, COORDINATORS


class GroupsTestCase(TestCase):
    def test_it_grants_every_listed_permission_after_the_first_migrate(self):
        # The test database was made by one migrate, as on a fresh install.
        group = Group.objects.get(name=COORDINATORS)
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        self.assertEqual(granted, set(COORDINATOR_PERMISSIONS))
