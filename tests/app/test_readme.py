"""The README documents every command and option (in the manner of sqlite-utils' test_docs.py):
a command or option added to the parser and not to the README's command table fails here."""
import argparse
import re

import pytest

from app.cli import COMMANDS, build_parser

build_parser()   # registers the commands
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_line_section() -> str:
    start = README.index("## Command line")
    end = README.index("\n## ", start + 1)
    return README[start:end]


def _usages(command: str) -> list[str]:
    """Every `…` span of the command-line section that starts with the command's name."""
    text = re.sub(r"```.*?```", "", _command_line_section(), flags=re.S)
    spans = [s.replace("\\|", "|") for s in re.findall(r"`([^`]+)`", text)]
    return [s for s in spans if s == command or s.startswith(command + " ")]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _options(p: argparse.ArgumentParser) -> list[str]:
    return [max(a.option_strings, key=len) for a in p._actions
            if a.option_strings and not isinstance(a, argparse._HelpAction)]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command):
    assert _usages(command), f"README's command table does not show `{command} …`"


@pytest.mark.parametrize("command, option", [(c, o) for c, p in sorted(_subparsers().items()) for o in _options(p)])
def test_every_option_is_in_the_readme(command, option):
    assert any(re.search(re.escape(option) + r"(?![\w-])", usage) for usage in _usages(command)), \
        f"README does not show {option} of `{command}`"


def test_the_global_options_are_in_the_readme():
    for option in _options(build_parser()):
        assert option in _command_line_section()


def test_a_missing_option_would_fail(monkeypatch):
    # the check itself: an option the README never mentions is caught
    assert not any(re.search(r"--no-such-option(?![\w-])", u) for u in _usages("docs"))
    assert not _usages("no-such-command")
