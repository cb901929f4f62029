"""Off the website: 10,000 typed-up paper petition rows imported against a
petition with 1,000,000 online signers (deduplicated by mailbox and by name,
town and country), and a contest with 5,000 entries: the jury's listing and
scoring pages, in-process (Django test client, server time)."""

import json
import os
import subprocess

from server import PYTHON, ROOT, env_for, fresh_database

ONLINE = int(os.environ.get("BENCH_PAPER_ONLINE", "1000000"))
PAPER = int(os.environ.get("BENCH_PAPER_PETITION_ROWS", "10000"))
ENTRIES = int(os.environ.get("BENCH_CONTEST_ENTRIES", "5000"))

MEASURE = r"""
import datetime, json, time
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from clarion.contests.models import Category, Contest, Entry, Juror
from clarion.contributions.models import Submission
from clarion.petitions import paper
from clarion.petitions.models import Petition, Signer
from clarion.supporters.models import Signature

now = timezone.now()
petition = Petition.objects.create(slug="bench", title={"en": "Bench"}, text={"en": "Bench"},
                                   mode="per_signature", opens_at=now)
countries = ["AZ", "TR", "FR", "DE", "US"]
with transaction.atomic():
    for start in range(0, __ONLINE__, 50000):
        rows = [Signature(name=f"Online Signer {n}", email=f"online{n}@example.org",
                          email_canonical=f"online{n}@example.org", country=countries[n % 5],
                          city="City", status="confirmed", confirmed_at=now)
                for n in range(start, min(start + 50000, __ONLINE__))]
        Signature.objects.bulk_create(rows, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Signer._meta.db_table} (petition_id, signature_id, status, line, "
            "line_digest, folded, reply_to_ok, language, created_at, activated_at, answer, "
            "needs_link) SELECT %s, id, 'active', '', '', 0, 0, 'en', %s, %s, '', 0 FROM "
            f"{Signature._meta.db_table}", [petition.pk, now, now])
rows = []
for n in range(__PAPER__):
    if n % 4 == 0:  # signed online too, with the same mailbox
        row = {"name": f"Online Signer {n}", "email": f"online{n}@example.org"}
    elif n % 4 == 1:  # signed online too, no mailbox on paper: found by name, town, country
        row = {"name": f"ONLINE  signer {n}", "email": ""}
    else:
        row = {"name": f"Paper Signer {n}", "email": ""}
    rows.append((n + 2, row | {"town": "City", "country": countries[n % 5], "consent": "x",
                               "sheet": str(n // 15 + 1)}))
start = time.perf_counter()
batch = paper.import_rows(petition, rows, place="Bench", date=now.date())
paper_seconds = time.perf_counter() - start
assert batch.imported == __PAPER__ // 2 and batch.duplicates == __PAPER__ // 2, batch

contest = Contest.objects.create(slug="bench", title={"en": "Bench"}, rules={"en": "Rules"},
                                 opens_at=now - datetime.timedelta(days=2),
                                 closes_at=now - datetime.timedelta(days=1),
                                 judging_closes_at=now + datetime.timedelta(days=5))
categories = [Category.objects.create(contest=contest, name={"en": f"C{n}"}, order=n)
              for n in range(4)]
submissions = Submission.objects.bulk_create([
    Submission(kind=Entry.KIND, status=Submission.APPROVED, title=f"Work {n}", language="en")
    for n in range(__ENTRIES__)], batch_size=2000)
Entry.objects.bulk_create([
    Entry(contest=contest, category=categories[n % 4], title=f"Work {n}", image=f"b/{n}.jpg",
          author_name=f"Artist {n}", display_name=f"A{n}", country="DE", language="en",
          email=f"a{n}@example.org", email_canonical=f"a{n}@example.org", consent_text="yes",
          submission=submission, age=30)
    for n, submission in enumerate(submissions)], batch_size=2000)
user = get_user_model().objects.create_superuser("juror", "juror@example.org", "pw")
juror = Juror.objects.create(contest=contest, user=user)
juror.categories.set(categories)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
ids = list(Entry.objects.filter(contest=contest).values_list("pk", flat=True))
url = f"/admin/contests/{contest.pk}/jury/"

def p99(call, repeat=100):
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        response = call(n)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), response.status_code
    times.sort()
    return times[int(len(times) * 0.99) - 1]

listing = p99(lambda n: client.get(url, {"page": str(1 + n % 100)}))
scoring = p99(lambda n: client.post(url, {"entry": ids[n * 37 % len(ids)], "value": "7"}))
print(json.dumps({"paper": paper_seconds, "listing": listing, "scoring": scoring}))
"""


def run():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        script = (MEASURE.replace("__ONLINE__", str(ONLINE)).replace("__PAPER__", str(PAPER))
                  .replace("__ENTRIES__", str(ENTRIES)))  # fmt: skip
        done = subprocess.run([PYTHON, "manage.py", "shell", "-v0", "-c", script], cwd=ROOT,
                              env=env, capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        found = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        cleanup()

    def row(value, unit, goal, notes):
        return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": False,
                "notes": notes}  # fmt: skip

    return {
        "paper_petition_import_10k_seconds": row(
            found["paper"], "s", 10,
            f"{PAPER:,} typed-up rows (half signed online: by mailbox or by name, town and "
            f"country) into a petition with {ONLINE:,} online signers, SQLite",
        ),
        "contest_jury_listing_p99_ms": row(
            found["listing"], "ms", 100,
            f"{ENTRIES:,} accepted entries, 50 a page, any page, with the juror's own marks",
        ),
        "contest_jury_scoring_p99_ms": row(
            found["scoring"], "ms", 100, f"{ENTRIES:,} entries: one mark saved and redirect"
        ),
    }  # fmt: skip
