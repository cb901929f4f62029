"""The staff groups the project defines, kept in step after every migrate.

Coordinators get the admin and the scoped tools (signatures, paper imports of
the declaration and of petitions, events, moderation, volunteers) and no page
permission: they cannot create or edit pages, news drafts included. Where they
act is their Role's area.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

COORDINATORS = "Coordinators"
COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("supporters", "view_signature"),
    ("supporters", "export_signatures"),
    ("supporters", "import_paper"),
    ("supporters", "view_paperbatch"),
    ("events", "view_event"),
    ("events", "change_event"),
    ("contributions", "moderate_submission"),
    ("network", "view_volunteer"),
    ("network", "change_volunteer"),
    ("network", "view_assignment"),
    ("network", "add_assignment"),
    ("network", "change_assignment"),
    ("network", "view_message"),
    ("network", "view_schoolclass"),
    ("network", "change_schoolclass"),
    ("network", "view_partner"),
    ("network", "change_partner"),
    ("petitions", "view_paperimport"),
    ("petitions", "add_paperimport"),
]


def ensure_groups(app_config=None, **kwargs):
    # Permissions are made by auth's post_migrate handler app by app, which may
    # not have reached the apps listed here yet (on a fresh database the group
    # would miss them until the next migrate).
    from django.apps import apps

    for label in {app for app, _ in COORDINATOR_PERMISSIONS}:
        create_permissions(apps.get_app_config(label), verbosity=0)
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    for app, codename in COORDINATOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def is_scoped_staff(user):
    """Staff whose role limits them to an area (not superusers, not global)."""
    from clarion.network.scoping import scope_of

    return user.is_authenticated and not scope_of(user).everything and user.roles.exists()
