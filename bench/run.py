"""Run every benchmark in bench/ (modules named bench_*.py with a run() function),
print a table and write bench/results.json.

Each run() returns {name: {"value", "unit", "goal", "higher_is_better", "notes"}}.
"""

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")


def main(only=None):
    import django

    django.setup()
    results = {}
    # The machine's speed first, while nothing else has warmed or loaded it.
    paths = sorted(HERE.glob("bench_*.py"), key=lambda p: (p.stem != "bench_machine", p.stem))
    for path in paths:
        if only and path.stem not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        settle()
        print(f"running {path.stem} …", flush=True)
        results.update(module.run())
        _write(results, partial=True)  # a run stopped later keeps what it measured
    if not results:
        print("no benchmarks yet")
        return 0
    print(f"\n{'benchmark':44} {'value':>12} {'goal':>10}  unit      met")
    for name, r in results.items():
        met = r["value"] >= r["goal"] if r["higher_is_better"] else r["value"] <= r["goal"]
        flag = "yes" if met else "NO"
        print(f"{name:44} {r['value']:>12,.2f} {r['goal']:>10,}  {r['unit']:9} {flag}")
    _write(results, partial=bool(only))
    print(f"\nwritten to {HERE / 'results.json'}")
    return 0


def _write(results, partial):
    path = HERE / "results.json"
    if partial and path.exists():  # a partial run updates its own figures, keeps the rest
        results = json.loads(path.read_text()) | results
    path.write_text(json.dumps(results, indent=2) + "\n")


def settle(timeout=60):
    """Between benchmarks, let the machine go quiet: PostgreSQL writes out what
    the last one left (a checkpoint, rather than in the middle of the next),
    then wait until the CPUs are at least 90% idle over a second."""
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                             autocommit=True, connect_timeout=5) as db:  # fmt: skip
            db.execute("CHECKPOINT")
    except psycopg.Error as error:
        print(f"(no checkpoint: {error})")
    deadline = time.time() + timeout
    while time.time() < deadline and _idle_fraction() < 0.9:
        pass


def _idle_fraction(seconds=1.0):
    def sample():
        values = [int(v) for v in open("/proc/stat").readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, all

    idle_before, all_before = sample()
    time.sleep(seconds)
    idle_after, all_after = sample()
    return (idle_after - idle_before) / max(1, all_after - all_before)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
