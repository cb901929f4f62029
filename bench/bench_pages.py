"""Public page GETs: throughput through bin/serve as `make run` starts it, with the
page cache (wrk, 64 connections, eight languages mixed, five runs: median and
worst), and beside it the uncached render time of each page type, in-process.
"""

import gc
import os
import statistics
import time
from pathlib import Path

from django.test import Client, override_settings
from server import fresh_database, shipped, wrk

LUA = Path(__file__).with_name("lua") / "pages.lua"

LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]
PAGES = {"home": "", "join": "join/", "facts": "facts/", "news": "news/"}
ROUNDS = 5
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run():
    return served() | uncached()


def served():
    """Five loads on the site as `make run` starts it (bin/serve: its worker and
    access log), the first straight after the start with nothing warmed."""
    database_url, cleanup = fresh_database("sqlite")
    try:
        with shipped(database_url, 8071):
            base = "http://127.0.0.1:8071"
            loads = [wrk(f"{base}/en/", seconds=15, connections=64, script=LUA)
                     for _ in range(RUNS)]  # fmt: skip
    finally:
        cleanup()
    per_run = "; ".join(f"{load['rps']:.0f}/s p99 {load['p99']:.1f} ms" for load in loads)
    note = (
        f"{RUNS} runs of 15 s (the first right after the start), wrk 2 threads, 64 connections, "
        f"home/join/facts/news x 8 languages, bin/serve on SQLite: {per_run}"
    )
    errors = sum(load["non2xx"] + load["errors"] for load in loads)
    rps, p99 = [load["rps"] for load in loads], [load["p99"] for load in loads]
    return {
        "pages_get_per_second": {"value": round(statistics.median(rps), 1), "unit": "requests/s",
                                 "goal": 2000, "higher_is_better": True,
                                 "notes": f"median run; {errors} non-2xx or socket errors; {note}"},
        "pages_get_per_second_worst": {"value": round(min(rps), 1), "unit": "requests/s",
                                       "goal": 2000, "higher_is_better": True,
                                       "notes": "worst run"},
        "pages_get_p99": {"value": round(statistics.median(p99), 2), "unit": "ms", "goal": 100,
                          "higher_is_better": False, "notes": "median run"},
        "pages_get_p99_worst": {"value": round(max(p99), 2), "unit": "ms", "goal": 100,
                                "higher_is_better": False, "notes": "worst run"},
    }  # fmt: skip


@override_settings(PAGE_CACHE_ENABLED=False)
def uncached():
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, path in PAGES.items():
        for lang in LANGS:  # warm-up: template compilation, first queries
            client.get(f"/{lang}/{path}")
        gc.freeze()  # as clarion/wsgi.py does once the application is loaded
        timings = []
        for _ in range(ROUNDS):
            for lang in LANGS:
                start = time.perf_counter()
                response = client.get(f"/{lang}/{path}")
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (lang, path, response.status_code)
        for label, value in (
            ("p50", statistics.median(timings)),
            ("p99", percentile(timings, 0.99)),
        ):
            results[f"render_uncached_{name}_{label}"] = {
                "value": round(value, 2),
                "unit": "ms",
                "goal": 100,
                "higher_is_better": False,
                "notes": f"{len(timings)} renders across 8 languages, in-process, no page cache",
            }
    return results
