"""Faults under a running sign load through nginx, on PostgreSQL + Redis:
kill -9 a web node, kill -9 a worker while it sends, SMTP refusing mail for a
while, slow clients, and last a PostgreSQL restart. For each: accepted answers,
rows stored, mails sent, mails sent twice, 5xx answers and recovery time.

    bench/faults.sh                       # all faults, a table at the end
    FAULTS_SKIP_POSTGRES=1 bench/faults.sh  # not the restart (PostgreSQL is shared)

The load is a person per thread: each signs with a new address and, on a
"try again" page or a failed connection, sends the same form again a second
later, as the page invites them to. Mails go to an SMTP sink started here.
"""

import asyncio
import collections
import email.parser
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.topology import Topology, wait_for  # noqa: E402

DATABASE = "clarion_faults"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PORT = 18280


class Sink:
    """An SMTP server that can be slow or refuse mail; it notes every Message-ID."""

    def __init__(self):
        self.received = []  # (time, recipient, message id)
        self.refuse = False
        self.delay = 0.0
        self.sending = set()  # client ports of the transactions under way

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse:
            return "451 4.3.2 Not accepting mail just now"
        if self.delay:  # a slow server, before it has the message
            self.sending.add(session.peer[1])
            try:
                await asyncio.sleep(self.delay)
            finally:
                self.sending.discard(session.peer[1])
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.content)
        self.received.append((time.time(), envelope.rcpt_tos[0], headers["Message-ID"]))
        return "250 OK"


def sql(query, *args):
    """One short connection per query: it survives a PostgreSQL restart."""
    for _ in range(60):
        try:
            with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://"),
                                 autocommit=True, connect_timeout=3) as connection:  # fmt: skip
                return connection.execute(query, args).fetchall()
        except psycopg.OperationalError:
            time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not come back")


def ensure_database():
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (DATABASE,)).fetchone():  # fmt: skip
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


class Load:
    """`threads` people signing, `rate` signatures a second in all."""

    def __init__(self, prefix, rate=40, threads=8):
        self.prefix, self.rate, self.threads = prefix, rate, threads
        self.accepted = set()
        self.statuses = collections.Counter()
        self.failures = []  # times of answers other than 303, and of failed connections
        self.latencies = []
        self._stop = threading.Event()
        self._workers = []

    def start(self):
        self.started = time.time()
        for number in range(self.threads):
            thread = threading.Thread(target=self._person, args=(number,), daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def stop(self):
        self._stop.set()
        for thread in self._workers:
            thread.join(60)

    def _person(self, number):
        connection = None
        interval = self.threads / self.rate
        count = 0
        while not self._stop.is_set():
            count += 1
            address = f"{self.prefix}-{number}-{count}@example.org"
            body = (f"kind=person&name=Fault+Test&email={address}&country=FR&consent=on").encode()
            for _ in range(60):  # the same form again, as the "try again" page offers
                began = time.time()
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
                    status = "socket"
                    connection = None
                self.statuses[status] += 1
                if status == 303:
                    self.latencies.append(time.time() - began)
                    self.accepted.add(address)
                    break
                self.failures.append(time.time())
                if status == 400:
                    break  # a refused form would be shown with its errors: not retried
                time.sleep(1)
            self._stop.wait(max(0.0, interval - (time.time() - began)))


def socket_owner(port):
    """The pid of the process whose TCP socket has this local port."""
    out = subprocess.run(["ss", "-Htnp", f"( sport = :{port} )"], capture_output=True,
                         text=True).stdout  # fmt: skip
    match = re.search(r"pid=(\d+)", out)
    return int(match.group(1)) if match else None


def slow_clients(count=200, seconds=10):
    """Slowloris (headers a byte at a time) and slow POST bodies against nginx."""
    sockets = []
    for number in range(count):
        try:
            sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        except OSError:
            continue
        if number % 2:
            sock.send(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        else:
            sock.send(b"POST /en/join/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n\r\nkind=")  # fmt: skip
        sockets.append(sock)
    end = time.time() + seconds
    while time.time() < end:
        for sock in sockets:
            try:
                sock.send(b"a")
            except OSError:
                pass
        time.sleep(1)
    for sock in sockets:
        sock.close()


class Faults:
    def __init__(self):
        self.sink = Sink()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=PORT + 50)
        self.run_id = uuid.uuid4().hex[:6]
        self.results = {}
        self.rows = []

    def phase(self, name, fault, seconds=14, fault_at=4, mail_recovery=False, rate=40):
        prefix = f"fault-{self.run_id}-{name}"
        load = Load(prefix, rate=rate).start()
        time.sleep(fault_at)
        fault_time = time.time()
        recovered_at = fault(load) or fault_time
        time.sleep(max(0, seconds - (time.time() - load.started)))
        load.stop()
        drained = self.drain(prefix)
        stored = {row[0] for row in sql("SELECT email FROM supporters_signature "
                                         "WHERE email LIKE %s", f"{prefix}-%")}  # fmt: skip
        retried = sql("SELECT count(*) FROM outbox_mail WHERE attempts > 1 AND \"to\" LIKE %s",
                      f"{prefix}-%")[0][0]  # fmt: skip
        ids = collections.Counter(mid for _, to, mid in self.sink.received if to.startswith(prefix))
        twice = sum(n - 1 for n in ids.values() if n > 1)
        five = sum(n for status, n in load.statuses.items() if isinstance(status, int)
                   and status >= 500)  # fmt: skip
        errors = sum(n for status, n in load.statuses.items() if status in (500, 502, 504))
        if mail_recovery:
            recovery = drained - recovered_at
        else:
            late = [t for t in load.failures if t >= fault_time]
            recovery = (max(late) - fault_time) if late else 0.0
        lost = len(load.accepted - stored)
        figures = dict(accepted=len(load.accepted), rows=len(stored), lost=lost,
                       mails=len(ids), twice=twice, unmailed=len(stored) - len(ids),
                       five=five, try_again=load.statuses[503], errors=errors,
                       sockets=load.statuses["socket"], retried=retried,
                       recovery=round(recovery, 2))  # fmt: skip
        self.rows.append((name, figures))
        note = (f"{figures['accepted']} accepted, {figures['rows']} rows, {figures['mails']} "
                f"mails, {twice} twice, {figures['unmailed']} without mail, {five} 5xx "
                f"({load.statuses[503]} 'try again' 503, {errors} 500/502/504), "
                f"{figures['sockets']} socket errors, {retried} mails retried")  # fmt: skip
        self.results[f"fault_{name}_lost"] = _r(lost + figures["unmailed"], "signatures or mails",
                                                0, False, note)  # fmt: skip
        self.results[f"fault_{name}_mailed_twice"] = _r(twice, "mails", 0, False, note)
        self.results[f"fault_{name}_errors"] = _r(errors, "500/502/504 answers", 0, False, note)
        return figures

    def drain(self, prefix, timeout=240):
        """Wait until every mail of this phase has left; returns when that happened."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            left = sql("SELECT count(*) FROM outbox_mail WHERE status IN ('queued', 'sending') "
                       "AND \"to\" LIKE %s", f"{prefix}-%")[0][0]  # fmt: skip
            if left == 0:
                break
            time.sleep(0.5)
        times = [t for t, to, _ in self.sink.received if to.startswith(prefix)]
        return max(times) if times else time.time()

    # -- the faults ------------------------------------------------------------------

    def kill_web_node(self, load):
        self.topology.web[0].kill()
        back = time.time()
        wait_for(f"http://127.0.0.1:{self.topology.web_ports[0]}/healthz", 90)
        self.web_node_back = time.time() - back

    def kill_worker(self, load):
        """kill -9 the worker whose mail the SMTP server is receiving right now."""
        deadline = time.time() + 20
        while time.time() < deadline:
            for port in list(self.sink.sending):
                owner = socket_owner(port)
                for worker in self.topology.workers:
                    if worker.pid == owner:
                        worker.kill()
                        self.killed_mid_send = True
                        return
            time.sleep(0.01)
        self.topology.workers[0].kill()
        self.killed_mid_send = False

    def refuse_mail(self, load):
        self.sink.refuse = True
        time.sleep(8)
        self.sink.refuse = False
        return time.time()

    def slow_clients(self, load):
        slow_clients(count=300, seconds=8)

    def restart_postgres(self, load):
        version = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True,
                                 check=True).stdout.split()[:2]  # fmt: skip
        subprocess.run(["pg_ctlcluster", *version, "restart"], check=True)

    def plan(self):
        """The faults in order (the PostgreSQL restart last); FAULTS_ONLY picks some."""
        plan = [
            ("web_node_kill", self.kill_web_node, {}),
            # A slow SMTP server, so that the kill lands while a mail is being sent.
            ("worker_kill", self.kill_worker, {"mail_recovery": True, "rate": 10}),
            ("smtp_refusal", self.refuse_mail, {"fault_at": 2, "mail_recovery": True}),
            ("slow_clients", self.slow_clients, {"fault_at": 1}),
            ("postgres_restart", self.restart_postgres, {"seconds": 16}),
        ]
        if os.environ.get("FAULTS_SKIP_POSTGRES") == "1":
            plan = plan[:-1]
        only = [name for name in os.environ.get("FAULTS_ONLY", "").split(",") if name]
        return [step for step in plan if not only or step[0] in only]

    def run(self):
        ensure_database()
        run_dir = Path(tempfile.mkdtemp(prefix="clarion-faults-"))
        env = {"DATABASE_URL": DATABASE_URL, "CACHE_URL": "redis://127.0.0.1:6379/12",
               "EMAIL_URL": f"smtp://127.0.0.1:{PORT + 50}?timeout=5", "DEBUG": "0",
               "ENVIRONMENT": "development", "LOG_LEVEL": "ERROR",
               "MAIL_STALLED_SECONDS": "20"}  # fmt: skip
        self.topology = Topology(run_dir, env, port=PORT, web_ports=[PORT + 1, PORT + 2])
        self.topology.prepare()
        self.controller.start()
        try:
            with self.topology.start():
                for name, fault, options in self.plan():
                    self.sink.delay = 0.3 if name == "worker_kill" else 0.0
                    self.phase(name, fault, **options)
        finally:
            self.controller.stop()
        self.recovery_results()
        self.print_table()
        return self.results

    def recovery_results(self):
        goals = {"web_node_kill": 2, "worker_kill": 120, "smtp_refusal": 90, "slow_clients": 1,
                 "postgres_restart": 10}  # fmt: skip
        notes = {
            "web_node_kill": "last failed answer after kill -9 of a whole node "
            f"(node back after {getattr(self, 'web_node_back', 0):.1f} s)",
            "worker_kill": "kill -9 to the last mail out (stalled mails are re-sent after "
            "MAIL_STALLED_SECONDS=20, checked every 60 s); the kill landed "
            + (
                "while the worker was sending"
                if getattr(self, "killed_mid_send", False)
                else "between two mails"
            ),
            "smtp_refusal": "SMTP back to the last waiting mail out (back-off 30 s, 1 min, …)",
            "slow_clients": "300 slowloris/slow-body connections held against nginx",
            "postgres_restart": "pg_ctlcluster restart to the last 'try again' answer",
        }
        for name, figures in self.rows:
            self.results[f"fault_{name}_recovery"] = _r(figures["recovery"], "s", goals[name],
                                                        False, notes[name])  # fmt: skip

    def print_table(self):
        columns = ["accepted", "rows", "mails", "twice", "five", "try_again", "retried", "recovery"]
        titles = ["accepted", "rows", "mails", "twice", "5xx", "of them 503", "mail retried",
                  "recovery s"]  # fmt: skip
        print("\n" + f"{'fault':18}" + "".join(f"{title:>13}" for title in titles))
        for name, figures in self.rows:
            print(f"{name:18}" + "".join(f"{figures[column]:>13}" for column in columns))


def _r(value, unit, goal, higher, notes):
    return {"value": round(value, 2), "unit": unit, "goal": goal, "higher_is_better": higher,
            "notes": notes}  # fmt: skip


def run():
    return Faults().run()


if __name__ == "__main__":
    run()
