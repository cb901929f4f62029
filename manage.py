#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    from clarion.ops.priority import yield_if_asked

    yield_if_asked(sys.argv)  # a backup yields to the site before Django starts
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
