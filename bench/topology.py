"""The scale-out topology on one machine: nginx → web nodes (bin/web, granian) →
PostgreSQL + Redis, and task workers beside them.

Used by bin/scale-demo, the scale and fault benchmarks and the smoke test. It
starts plain processes, each in its own session so a kill -9 takes a whole node
(master and workers), and restarts a node that died, as systemd would. It does
not import Django: the processes it starts do.
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def nginx_binary():
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def render(template, values):
    text = (DEPLOY / template).read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    return text


class Process:
    """One supervised process: a web node, a worker or nginx."""

    def __init__(self, name, args, env, log_path):
        self.name, self.args, self.env, self.log_path = name, args, env, log_path
        self.popen = None
        self.wanted = False
        self.restarts = 0

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open by the child
        self.popen = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        self.wanted = True

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL):
        """Signal the whole process group (a web node's main process and its workers)."""
        if self.alive():
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass

    def stop(self, timeout=15):
        self.wanted = False
        if not self.alive():
            return
        self.kill(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.popen.wait(5)


class Topology:
    """nginx on `port`, one web node (bin/web) per entry of `web_ports`, `workers` task workers."""

    def __init__(self, run_dir, env, port=8080, web_ports=(8081, 8082), workers=2,
                 web_workers=None, web_threads=None, limit_exempt=("127.0.0.1",),
                 page_rate="50r/s", form_rate="5r/s", static_root=None, python=None,
                 worker_nice=10):  # fmt: skip
        self.run_dir = Path(run_dir)
        self.port, self.web_ports, self.worker_count = port, list(web_ports), workers
        self.web_workers, self.web_threads = web_workers, web_threads
        self.worker_nice = worker_nice
        self.limit_exempt, self.page_rate, self.form_rate = limit_exempt, page_rate, form_rate
        self.python = python or sys.executable
        self.env = dict(os.environ)
        self.env.update(
            HOST="127.0.0.1", PORT=str(port), SITE_URL=f"http://127.0.0.1:{port}",
            ALLOWED_HOSTS="127.0.0.1,localhost", TRUSTED_PROXIES="127.0.0.1",
            CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port},http://localhost:{port}",
            PYTHONUNBUFFERED="1",
        )  # fmt: skip
        self.env.update(env)
        self.static_root = Path(static_root or self.env.get("STATIC_ROOT", ROOT / "staticfiles"))
        self.env["STATIC_ROOT"] = str(self.static_root)
        self.web, self.workers, self.nginx = [], [], None
        self.events = []  # (time, text): restarts seen by the supervisor
        self._stop = threading.Event()
        self._supervisor = None

    # -- preparation ---------------------------------------------------------------

    def manage(self, *args):
        subprocess.run([self.python, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def prepare(self, content_pack="khojaly"):
        """Migrate, collect static files (hashed + gzip/brotli), load the content pack."""
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        if content_pack and not self.pack_loaded():
            self.manage("load_content_pack", content_pack, "--no-progress")

    def pack_loaded(self):
        code = "from clarion.content.models import HomePage; print(HomePage.objects.count())"
        out = subprocess.run([self.python, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT,
                             env=self.env, capture_output=True, text=True, check=True)  # fmt: skip
        return int(out.stdout.strip().splitlines()[-1]) >= 8

    def nginx_config(self):
        exempt = "\n".join(f"    {address} 0;" for address in self.limit_exempt)
        upstreams = "\n".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in self.web_ports
        )
        site = render("clarion.conf.template", {
            "UPSTREAMS": upstreams, "LIMIT_EXEMPT": exempt, "LISTEN": f"127.0.0.1:{self.port}",
            "SERVER_NAMES": "127.0.0.1 localhost", "ACCESS_LOG": "off",
            "PAGE_RATE": self.page_rate, "PAGE_BURST": 100, "FORM_RATE": self.form_rate,
            "FORM_BURST": 20, "STATIC_ROOT": self.static_root,
            "MEDIA_ROOT": self.env.get("MEDIA_ROOT", ROOT / "media"),
            "BROTLI": "brotli_static on;" if BROTLI_MODULE.exists() else "# no brotli module",
        })  # fmt: skip
        main = render("demo-main.conf.template", {
            "RUN_DIR": self.run_dir,
            "LOAD_MODULES": f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else "",
            # nginx started by root would hand its workers to `nobody`: keep them ours.
            "USER": "user root;" if os.geteuid() == 0 else "",
            "WORKER_PROCESSES": self.env.get("NGINX_WORKERS", "1"),
        })  # fmt: skip
        return main, site

    # -- processes -----------------------------------------------------------------

    def _web_process(self, index, port):
        env = self.env | {"PYTHON": self.python, "PORT": str(port)}
        if self.web_workers:
            env["WEB_WORKERS"] = str(self.web_workers)
        if self.web_threads:
            env["WEB_THREADS"] = str(self.web_threads)
        return Process(f"web{index + 1}", [str(ROOT / "bin" / "web")], env,
                       self.run_dir / f"web{index + 1}.log")  # fmt: skip

    def _worker_process(self, index):
        # Workers yield the CPU to the web nodes (as Nice= in the systemd unit):
        # under a burst, a mail may leave a few seconds later; an answer may not.
        args = ["nice", "-n", str(self.worker_nice), self.python, "manage.py", "run_worker",
                "--queue-name", "*", "--interval", "0.2", "--no-reload"]  # fmt: skip
        return Process(
            f"worker{index + 1}", args, self.env, self.run_dir / f"worker{index + 1}.log"
        )

    def start(self, supervise=True, timeout=90):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / folder).mkdir(exist_ok=True)
        main, site = self.nginx_config()
        (self.run_dir / "nginx.conf").write_text(main)
        (self.run_dir / "clarion.conf").write_text(site)
        self.web = [self._web_process(i, port) for i, port in enumerate(self.web_ports)]
        self.workers = [self._worker_process(i) for i in range(self.worker_count)]
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed: bin/install-system-deps nginx")
        self.nginx = Process("nginx", [binary, "-p", str(self.run_dir), "-e", "stderr",
                                       "-c", str(self.run_dir / "nginx.conf"),
                                       "-g", "daemon off;"],
                             self.env, self.run_dir / "nginx.log")  # fmt: skip
        for process in [*self.web, *self.workers, self.nginx]:
            process.start()
        for port in self.web_ports:
            wait_for(f"http://127.0.0.1:{port}/healthz", timeout, self.processes())
        wait_for(f"http://127.0.0.1:{self.port}/healthz", timeout, self.processes())
        if supervise:
            self._supervisor = threading.Thread(target=self._supervise, daemon=True)
            self._supervisor.start()
        return self

    def processes(self):
        return [p for p in [*self.web, *self.workers, self.nginx] if p is not None]

    def _supervise(self, delay=1.0):
        """Restart what died (as systemd's Restart=always would)."""
        while not self._stop.wait(0.2):
            for process in self.processes():
                if process.wanted and not process.alive():
                    self._stop.wait(delay)
                    if self._stop.is_set():
                        return
                    process.restarts += 1
                    self.events.append((time.time(), f"restarted {process.name}"))
                    process.start()

    def stop(self):
        self._stop.set()
        if self._supervisor:
            self._supervisor.join(5)
        if self.nginx:
            self.nginx.stop()
        for process in [*self.web, *self.workers]:
            process.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_for(url, timeout=60, processes=()):
    """Wait until `url` answers 200; fail at once if one of `processes` died."""
    deadline = time.time() + timeout
    while True:
        for process in processes:
            if not process.alive():
                tail = process.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{process.name} stopped while starting:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.time() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.3)


def cpu_seconds(pid):
    """CPU time (user + system) of a process and its reaped children, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid):
    """CPU time of every live process in a process group (a node and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == pgid:
                total += cpu_seconds(int(entry.name))
        except OSError:
            continue
    return total
