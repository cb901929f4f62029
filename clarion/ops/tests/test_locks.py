"""The dependency locks: made by `make locks` (uv) from pyproject.toml, exact
pins with hashes; the site's in requirements.lock, the tools' in
requirements-dev.lock."""

import re
import tomllib
from pathlib import Path
from unittest import TestCase

ROOT = Path(__file__).resolve().parents[3]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+?)(?:\s*\\)?$", re.M)


def normal(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path):
    text = (ROOT / path).read_text()
    pins = {normal(name): version for name, version in PIN.findall(text)}
    entries = [block for block in re.split(r"\n(?=[A-Za-z])", text) if "==" in block]
    return pins, entries


class LocksTestCase(TestCase):
    def test_every_dependency_is_locked_at_its_pin_with_hashes(self):
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        site, site_entries = locked("requirements.lock")
        dev, dev_entries = locked("requirements-dev.lock")
        for entry in site_entries + dev_entries:
            self.assertIn("--hash=sha256:", entry, f"no hash (run `make locks`): {entry[:60]}")
        for requirement in project["dependencies"]:
            name, version = re.match(r"([^=\[]+)(?:\[[^\]]*\])?==(.+)", requirement).groups()
            self.assertEqual(site.get(normal(name)), version,
                             f"{name} in requirements.lock: run `make locks`")  # fmt: skip
            self.assertEqual(dev.get(normal(name)), version)
        for requirement in project["optional-dependencies"]["dev"]:
            name, version = requirement.split("==")
            self.assertEqual(dev.get(normal(name)), version,
                             f"{name} in requirements-dev.lock: run `make locks`")  # fmt: skip
            self.assertNotIn(normal(name), site, f"{name} is a tool, not for the site")
        self.assertIn("pillow", site)  # the code imports it: declared, not only pulled in
