"""The scale-out topology through nginx: two web nodes on PostgreSQL + Redis, two
workers. Page GETs (4 page types x 8 languages) and sign POSTs measured with wrk,
lost signatures counted (rows = accepted answers), and the CPU each layer spends
per request (nginx, web nodes, PostgreSQL backends), read from /proc before and
after each run."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import wrk  # noqa: E402

from bench.topology import Topology, cpu_seconds, group_cpu_seconds  # noqa: E402

DATABASE = "clarion_bench_scale"
DATABASE_URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 18380
LUA = Path(__file__).with_name("lua")
SECONDS = int(os.environ.get("BENCH_SCALE_SECONDS", "15"))
# As bench_signatures and the page runs: 64 connections.
SIGN_CONNECTIONS = int(os.environ.get("BENCH_SCALE_SIGN_CONNECTIONS", "64"))


def ensure_database():
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
            db.execute(f'CREATE DATABASE "{DATABASE}"')


def signature_rows():
    with psycopg.connect(DATABASE_URL) as db:
        return db.execute("SELECT count(*) FROM supporters_signature").fetchone()[0]


def wait_for_empty_queue(timeout=900):
    """Loading the content pack queues thousands of search-index tasks: let the
    workers finish them, or they would take the CPU the measurement needs."""
    deadline = time.time() + timeout
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        while time.time() < deadline:
            ready = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                               "WHERE status = 'READY'").fetchone()[0]  # fmt: skip
            if ready == 0:
                return
            time.sleep(2)


def postgres_backends():
    """CPU seconds of each PostgreSQL backend serving the bench database."""
    backends = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if command.startswith("postgres: ") and f" {DATABASE} " in command:
            backends[int(entry.name)] = cpu_seconds(int(entry.name))
    return backends


def cpu_snapshot(topology):
    return {
        "nginx": group_cpu_seconds(topology.nginx.pid),
        "web": sum(group_cpu_seconds(node.pid) for node in topology.web),
        "workers": sum(group_cpu_seconds(worker.pid) for worker in topology.workers),
        "postgres": postgres_backends(),
    }


def cpu_used(before, after):
    used = {layer: after[layer] - before[layer] for layer in ("nginx", "web", "workers")}
    used["postgres"] = sum(t - before["postgres"].get(pid, 0.0)
                           for pid, t in after["postgres"].items())  # fmt: skip
    return used


def measured(topology, url, connections, script):
    before = cpu_snapshot(topology)
    result = wrk(url, SECONDS, connections, script)
    result["cpu"] = cpu_used(before, cpu_snapshot(topology))
    return result


def mail_backlog():
    with psycopg.connect(DATABASE_URL) as db:
        return db.execute("SELECT count(*) FROM outbox_mail WHERE status IN ('queued', 'sending')"
                          ).fetchone()[0]  # fmt: skip


def drain_seconds(timeout=600):
    """After the sign load: how long the (lower-priority) workers take to send
    every confirmation mail it queued."""
    start = time.time()
    while mail_backlog() and time.time() - start < timeout:
        time.sleep(0.5)
    return time.time() - start


def static_path():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def run():
    ensure_database()
    env = {"DATABASE_URL": DATABASE_URL.replace("postgresql://", "postgres://"),
           "CACHE_URL": "redis://127.0.0.1:6379/13", "EMAIL_URL": "dummy://", "DEBUG": "0",
           "ENVIRONMENT": "development", "LOG_LEVEL": "ERROR"}  # fmt: skip
    web_workers = int(os.environ.get("BENCH_SCALE_WEB_WORKERS", "1"))
    web_threads = int(os.environ.get("BENCH_SCALE_WEB_THREADS", "32"))
    topology = Topology(Path(tempfile.mkdtemp(prefix="clarion-bench-scale-")), env, port=PORT,
                        web_ports=[PORT + 1, PORT + 2], web_workers=web_workers,
                        web_threads=web_threads)  # fmt: skip
    topology.prepare()
    base = f"http://127.0.0.1:{PORT}"
    with topology.start():
        wait_for_empty_queue()
        static = wrk(f"{base}{static_path()}", 10, 64)
        wrk(f"{base}/en/", 3, 16, LUA / "pages.lua")  # warm-up
        pages = measured(topology, f"{base}/en/", 64, LUA / "pages.lua")
        rows_before = signature_rows()
        sign = measured(topology, f"{base}/en/join/", SIGN_CONNECTIONS, LUA / "sign.lua")
        rows = signature_rows() - rows_before
        backlog = mail_backlog()
        workers_before = cpu_snapshot(topology)["workers"]
        drained = drain_seconds()
        # The mails' CPU counts against the signatures, sent during or after the load.
        sign["cpu"]["workers"] += cpu_snapshot(topology)["workers"] - workers_before
    accepted = sign["total"] - sign["non2xx"] - sign["errors"]
    setup = (
        f"nginx → 2 web nodes (granian, {web_workers} workers x {web_threads} threads) → "
        "PostgreSQL + Redis"
    )
    results = {
        "scale_static_per_second": _r(static["rps"], "requests/s", 2000, True,
                                      f"nginx alone: a hashed CSS file, 64 connections, p99 "
                                      f"{static.get('p99', 0):.1f} ms"),
        "scale_pages_per_second": _r(pages["rps"], "requests/s", 2000, True,
                                     f"{setup}; wrk 64 connections, {SECONDS}s; p50 "
                                     f"{pages.get('p50', 0):.1f} ms; {pages['non2xx']} non-2xx"),
        "scale_pages_p99": _r(pages.get("p99", 0), "ms", 100, False, setup),
        "scale_sign_per_second": _r(sign["rps"], "signatures/s", 1500, True,
                                    f"{setup}; wrk {SIGN_CONNECTIONS} connections, {SECONDS}s"),
        "scale_sign_p99": _r(sign.get("p99", 0), "ms", 150, False, setup),
        "scale_mail_drain_seconds": _r(drained, "s", 60, False,
                                       f"{backlog} confirmation mails still queued when the sign "
                                       f"load stopped: time until the 2 workers (nice 10) had "
                                       f"sent them all (dummy mail backend)"),
        "scale_sign_lost": _r(max(0, accepted - rows), "signatures", 0, False,
                              f"{accepted} accepted answers, {rows} new rows, "
                              f"{sign['non2xx']} non-2xx/3xx, {sign['errors']} socket errors"),
    }  # fmt: skip
    for kind, result, budget in (("page", pages, 1.0), ("sign", sign, 2 / 1.5)):
        for layer, seconds in result["cpu"].items():
            results[f"scale_cpu_ms_per_{kind}_{layer}"] = _r(
                1000 * seconds / max(1, result["total"]),
                "ms CPU",
                round(budget, 2),
                False,
                f"{seconds:.1f} CPU s over {result['total']} requests; goal: the whole "
                f"2-core budget per request at the target rate",
            )
    return results


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 3), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


if __name__ == "__main__":
    print(run())
