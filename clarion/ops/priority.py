"""A backup lets a busy site go first. Plain Python, no Django: manage.py
calls it before Django starts (a second or more of CPU on a small server)."""

import contextlib
import os
from pathlib import Path

# Commands that run beside the site and should take only what it leaves.
YIELDING_COMMANDS = ("backup",)


def yield_to_the_site():
    """Run at the lowest CPU priority, so that a backup beside a busy site slows
    the backup rather than the site. Nice alone does not do it where the kernel
    shares CPU time between sessions first (autogroup, on by default in
    Debian's kernels): nice then only ranks the processes of one session, and a
    backup started in its own session (by systemd, or by cron) would get as much
    CPU as the whole site. A session leader therefore also lowers its session's
    share. Measured with bench/bench_backup.py: see "Backups" in the README."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed here
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    if os.getsid(0) == os.getpid():
        with contextlib.suppress(OSError):  # no autogroup in this kernel
            Path("/proc/self/autogroup").write_text("19")


def yield_if_asked(argv):
    """Yield from the first instruction for the commands above: starting Django
    costs as much CPU as a few seconds of the backup's own work."""
    if argv[1:2] and argv[1] in YIELDING_COMMANDS:
        yield_to_the_site()
