import hashlib

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from clarion.speedups import bulk


class Mail(models.Model):
    """One message to one recipient. `key` makes queueing idempotent: queueing
    the same key twice yields one row and at most one delivery."""

    QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
    STATUSES = [(s, s) for s in (QUEUED, SENDING, SENT, FAILED)]
    FORGOTTEN_ADDRESS = "erased@invalid"  # where a forgotten mail "went"

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The task worker that claimed it (clarion/ops/workers.py): when that worker
    # dies, its mails still "sending" are queued again at once.
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.status})"

    @property
    def message_id(self):
        """Stable across retries, so a receiving server can drop a duplicate."""
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:32]
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
        return f"<{digest}@{domain}>"

    @classmethod
    def written(cls, key, to, language, subject, template, context, headers):
        """An unsaved mail with its subject (a callable, so that it is
        translated here) and body rendered in the recipient's language;
        `context` may be a callable too, for what depends on the language."""
        with translation.override(language):
            context = context() if callable(context) else context
            body = render_to_string(template, context)
            subject = str(subject())
        return cls(key=key, to=to, subject=subject, body=body, headers=headers)

    @classmethod
    def queue(cls, key, to, subject, body, headers=None):
        """Write the mail and enqueue its sending, inside the caller's transaction:
        if the caller rolls back, neither the mail nor its task exist."""
        from clarion.outbox.tasks import send_mail

        try:
            with transaction.atomic():
                mail = cls.objects.create(
                    key=key, to=to, subject=subject, body=body, headers=headers or {}
                )
        except IntegrityError:
            return cls.objects.get(key=key)  # queued before: nothing to do
        send_mail.enqueue(mail.pk)
        return mail

    @classmethod
    def queue_many(cls, mails):
        """Many new mails (unsaved Mail objects) with ONE task for all of them,
        in the caller's transaction. A key queued before is skipped, as by
        queue(). Returns the new mails' ids."""
        from clarion.outbox.tasks import send_mail_batch

        stored = bulk.insert(cls, mails, skip_conflicts_on="key")
        pks = [mail.pk for mail, ok in zip(mails, stored, strict=True) if ok]
        if pks:
            send_mail_batch.enqueue(pks)
        return pks

    @classmethod
    def claim_by_id(cls, pk):
        """The mail, taken for sending in ONE statement (UPDATE … RETURNING), or
        None if another worker has it, it is done, or it does not exist."""
        rows = cls.claim_many([pk])
        return rows[0] if rows else None

    @classmethod
    def claim_many(cls, pks):
        """The mails of these ids still queued, taken for sending in ONE
        statement; those another worker has, or done, are left out."""
        from clarion.ops import workers

        if not pks:
            return []
        table = connection.ops.quote_name(cls._meta.db_table)
        marks = ", ".join(["%s"] * len(pks))
        claimed = cls.objects.raw(
            f"UPDATE {table} SET status = %s, attempts = attempts + 1, claimed_at = %s, "
            f"claimed_by = %s WHERE id IN ({marks}) AND status = %s RETURNING *",
            [cls.SENDING, timezone.now(), workers.current_id(), *pks, cls.QUEUED],
        )
        return list(claimed)  # read to the end: on SQLite that ends the statement's write

    @classmethod
    def forget(cls, mails):
        """Blank the personal part of these mails (text, headers with their
        links, address); the key stays, so none is ever queued or sent again."""
        return mails.update(body="", headers={}, to=cls.FORGOTTEN_ADDRESS)

    @classmethod
    def requeue_stalled(cls, older_than):
        """Mails left 'sending' by a worker that died: send them again, but
        for those its journal says the SMTP server took."""
        from clarion.outbox import journal
        from clarion.outbox.tasks import send_mail

        journal.settle()

        stalled = list(
            cls.objects.filter(status=cls.SENDING, claimed_at__lt=older_than).values_list(
                "pk", flat=True
            )
        )
        for pk in stalled:
            if cls.objects.filter(pk=pk, status=cls.SENDING).update(status=cls.QUEUED):
                send_mail.enqueue(pk)
        return len(stalled)
