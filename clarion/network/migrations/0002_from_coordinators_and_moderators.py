"""Today's per-country rows become roles: each events.Coordinator (user +
country) and each contributions.Moderator (user + countries) gets a role in the
country's area. The old tables are dropped by the next migrations of their apps."""

from django.db import migrations


def country_area(Area, code):
    area = Area.objects.filter(level="country", countries=code).first()
    return area or Area.objects.create(level="country", name=code, countries=code)


def forwards(apps, schema_editor):
    Area = apps.get_model("network", "Area")
    Role = apps.get_model("network", "Role")
    Coordinator = apps.get_model("events", "Coordinator")
    Moderator = apps.get_model("contributions", "Moderator")
    pairs = {(c.user_id, c.country.upper()) for c in Coordinator.objects.all()}
    for moderator in Moderator.objects.all():
        for code in moderator.countries.split(","):
            if code.strip():
                pairs.add((moderator.user_id, code.strip().upper()))
    for user_id, code in sorted(pairs):
        Role.objects.get_or_create(user_id=user_id, area=country_area(Area, code))


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("events", "0002_rsvp_erasure_and_photo_moderation"),
        ("contributions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
