"""First-run set-up: a line per step, and a file installed through another is not installed again."""
import sys
from pathlib import Path

from app import bootstrap


def _project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "requirements.txt").write_text("# runtime\npytest\n")
    (root / "requirements-dev.txt").write_text("-r requirements.txt\npytest\n")
    venv = root / ".venv"
    venv.mkdir()
    monkeypatch.setattr(bootstrap, "ROOT", root)
    monkeypatch.setattr(bootstrap, "VENV", venv)
    # pip of the running interpreter: pytest is already there, so nothing is downloaded
    monkeypatch.setattr(bootstrap, "_venv_python", lambda: Path(sys.executable))
    return root


def test_installing_the_test_requirements_also_counts_for_the_app_ones(tmp_path, monkeypatch, capsys):
    _project(tmp_path, monkeypatch)
    assert not bootstrap._up_to_date("requirements.txt")
    bootstrap._install("requirements-dev.txt")
    err = capsys.readouterr().err
    assert "first run" in err and "350 MB" in err
    assert bootstrap._up_to_date("requirements-dev.txt")
    assert bootstrap._up_to_date("requirements.txt")     # main.py run by a test does not install again
    bootstrap._install("requirements.txt")
    assert capsys.readouterr().err == ""


def test_a_failing_pip_shows_its_output_and_raises(tmp_path, monkeypatch, capsys):
    root = _project(tmp_path, monkeypatch)
    (root / "requirements.txt").write_text("--no-such-pip-option\n")
    try:
        bootstrap._install("requirements.txt")
    except RuntimeError as exc:
        assert "pip exited" in str(exc)
    else:
        raise AssertionError("a failed install must not be stamped as done")
    assert "no-such-pip-option" in capsys.readouterr().err
    assert not bootstrap._up_to_date("requirements.txt")
