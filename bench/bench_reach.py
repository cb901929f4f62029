"""Reach beyond the site (issue 23): the API list endpoints served from their
cache through bin/web (wrk), the signatures time series over a million
signatures uncached, and export_mirror of the whole default site, full and
incremental."""

import json
import os
import shutil
import subprocess
import tempfile
import time

from server import PYTHON, ROOT, env_for, fresh_database, prepare, running, wrk

COUNT = int(os.environ.get("BENCH_MILLION", "1000000"))

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
print(json.dumps({"rollup_s": rollup_s, "best_ms": min(times), "median_ms": sorted(times)[3],
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
            load = wrk(url, seconds=15, connections=64)
    finally:
        os.environ.pop("API_RATE_LIMIT_PER_MINUTE")
        cleanup()
    note = f"wrk 2 threads, 64 connections, 15 s, /api/v1/news?limit=50 cached; SQLite; {load['non2xx']} non-2xx"  # noqa: E501
    return {
        "api_list_per_second": _r(load["rps"], "requests/s", 2000, True, note),
        "api_list_p99": _r(load["p99"], "ms", 50, False, note),
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
    note = f"{COUNT:,} signatures, SQLite, {m['points']} days; median {m['median_ms']:.1f} ms"
    return {
        "timeseries_uncached_ms": _r(m["best_ms"], "ms", 50, False, note + "; best of 7"),
        "timeseries_rollup_s": _r(m["rollup_s"], "s", 60, False, "full rollup: " + note),
    }


def mirror():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    target = tempfile.mkdtemp(prefix="clarion-mirror-")
    command = [PYTHON, "manage.py", "export_mirror", target, "--no-progress", "--force"]
    try:
        prepare(env)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        full_s = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        again_s = time.perf_counter() - start
        files = sum(len(f) for _d, _s, f in os.walk(target))
    finally:
        shutil.rmtree(target, True)
        cleanup()
    note = f"default site, 8 languages, {files} files, SQLite"
    return {
        "mirror_full_seconds": _r(full_s, "s", 60, False, note),
        "mirror_incremental_seconds": _r(again_s, "s", 5, False, note + "; nothing changed"),
    }


def run():
    return api_lists() | timeseries() | mirror()
