"""The code stays ruff clean (the project's style rules, run as part of the suite)."""

import shutil
import subprocess
import sys

from conftest import ROOT


def test_ruff_clean():
    ruff = shutil.which("ruff") or [sys.executable, "-m", "ruff"]
    cmd = [ruff] if isinstance(ruff, str) else ruff
    proc = subprocess.run([*cmd, "check", "--output-format", "concise", "src", "tests", "scripts"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
