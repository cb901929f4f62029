"""Test-wide fixtures: the content pack is loaded once into the test database."""

import pytest
import time_machine
from django.core.management import call_command

from clarion.tests.clock import SESSION_START, TEST_NOW


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_content_pack", "khojaly", no_progress=True, verbosity=0)
    yield
    with django_db_blocker.unblock():
        _close_other_sessions()


def _close_other_sessions():
    """Live-server threads may leave a PostgreSQL session open; end them so the
    test database can be dropped."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


def pytest_collection_modifyitems(config, items):
    # Browser tests use a live server, which empties the database when done:
    # run them after everything else.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's chromium with Playwright")
    config.addinivalue_line("markers", "journey: walks the site as `make run` starts it")
    # Set-up before the first test (the content pack) happens just before TEST_NOW.
    time_machine.travel(SESSION_START, tick=True).start()


@pytest.fixture(autouse=True)
def _test_now():
    """Each test starts at TEST_NOW, whatever the wall clock says (clarion/tests/clock.py)."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _forget_in_memory_caches():
    """Rows a test created are rolled back afterwards: forget in-process copies."""
    from django.core.cache import caches

    from clarion.content import live, pagecache
    from clarion.content.models import Campaign
    from clarion.speedups import ids
    from clarion.supporters.models import forget_consent_texts

    Campaign.forget_current()
    forget_consent_texts()
    live.forget()
    pagecache.forget_local()
    ids.forget()  # blocks reserved in a rolled-back transaction
    # Rate-limit counters and cached pages from earlier tests: every test starts
    # as a new visitor (browser tests all come from 127.0.0.1).
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
