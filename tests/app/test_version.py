"""One version string: --version, the CLI's name in a packaged app, and the frozen app's bootstrap."""
import subprocess
import sys
import tomllib

import pytest

from app import __version__, bootstrap
from app.cli import build_parser, main
from tests.conftest import ROOT


def test_version_option_prints_the_one_version(tmp_path):
    proc = subprocess.run([sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"Papertrail {__version__}"
    assert __version__.count(".") == 2 and all(part.isdigit() for part in __version__.split("."))


def test_pyproject_takes_its_version_from_the_app():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}


def test_packaged_app_names_itself_papertrail(monkeypatch, capsys):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert build_parser().prog == "papertrail"
    assert main(["no-such-command"]) == 2
    assert "see: papertrail --help" in capsys.readouterr().err
    monkeypatch.delattr(sys, "frozen")
    assert build_parser().prog == "main.py"


def test_frozen_app_skips_the_environment_set_up(monkeypatch, tmp_path):
    """A packaged app carries its libraries: it must never try to build .venv (it has no pip)."""
    def no_install(requirements):
        raise RuntimeError("pip is not there")
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / "no-venv")
    monkeypatch.setattr(bootstrap, "NEEDED", ("papertrail_no_such_module",))
    monkeypatch.setattr(bootstrap, "_install", no_install)
    with pytest.raises(SystemExit, match="could not set up the environment"):
        bootstrap.ensure_environment(ROOT / "main.py")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert bootstrap.ensure_environment(ROOT / "main.py") is None
