#!/usr/bin/env bash
# Faults under a running sign load through nginx; see bench/bench_faults.py.
# FAULTS_SKIP_POSTGRES=1 leaves out the PostgreSQL restart (it is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
exec "$PYTHON" bench/run.py bench_faults
