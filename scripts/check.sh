#!/usr/bin/env bash
# The project's whole check: lint, strict typing, every test tier. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff check"
python -m ruff check src tests
echo "== mypy --strict src"
python -m mypy src
echo "== import contracts (pyproject.toml [tool.importlinter]: the layers point inward)"
python -c "from importlinter.cli import lint_imports_command; lint_imports_command()"
echo "== pytest"
python -m pytest "$@"
