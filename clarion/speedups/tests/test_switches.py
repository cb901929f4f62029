"""Each speed-up can be switched off from the environment (README, "The
speed-ups"); the web process as clarion/wsgi.py builds it obeys."""

import json
import os
import subprocess
import sys

from django.test import SimpleTestCase, override_settings

from clarion.speedups.writelock import _lock_path
from clarion.tests.processes import ROOT

PROBE = """
import json
from django.utils.translation import trans_real
import clarion.wsgi as wsgi
layers, app = [], wsgi.application
while app is not None:
    layers.append(type(app).__name__)
    app = getattr(app, "application", None)
print(json.dumps({"layers": layers, "locals": type(trans_real._active).__name__}))
"""


def web_process(**env):
    """What clarion/wsgi.py builds in a fresh process with these settings."""
    environ = os.environ | {"PAGE_CACHE_WARM": "0"} | env
    out = subprocess.run([sys.executable, "-c", PROBE], env=environ, cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


class SwitchesTestCase(SimpleTestCase):
    def test_it_runs_every_speed_up_by_default(self):
        found = web_process()
        self.assertIn("SignFastPath", found["layers"])
        self.assertNotEqual(found["locals"], "_DefaultLocal")  # asgiref's lock-free storage

    def test_it_switches_the_sign_fast_path_and_the_locals_off(self):
        found = web_process(SIGN_FAST_PATH="0", LOCK_FREE_LOCALS="0")
        self.assertNotIn("SignFastPath", found["layers"])
        self.assertIn("StatsFastPath", found["layers"])  # the other layers stay
        self.assertEqual(found["locals"], "_DefaultLocal")

    @override_settings(SQLITE_WRITE_LOCK=False)
    def test_it_leaves_sqlite_writers_to_the_busy_handler_when_asked(self):
        self.assertIsNone(_lock_path())
