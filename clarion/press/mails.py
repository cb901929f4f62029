"""The press contact's mail to the coordinator: the journalist's address is
the Reply-To, the coordinator's is never shown on the site."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string

from clarion.outbox.models import Mail


def coordinators():
    """PRESS_COORDINATOR_EMAIL, else every active account that may handle
    press enquiries (superusers, or a group with that permission)."""
    if settings.PRESS_COORDINATOR_EMAIL:
        return [settings.PRESS_COORDINATOR_EMAIL]
    perm = Q(groups__permissions__codename="change_pressenquiry") | Q(
        user_permissions__codename="change_pressenquiry"
    )
    users = get_user_model().objects.filter(Q(is_superuser=True) | perm, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def queue_enquiry(enquiry):
    body = render_to_string(
        "press/mail/enquiry.txt",
        {
            "enquiry": enquiry,
            "admin_url": f"{settings.SITE_URL}/admin/snippets/press/pressenquiry/",
        },
    )
    subject = f"Press enquiry from {enquiry.name}" + (
        f" ({enquiry.outlet})" if enquiry.outlet else ""
    )
    for address in coordinators():
        Mail.queue(
            key=f"press-enquiry:{enquiry.pk}:{address}",
            to=address,
            subject=subject[:300],
            body=body,
            headers={"Reply-To": enquiry.email},
        )
