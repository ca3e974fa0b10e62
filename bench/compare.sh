#!/usr/bin/env bash
# Every performance ratio of docs/BENCHMARKS.md in one run, against a bare FastAPI yardstick
# measured by the same load generator (wrk) in the same run. Prints figures; asserts nothing.
#   usage: bash bench/compare.sh [--quick] [--skip-pg] [--skip-loadtest] [--skip-sse]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk no está instalado: apt-get install -y wrk" >&2; exit 2; }
exec "${PYTHON:-python}" bench/compare.py "$@"
