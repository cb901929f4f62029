"""Uncached server render time of each public page type, in-process.

Measures Django + Wagtail rendering with the content pack loaded (no page
cache exists yet), over all eight languages.
"""

import statistics
import time

from django.test import Client

LANGS = ["en", "ru", "tr", "es", "fr", "ar", "de", "az"]
PAGES = {"home": "", "join": "join/", "facts": "facts/", "news": "news/"}
ROUNDS = 5


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run():
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, path in PAGES.items():
        for lang in LANGS:  # warm-up: template compilation, first queries
            client.get(f"/{lang}/{path}")
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
