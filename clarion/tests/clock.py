"""The one "now" of the test suite.

Every test runs with the clock moved to TEST_NOW (and ticking from there), so
no test depends on the day or hour it happens to run. `make test` uses the
default; CI runs the suite a second time with TEST_NOW moved a year ahead, on a
Saturday night, to prove that no test depends on the instant chosen either.
Times a test needs (office hours, a date next week) are derived from TEST_NOW.
"""

import datetime
import os

DEFAULT = "2026-12-02T10:00:00+00:00"
TEST_NOW = datetime.datetime.fromisoformat(os.environ.get("TEST_NOW") or DEFAULT)
if TEST_NOW.tzinfo is None:
    raise ValueError("TEST_NOW needs a time zone, e.g. 2027-12-04T23:30:00+00:00")
# Rows the session creates before the first test (the content pack) are dated
# before every test's "now".
SESSION_START = TEST_NOW - datetime.timedelta(days=1)


def next_weekday_at(weekday, hour, after=None):
    """The first moment strictly after `after` (default TEST_NOW) that falls on
    `weekday` (Monday is 0) at `hour`:00 UTC."""
    after = (after or TEST_NOW).astimezone(datetime.UTC)
    day = after.replace(hour=hour, minute=0, second=0, microsecond=0)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    if day <= after:
        day += datetime.timedelta(days=7)
    return day
