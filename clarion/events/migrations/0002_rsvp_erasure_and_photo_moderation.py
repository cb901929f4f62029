"""RSVPs can be erased or anonymised (rows kept); report photos wait in the one
moderation queue as contributions Submissions instead of carrying their own status."""

import django.db.models.deletion
from django.db import migrations, models


def photos_into_the_queue(apps, schema_editor):
    Photo = apps.get_model("events", "Photo")
    Submission = apps.get_model("contributions", "Submission")
    for photo in Photo.objects.select_related("report__event").order_by("pk"):
        event = photo.report.event
        photo.submission = Submission.objects.create(
            kind="event-photo",
            status=photo.status,
            title=event.title[:200],
            image=photo.image.name,
            country=event.country,
            language=event.language,
            name_display="none",
            created_at=photo.created_at,
            submitted_at=photo.created_at,
        )
        photo.save(update_fields=["submission"])


def photos_out_of_the_queue(apps, schema_editor):
    Photo = apps.get_model("events", "Photo")
    for photo in Photo.objects.select_related("submission"):
        photo.status = photo.submission.status if photo.submission else "pending"
        photo.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rsvp",
            name="email_canonical",
            field=models.CharField(blank=True, max_length=254, null=True),
        ),
        migrations.AddField(
            model_name="rsvp",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="photo",
            name="submission",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="event_photo",
                to="contributions.submission",
            ),
        ),
        migrations.RunPython(photos_into_the_queue, photos_out_of_the_queue),
        migrations.RemoveField(model_name="photo", name="status"),
        migrations.AlterField(
            model_name="photo",
            name="submission",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="event_photo",
                to="contributions.submission",
            ),
        ),
    ]
