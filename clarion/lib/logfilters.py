"""Log filters: an attacker's request must not flood the logs."""

import logging


class OneLine(logging.Filter):
    """Refused requests (django.security: a body too large, a bad Host) are
    logged in one line, without the traceback Django attaches: a loop of
    over-long POSTs would otherwise write dozens of lines per request."""

    def filter(self, record):
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
