"""The campaign's people (clarion/network): certificates for 10,000 holders
drawn as PDF (time and memory), the public verify page, and the coordinator-
scoped admin listing over 1,000,000 signatures (a national coordinator for FR)."""

import json
import os
import subprocess

from server import PYTHON, ROOT, env_for, fresh_database

SIGNATURES = int(os.environ.get("BENCH_PEOPLE_SIGNATURES", "1000000"))
HOLDERS = int(os.environ.get("BENCH_CERTIFICATES", "10000"))

MEASURE = r"""
import datetime, json, resource, time
from django.contrib.auth.models import Group, User
from django.test import Client
from clarion.network import certificates
from clarion.network.models import Area, Certificate, Role
from clarion.network.roles import COORDINATORS

HOLDERS = %(holders)d

def p99(fn, n):
    fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[min(n - 1, int(0.99 * n))], times[n // 2]

user = User.objects.create_user("amelie", "amelie@example.org", "pw", is_staff=True)
user.groups.add(Group.objects.get(name=COORDINATORS))
france = Area.objects.create(level="country", name="France", countries="FR")
Role.objects.create(user=user, area=france)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
listing = lambda: client.get("/admin/snippets/supporters/signature/")
assert listing().status_code == 200
list_p99, list_p50 = p99(listing, 100)
searched = lambda: client.get("/admin/snippets/supporters/signature/?country=FR&status=confirmed")
search_p99, _ = p99(searched, 50)

names = ["Aylin Demir", "أيلين دمير", "Аылин Демир", "Əli Həsənov", "Jean-Pierre Lefèvre"]
langs = ["en", "ar", "ru", "az", "fr"]
Certificate.objects.bulk_create(
    Certificate(number=certificates.new_number(), kind="member", holder=names[i %% 5] + f" {i}",
                language=langs[i %% 5], issued_on=datetime.date(2026, 2, 26), source=f"bench:{i}")
    for i in range(HOLDERS)
)
number = Certificate.objects.order_by("?").first().number
# One anonymous client for all requests, as in the other benches: a new Client
# builds a new handler, whose middleware load (WhiteNoise indexing every static
# file) cost ~140 ms a request and was the whole of the old 409 ms p99.
visitor = Client(HTTP_HOST="127.0.0.1")
verify = lambda: visitor.get(f"/en/certificates/verify/{number}/")
assert verify().status_code == 200
verify_p99, verify_p50 = p99(verify, 1000)

rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
total = 0
for certificate in Certificate.objects.order_by("pk").iterator(chunk_size=1000):
    total += len(certificates.render(certificate))
render_s = time.perf_counter() - start
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"list_p99": list_p99, "list_p50": list_p50, "search_p99": search_p99,
                  "verify_p99": verify_p99, "verify_p50": verify_p50, "render_s": render_s,
                  "rss_before": rss_before, "rss_after": rss_after, "mb": total / 1e6}))
"""


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def run():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_signatures", str(SIGNATURES), "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        script = MEASURE % {"holders": HOLDERS}
        command = [PYTHON, "manage.py", "shell", "-v0", "-c", script]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        m = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        cleanup()
    n = f"{SIGNATURES:,} signatures (1 in 14 in FR), SQLite, in-process"
    growth = m["rss_after"] - m["rss_before"]
    return {
        "people_scoped_listing_p99_ms": _r(m["list_p99"], "ms", 200, False,
            f"{n}: the FR coordinator's signature list, 100 GETs (p50 {m['list_p50']:.0f} ms); "
            f"filtered by country and status: p99 {m['search_p99']:.0f} ms"),
        "people_certificates_10k_seconds": _r(m["render_s"], "s", 60, False,
            f"{HOLDERS:,} one-page A4 PDFs ({m['mb']:.0f} MB) from the database, 5 scripts; "
            f"peak RSS grew {growth:.0f} MB while drawing them"),
        "people_verify_p99_ms": _r(m["verify_p99"], "ms", 20, False,
            f"GET /en/certificates/verify/<number>/, {HOLDERS:,} certificates, 1,000 requests "
            f"(p50 {m['verify_p50']:.1f} ms)"),
    }  # fmt: skip
