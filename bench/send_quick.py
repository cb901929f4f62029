"""A short measure of newsletter sending alone (seconds, not minutes): N members
in a throwaway SQLite database, one newsletter in 8 languages, sent by W task
workers (manage.py run_worker, as in production) to bench/smtp_sink.py, at
NEWSLETTER_RATE=0. Prints mails a second (from the recipients' sent_at, first
to last), the workers' CPU time per mail (user + system, from /proc, between
the first mail and the last: a figure that a busy machine disturbs less) and
whether any mail arrived twice. No web load meanwhile: for the full figure with
wrk on the pages, see bench_newsletters.py.

    .venv/bin/python bench/send_quick.py [MEMBERS=3000] [WORKERS=1]
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from server import PYTHON, ROOT, Sink, env_for  # noqa: E402

MEMBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
WORKERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
LANGS = "en ru tr es fr ar de az".split()


def main():
    folder = tempfile.mkdtemp(prefix="clarion-sendquick-")
    sink = Sink(9631)
    env = env_for(f"sqlite:///{folder}/bench.sqlite3", 8631)
    env |= {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "NEWSLETTER_RATE": "0"}
    workers = []
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "clarion.settings"
        import django

        django.setup()
        pk = queue()
        command = [PYTHON, "manage.py", "run_worker", "--queue-name", "*", "--interval", "1",
                   "--no-reload", "--no-periodic"]  # fmt: skip
        workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(WORKERS)]
        report(pk, sink, [worker.pid for worker in workers])
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        sink.stop()
        shutil.rmtree(folder, True)


def queue():
    from django.utils import timezone

    from clarion.outreach import sending
    from clarion.outreach.models import Newsletter, Version
    from clarion.supporters.models import Signature

    now = timezone.now()
    Signature.objects.bulk_create(
        [Signature(name=f"Member {n}", email=f"m{n}@example.org",
                   email_canonical=f"m{n}@example.org", country="FR" if n % 3 else "TR",
                   language=LANGS[n % 8], status=Signature.CONFIRMED, wants_news=True,
                   confirmed_at=now)
         for n in range(MEMBERS)], batch_size=2000,
    )  # fmt: skip
    newsletter = Newsletter.objects.create(title="quick")
    for code in LANGS:
        body = "# This month\n\n" + "A paragraph of campaign news. " * 40
        Version.objects.create(
            newsletter=newsletter, language=code, subject=f"News ({code})", body=body
        )
    sending.start(newsletter, {})
    return newsletter.pk


def cpu_seconds(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def report(pk, sink, pids):
    from django.db.models import Max, Min

    from clarion.outreach.models import Newsletter, Recipient

    recipients = Recipient.objects.filter(newsletter_id=pk)
    deadline = time.time() + max(120, MEMBERS / 20)
    cpu_first = sent_first = None
    while time.time() < deadline:
        if cpu_first is None:
            sent_first = recipients.filter(status="sent").count()
            if sent_first:
                cpu_first = cpu_seconds(pids)
        if not recipients.filter(status__in=["queued", "sending"]).exists():
            break
        time.sleep(0.1)
    cpu = cpu_seconds(pids) - (cpu_first or 0)
    time.sleep(1.5)  # the sink writes its counts once a second
    sent = Recipient.objects.filter(newsletter_id=pk, status="sent")
    span = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    seconds = (span["last"] - span["first"]).total_seconds() if span["first"] else 0
    count = sent.count()
    received, distinct = sink.received()
    rate = (count - 1) / seconds if seconds else 0
    per_mail = 1000 * cpu / max(1, count - (sent_first or 0))
    progress = Newsletter.objects.get(pk=pk).progress()
    print(f"{MEMBERS} members, {WORKERS} worker(s): {count} sent in {seconds:.2f} s = "
          f"{rate:.1f} mails/s; worker CPU {per_mail:.2f} ms a mail (= {1000 / per_mail:.0f} "
          f"mails/s a core); sink received {received}, {distinct} distinct Message-IDs; "
          f"{progress}")  # fmt: skip


if __name__ == "__main__":
    main()
