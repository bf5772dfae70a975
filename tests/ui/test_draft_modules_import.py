"""Every module of the draft packages imports on its own, first, in a fresh interpreter: no import cycles
that only work in one order."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for package in ("app/draft", "ui/draft") for path in (ROOT / package).glob("*.py"))


def test_the_draft_packages_are_all_listed():
    assert "ui.draft.appendix_table" in MODULES and "ui.draft.convert" in MODULES and "app.draft" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
