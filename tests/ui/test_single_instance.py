"""A second start hands its files to the window already open, over a local socket."""
import subprocess
import sys
from pathlib import Path

from ui.single_instance import InstanceServer, hand_over

ROOT = Path(__file__).resolve().parents[2]
CLIENT = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from ui.single_instance import hand_over
sys.exit(0 if hand_over({paths!r}, {archive!r}, scope={scope!r}) else 3)
"""


def _start(tmp_path, paths, archive, scope):
    code = CLIENT.format(root=str(ROOT), paths=paths, archive=archive, scope=scope)
    return subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path)


def test_a_second_start_hands_its_files_to_the_open_window(qtbot, tmp_path):
    scope = f"test-{tmp_path.name}"
    shown = tmp_path / "archive"
    got = []
    server = InstanceServer(lambda archive: archive is None or Path(archive) == shown, got.append, scope=scope)
    assert server.listening()
    proc = _start(tmp_path, ["/letters/a.pdf", "/letters/b.eml"], None, scope)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15000)
    assert proc.returncode == 0
    qtbot.waitUntil(lambda: got == [["/letters/a.pdf", "/letters/b.eml"]], timeout=3000)

    # A start that names the archive the window shows is taken too; another archive is not.
    proc = _start(tmp_path, [], str(shown), scope)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15000)
    assert proc.returncode == 0
    proc = _start(tmp_path, ["/letters/c.pdf"], str(tmp_path / "other"), scope)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15000)
    assert proc.returncode == 3
    qtbot.wait(100)
    assert got == [["/letters/a.pdf", "/letters/b.eml"], []]
    server.close()


def test_with_no_window_open_the_start_goes_on(qapp, tmp_path):
    assert hand_over(["/letters/a.pdf"], None, scope=f"none-{tmp_path.name}") is False


def test_a_channel_left_by_a_crashed_window_is_taken_over(qtbot, tmp_path):
    import socket
    scope = f"stale-{tmp_path.name}"
    first = InstanceServer(lambda _a: True, lambda _p: None, scope=scope)
    path = first._server.fullServerName()
    first.close()
    # A crash leaves the socket file behind with nobody listening on it.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()
    assert Path(path).exists()
    second = InstanceServer(lambda _a: True, lambda _p: None, scope=scope)
    assert second.listening() and second._server.fullServerName() == path
    second.close()
