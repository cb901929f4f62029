"""Backup and restore of a database with 1,000,000 signatures (SQLite, as
`make run` ships): manage.py backup, then manage.py restore into a new empty
database with its checks (checksums, counts); wall time and peak memory of
each command."""

import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from server import PYTHON, ROOT, crowd_limits, env_for, fresh_database, shipped, wrk

COUNT = int(os.environ.get("BENCH_MILLION", "1000000"))
BESIDE_COUNT = int(os.environ.get("BENCH_BACKUP_BESIDE", "300000"))
TURNS = int(os.environ.get("BENCH_BACKUP_TURNS", "4"))
SIGN_LUA = Path(__file__).with_name("lua") / "sign.lua"


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
    return alone() | beside_signing()


def beside_signing():
    """Sign loads (wrk, 64 connections, 20 s) on bin/serve as `make run` starts
    it, with nightly backups running back to back beside them (each in a session
    of its own, I/O idle, as deploy/systemd/clarion-backup.service runs them) and
    without, in turns; the cost compares the totals of the two sides."""
    database_url, cleanup = fresh_database("sqlite")
    work = Path(tempfile.mkdtemp(prefix="clarion-backup-beside-"))
    backups, stop = [], threading.Event()

    def back_to_back(env):
        while not stop.is_set():
            start = time.perf_counter()
            # As systemd starts it: a session of its own, I/O class idle (the command
            # lowers its CPU priority itself).
            command = [
                "ionice",
                "-c",
                "3",
                PYTHON,
                "manage.py",
                "backup",
                str(work),
                "--no-progress",
                "--keep-daily",
                "1",
                "--keep-weekly",
                "0",
            ]
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                           start_new_session=True)  # fmt: skip
            backups.append(time.perf_counter() - start)

    try:
        with crowd_limits(), shipped(database_url, 8393) as (env, _sink):
            subprocess.run([PYTHON, "manage.py", "seed_signatures", str(BESIDE_COUNT),
                            "--no-progress"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            url = "http://127.0.0.1:8393/en/join/"
            wrk(url, 5, 64, SIGN_LUA)  # warm-up
            alone, beside = [], []

            def with_backups():
                stop.clear()
                thread = threading.Thread(target=back_to_back, args=(env,))
                thread.start()
                beside.append(wrk(url, 20, 64, SIGN_LUA)["rps"])
                stop.set()
                thread.join()

            # Turns in the order A B B A A B B A …: a machine whose speed drifts
            # (a host getting busier or quieter) then favours neither side.
            for turn in range(TURNS):
                if turn % 2 == 0:
                    alone.append(wrk(url, 20, 64, SIGN_LUA)["rps"])
                    with_backups()
                else:
                    with_backups()
                    alone.append(wrk(url, 20, 64, SIGN_LUA)["rps"])
    finally:
        cleanup()
        shutil.rmtree(work, True)
    cost = 100 * (1 - sum(beside) / sum(alone))
    return {"backup_beside_signing_cost_percent": _r(
        cost, "%", 10,
        f"signatures/s without a backup {', '.join(f'{r:.0f}' for r in alone)}; with backups "
        f"back to back beside them {', '.join(f'{r:.0f}' for r in beside)} ({len(backups)} "
        f"backups of {BESIDE_COUNT:,}+ signatures, median {statistics.median(backups):.1f} s); "
        "SQLite, bin/serve, wrk 64 connections, 20 s turns",
    )}  # fmt: skip


def alone():
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
