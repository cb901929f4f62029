"""Start a throwaway Clarion for a benchmark: as `make run` starts it
(`shipped`: bin/setup's steps, then bin/serve with granian's access log and
the task worker mailing to a local SMTP sink), or bin/web alone (`running`)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def env_for(database_url, port):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        DEBUG="0",
        ENVIRONMENT="development",
        LOG_LEVEL="ERROR",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


def prepare(env):
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_content_pack", "khojaly", "--no-progress"],
    ):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip


def fresh_database(kind):
    """A new, empty database: a SQLite file in a temp folder, or a PostgreSQL database."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="clarion-bench-")
        return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, True)
    name = "clarion_bench"
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    drop = lambda: subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=False)  # noqa: E731
    return f"postgres://postgres@127.0.0.1:5432/{name}", drop


@contextmanager
def running(database_url, port):
    """bin/web as `make run` starts it (WEB_WORKERS and WEB_THREADS from the environment)."""
    env = env_for(database_url, port)
    prepare(env)
    process = subprocess.Popen([ROOT / "bin" / "web"], cwd=ROOT,
                               env=env | {"PYTHON": PYTHON, "WEB_LOG_LEVEL": "error"})  # fmt: skip
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield env
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(port, timeout=180):
    """Until the site answers (a 503 from /healthz, a worker not yet beating or a
    queue still draining after a slow set-up, is an answer)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answers on port {port}")


class Sink:
    """bench/smtp_sink.py in its own process: how many mails it received."""

    def __init__(self, port):
        self.port = port
        self.stats = Path(tempfile.mkdtemp(prefix="clarion-sink-")) / "stats"
        self.process = subprocess.Popen(
            [PYTHON, str(Path(__file__).with_name("smtp_sink.py")), str(port), str(self.stats)]
        )

    def received(self):
        """(messages, distinct Message-IDs), as of the last second."""
        try:
            messages, distinct, _when = self.stats.read_text().split()
        except (FileNotFoundError, ValueError):
            return 0, 0
        return int(messages), int(distinct)

    def wait_for(self, count, timeout):
        """Seconds until `count` mails have arrived (None if not within timeout)."""
        start = time.time()
        while time.time() - start < timeout:
            if self.received()[0] >= count:
                return time.time() - start
            time.sleep(0.5)
        return None

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.stats.parent, True)


@contextmanager
def shipped(database_url, port):
    """The site as `make run` starts it: bin/serve (bin/web with its access log
    and the worker at nice 10), every mail to a local SMTP sink. Yields
    (env, sink)."""
    sink = Sink(port + 1000)
    env = env_for(database_url, port)
    env.pop("LOG_LEVEL")  # make run's default
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
    env["PATH"] = f"{Path(PYTHON).parent}{os.pathsep}{env['PATH']}"
    try:
        prepare(env)
    except BaseException:
        sink.stop()  # or its port stays taken for the next run
        raise
    log = tempfile.NamedTemporaryFile(prefix="clarion-access-", suffix=".log", delete=False)
    process = subprocess.Popen([ROOT / "bin" / "serve"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        wait_until_up(port)
        yield env, sink
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        sink.stop()
        log.close()
        os.unlink(log.name)


@contextmanager
def crowd_limits():
    """Real visitors come from many addresses and mail domains, and a crowd is
    not a flood: a load generator posts from one address, one domain, faster
    than the site-wide safety valve lets through (RATE_LIMIT_GLOBAL_PER_MINUTE).
    With the shipped limits all but the first few hundred signatures would be
    held in quarantine, unmailed; within this the site started measures the
    path that signs and mails."""
    limits = ("RATE_LIMIT_IP_PER_HOUR", "RATE_LIMIT_DOMAIN_PER_HOUR",
              "RATE_LIMIT_GLOBAL_PER_MINUTE")  # fmt: skip
    os.environ.update(dict.fromkeys(limits, "1000000000"))
    try:
        yield
    finally:
        for name in limits:
            os.environ.pop(name)


def wrk(url, seconds=15, connections=32, script=None):
    """Run wrk; returns requests/s, p50 and p99 latency (ms), total, non-2xx/3xx, errors."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        args[1:1] = ["-s", str(script)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def _ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def parse_wrk(out):
    result = {"non2xx": 0, "errors": 0}
    for line in out.splitlines():
        words = line.split()
        if line.strip().startswith("50%"):
            result["p50"] = _ms(words[1])
        elif line.strip().startswith("99%"):
            result["p99"] = _ms(words[1])
        elif "requests in" in line:
            result["total"] = int(words[0])
        elif line.startswith("Requests/sec"):
            result["rps"] = float(words[1])
        elif "Non-2xx or 3xx" in line:
            result["non2xx"] = int(words[-1])
        elif line.strip().startswith("Socket errors"):
            result["errors"] = sum(int(p.split()[-1]) for p in line.split(":", 1)[1].split(","))
    return result
