"""The direction of imports (README, Layout): lib, speedups ← feature apps ← the outer
apps that present everything (api, reach, mirror). A test keeps it true."""

import ast
from pathlib import Path

from django.test import SimpleTestCase

PACKAGE = Path(__file__).resolve().parent.parent
OUTER = {"api", "reach", "mirror"}
TOP = {"settings", "urls", "wsgi", "tests"}  # the wiring may import anything


def imports():
    """(app, imported app, file) for every clarion import outside tests and migrations."""
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        app = parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("clarion.") and name.split(".")[1] != app:
                    yield app, name.split(".")[1], str(path.relative_to(PACKAGE))


class LayoutTestCase(SimpleTestCase):
    def test_it_finds_the_imports_it_checks(self):
        found = {(app, other) for app, other, _path in imports()}
        self.assertIn(("supporters", "lib"), found)  # the scan sees imports at all
        self.assertIn(("api", "content"), found)

    def test_it_keeps_lib_free_of_apps(self):
        wrong = [(path, other) for app, other, path in imports() if app == "lib"]
        self.assertEqual(wrong, [], "clarion/lib must not import an app")

    def test_it_keeps_the_speed_ups_free_of_apps(self):
        # An app hands them its functions (the sign path's judge and store,
        # the view that accepts a sign POST); they never reach into it.
        wrong = [(path, other) for app, other, path in imports()
                 if app == "speedups" and other not in {"lib", "speedups"}]  # fmt: skip
        self.assertEqual(wrong, [], "clarion/speedups imports an app")

    def test_it_keeps_feature_apps_from_importing_the_outer_apps(self):
        wrong = [
            (path, other)
            for app, other, path in imports()
            if other in OUTER and app not in OUTER | TOP
        ]
        self.assertEqual(wrong, [], "a feature app imports api, reach or mirror")

    def test_it_keeps_content_below_the_features(self):
        # Pages show what the features do through routes and registries
        # (clarion.content.numbers, live, upcoming), never by importing them.
        wrong = [
            (path, other) for app, other, path in imports() if app == "content" and other != "lib"
        ]
        self.assertEqual(wrong, [], "clarion/content imports a feature app")
