"""The sign POST path and stats.json under load from a second process (wrk),
on the site as `make run` starts it (bin/serve: its access log on, its worker
mailing every confirmation to a local SMTP sink), on SQLite and PostgreSQL.

Each load is repeated (BENCH_RUNS, 5 on SQLite) and reported as the median and
the worst run; after each, the time until the last confirmation left, and a
check that no accepted signature is lost and no mail is sent twice.
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

from server import PYTHON, ROOT, crowd_limits, fresh_database, shipped, wrk

LUA = Path(__file__).with_name("lua") / "sign.lua"
SIGN_SECONDS = int(os.environ.get("BENCH_SIGN_SECONDS", "60"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_SIGN_CONNECTIONS", "64"))
DRAIN_GOAL = 60  # seconds after the load ends until every confirmation is sent

COUNT_ROWS = "from clarion.supporters.models import Signature; print(Signature.objects.count())"
# Confirmations go to the signatures not held in quarantine (a held one is mailed
# when staff release it): the drain waits for exactly those.
COUNT_MAILED = (
    "from clarion.supporters.models import Signature; "
    "print(Signature.objects.filter(quarantined=False).count())"
)
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


def one_load(env, sink, base):
    rows_before, mailed_before = int(shell(env, COUNT_ROWS)), int(shell(env, COUNT_MAILED))
    mails_before = sink.received()[0]
    sign = wrk(f"{base}/en/join/", SIGN_SECONDS, CONNECTIONS, LUA)
    accepted = sign["total"] - sign["non2xx"]
    rows = int(shell(env, COUNT_ROWS)) - rows_before
    mailed = int(shell(env, COUNT_MAILED)) - mailed_before
    drained = sink.wait_for(mails_before + mailed, timeout=DRAIN_GOAL * 4)
    messages, distinct = sink.received()
    return {
        "rps": sign["rps"], "p99": sign["p99"], "accepted": accepted, "rows": rows,
        "held": rows - mailed, "lost": max(0, accepted - rows), "non2xx": sign["non2xx"],
        "errors": sign["errors"],
        "drain": drained if drained is not None else DRAIN_GOAL * 4,
        "twice": messages - distinct,
    }  # fmt: skip


def measure(kind, port, runs):
    database_url, cleanup = fresh_database(kind)
    try:
        with crowd_limits(), shipped(database_url, port) as (env, sink):
            base = f"http://127.0.0.1:{port}"
            wrk(f"{base}/en/", seconds=3, connections=8)  # warm-up
            loads = [one_load(env, sink, base) for _ in range(runs)]
            stats = wrk(f"{base}/api/v1/stats.json", 10, 64)
        raw = float(shell(env, RAW_INSERTS))
    finally:
        cleanup()
    note = (
        f"{runs} runs of {SIGN_SECONDS} s, wrk 2 threads, {CONNECTIONS} connections, on bin/serve "
        f"as make run starts it (access log on, worker mailing to a local SMTP sink); "
        f"per run: " + "; ".join(
            f"{load['rps']:.0f}/s p99 {load['p99']:.0f} ms, {load['accepted']} accepted, "
            f"{load['rows']} rows ({load['held']} held), mails out {load['drain']:.0f} s after"
            for load in loads
        )
    )  # fmt: skip
    rps = [load["rps"] for load in loads]
    p99 = [load["p99"] for load in loads]
    drain = [load["drain"] for load in loads]
    lost = sum(load["lost"] for load in loads)
    twice = max(load["twice"] for load in loads)
    return {
        f"sign_{kind}_per_second": _r(statistics.median(rps), "signatures/s", 1500, True, note),
        f"sign_{kind}_per_second_worst": _r(min(rps), "signatures/s", 1500, True, "worst run"),
        f"sign_{kind}_p99": _r(statistics.median(p99), "ms", 150, False, "median run"),
        f"sign_{kind}_p99_worst": _r(max(p99), "ms", 150, False, "worst run"),
        f"sign_{kind}_mail_drain_worst": _r(max(drain), "s", DRAIN_GOAL, False,
                                            "last confirmation sent, after the load ended"),
        f"sign_{kind}_lost": _r(lost, "signatures", 0, False,
                                f"accepted answers minus rows, all runs; {twice} mails twice"),
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
    results.update(measure("sqlite", 8391, RUNS))
    if os.environ.get("BENCH_SQLITE_ONLY") != "1":
        results.update(measure("postgres", 8392, max(1, RUNS // 2)))
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(run())
