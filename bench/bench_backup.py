"""Backup and restore of a database with 1,000,000 signatures (SQLite, as
`make run` ships): manage.py backup, then manage.py restore into a new empty
database with its checks (checksums, counts); wall time and peak memory of
each command."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from server import PYTHON, ROOT, env_for, fresh_database

COUNT = int(os.environ.get("BENCH_MILLION", "1000000"))


# manage.py, reporting its own peak memory (RSS) on stderr as it ends.
PEAK = (
    "import resource, runpy, sys\n"
    "sys.argv = ['manage.py', *sys.argv[1:]]\n"
    "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
    "finally:\n    print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
    "file=sys.stderr)\n"
)


def timed(args, env):
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", PEAK, *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    took = time.perf_counter() - start
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")][-1]
    return took, int(peak.split()[1]) / 1024


def _r(value, unit, goal, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": False,
            "notes": notes}  # fmt: skip


def run():
    database_url, cleanup = fresh_database("sqlite")
    env = env_for(database_url, 0)
    work = Path(tempfile.mkdtemp(prefix="clarion-backup-bench-"))
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "seed_signatures", str(COUNT), "--no-progress"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        backup_s, backup_mb = timed(["backup", str(work / "archives"), "--no-progress"], env)
        (archive,) = (work / "archives").glob("clarion-backup-*.tar")
        size_mb = archive.stat().st_size / 1e6
        target = env | {"DATABASE_URL": f"sqlite:///{work / 'restored.sqlite3'}",
                        "MEDIA_ROOT": str(work / "media")}  # fmt: skip
        restore_s, restore_mb = timed(["restore", str(archive), "--no-progress"], target)
    finally:
        cleanup()
        shutil.rmtree(work, True)
    n = f"{COUNT:,} signatures, SQLite"
    return {
        "backup_million_seconds": _r(backup_s, "s", 30, f"{n}: archive {size_mb:.0f} MB"),
        "backup_million_peak_mb": _r(backup_mb, "MB", 300, f"{n}: peak RSS of manage.py backup"),
        "restore_million_seconds": _r(restore_s, "s", 60, f"{n}: into an empty SQLite database, "
                                      "checksums and counts verified, schema migrated"),
        "restore_million_peak_mb": _r(restore_mb, "MB", 300, f"{n}: peak RSS of manage.py restore"),
    }  # fmt: skip
