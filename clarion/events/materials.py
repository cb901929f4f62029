"""Fulfilment of support requests: requested → approved → shipped → received.

Stock is taken when an item is approved, by one conditional update, so two
coordinators approving at once can never take the last poster twice.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clarion.events.models import Material, SupportItem


class OutOfStock(Exception):
    pass


class WrongStep(Exception):
    pass


def advance(item_id, status):
    """Move one support item to its next status; approving takes the stock."""
    with transaction.atomic():
        item = SupportItem.objects.select_for_update().get(pk=item_id)
        if status not in SupportItem.NEXT.get(item.status, ()):
            raise WrongStep(f"{item.status} cannot become {status}")
        if status == SupportItem.APPROVED:
            taken = Material.objects.filter(pk=item.material_id, stock__gte=item.quantity).update(
                stock=F("stock") - item.quantity
            )
            if not taken:
                raise OutOfStock(f"not enough {item.material.name} in stock")
        item.status, item.updated_at = status, timezone.now()
        item.save(update_fields=["status", "updated_at"])
    return item
