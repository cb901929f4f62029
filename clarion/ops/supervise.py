"""Keep a few processes running, as systemd would: what `make run` (bin/serve)
starts the web server and the task worker under.

    python -m clarion.ops.supervise web="bin/web --access-log" worker="python manage.py run_worker"

A process that ends, whatever the reason (a crash, kill -9, out of memory), is
started again after a pause that doubles from 1 s to 30 s while it keeps
dying, and is back to 1 s once it has run for a minute. Each runs in its own
process group, so that what it started (granian's workers) goes with it.
SIGTERM or SIGINT (Ctrl-C) stops them all: SIGTERM to each group, then SIGKILL
to what is left after STOP_TIMEOUT seconds. Plain Python, no Django, so that
it never needs the database.

If SUPERVISE_STATUS names a file, "<name> <pid>" lines for the running
processes are written to it after each start (for tests and scripts).
"""

import os
import shlex
import signal
import subprocess
import sys
import time

FIRST_PAUSE, MAX_PAUSE, HEALTHY_AFTER = 1.0, 30.0, 60.0
STOP_TIMEOUT = 15.0


def say(text):
    print(f"[supervise] {text}", file=sys.stderr, flush=True)


class Child:
    def __init__(self, name, argv):
        self.name, self.argv = name, argv
        self.process = None
        self.pause = FIRST_PAUSE
        self.started = 0.0
        self.due = 0.0  # when to start it again
        self.restarts = 0

    def start(self):
        self.process = subprocess.Popen(self.argv, process_group=0)
        self.started = time.monotonic()

    def ended(self):
        """The exit status if it has ended (then its group is cleaned up), else None."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is not None:
            self.kill_group(signal.SIGKILL)  # granian's workers, say, if its master died
            self.process = None
        return code

    def kill_group(self, sig):
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def describe(code):
    return f"signal {-code}" if code < 0 else f"status {code}"


def write_status(children):
    path = os.environ.get("SUPERVISE_STATUS")
    if not path:
        return
    lines = [f"{c.name} {c.process.pid}\n" for c in children if c.process is not None]
    with open(f"{path}.new", "w") as status:
        status.writelines(lines)
    os.replace(f"{path}.new", path)


def supervise(children):
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.start()
    write_status(children)
    while not stopping:
        changed = False
        for child in children:
            code = child.ended()
            if code is not None:
                if time.monotonic() - child.started >= HEALTHY_AFTER:
                    child.pause = FIRST_PAUSE
                say(f"{child.name} ended ({describe(code)}); starting it again in "
                    f"{child.pause:.0f} s")  # fmt: skip
                child.due = time.monotonic() + child.pause
                child.pause = min(MAX_PAUSE, child.pause * 2)
            elif child.process is None and time.monotonic() >= child.due and not stopping:
                child.start()
                child.restarts += 1
                say(f"{child.name} started again (pid {child.process.pid})")
                changed = True
        if changed:
            write_status(children)
        time.sleep(0.2)
    say("stopping")
    running = [c for c in children if c.process is not None]
    for child in running:
        child.kill_group(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in running:
        try:
            child.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} did not stop in {STOP_TIMEOUT:.0f} s: killed")
        child.kill_group(signal.SIGKILL)
    return 0


def parse(arguments):
    children = []
    for argument in arguments:
        name, _, command = argument.partition("=")
        if not name or not command:
            raise SystemExit(f"expected name=command, got {argument!r}")
        children.append(Child(name, shlex.split(command)))
    return children


if __name__ == "__main__":
    sys.exit(supervise(parse(sys.argv[1:])))
