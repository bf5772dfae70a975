"""First-run environment: create .venv from requirements and re-run inside it (stdlib only)."""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
NEEDED = ("pymupdf", "sqlite_utils", "whoosh", "platformdirs", "PySide6", "docx")


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _inside_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _stamp(requirements: str) -> Path:
    return VENV / f".installed-{requirements}"


def _install(requirements: str) -> None:
    import subprocess
    req = ROOT / requirements
    stamp = _stamp(requirements)
    if stamp.exists() and stamp.stat().st_mtime >= req.stat().st_mtime:
        return
    print(f"Papertrail: installing {requirements} into {VENV} (first run only)…", file=sys.stderr)
    if not _venv_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", str(req)], check=True, cwd=ROOT)
    stamp.touch()


def ensure_environment(script: Path, requirements: str = "requirements.txt", extra: tuple = ()) -> None:
    """Return when the dependencies are importable; otherwise set up .venv and exec into it."""
    if getattr(sys, "frozen", False):
        return   # a packaged build (packaging/build.py) carries its own Python and libraries
    if _inside_venv():
        _install(requirements)   # a no-op unless the requirements file changed
        return
    if not _venv_python().exists() and all(importlib.util.find_spec(m) for m in NEEDED + extra):
        return   # dependencies installed some other way
    try:
        _install(requirements)
    except Exception as exc:  # noqa: BLE001 - pip or venv failed: say so and stop
        sys.exit(f"error: could not set up the environment in {VENV}: {exc}; "
                 f"check that Python 3.11 with venv and pip is installed")
    python = str(_venv_python())
    os.execv(python, [python, str(script), *sys.argv[1:]])
