"""The real `zeues` command for CLI tests: a subprocess in a folder of the test's own, with a
user data folder of the test's own (XDG_DATA_HOME), none of the caller's ZEUES_* settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def zeues(cwd: Path, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZEUES_")}
    clean.update({"XDG_DATA_HOME": str(home), "COLUMNS": "200", **env})
    return subprocess.run(
        [sys.executable, "-m", "zeues", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
