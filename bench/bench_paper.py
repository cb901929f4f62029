"""Importing a 100,000-row paper signature sheet (half the rows with an email)."""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from server import PYTHON, ROOT, env_for, fresh_database

ROWS = int(os.environ.get("BENCH_PAPER_ROWS", "100000"))


def write_sheet(path):
    countries = ["AZ", "TR", "FR", "DE", "US"]
    with open(path, "w") as sheet:
        sheet.write("name,email,country,city\n")
        for n in range(ROWS):
            email = f"paper{n}@example.org" if n % 2 else ""
            sheet.write(f"Paper Signer {n},{email},{countries[n % 5]},City\n")


def run():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    sheet = Path(tempfile.mkdtemp()) / "sheet.csv"
    write_sheet(sheet)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        start = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "import_paper_signatures", str(sheet), "--event", "Bench",
             "--date", "2026-02-26", "--no-progress"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        seconds = time.perf_counter() - start
    finally:
        cleanup()
        sheet.unlink()
    return {
        "paper_import_100k_seconds": {
            "value": round(seconds, 2),
            "unit": "s",
            "goal": 10,
            "higher_is_better": False,
            "notes": f"{ROWS:,} CSV rows (half with email) into SQLite, command start to finish",
        }
    }
