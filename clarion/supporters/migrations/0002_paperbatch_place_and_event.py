"""A paper batch names its place in words and, when the sheets come from one of
the campaign's events, links to that event; batches imported from an event
report are linked to it."""

import django.db.models.deletion
from django.db import migrations, models


def link_report_batches(apps, schema_editor):
    Report = apps.get_model("events", "Report")
    PaperBatch = apps.get_model("supporters", "PaperBatch")
    for report in Report.objects.exclude(paper_batch=None).only("event_id", "paper_batch_id"):
        PaperBatch.objects.filter(pk=report.paper_batch_id).update(event_id=report.event_id)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_rsvp_erasure_and_photo_moderation"),
        ("supporters", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="paperbatch", old_name="event", new_name="place"),
        migrations.AddField(
            model_name="paperbatch",
            name="event",
            field=models.ForeignKey(
                blank=True,
                help_text="The campaign event the sheets come from, if it is one of ours",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="paper_batches",
                to="events.event",
            ),
        ),
        migrations.RunPython(link_report_batches, migrations.RunPython.noop),
    ]
