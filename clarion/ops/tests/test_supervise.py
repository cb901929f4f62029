"""The supervisor bin/serve runs the web server and the worker under, with
real processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
SLEEPER = f"{sys.executable} -c 'import time; time.sleep(600)'"


def read_status(path, timeout=20, differs_from=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pids = {n: int(p) for n, p in (line.split() for line in path.read_text().splitlines())}
        except (FileNotFoundError, ValueError):
            pids = {}
        if len(pids) == 2 and pids != differs_from:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"status not as expected: {pids}")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


class SuperviseTestCase(SimpleTestCase):
    def setUp(self):
        import tempfile

        self.status = Path(tempfile.mkdtemp()) / "status"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "clarion.ops.supervise", f"web={SLEEPER}",
             f"worker={SLEEPER}"],
            cwd=ROOT, env=os.environ | {"SUPERVISE_STATUS": str(self.status)},
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.addCleanup(self.stop)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def test_it_starts_a_killed_process_again_and_leaves_the_other_alone(self):
        first = read_status(self.status)
        os.kill(first["worker"], signal.SIGKILL)
        second = read_status(self.status, differs_from=first)
        self.assertNotEqual(second["worker"], first["worker"])
        self.assertEqual(second["web"], first["web"])
        self.assertTrue(alive(second["worker"]))
        os.kill(second["web"], signal.SIGKILL)  # the web server too
        third = read_status(self.status, differs_from=second)
        self.assertNotEqual(third["web"], second["web"])
        self.process.terminate()
        self.assertEqual(self.process.wait(30), 0)
        log = self.process.stderr.read()
        self.assertIn("worker ended (signal 9); starting it again in 1 s", log)
        self.assertIn("web ended (signal 9)", log)
        self.assertFalse(alive(third["worker"]) or alive(third["web"]))

    def test_it_stops_everything_on_sigint(self):
        pids = read_status(self.status)
        self.process.send_signal(signal.SIGINT)
        self.assertEqual(self.process.wait(30), 0)
        self.assertFalse(any(alive(pid) for pid in pids.values()))
