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


def _included(requirements: str) -> list[str]:
    """The file itself and the requirement files it pulls in with `-r` (one level, as ours do)."""
    names = [requirements]
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("-r", "--requirement"):
            names.append(parts[1])
    return names


def _up_to_date(requirements: str) -> bool:
    stamp = _stamp(requirements)
    return stamp.exists() and stamp.stat().st_mtime >= (ROOT / requirements).stat().st_mtime


def _say(line: str) -> None:
    print(f"Papertrail: {line}", file=sys.stderr, flush=True)


def _install(requirements: str) -> None:
    import subprocess
    if _up_to_date(requirements):
        return
    _say(f"first run: setting up {VENV} with the packages in {requirements} "
         "(about 350 MB downloaded and installed; 1-3 minutes)")
    if not _venv_python().exists():
        _say("creating the environment…")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    # pip's own output, one line per step worth knowing, instead of -q and a minute of silence
    proc = subprocess.Popen([str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check",
                             "--progress-bar", "off", "-r", str(ROOT / requirements)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    for line in proc.stdout:
        lines.append(line.rstrip())
        if line.startswith("Collecting "):
            _say(f"fetching {line.split()[1]}…")
        elif line.startswith("Installing collected packages"):
            _say("installing the packages (the longest step)…")
        elif line.startswith("Successfully installed"):
            _say("done.")
    if proc.wait():
        sys.stderr.write("\n".join(lines[-20:]) + "\n")
        raise RuntimeError(f"pip exited with status {proc.returncode}")
    for name in _included(requirements):   # requirements-dev.txt installs requirements.txt as well
        _stamp(name).touch()


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
