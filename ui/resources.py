"""Icons, the stylesheet and other files under resources/, loaded through one place."""
from __future__ import annotations

import getpass
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent / "resources"
ICONS = ROOT / "icons"
STYLE = ROOT / "style"
_SIZES = (16, 20, 24, 32, 48)


def resource_path(*parts: str) -> Path:
    path = ROOT.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource {path}: the installation is incomplete")
    return path


@lru_cache(maxsize=None)
def _svg(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def icon_names() -> list[str]:
    return sorted(p.stem for p in ICONS.glob("*.svg"))


def _render(svg: str, color: str, size: int, ratio: float) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color).encode()))
    px = QPixmap(int(size * ratio), int(size * ratio))
    px.fill(Qt.GlobalColor.transparent)
    painter = QPainter(px)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px.width(), px.height()))
    painter.end()
    px.setDevicePixelRatio(ratio)
    return px


@lru_cache(maxsize=256)
def icon(name: str, color: str = "#3b4252", disabled: str = "#a0a4ab", ratio: float = 2.0) -> QIcon:
    """A line icon drawn in `color` (icons use currentColor, so one SVG serves both themes)."""
    svg = _svg(name)
    result = QIcon()
    for size in _SIZES:
        result.addPixmap(_render(svg, color, size, ratio), QIcon.Mode.Normal)
        result.addPixmap(_render(svg, disabled, size, ratio), QIcon.Mode.Disabled)
    return result


def icon_file(name: str, color: str) -> Path:
    """The icon drawn in `color` as an SVG file, for stylesheets (which can only name files)."""
    folder = Path(tempfile.gettempdir()) / f"papertrail-icons-{getpass.getuser()}"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}-{color.lstrip('#')}.svg"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(_svg(name).replace("currentColor", color), encoding="utf-8")
        os.replace(tmp, path)
    return path


def stylesheet(colors: dict[str, str]) -> str:
    """The application stylesheet with @name tokens replaced by the theme's colours."""
    text = resource_path("style", "base.qss").read_text(encoding="utf-8")
    tokens = dict(colors, close_icon=icon_file("close", colors.get("muted", "#5f6670")).as_posix(),
                  down_icon=icon_file("down", colors.get("muted", "#5f6670")).as_posix())
    for key in sorted(tokens, key=len, reverse=True):   # @mark_bg before @mark
        text = text.replace("@" + key, tokens[key])
    return text


def color(value: str) -> QColor:
    return QColor(value)
