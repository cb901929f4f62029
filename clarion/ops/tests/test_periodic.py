from django.test import SimpleTestCase

from clarion.ops import periodic


class PeriodicTestCase(SimpleTestCase):
    def setUp(self):
        self.saved = list(periodic._jobs)
        periodic._jobs.clear()
        self.addCleanup(self.restore)

    def restore(self):
        periodic._jobs.clear()
        periodic._jobs.extend(self.saved)

    def test_it_runs_due_jobs_and_survives_a_failing_one(self):
        calls = []

        def broken():
            raise RuntimeError("boom")

        def counter():
            calls.append(1)

        periodic.register(broken, seconds=10)
        periodic.register(counter, seconds=10)
        with self.assertLogs("clarion.ops.periodic", "ERROR"):
            self.assertEqual(periodic.run_due(now=100.0), ["counter"])
        self.assertEqual(periodic.run_due(now=105.0), [])  # not due yet
        with self.assertLogs("clarion.ops.periodic", "ERROR"):
            self.assertEqual(periodic.run_due(now=110.0), ["counter"])
        self.assertEqual(len(calls), 2)

    def test_the_declaration_registers_its_jobs(self):
        names = {job["function"].__name__ for job in self.saved}
        self.assertTrue({"fold", "run"} <= names)
