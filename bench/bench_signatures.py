"""The sign POST path and stats.json under load from a second process (wrk), on
SQLite and on PostgreSQL, with a check that no accepted signature is lost."""

import os
import subprocess
import sys
from pathlib import Path

from server import PYTHON, ROOT, fresh_database, running, wrk

LUA = Path(__file__).with_name("lua") / "sign.lua"
SIGN_SECONDS = 15
CONNECTIONS = int(os.environ.get("BENCH_SIGN_CONNECTIONS", "64"))

COUNT_ROWS = "from clarion.supporters.models import Signature; print(Signature.objects.count())"
RAW_INSERTS = """
import time
from django.db import transaction
from clarion.supporters.models import Signature
n = 3000
start = time.perf_counter()
for i in range(n):
    with transaction.atomic():
        Signature.objects.create(name="Raw", email=f"raw{i}@example.org",
            email_canonical=f"raw{i}@raw.example", email_domain="raw.example", country="FR")
print(n / (time.perf_counter() - start))
"""


def shell(env, code):
    out = subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def measure(kind, port):
    database_url, cleanup = fresh_database(kind)
    try:
        with running(database_url, port) as env:
            base = f"http://127.0.0.1:{port}"
            wrk(f"{base}/en/", seconds=3, connections=8)  # warm-up
            sign = wrk(f"{base}/en/join/", SIGN_SECONDS, CONNECTIONS, LUA)
            accepted = sign["total"] - sign["non2xx"]
            rows = int(shell(env, COUNT_ROWS))
            stats = wrk(f"{base}/api/v1/stats.json", 10, 64)
        raw = float(shell(env, RAW_INSERTS))
    finally:
        cleanup()
    lost = max(0, accepted - rows)
    note = (
        f"wrk 2 threads, {CONNECTIONS} connections, {SIGN_SECONDS}s; bin/web (granian) "
        f"{os.environ.get('WEB_WORKERS', '2')} workers x "
        f"{os.environ.get('WEB_THREADS', '32')} threads (bin/web's defaults)"
    )
    return {
        f"sign_{kind}_per_second": _r(sign["rps"], "signatures/s", 1500, True, note),
        f"sign_{kind}_p99": _r(sign["p99"], "ms", 150, False, note),
        f"sign_{kind}_lost": _r(lost, "signatures", 0, False,
                                f"{accepted} accepted answers, {rows} rows, "
                                f"{sign['non2xx']} non-2xx/3xx, {sign['errors']} socket errors"),
        f"sign_{kind}_raw_insert_per_second": _r(raw, "rows/s", 1500, True,
                                                 "one ORM insert per transaction, in-process"),
        f"stats_json_{kind}_per_second": _r(stats["rps"], "requests/s", 4000, True,
                                            f"64 connections, p99 {stats.get('p99', 0):.1f} ms"),
    }  # fmt: skip


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def run():
    results = {}
    results.update(measure("sqlite", 8391))
    if os.environ.get("BENCH_SQLITE_ONLY") != "1":
        results.update(measure("postgres", 8392))
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(run())
