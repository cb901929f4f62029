"""Events: the calendar and map with 10,000 events (server time p50/p99).
Invitations are newsletters now: bench_newsletters.py measures them."""

import json
import os
import subprocess

from server import PYTHON, ROOT, env_for, fresh_database

EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))

MEASURE = r"""
import datetime, json, random, statistics, time
from django.test import Client
from django.utils import timezone
from clarion.events import agenda
from clarion.events.models import Event
from clarion.lib.countries import COUNTRY_CODES
from clarion.supporters.models import Signature

EVENTS, MEMBERS = %(events)d, %(members)d
rng = random.Random(7)
countries = sorted(COUNTRY_CODES)[:120]
types = [t for t, _ in Event.TYPES]
LANGS = "en ru tr es fr ar de az".split()
now = timezone.now()
rows = []
for n in range(EVENTS):
    start = now + datetime.timedelta(hours=rng.randint(-24 * 700, 24 * 700))
    rows.append(Event(
        type=rng.choice(types), title=f"Bench event {n}", status=Event.APPROVED,
        starts_at=start, ends_at=start + datetime.timedelta(hours=3), time_zone="Europe/Paris",
        city="City", country=rng.choice(countries), language=rng.choice(LANGS),
        # Two in three have coordinates: the map draws them as (clustered) dots.
        latitude=round(rng.uniform(-50, 65), 5) if n %% 3 else None,
        longitude=round(rng.uniform(-170, 175), 5) if n %% 3 else None,
        organiser_email="bench@example.org", organiser_canonical="bench@example.org",
    ))
Event.objects.bulk_create(rows, batch_size=2000)

client = Client(HTTP_HOST="127.0.0.1")
client.get("/en/events/")
import gc; gc.freeze()  # as clarion/wsgi.py does once the application is loaded
def timings(path, repeat=60, cold=False):
    client.get(path)
    took = []
    for _ in range(repeat):
        if cold:
            agenda.changed()  # listing not cached: the queries run every time
        start = time.perf_counter()
        response = client.get(path)
        took.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    took.sort()
    return statistics.median(took), took[int(len(took) * 0.99) - 1]

month = (now + datetime.timedelta(days=60)).strftime("%%Y-%%m")
out = {}
for name, path in [("upcoming", "/en/events/"), ("past", "/ar/events/?when=past"),
                   ("filtered", f"/de/events/?month={month}&type=rally&language=de"),
                   ("deep", "/en/events/?from=2000")]:
    out[name] = timings(path)
out["upcoming_cold"] = timings("/en/events/", cold=True)
out["past_cold"] = timings("/ar/events/?when=past", cold=True)

print(json.dumps(out))
"""


def _r(value, unit, goal, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": False,
            "notes": notes}  # fmt: skip


def run():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "load_content_pack", "khojaly", "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        code = MEASURE % {"events": EVENTS, "members": MEMBERS}
        command = [PYTHON, "manage.py", "shell", "-v0", "-c", code]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        m = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        cleanup()
    n = f"{EVENTS:,} events, SQLite, Django test client (server time)"
    results = {}
    for key, label in [("upcoming", "upcoming, with map"), ("past", "past, Arabic"),
                       ("filtered", "month+type+language"), ("deep", "offset 2000"),
                       ("upcoming_cold", "upcoming, listing cache dropped each time"),
                       ("past_cold", "past, listing cache dropped each time")]:  # fmt: skip
        p50, p99 = m[key]
        results[f"events_calendar_{key}_p50_ms"] = _r(p50, "ms", 100, f"{n}: {label}")
        results[f"events_calendar_{key}_p99_ms"] = _r(p99, "ms", 100, f"{n}: {label}")
    return results
