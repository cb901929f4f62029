"""A short measure of the outbox alone (the confirmation mails the sign path
queues): N mails queued in batches of 50, as the group commit queues them, in
a throwaway SQLite database, then sent by W task workers (manage.py
run_worker, as in production) to bench/smtp_sink.py. Prints mails a second
(from the mails' sent_at, first to last), the workers' CPU time per mail and
whether any mail arrived twice. No web load meanwhile: for the figure beside a
sign load, see bench_signatures.py (its mail drain).

    .venv/bin/python bench/outbox_quick.py [MAILS=5000] [WORKERS=1]
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from send_quick import cpu_seconds  # noqa: E402
from server import PYTHON, ROOT, Sink, env_for  # noqa: E402

MAILS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
BODY = (
    "Please confirm your signature by opening this link:\n\nhttps://example.org/en/c/{0}/\n\n" * 3
)


def main():
    folder = tempfile.mkdtemp(prefix="clarion-outboxquick-")
    sink = Sink(9632)
    env = env_for(f"sqlite:///{folder}/bench.sqlite3", 8632)
    env |= {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
    workers = []
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        import os

        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "clarion.settings"
        import django

        django.setup()
        queue()
        command = [PYTHON, "manage.py", "run_worker", "--queue-name", "*", "--interval", "1",
                   "--no-reload", "--no-periodic"]  # fmt: skip
        workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(WORKERS)]
        report(sink, [worker.pid for worker in workers])
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        sink.stop()
        shutil.rmtree(folder, True)


def queue():
    from django.db import transaction

    from clarion.outbox.models import Mail

    for start in range(0, MAILS, 50):
        with transaction.atomic():
            Mail.queue_many(
                [Mail(key=f"confirm:{n}", to=f"s{n}@example.org", subject="Please confirm",
                      body=BODY.format(n), headers={"Auto-Submitted": "auto-generated"})
                 for n in range(start, min(MAILS, start + 50))]
            )  # fmt: skip


def report(sink, pids):
    from django.db.models import Max, Min

    from clarion.outbox.models import Mail

    deadline = time.time() + max(120, MAILS / 20)
    cpu_first = sent_first = None
    while time.time() < deadline:
        if cpu_first is None:
            sent_first = Mail.objects.filter(status="sent").count()
            if sent_first:
                cpu_first = cpu_seconds(pids)
        if not Mail.objects.filter(status__in=["queued", "sending"]).exists():
            break
        time.sleep(0.1)
    cpu = cpu_seconds(pids) - (cpu_first or 0)
    time.sleep(1.5)  # the sink writes its counts once a second
    sent = Mail.objects.filter(status="sent")
    span = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    seconds = (span["last"] - span["first"]).total_seconds() if span["first"] else 0
    count = sent.count()
    received, distinct = sink.received()
    rate = (count - 1) / seconds if seconds else 0
    per_mail = 1000 * cpu / max(1, count - (sent_first or 0))
    print(f"{MAILS} mails, {WORKERS} worker(s): {count} sent in {seconds:.2f} s = "
          f"{rate:.1f} mails/s; worker CPU {per_mail:.2f} ms a mail; sink received "
          f"{received}, {distinct} distinct Message-IDs")  # fmt: skip


if __name__ == "__main__":
    main()
