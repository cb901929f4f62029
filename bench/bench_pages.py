"""Public page GETs: throughput through bin/web (granian) with the page cache (wrk, 64
connections, eight languages mixed), and beside it the uncached render time of
each page type, in-process.
"""

import gc
import statistics
import time
from pathlib import Path

from django.test import Client, override_settings
from server import fresh_database, running, wrk

LUA = Path(__file__).with_name("lua") / "pages.lua"

LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]
PAGES = {"home": "", "join": "join/", "facts": "facts/", "news": "news/"}
ROUNDS = 5


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run():
    return served() | uncached()


def served():
    database_url, cleanup = fresh_database("sqlite")
    try:
        with running(database_url, 8071):
            base = "http://127.0.0.1:8071"
            wrk(f"{base}/en/", seconds=3, connections=8, script=LUA)  # every page once
            load = wrk(f"{base}/en/", seconds=15, connections=64, script=LUA)
    finally:
        cleanup()
    note = "wrk 2 threads, 64 connections, 15 s; home/join/facts/news x 8 languages; SQLite"
    errors = f"; {load['non2xx']} non-2xx, {load['errors']} socket errors"
    return {
        "pages_get_per_second": {"value": round(load["rps"], 1), "unit": "requests/s",
                                 "goal": 2000, "higher_is_better": True, "notes": note + errors},
        "pages_get_p99": {"value": round(load["p99"], 2), "unit": "ms", "goal": 100,
                          "higher_is_better": False, "notes": note},
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
