"""Reach beyond the site (issue 23): the API list endpoints served from their
cache through bin/web (wrk), the signatures time series over a million
signatures uncached, and export_mirror of the whole default site, full and
incremental."""

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from server import PYTHON, ROOT, env_for, fresh_database, prepare, running, wrk

COUNT = int(os.environ.get("BENCH_MILLION", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
MIRROR_RUNS = int(os.environ.get("BENCH_MIRROR_RUNS", "3"))

SERIES = r"""
import json, time
from django.core.cache import cache
from django.test import Client
from clarion.api import series
start = time.perf_counter(); series.rollup(full=True); rollup_s = time.perf_counter() - start
client = Client(HTTP_HOST="127.0.0.1")
times = []
for _ in range(7):
    cache.clear()  # nothing cached: not the body, not the totals
    start = time.perf_counter()
    response = client.get("/api/v1/statistics/timeseries?interval=day")
    times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, response.status_code
print(json.dumps({"rollup_s": rollup_s, "worst_ms": max(times), "median_ms": sorted(times)[3],
                  "points": len(response.json()["points"])}))
"""


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def api_lists():
    database_url, cleanup = fresh_database("sqlite")
    os.environ["API_RATE_LIMIT_PER_MINUTE"] = "0"  # one client address makes all the load
    try:
        with running(database_url, 8073):
            url = "http://127.0.0.1:8073/api/v1/news?limit=50"
            wrk(url, seconds=2, connections=8)
            loads = [wrk(url, seconds=15, connections=64) for _ in range(RUNS)]
    finally:
        os.environ.pop("API_RATE_LIMIT_PER_MINUTE")
        cleanup()
    rps, p99 = [load["rps"] for load in loads], [load["p99"] for load in loads]
    runs = "; ".join(f"{load['rps']:.0f}/s p99 {load['p99']:.1f} ms" for load in loads)
    note = (f"median run; {RUNS} runs of 15 s, wrk 2 threads, 64 connections, "
            f"/api/v1/news?limit=50 cached, SQLite, bin/web; "
            f"{sum(load['non2xx'] for load in loads)} non-2xx: {runs}")  # fmt: skip
    return {
        "api_list_per_second": _r(statistics.median(rps), "requests/s", 2000, True, note),
        "api_list_per_second_worst": _r(min(rps), "requests/s", 2000, True, "worst run"),
        "api_list_p99": _r(statistics.median(p99), "ms", 50, False, note),
        "api_list_p99_worst": _r(max(p99), "ms", 50, False, "worst run"),
    }


def timeseries():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_signatures", str(COUNT), "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        command = [PYTHON, "manage.py", "shell", "-v0", "-c", SERIES]
        out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True,
                             text=True).stdout  # fmt: skip
        m = json.loads(out.strip().splitlines()[-1])
    finally:
        cleanup()
    note = f"{COUNT:,} signatures, SQLite, {m['points']} days; median of 7 requests"
    return {
        "timeseries_uncached_ms": _r(m["median_ms"], "ms", 50, False, note),
        "timeseries_uncached_ms_worst": _r(m["worst_ms"], "ms", 50, False, "worst of 7"),
        "timeseries_rollup_s": _r(m["rollup_s"], "s", 60, False, "full rollup: " + note),
    }


def mirror():
    """Full exports into an empty directory, each followed by an incremental
    one over it with nothing changed."""
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    full, again = [], []
    try:
        prepare(env)
        for _ in range(MIRROR_RUNS):
            target = tempfile.mkdtemp(prefix="clarion-mirror-")
            command = [PYTHON, "manage.py", "export_mirror", target, "--no-progress", "--force"]
            for times in (full, again):
                start = time.perf_counter()
                subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
            files = sum(len(f) for _d, _s, f in os.walk(target))
            shutil.rmtree(target, True)
    finally:
        cleanup()
    note = (f"median of {MIRROR_RUNS}; default site, 8 languages, {files} files, SQLite, "
            f"{os.cpu_count()} helper processes rendering; "
            f"full {', '.join(f'{t:.1f}' for t in full)} s; "
            f"incremental, nothing changed, {', '.join(f'{t:.1f}' for t in again)} s")  # fmt: skip
    return {
        "mirror_full_seconds": _r(statistics.median(full), "s", 60, False, note),
        "mirror_full_seconds_worst": _r(max(full), "s", 60, False, "worst run"),
        "mirror_incremental_seconds": _r(statistics.median(again), "s", 5, False, note),
        "mirror_incremental_seconds_worst": _r(max(again), "s", 5, False, "worst run"),
    }


def run():
    return api_lists() | timeseries() | mirror()
