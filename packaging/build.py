#!/usr/bin/env python3
"""Build Papertrail as an app a person installs: one self-contained folder made by PyInstaller, then
on Linux a .deb and a portable .tar.gz, on Windows an Inno Setup installer, on macOS a .dmg.

Usage: python3 packaging/build.py [--skip-freeze]
Writes build/packages/ (the packages) and build/packaging/ (work files). The packager is pinned in
packaging/requirements.txt and installed into .venv by this script. (packaging/ has no __init__.py on
purpose: as a package it would shadow the `packaging` library that pip and pytest import.)
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402 - stdlib-only module, importable before .venv exists
from app.bootstrap import VENV, _venv_python  # noqa: E402

REQUIREMENTS = HERE / "requirements.txt"
WORK = ROOT / "build" / "packaging"
OUT = ROOT / "build" / "packages"
STAMP = VENV / ".installed-packaging-requirements.txt"


def ensure_tools() -> Path:
    """The .venv's Python, with the app's requirements and the pinned packager installed."""
    python = _venv_python()
    if STAMP.exists() and python.exists() and STAMP.stat().st_mtime >= max(
            REQUIREMENTS.stat().st_mtime, (ROOT / "requirements.txt").stat().st_mtime):
        return python
    print(f"Installing {REQUIREMENTS.relative_to(ROOT)} into {VENV}…", flush=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", str(REQUIREMENTS)], check=True, cwd=HERE)
    STAMP.touch()
    return python


def icons(python: Path) -> Path:
    """The app icon at every size the platforms ask for (PNGs, .ico, .iconset)."""
    folder = WORK / "icons"
    subprocess.run([str(python), str(HERE / "icons.py"), str(folder)], check=True, stdout=subprocess.DEVNULL)
    if sys.platform == "darwin":
        subprocess.run(["iconutil", "-c", "icns", str(folder / "papertrail.iconset"),
                        "-o", str(folder / "papertrail.icns")], check=True)
    return folder


def freeze(python: Path, icon_dir: Path) -> Path:
    """Run PyInstaller on packaging/papertrail.spec; returns the one-folder app."""
    env = dict(os.environ, PAPERTRAIL_ICONS=str(icon_dir))
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(WORK / "dist"), "--workpath", str(WORK / "pyinstaller"),
                    str(HERE / "papertrail.spec")], check=True, cwd=ROOT, env=env)
    folder = WORK / "dist" / "papertrail"
    check_folder(folder)
    return folder


def check_folder(folder: Path) -> None:
    """The resources the app loads at run time must be inside the folder."""
    internal = folder / "_internal" if (folder / "_internal").is_dir() else folder
    for part in ("resources/icons/library.svg", "resources/style/base.qss", "resources/demo/tags.json"):
        if not (internal / part).exists():
            raise SystemExit(f"error: the build is missing {part}; check the datas in packaging/papertrail.spec")


def windows_installer(folder: Path) -> Path:
    """Papertrail-VERSION-setup.exe from packaging/windows/papertrail.iss (Inno Setup's iscc)."""
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    subprocess.run([iscc, f"/DAppVersion={__version__}", f"/DSourceDir={folder}", f"/DOutputDir={OUT}",
                    str(HERE / "windows" / "papertrail.iss")], check=True)
    return OUT / f"Papertrail-{__version__}-setup.exe"


def macos_dmg() -> Path:
    """Papertrail-VERSION.dmg holding Papertrail.app and a link to /Applications."""
    app = WORK / "dist" / "Papertrail.app"
    stage = WORK / "dmg"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    subprocess.run(["ditto", str(app), str(stage / "Papertrail.app")], check=True)
    os.symlink("/Applications", stage / "Applications")
    target = OUT / f"Papertrail-{__version__}.dmg"
    target.unlink(missing_ok=True)
    subprocess.run(["hdiutil", "create", "-volname", f"Papertrail {__version__}", "-srcfolder", str(stage),
                    "-format", "UDZO", "-ov", str(target)], check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-freeze", action="store_true", help="reuse the folder from the last build")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    def step(name, fn, *a):
        start = time.monotonic()
        result = fn(*a)
        timings[name] = time.monotonic() - start
        print(f"{name}: {timings[name]:.1f} s", flush=True)
        return result

    python = step("tools", ensure_tools)
    icon_dir = step("icons", icons, python)
    folder = WORK / "dist" / "papertrail"
    if args.skip_freeze:
        check_folder(folder)
    else:
        folder = step("pyinstaller", freeze, python, icon_dir)
    made = []
    if sys.platform.startswith("linux"):
        from linux_packages import deb, tarball
        made.append(step("tar.gz", tarball, folder, __version__, OUT))
        made.append(step("deb", deb, folder, __version__, icon_dir, WORK, OUT))
    elif sys.platform == "win32":
        made.append(step("installer", windows_installer, folder))
    elif sys.platform == "darwin":
        made.append(step("dmg", macos_dmg))
    for path in made:
        print(f"made {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"Papertrail {__version__} packaged in {sum(timings.values()):.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"error: {Path(str(exc.cmd[0])).name} failed (exit {exc.returncode}); see its output above")
    except FileNotFoundError as exc:
        sys.exit(f"error: {exc.filename} is not installed; see 'Building the packages' in README.md")
