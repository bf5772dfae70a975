#!/usr/bin/env python3
"""Run the whole test suite: sets up .venv with the test requirements on first use, then pytest."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.bootstrap import ensure_environment  # noqa: E402


def main() -> int:
    ensure_environment(Path(__file__), "requirements-dev.txt", extra=("pytest", "pytestqt", "hypothesis"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.chdir(ROOT)
    import pytest
    return pytest.main(sys.argv[1:] or ["-q", "tests"])


if __name__ == "__main__":
    sys.exit(main())
