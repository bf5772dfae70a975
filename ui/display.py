"""Before Qt starts: is there a screen to open the window on, with the system libraries Qt's Linux
platform plugins need? Qt itself aborts (exit 134) with a hint that does not name the missing
package; this says in one line what to install, or to use the command line. No Qt imports here."""
from __future__ import annotations

import ctypes
import os
import sys

# soname -> Debian/Ubuntu package, for Qt 6's xcb plugin (the README's list)
XCB_LIBRARIES = {"libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
                 "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
                 "libEGL.so.1": "libegl1"}
COMMAND_LINE = "or use the command line instead (python3 main.py --help)"


def display_problem(environ=os.environ, platform: str = sys.platform, libraries: dict | None = None) -> str | None:
    """What stops the window from opening, as a one-line message, or None."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith(("xcb", "wayland")):
        return None      # offscreen, vnc, eglfs…: Qt needs no desktop for those
    wayland = bool(environ.get("WAYLAND_DISPLAY")) and not chosen.startswith("xcb")
    if not environ.get("DISPLAY") and not wayland:
        return ("there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): "
                f"run it from a desktop session, or under xvfb-run, {COMMAND_LINE}")
    if wayland:
        return None
    missing = [package for soname, package in (libraries or XCB_LIBRARIES).items() if not _loadable(soname)]
    if missing:
        return (f"the window needs system libraries that are not installed: {' '.join(missing)} "
                f"(Debian/Ubuntu: sudo apt install {' '.join(missing)}), {COMMAND_LINE}")
    return None


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True
