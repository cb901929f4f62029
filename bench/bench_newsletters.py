"""Newsletters: queueing one for 100,000 members (seconds, and the queueing
process's peak Python memory for about 10,000 and for 100,000 members, which
should be the same), then sending it to a local SMTP sink from the site as
`make run` starts it (bin/serve: web and its two workers; BENCH_NEWSLETTER_WORKERS
in all) while readers ask the public pages (wrk, 8 connections at a steady pace of
about 100 pages a second in all, bench/lua/paced.lua): mails a second over a
steady window, whether any mail arrived twice, and the pages' p99 meanwhile.
A flat-out page load would measure how two cores are shared, not whether
readers wait: bench_pages.py measures pages flat out.

    .venv/bin/python bench/run.py bench_newsletters
"""

import json
import os
import subprocess
import time
from pathlib import Path

from server import PYTHON, ROOT, fresh_database, shipped, wrk

PACED = Path(__file__).with_name("lua") / "paced.lua"

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
WORKERS = int(os.environ.get("BENCH_NEWSLETTER_WORKERS", "2"))
SERVE_WORKERS = int(os.environ.get("WORKERS", "2"))  # what bin/serve starts itself
EXTRA = max(0, WORKERS - SERVE_WORKERS)
WINDOW = int(os.environ.get("BENCH_NEWSLETTER_WINDOW", "30"))
PORT = 8627

QUEUE = r"""
import json, time, tracemalloc
from django.utils import timezone
from clarion.outreach import sending
from clarion.outreach.models import Newsletter, Version
from clarion.supporters.models import Signature

MEMBERS = %(members)d
LANGS = "en ru tr es fr ar de az".split()
now = timezone.now()
rows = (Signature(name=f"Member {n}", email=f"m{n}@example.org",
                  email_canonical=f"m{n}@example.org", country="FR" if n %% 3 else "TR",
                  language=LANGS[n %% 8], status=Signature.CONFIRMED, wants_news=True,
                  confirmed_at=now) for n in range(MEMBERS))
batch = []
for row in rows:
    batch.append(row)
    if len(batch) == 5000:
        Signature.objects.bulk_create(batch); batch = []
Signature.objects.bulk_create(batch)

def newsletter(title):
    item = Newsletter.objects.create(title=title)
    for code in LANGS:
        Version.objects.create(newsletter=item, language=code, subject=f"News ({code})",
                               body="# This month\n\n" + "A paragraph of campaign news. " * 40)
    return item

out = {}
small = newsletter("small")
tracemalloc.start()
sending.start(small, {"countries": ["TR"], "languages": ["en", "ru", "tr"]})
out["small_total"] = small.total
out["small_peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
tracemalloc.stop()
sending.cancel(small)

big = newsletter("big")
tracemalloc.start()
start = time.perf_counter()
out["total"] = sending.start(big, {})
out["queue_s"] = time.perf_counter() - start
out["peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
tracemalloc.stop()
out["newsletter"] = big.pk
print(json.dumps(out))
"""

PROGRESS = r"""
import json
from clarion.outreach.models import Newsletter
n = Newsletter.objects.get(pk=%(pk)d)
print(json.dumps(n.progress()))
"""


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def _shell(code, env):
    done = subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run():
    database_url, cleanup = fresh_database("sqlite")
    extra = []
    # As fast as the server takes them (bin/serve's worker reads it too): what the site can do.
    os.environ["NEWSLETTER_RATE"] = "0"
    try:
        with shipped(database_url, PORT) as (env, sink):
            env = env | {"LOG_LEVEL": "ERROR"}
            # Readers' pages are in the page cache on a site that has been up a
            # while (bench_pages measures a cold start): ask each of them first.
            wrk(f"http://127.0.0.1:{PORT}", seconds=5, connections=8, script=PACED)
            queued = _shell(QUEUE % {"members": MEMBERS}, env)
            # At nice 10, as bin/serve starts its own worker: the web goes first.
            command = ["nice", "-n", "10", PYTHON, "manage.py", "run_worker", "--queue-name",
                       "*", "--interval", "1", "--no-reload", "--no-periodic"]  # fmt: skip
            extra = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(EXTRA)]
            if sink.wait_for(1000, timeout=180) is None:
                raise RuntimeError("the workers sent nothing")
            first, _ = sink.received()
            started = time.time()
            web = wrk(f"http://127.0.0.1:{PORT}", seconds=WINDOW, connections=8, script=PACED)
            last, distinct = sink.received()
            rate = (last - first) / (time.time() - started)
            progress = _shell(PROGRESS % {"pk": queued["newsletter"]}, env)
            for worker in extra:
                worker.terminate()
            for worker in extra:
                worker.wait(30)
    finally:
        os.environ.pop("NEWSLETTER_RATE")
        cleanup()
    total = queued["total"]
    return {
        "newsletter_queue_100k_seconds": _r(
            queued["queue_s"], "s", 30, False,
            f"{total:,} members queued (one INSERT … SELECT, batch tasks), SQLite",
        ),
        "newsletter_queue_peak_memory_kb": _r(
            queued["peak_kb"], "KiB", max(1.0, queued["small_peak_kb"] * 1.5), False,
            f"Python peak while queueing {total:,}; {queued['small_peak_kb']:.0f} KiB for "
            f"{queued['small_total']:,} (flat: goal is 1.5x the small one)",
        ),
        "newsletter_send_mails_per_second": _r(
            rate, "mails/s", 500, True,
            f"bin/serve's {SERVE_WORKERS} workers + {EXTRA} more, SQLite, to bench/smtp_sink.py, "
            f"over "
            f"{WINDOW} s after the first 1,000 while readers ask pages (~100/s); {last:,} "
            f"mails received, {distinct:,} distinct Message-IDs; recipients then: {progress}",
        ),
        "newsletter_send_web_p99_ms": _r(
            web["p99"], "ms", 100, False,
            f"32 public pages, 8 languages, while the newsletter goes out: "
            f"{web['rps']:.0f} req/s, p50 "
            f"{web['p50']:.1f} ms, {web['non2xx']} non-2xx, {web['errors']} socket errors",
        ),
    }  # fmt: skip
