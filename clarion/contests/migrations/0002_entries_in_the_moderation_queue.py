"""Contest entries wait in the one moderation queue as contributions
Submissions (their own status goes), a minor's entry until a parent or guardian
confirms by mail; entries get a thumbnail for the online exhibition."""

import django.db.models.deletion
from django.db import migrations, models

TO_SUBMISSION = {"pending": "pending", "accepted": "approved", "rejected": "rejected"}
TO_ENTRY = {"draft": "pending", "pending": "pending", "approved": "accepted", "rejected": "rejected"}


def to_submissions(apps, schema_editor):
    """Each entry gets its Submission, with its old status; a minor's entry
    accepted before with the consent ticked on the form counts as consented."""
    Entry = apps.get_model("contests", "Entry")
    Submission = apps.get_model("contributions", "Submission")
    for entry in Entry.objects.filter(submission__isnull=True).iterator():
        entry.submission = Submission.objects.create(
            kind="contest-entry", status=TO_SUBMISSION.get(entry.status, "pending"),
            title=entry.title, text=entry.description, image=entry.image,
            author_name=entry.display_name, name_display="full", country=entry.country,
            language=entry.language, email=entry.email, consent_text=entry.consent_text,
            ip_hash=entry.ip_hash, created_at=entry.created_at, submitted_at=entry.created_at,
        )  # fmt: skip
        if entry.guardian_consent_text:
            entry.guardian_confirmed_at = entry.created_at
        entry.save(update_fields=["submission", "guardian_confirmed_at"])


def to_statuses(apps, schema_editor):
    """Back: each entry takes its Submission's status again, and the
    Submissions made for entries go (the entry keeps its own image)."""
    Entry = apps.get_model("contests", "Entry")
    Submission = apps.get_model("contributions", "Submission")
    made = []
    for entry in Entry.objects.select_related("submission").iterator():
        if entry.submission_id is None:
            continue
        entry.status = TO_ENTRY.get(entry.submission.status, "pending")
        made.append(entry.submission_id)
        entry.submission = None
        entry.save(update_fields=["status", "submission"])
    for start in range(0, len(made), 500):
        Submission.objects.filter(pk__in=made[start : start + 500], kind="contest-entry").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0001_contests"),
        ("contributions", "0002_delete_moderator"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="submission",
            field=models.OneToOneField(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="contest_entry", to="contributions.submission",
            ),
        ),
        migrations.AddField(
            model_name="entry",
            name="guardian_confirmed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="entry",
            name="thumbnail",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="entry",
            name="thumbnail_height",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="entry",
            name="thumbnail_width",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(to_submissions, to_statuses),
        migrations.RemoveIndex(model_name="entry", name="contests_en_contest_775798_idx"),
        migrations.RemoveField(model_name="entry", name="status"),
        migrations.AlterField(
            model_name="entry",
            name="submission",
            field=models.OneToOneField(
                editable=False, on_delete=django.db.models.deletion.CASCADE,
                related_name="contest_entry", to="contributions.submission",
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(fields=["contest", "category", "id"], name="contests_en_contest_226b3a_idx"),
        ),
    ]
