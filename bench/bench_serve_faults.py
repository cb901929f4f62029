"""Faults on the site as `make run` starts it on PostgreSQL (bin/serve: the
supervisor, granian, the task worker mailing to a local SMTP sink), under a
steady sign load of people who send the form again on a "try again" page:

- PostgreSQL restart: with BENCH_RESTART_POSTGRES=1 (and pg_ctlcluster), the
  real cluster is restarted; otherwise (PostgreSQL is shared on this machine)
  a restart is simulated on the site's own database: no new connections for
  BENCH_OUTAGE_SECONDS (ALTER DATABASE … ALLOW_CONNECTIONS false) and every
  open one cut (pg_terminate_backend). Figures: accepted answers, rows, mails,
  mails twice, and the time from the database being back to the last failed
  answer or the first healthy /healthz, whichever is later.
- kill -9 of the worker while it sends a burst of confirmations: the time from
  the kill to the last queued mail out.

    .venv/bin/python bench/run.py bench_serve_faults
"""

import collections
import http.client
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

import psycopg
from server import crowd_limits, shipped

NAME = "clarion_serve_faults"
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
URL = f"postgresql://postgres@127.0.0.1:5432/{NAME}"
PORT = int(os.environ.get("BENCH_FAULTS_PORT", "18380"))
OUTAGE = float(os.environ.get("BENCH_OUTAGE_SECONDS", "5"))
REAL_RESTART = os.environ.get("BENCH_RESTART_POSTGRES") == "1" and shutil.which("pg_ctlcluster")


def sql(query, *args, url=URL, tries=120):
    """One short connection per query, so that it survives the fault."""
    for _ in range(tries):
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=3) as db:
                cursor = db.execute(query, args)
                return cursor.fetchall() if cursor.description else None
        except psycopg.OperationalError:
            time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not answer")


class Load:
    """`threads` people signing, `rate` a second in all; on a failure each
    sends the same form again a second later, as the page invites them to."""

    def __init__(self, prefix, rate=40, threads=8):
        self.prefix, self.rate, self.threads = prefix, rate, threads
        self.accepted, self.statuses, self.failures = set(), collections.Counter(), []
        self.stop_event, self.threads_running = threading.Event(), []

    def start(self):
        for number in range(self.threads):
            thread = threading.Thread(target=self.person, args=(number,), daemon=True)
            thread.start()
            self.threads_running.append(thread)
        return self

    def stop(self):
        self.stop_event.set()
        for thread in self.threads_running:
            thread.join(90)

    def person(self, number):
        connection, count = None, 0
        while not self.stop_event.is_set():
            count += 1
            address = f"{self.prefix}-{number}-{count}@example.org"
            body = f"kind=person&name=Fault+Test&email={address}&country=FR&consent=on".encode()
            began = time.time()
            for _ in range(90):
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                    connection.request("POST", "/en/join/", body, {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"http://127.0.0.1:{PORT}"})  # fmt: skip
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status, connection = "socket", None
                self.statuses[status] += 1
                if status == 303:
                    self.accepted.add(address)
                    break
                self.failures.append(time.time())
                if status == 400:
                    break
                time.sleep(1)
            self.stop_event.wait(max(0.0, self.threads / self.rate - (time.time() - began)))


def healthz():
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except OSError:
        return None, {}


def mails_left(prefix):
    return sql("SELECT count(*) FROM outbox_mail WHERE status IN ('queued', 'sending') "
               "AND \"to\" LIKE %s", f"{prefix}-%")[0][0]  # fmt: skip


def drain(prefix, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline and mails_left(prefix):
        time.sleep(0.25)
    return time.time()


def outcome(prefix, load):
    stored = {r[0] for r in sql("SELECT email FROM supporters_signature WHERE email LIKE %s",
                                f"{prefix}-%")}  # fmt: skip
    mails = dict(sql("SELECT status, count(*) FROM outbox_mail WHERE \"to\" LIKE %s "
                     "GROUP BY status", f"{prefix}-%"))  # fmt: skip
    retried = sql("SELECT count(*) FROM outbox_mail WHERE \"to\" LIKE %s AND attempts > 1",
                f"{prefix}-%")[0][0]  # fmt: skip
    five = sum(n for s, n in load.statuses.items() if isinstance(s, int) and s >= 500)
    return {
        "accepted": len(load.accepted), "rows": len(stored),
        "lost": len(load.accepted - stored), "sent": mails.get("sent", 0),
        "unsent": len(stored) - mails.get("sent", 0), "retried": retried, "5xx": five,
        "503": load.statuses[503], "sockets": load.statuses["socket"],
    }  # fmt: skip


def worker_pids():
    return [r[0] for r in sql("SELECT pid FROM ops_worker WHERE stopped_at IS NULL")]


def postgres_outage(run):
    prefix = f"pg-{run}"
    load = Load(prefix).start()
    time.sleep(5)
    workers_before = worker_pids()
    fault_at = time.time()
    if REAL_RESTART:
        cluster = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True,
                                 check=True).stdout.split()[:2]  # fmt: skip
        subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True)
    else:
        sql(f'ALTER DATABASE "{NAME}" ALLOW_CONNECTIONS false', url=ADMIN)
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            NAME, url=ADMIN)  # fmt: skip
        time.sleep(OUTAGE)
        sql(f'ALTER DATABASE "{NAME}" ALLOW_CONNECTIONS true', url=ADMIN)
    back_at = time.time()
    healthy_at = None
    while time.time() < back_at + 60:
        status, report = healthz()
        if status == 200:
            healthy_at = time.time()
            break
        time.sleep(0.2)
    time.sleep(max(0, 20 - (time.time() - back_at)))
    load.stop()
    drained = drain(prefix)
    figures = outcome(prefix, load)
    late = [t for t in load.failures if t >= back_at]
    last_failure = max(late) if late else back_at
    recovery = max(last_failure, healthy_at or back_at + 60) - back_at
    figures.update(
        outage=round(back_at - fault_at, 1), recovery=round(recovery, 1),
        healthy_after=round((healthy_at or back_at + 60) - back_at, 1),
        drained_after=round(drained - back_at, 1),
        worker_restarted=sorted(worker_pids()) != sorted(workers_before),
    )  # fmt: skip
    return figures


def worker_kill(run):
    prefix = f"kill-{run}"
    # A burst, so that mail is queued and being sent when the kill lands.
    load = Load(prefix, rate=150, threads=16).start()
    time.sleep(8)
    load.stop()
    deadline = time.time() + 30
    while time.time() < deadline:
        sending = sql("SELECT count(*) FROM outbox_mail WHERE status = 'sending' "
                      "AND \"to\" LIKE %s", f"{prefix}-%")[0][0]  # fmt: skip
        if sending:
            break
        time.sleep(0.005)
    left = mails_left(prefix)
    pids = worker_pids()
    killed_at = time.time()
    for pid in pids:
        os.kill(pid, 9)
    drained = drain(prefix)
    figures = outcome(prefix, load)
    figures.update(
        queued_at_kill=left, killed_mid_send=bool(sending),
        recovery=round(drained - killed_at, 1),
    )  # fmt: skip
    return figures


def twice(sink):
    """Mails the SMTP sink received more than once (by Message-ID), so far."""
    time.sleep(1.5)  # it writes its count once a second
    messages, distinct = sink.received()
    return messages - distinct


def _r(value, unit, goal, notes, higher=False):
    return {"value": value, "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def run():
    sql(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)', url=ADMIN)
    sql(f'CREATE DATABASE "{NAME}"', url=ADMIN)
    run_id = uuid.uuid4().hex[:6]
    try:
        database = URL.replace("postgresql://", "postgres://")
        with crowd_limits(), shipped(database, PORT) as (_env, sink):
            pg = postgres_outage(run_id)
            pg["twice"] = twice(sink)
            kill = worker_kill(run_id)
            kill["twice"] = twice(sink) - pg["twice"]
    finally:
        sql(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)', url=ADMIN)
    how = ("pg_ctlcluster restart" if REAL_RESTART else
           f"simulated restart: connections refused {pg['outage']} s and all cut")  # fmt: skip
    pg_note = (f"make run on PostgreSQL, {how}, sign load 40/s: {pg['accepted']} accepted, "
               f"{pg['rows']} rows, {pg['sent']} mails sent, {pg['unsent']} unsent, "
               f"{pg['twice']} received twice, {pg['503']} 'try again' 503, {pg['5xx']} 5xx, "
               f"{pg['sockets']} socket errors; healthy {pg['healthy_after']} s after, "
               f"mail drained {pg['drained_after']} s after")  # fmt: skip
    kill_note = (f"make run on PostgreSQL: kill -9 of the worker "
                 f"{'while sending' if kill['killed_mid_send'] else 'between mails'} with "
                 f"{kill['queued_at_kill']} mails waiting; supervisor restarts it, it takes back "
                 f"the dead one's mails at once: {kill['sent']} sent, {kill['unsent']} unsent, "
                 f"{kill['twice']} received twice, {kill['lost']} signatures lost")  # fmt: skip
    print(json.dumps({"postgres_restart": pg, "worker_kill": kill}, indent=1))
    return {
        "serve_postgres_restart_recovery": _r(pg["recovery"], "s", 15, pg_note),
        "serve_postgres_restart_lost": _r(
            pg["lost"] + pg["unsent"], "signatures or mails", 0, pg_note
        ),  # fmt: skip
        "serve_worker_kill_mail_drained": _r(kill["recovery"], "s", 60, kill_note),
        "serve_worker_kill_lost": _r(
            kill["lost"] + kill["unsent"], "signatures or mails", 0, kill_note
        ),  # fmt: skip
    }


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
    print(run())
