"""One window: a second start (a letter opened with "Open with Papertrail", the menu entry clicked
again) hands its files to the window already open and brings it forward, instead of opening a
second window on the same archive. A start that names another archive (--archive) than the one
the open window shows gets a window of its own."""
from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500
REPLY_MS = 3000
_MAX_MESSAGE = 1 << 20


def same_folder(a: Path | str, b: Path | str) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return str(a) == str(b)


def server_name(scope: str = "") -> str:
    """The channel's name: one per user (and scope, for tests), short enough for a Unix socket
    path on every system."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):   # no name for this uid (a container)
        user = "user"
    digest = hashlib.sha256(f"{user}\n{scope}".encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"papertrail-{digest}"


def hand_over(paths: list[str], archive: Path | None = None, scope: str = "") -> bool:
    """Give the files to the window already open (when archive is named: only if that window
    shows it); True when it took them."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(scope))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = {"paths": paths, "archive": str(archive) if archive else None}
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    while socket.bytesToWrite() and socket.waitForBytesWritten(REPLY_MS):
        pass
    while not socket.canReadLine() and socket.waitForReadyRead(REPLY_MS):
        pass
    taken = socket.canReadLine() and socket.readLine().data().strip() == b"ok"
    socket.abort()
    return taken


class InstanceServer(QObject):
    """Listens for later starts. `accepts(archive)` says whether this window takes a start that
    names that archive (None: it names none); `deliver(paths)` then gets its files, once the
    other start has had its answer (adding may ask the user something)."""

    def __init__(self, accepts: Callable[[str | None], bool], deliver: Callable[[list[str]], None],
                 parent=None, scope: str = ""):
        super().__init__(parent)
        self._accepts = accepts
        self._deliver = deliver
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.name = server_name(scope)
        if not self._server.listen(self.name):
            # A channel left behind by a window that crashed: nobody answers on it, so take it over.
            QLocalServer.removeServer(self.name)
            self._server.listen(self.name)

    def listening(self) -> bool:
        return self._server.isListening()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            buffer = bytearray()

            def read(socket=socket, buffer=buffer) -> None:
                buffer.extend(socket.readAll().data())
                if b"\n" not in buffer and len(buffer) < _MAX_MESSAGE:
                    return
                try:
                    message = json.loads(bytes(buffer).split(b"\n", 1)[0].decode("utf-8"))
                    paths = [str(p) for p in message.get("paths", []) if isinstance(p, str)]
                    archive = message.get("archive")
                    archive = archive if isinstance(archive, str) else None
                except (ValueError, AttributeError):
                    paths, archive = None, None
                taken = paths is not None and self._accepts(archive)
                socket.write(b"ok\n" if taken else b"no\n")
                socket.flush()
                socket.disconnectFromServer()
                if taken:
                    QTimer.singleShot(0, lambda: self._deliver(paths))

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()

    def close(self) -> None:
        self._server.close()
