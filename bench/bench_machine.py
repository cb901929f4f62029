"""How fast this machine is, so that figures from different machines (and
different sessions on shared hardware) can be compared: a fixed pure-Python
loop, best of five, measured before the other benchmarks."""

import os
import time

LOOP = 5_000_000
REFERENCE_SECONDS = 0.3


def python_loop_seconds(runs=5):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        total = 0
        for number in range(LOOP):
            total += number
        best = min(best, time.perf_counter() - start)
    return best


def cpu_model():
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def run():
    seconds = python_loop_seconds()
    note = (f"{LOOP:,} additions in a Python loop, best of 5; {os.cpu_count()} cores, "
            f"{cpu_model()}. Not a target of the software: the goal is a current desktop "
            f"core's time; a slower machine gives lower figures everywhere")  # fmt: skip
    return {"machine_python_loop_seconds": {"value": round(seconds, 3), "unit": "s",
                                            "goal": REFERENCE_SECONDS, "higher_is_better": False,
                                            "notes": note}}  # fmt: skip
