"""What each speed-up of the sign path buys: the sign load of bench_signatures
on the site as `make run` starts it (SQLite), once with everything on and once
with each switch of clarion/speedups off (README, "The speed-ups").

    .venv/bin/python bench/speedups_ab.py [seconds per run] [runs]

Prints signatures/s and p99 per setting (median of the runs). Not part of
`make bench`: it takes about 90 s per setting and run.
"""

import os
import statistics
import sys
from pathlib import Path
from unittest import mock

from server import crowd_limits, fresh_database, shipped, wrk

LUA = Path(__file__).with_name("lua") / "sign.lua"
SETTINGS = [
    ("everything on", {}),
    ("SIGN_FAST_PATH=0", {"SIGN_FAST_PATH": "0"}),
    ("SIGNATURE_GROUP_COMMIT=0", {"SIGNATURE_GROUP_COMMIT": "0"}),
    ("SQLITE_WRITE_LOCK=0", {"SQLITE_WRITE_LOCK": "0"}),
    ("LOCK_FREE_LOCALS=0", {"LOCK_FREE_LOCALS": "0"}),
    (
        "all off (the plain path)",
        {
            "SIGN_FAST_PATH": "0",
            "SIGNATURE_GROUP_COMMIT": "0",
            "SQLITE_WRITE_LOCK": "0",
            "LOCK_FREE_LOCALS": "0",
        },
    ),
]


def measure(switches, seconds, runs, port=8631):
    database_url, cleanup = fresh_database("sqlite")
    try:
        with mock.patch.dict(os.environ, switches), crowd_limits():
            with shipped(database_url, port):
                base = f"http://127.0.0.1:{port}"
                wrk(f"{base}/en/", seconds=3, connections=8)  # warm-up
                loads = [wrk(f"{base}/en/join/", seconds, 64, LUA) for _ in range(runs)]
    finally:
        cleanup()
    return statistics.median(x["rps"] for x in loads), statistics.median(x["p99"] for x in loads)


def main(seconds=20, runs=3):
    print(f"{'setting':28} {'signatures/s':>13} {'p99 ms':>8}")
    for name, switches in SETTINGS:
        rps, p99 = measure(switches, seconds, runs)
        print(f"{name:28} {rps:13.0f} {p99:8.1f}", flush=True)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
