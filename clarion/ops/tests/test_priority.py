"""A backup started beside the site yields from its first instruction."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]

# manage.py as cron or systemd start it (a session of its own), then how the
# process is scheduled once the command is done.
PROBE = (
    "import os, runpy, sys\n"
    "sys.argv = ['manage.py', *sys.argv[1:]]\n"
    "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "print(os.sched_getscheduler(0) == os.SCHED_IDLE, open('/proc/self/autogroup').read(),"
    " file=sys.stderr)\n"
)


def scheduling(*args):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, start_new_session=True, check=True,
        env={**os.environ, "ENVIRONMENT": "test"}, capture_output=True, text=True,
    )  # fmt: skip
    idle, autogroup = done.stderr.strip().splitlines()[-1].split(" ", 1)
    return idle == "True", autogroup.rsplit("nice", 1)[-1].strip()


class PriorityTestCase(SimpleTestCase):
    def test_it_runs_a_backup_at_idle_priority_in_a_session_of_low_share(self):
        self.assertEqual(scheduling("backup", "--help"), (True, "19"))

    def test_it_leaves_other_commands_at_their_priority(self):
        idle, nice = scheduling("check", "--help")
        self.assertFalse(idle)
        self.assertNotEqual(nice, "19")
