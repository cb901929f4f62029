"""Petitions: the digest package (PDF + CSV) for 1,000,000 signatures, streamed to
disk (time and peak memory of the process), and queueing per-signature
deliveries for 100,000 signers × 5 targets."""

import json
import os
import subprocess
import tempfile

from server import PYTHON, ROOT, env_for, fresh_database

COUNT = int(os.environ.get("BENCH_PETITION_SIGNATURES", "1000000"))
SIGNERS = int(os.environ.get("BENCH_PETITION_SIGNERS", "100000"))

SETUP = r"""
from django.db import connection, transaction
from django.utils import timezone
from clarion.petitions.models import Petition, Signer, Target
targets = [Target.objects.create(key=f"bench-{i}", name=f"Bench office {i}", kind="office",
           email=f"office{i}@example.org", languages=["fr", "en"]) for i in range(5)]
for slug, mode, extra in (("digest", "digest", {"include_declaration": True,
                          "deliver_on": timezone.localdate()}), ("messages", "per_signature", {})):
    petition = Petition.objects.create(slug=slug, mode=mode, title={"en": "Bench petition",
        "fr": "Pétition de mesure"}, text={"en": "Text.", "fr": "Le texte de la pétition. " * 20},
        test_mode=False, **extra)
    petition.targets.set(targets)
now = timezone.now()
with transaction.atomic(), connection.cursor() as cursor:
    cursor.execute(
        "INSERT INTO petitions_signer (petition_id, signature_id, status, line, line_digest, "
        "folded, reply_to_ok, language, created_at, activated_at, answer) "
        "SELECT %s, id, 'active', '', '', FALSE, FALSE, 'en', %s, %s, '' "
        "FROM supporters_signature ORDER BY id LIMIT SIGNERS", [petition.pk, now, now])
"""

PACKAGE = r"""
import json, resource, sys, time
from clarion.petitions import package
from clarion.petitions.models import Petition, Target
petition = Petition.objects.get(slug="digest")
target = Target.objects.get(key="bench-0")
start = time.perf_counter()
pdf, csv_path = package.build(petition, target, "bench")
took = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took, "rss_mb": rss, "pdf": str(pdf),
                  "pdf_mb": pdf.stat().st_size / 1e6, "csv_mb": csv_path.stat().st_size / 1e6}))
"""

QUEUE = r"""
import json, time
from clarion.petitions import delivery
from clarion.petitions.models import Delivery, Petition, Signer
petition = Petition.objects.get(slug="messages")
start = time.perf_counter()
signers = Signer.objects.filter(petition=petition).only("pk").iterator(chunk_size=10000)
batch = []
for signer in signers:
    batch.append(signer)
    if len(batch) == 10000:
        delivery.queue_messages(petition, batch); batch = []
if batch:
    delivery.queue_messages(petition, batch)
took = time.perf_counter() - start
print(json.dumps({"seconds": took, "rows": Delivery.objects.count()}))
"""


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def _shell(code, env):
    command = [PYTHON, "manage.py", "shell", "-v0", "-c", code]
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {}


def run():
    database_url, cleanup = fresh_database("sqlite")
    packages = tempfile.mkdtemp(prefix="clarion-packages-")
    env = env_for(database_url, 0) | {"PETITIONS_PACKAGE_DIR": packages}
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_signatures", str(COUNT), "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        _shell(SETUP.replace("SIGNERS", str(SIGNERS)), env)
        made = _shell(PACKAGE, env)
        if os.environ.get("BENCH_KEEP_PAGE"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", made["pdf"],
                            os.environ["BENCH_KEEP_PAGE"]], check=False)  # fmt: skip
        queued = _shell(QUEUE, env)
    finally:
        cleanup()
        subprocess.run(["rm", "-rf", packages], check=False)
    n = f"{COUNT:,} signatures, SQLite"
    return {
        "petition_package_seconds": _r(made["seconds"], "s", 60, False,
            f"{n}: PDF {made['pdf_mb']:.0f} MB + CSV {made['csv_mb']:.0f} MB streamed to disk"),
        "petition_package_peak_rss_mb": _r(made["rss_mb"], "MB", 300, False,
            "peak resident memory of the whole process (Django included)"),
        "petition_queue_deliveries_seconds": _r(queued["seconds"], "s", 30, False,
            f"{SIGNERS:,} signers × 5 targets = {queued['rows']:,} delivery rows"),
    }  # fmt: skip
